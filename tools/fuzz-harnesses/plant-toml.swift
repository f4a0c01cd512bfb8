// fuzz: plant TOML (PlantDescription.parse: PlantFile thermal tables + [field] table, layout read or generated)
// fuzz-sources: Sources/SolarTower/Plant/PlantFile.swift Sources/SolarTower/Plant/PlantSpec.swift Sources/SolarTower/Plant/PlantDescription.swift Sources/SolarTower/Field Sources/SolarTower/Receiver Sources/SolarTower/Storage Sources/SolarTower/PowerBlock Sources/SolarTower/PowerBlock/Steam Sources/SolarTower/Weather Sources/SolarTower/Sun Sources/SolarTower/Export/AtomicFile.swift
// fuzz-packages: TOMLKit CTOML
// fuzz-seeds: Tests/SolarTowerTests/Corpus/plants/*.toml Tests/SolarTowerTests/Corpus/tracking/*.toml Plants/*.toml
// fuzz-dict: plant-toml.dict
// fuzz-flags: -detect_leaks=0 -rss_limit_mb=4096

import Foundation

/// Layout CSVs named in the plant file resolve against the repository's `Plants/` folder (read only), so
/// the seeds' `layout_csv = "sam-default-mspt-layout.csv"` reads the real 9,339-heliostat layout.
let fuzzPlantDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Plants")

/// Radial-staggered fields larger than this per class are generated with this many heliostats instead
/// (the harness's 1 s budget per input; the reader's own count limit still applies to the value written).
let fuzzGeneratedPerClass = 2_000

/// An accepted plant: the thermal spec encodes as JSON (every number finite), its derived design
/// quantities are finite and positive, the field validates, every position is finite, the reflective
/// area is finite and positive. A rejection is a `PlantFileError` naming the file (or a `FieldError`
/// naming the layout file).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPlantTOML(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    fuzzInput(start, count, rejecting: PlantFileError.self) { data in
        let path = "fuzz.toml"
        do {
            // PlantDescription.parse's three steps, with large radial-staggered counts scaled down (those within
            // the reader's limit only) before the layout is generated.
            let text = try PlantFile.text(data, path: path)
            let spec = try PlantFile.parse(text, path: path)
            var section = try PlantDescription.fieldSection(text, path: path)
            if section.layout == "radial-staggered" {
                for k in section.heliostats.indices {
                    if let c = section.heliostats[k].count, c > fuzzGeneratedPerClass, c <= FieldSection.maximumHeliostatsPerClass {
                        section.heliostats[k].count = fuzzGeneratedPerClass
                    }
                }
            }
            let field = try PlantDescription.fieldSpec(section, spec: spec, path: path, plantDirectory: fuzzPlantDirectory)
            checkAccepted(spec)
            checkAccepted(field)
        } catch let e as PlantFileError {
            fuzzExpect(e.path == path && !e.message.isEmpty, "error \(e)")
            if let line = e.line {
                // Lines end at LF (a CRLF pair is one Character in Swift: count scalars, as TOML does).
                let lines = data.reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
                fuzzExpect(line >= 1 && line <= lines, "error on line \(line) of \(lines): \(e)")
            }
            throw e
        } catch let e as FieldError {
            // Only the layout file's own errors keep FieldError (the table's values become PlantFileError).
            fuzzExpect(!e.path.hasPrefix("field") && !e.message.isEmpty, "FieldError not mapped to PlantFileError: \(e)")
        }
    }
}

func checkAccepted(_ spec: PlantSpec) {
    do {
        _ = try JSONEncoder().encode(spec)
    } catch {
        fuzzExpect(false, "accepted spec has a non-finite value: \(error)")
    }
    let r = spec.receiver, pb = spec.powerBlock, s = spec.storage
    func positive(_ v: Double) -> Bool { v.isFinite && v > 0 }
    fuzzExpect(positive(pb.grossRating) && positive(pb.designHeatInput) && positive(pb.designMassFlow),
               "power block gross \(pb.grossRating) W, heat input \(pb.designHeatInput) W, flow \(pb.designMassFlow) kg/s")
    fuzzExpect(positive(r.designThermalPower) && positive(r.designMassFlow) && r.tubesPerPanel >= 1,
               "receiver \(r.designThermalPower) W, \(r.designMassFlow) kg/s, \(r.tubesPerPanel) tubes per panel")
    fuzzExpect(s.capacity.isFinite && s.capacity >= 0, "storage capacity \(s.capacity) J")
    fuzzExpect(spec.designNetRating.isFinite, "design net rating \(spec.designNetRating) W")
    fuzzExpect((0...1).contains(spec.availability), "availability \(spec.availability)")
}

func checkAccepted(_ field: FieldSpec) {
    do { try field.validate() } catch { fuzzExpect(false, "accepted field fails validate(): \(error)") }
    fuzzExpect(field.layout.count > 0, "accepted an empty field")
    for i in 0..<field.layout.count {
        fuzzExpect(field.layout.x[i].isFinite && field.layout.y[i].isFinite && field.layout.z[i].isFinite,
                   "heliostat \(i) at (\(field.layout.x[i]), \(field.layout.y[i]), \(field.layout.z[i]))")
    }
    fuzzExpect(field.reflectiveArea.isFinite && field.reflectiveArea > 0, "reflective area \(field.reflectiveArea) m²")
}
