import Foundation
import HDF5
import Testing
@testable import SolarTower

/// The streamed archive (`ResultsArchive.simulate`, what `simulate --hdf5` writes) against the one-shot
/// `ResultsArchive.write` of `AnnualSimulation.run` on the same plant and weather.
@Suite("HDF5 results archive, streamed chunk by chunk")
struct ExportResultsStreamTests {
    /// Relative bound on the whole-run datasets documented as not bit-exact when streamed in several chunks (sums
    /// added in another order; chains rebuilt from each chunk's ratios): a few roundings of 1.1e-16 per chunk and
    /// stage, over ≈ 10 chunks and 7 stages — the bound `chunkedSummaryEqualsTheOneShotRun` uses for the field chain.
    static let lastBitsBound = 1e-12

    /// Paths whose values may differ in the last bits from the one-shot file when the run has several chunks.
    static func summedOverChunks(_ path: String) -> Bool {
        path.hasPrefix("/summary/field/")
            || ["incident_energy", "delivered_energy", "efficiency", "cosine", "shading", "blocking", "attenuation",
                "intercept", "reflectance", "availability"].contains { path == "/field/heliostats/" + $0 }
    }

    /// Three days (72 hourly records) of the synthetic Delingha year from mid-June, with one GHI value removed so
    /// /weather/ghi is written NaN-filled with its note.
    static func weather() throws -> WeatherYear {
        let year = AnnualSimulation.prepare(try WeatherReader.read(path: LongWeatherTests.weatherPath))
        var records = Array(year.records[(165 * 24)..<(168 * 24)])
        #expect(records.allSatisfy { $0.ghi != nil })
        records[30].ghi = nil
        return WeatherYear(site: year.site, records: records, format: year.format, sourcePath: year.sourcePath)
    }

    /// Chunks of 7 records: the same groups, datasets (order, shapes, types, chunking, filters), attributes and
    /// per-record values bit for bit — the per-heliostat hourly matrix included — as the one-shot file; only the
    /// documented whole-run sums differ, within `lastBitsBound`. One chunk: everything bit for bit.
    @Test func streamedFileEqualsTheOneShotFile() throws {
        let plant = try PlantDescription.load(path: LongWeatherTests.plantPath)
        let weather = try Self.weather()
        let optics = try FieldOptics(spec: plant.field)
        let design = try DesignPoint.compute(plant: plant, threads: 2, optics: optics)
        let runTime = Date(timeIntervalSince1970: 1_764_000_000)
        let options = ResultsArchive.Options(perHeliostatHourly: true, threads: 2, designPoint: design, runTime: runTime,
                                             matrixBlockRows: 48)
        let scratch = try ExportScratch(); defer { scratch.remove() }
        let oneShotPath = scratch.path("one-shot.h5")
        let result = try AnnualSimulation.run(plant: plant, weather: weather, threads: 2, optics: optics)
        try ResultsArchive.write(result, to: oneShotPath, options: options)

        let streamedPath = scratch.path("streamed.h5")
        var seen: [Range<Int>] = []
        let streamed = try ResultsArchive.simulate(plant: plant, weather: weather, to: streamedPath, options: options,
                                                   optics: optics, chunkRecords: 7, onChunk: { seen.append($0.range) })
        #expect(streamed.summary.chunks == 11)
        #expect(seen.count == 11 && seen.first == 0..<7 && seen.last == 70..<72)
        #expect(streamed.summary.thermal == result.thermal.summary)
        let differing = try compare(oneShotPath, streamedPath)
        // The documented datasets are the only ones allowed to differ, and summing in chunks does move some bits.
        #expect(!differing.isEmpty && differing.allSatisfy(Self.summedOverChunks), "\(differing)")

        let singlePath = scratch.path("single.h5")
        let single = try ResultsArchive.simulate(plant: plant, weather: weather, to: singlePath, options: options, optics: optics)
        #expect(single.summary.chunks == 1)
        #expect(try compare(oneShotPath, singlePath) == [])
        #expect(scratch.listing() == ["one-shot.h5", "single.h5", "streamed.h5"])
    }

    /// `solartower simulate --hdf5 --csv` in chunks of 1000 records: both files in one pass, the CSV byte for byte
    /// the one-shot run's, the archive's per-record series bit for bit.
    @Test(.enabled(if: ExportPython.solartower != nil))
    func simulateCommandStreamsHDF5AndCSVTogether() throws {
        let tool = try #require(ExportPython.solartower)
        let result = try ExportFixture.result()
        let scratch = try ExportScratch(); defer { scratch.remove() }
        let h5 = scratch.path("year.h5"), csv = scratch.path("year.csv")
        let run = try ExportPython.run(tool, ["simulate", ExportFixture.plantPath, "--weather", ExportFixture.weatherPath,
                                              "--hdf5", h5, "--csv", csv, "--chunk-records", "1000", "--threads", "2", "--quiet"])
        #expect(run.status == 0, "\(run.err)")
        #expect(run.out.contains("HDF5 results: \(h5)") && run.out.contains("(9 chunks)"), "\(run.out)")
        #expect(try String(contentsOfFile: csv, encoding: .utf8) == result.hourlyCSV())
        let file = try H5File.open(h5)
        #expect(try file.attribute("record_count") == .int(8760))
        #expect(try file.dataset("plant/net").read(Double.self).map(\.bitPattern) == result.thermal.steps.map(\.net.bitPattern))
        #expect(try file.dataset("field/efficiency").read(Double.self) == result.field.efficiency)
        #expect(try file.dataset("time/local_iso8601").readStrings() == result.weather.records.map(\.local.iso8601))
        #expect(try file.dataset("summary/monthly_net_energy").read(Double.self) == result.thermal.summary.monthlyNet)
        #expect(scratch.listing() == ["year.csv", "year.h5"])
    }

    /// A sweep-case run (`--storage-hours`, `--solar-multiple`) cannot write the results archive: refused with a
    /// message before any work, never silently ignored; no file is written.
    @Test(.enabled(if: ExportPython.solartower != nil))
    func simulateRefusesHDF5ForASweepCase() throws {
        let tool = try #require(ExportPython.solartower)
        let scratch = try ExportScratch(); defer { scratch.remove() }
        for extra in [["--storage-hours", "3"], ["--solar-multiple", "1.2"]] {
            let run = try ExportPython.run(tool, ["simulate", ExportFixture.plantPath, "--weather", ExportFixture.weatherPath,
                                                  "--hdf5", scratch.path("case.h5"), "--quiet"] + extra)
            #expect(run.status != 0)
            #expect(run.err.contains("--hdf5 is not available with --storage-hours"), "\(run.err)")
        }
        let grid = try ExportPython.run(tool, ["simulate", ExportFixture.plantPath, "--solar-multiple-grid", "1...2:0.5"])
        #expect(grid.status != 0)
        #expect(grid.err.contains("--solar-multiple-grid needs --solar-multiple"), "\(grid.err)")
        #expect(scratch.listing().isEmpty)
    }

    /// The file digest (read in 1 MiB pieces) equals the digest of the bytes, across piece boundaries; an
    /// unreadable file gives nil.
    @Test func fileDigestReadInPiecesEqualsTheBytesDigest() throws {
        let scratch = try ExportScratch(); defer { scratch.remove() }
        let bytes = (0..<((1 << 20) * 2 + 777)).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ ($0 >> 9)) }
        let path = scratch.path("bytes.bin")
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        #expect(SHA256.hex(ofFile: path) == SHA256.hex(bytes))
        #expect(SHA256.hex(ofFile: path) != SHA256.hex(bytes.dropLast()))
        try Data().write(to: URL(fileURLWithPath: path))
        #expect(SHA256.hex(ofFile: path) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(ofFile: scratch.path("missing.bin")) == nil)
    }

    /// Compares two archives object by object; returns the datasets whose float64 values are not bit-identical
    /// (each checked to `lastBitsBound`). Run timings and nothing else may differ among root attributes.
    func compare(_ expectedPath: String, _ actualPath: String) throws -> [String] {
        let a = try H5File.open(expectedPath), b = try H5File.open(actualPath)
        let la = try a.contents(), lb = try b.contents()
        #expect(la.map(\.path) == lb.map(\.path))
        #expect(la.count > 100)
        func timingsRemoved(_ list: [H5NamedAttribute]) -> [H5NamedAttribute] { list.filter { $0.name != "run_stage_seconds" } }
        let rootA = try a.attributes(), rootB = try b.attributes()
        #expect(timingsRemoved(rootA) == timingsRemoved(rootB))
        #expect(rootA.count == rootB.count && rootA.contains { $0.name == "created_utc" })
        var differing: [String] = []
        for (x, y) in zip(la, lb) where x.path == y.path {
            #expect(x.attributes == y.attributes, "\(x.path)")
            switch (x.kind, y.kind) {
            case (.group, .group): continue
            case (.dataset(let ix), .dataset(let iy)):
                #expect(ix.shape == iy.shape && ix.element == iy.element, "\(x.path)")
                #expect(ix.chunk == iy.chunk && ix.filters == iy.filters, "\(x.path)")
                let name = String(x.path.dropFirst())
                let da = try a.dataset(name), db = try b.dataset(name)
                switch ix.element {
                case .float(bits: 64):
                    let va = try da.read(Double.self), vb = try db.read(Double.self)
                    if va.map(\.bitPattern) != vb.map(\.bitPattern) {
                        differing.append(x.path)
                        #expect(va.count == vb.count && zip(va, vb).allSatisfy { abs($0 - $1) <= Self.lastBitsBound * abs($0) },
                                "\(x.path): \(va.prefix(4)) vs \(vb.prefix(4))")
                    }
                case .float(bits: 32):
                    #expect(try da.read(Float.self).map(\.bitPattern) == db.read(Float.self).map(\.bitPattern), "\(x.path)")
                case .integer:
                    #expect(try da.read(Int32.self) == db.read(Int32.self), "\(x.path)")
                default:
                    #expect(try da.readStrings() == db.readStrings(), "\(x.path)")
                }
            default:
                Issue.record("\(x.path): \(x.kind) vs \(y.kind)")
            }
        }
        // The removed GHI value is a NaN with its note in both files.
        let ghi = try b.dataset("weather/ghi")
        #expect(try ghi.read(Double.self)[30].isNaN)
        #expect(try ghi.stringAttribute("description").hasSuffix("NaN where the weather file has no value"))
        return differing
    }
}
