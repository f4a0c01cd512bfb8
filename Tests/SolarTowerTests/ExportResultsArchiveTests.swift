import Foundation
import HDF5
import Testing
@testable import SolarTower

/// A full year of the 50-heliostat test plant (Corpus/plants/export-50-heliostats.toml) on the project's synthetic
/// Delingha weather, simulated once for all export tests.
enum ExportFixture {
    static let plantPath = SharedData.corpus("plants/export-50-heliostats.toml")
    static let weatherPath = SharedData.packageRoot.appendingPathComponent("WeatherData/delingha-synthetic-tmy.csv").path
    static let simulated: Result<SimulationResult, any Error> = Result {
        let plant = try PlantDescription.load(path: plantPath)
        let weather = try WeatherReader.read(path: weatherPath)
        return try AnnualSimulation.run(plant: plant, weather: weather, threads: 2)
    }
    static func result() throws -> SimulationResult { try simulated.get() }
}

/// A fresh temporary folder; `remove()` it in a `defer`.
struct ExportScratch {
    let directory: String
    init() throws {
        var template = Array((NSTemporaryDirectory() + "/exporttests-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw CocoaError(.fileWriteUnknown) }
        directory = String(cString: made)
    }
    func path(_ name: String) -> String { directory + "/" + name }
    func remove() { try? FileManager.default.removeItem(atPath: directory) }
    func listing() -> [String] { ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted() }
}

@Suite("SHA-256 (FIPS 180-4) against the NIST example vectors")
struct ExportSHA256Tests {
    @Test func standardVectors() {
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex([UInt8]()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(SHA256.hex([UInt8](repeating: 0x61, count: 1_000_000))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// Feeding the message in odd pieces (across block boundaries) gives the same digest as one piece.
    @Test func piecewiseUpdateMatchesOneShot() {
        let message = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        var h = SHA256()
        var offset = 0
        for size in [1, 63, 64, 65, 7, 200, 600] {
            h.update(message[offset..<(offset + size)])
            offset += size
        }
        #expect(offset == 1000)
        #expect(h.finalizeHex() == SHA256.hex(message))
        #expect(SHA256.hex(message) != SHA256.hex(message.dropLast()))
    }
}

@Suite("HDF5 results archive")
struct ExportResultsArchiveTests {
    /// Writes a full year with every option and checks, dataset by dataset, that the file holds exactly the values
    /// (bit for bit), shapes, units and descriptions of the result — and nothing else.
    @Test func fullYearReadsBackBitExact() throws {
        let result = try ExportFixture.result()
        #expect(result.weather.records.count == 8760)
        #expect(result.plant.field.layout.count == 50)
        let design = try DesignPoint.compute(plant: result.plant, threads: 2)
        let scratch = try ExportScratch(); defer { scratch.remove() }
        let path = scratch.path("year.h5")
        let runTime = Date(timeIntervalSince1970: 1_764_000_000)
        let report = try ResultsArchive.write(result, to: path, options: .init(
            perHeliostatHourly: true, threads: 2, designPoint: design, runTime: runTime, matrixBlockRows: 48 * 24))
        #expect(report.bytes > 10_000)
        #expect(scratch.listing() == ["year.h5"])

        let file = try H5File.open(path)
        let expected = ResultsArchive.datasets(of: result, designPoint: design)
        let listing = try file.contents()
        let datasetPaths = listing.compactMap { info -> String? in
            if case .dataset = info.kind { return info.path } else { return nil }
        }
        #expect(Set(datasetPaths) == Set(expected.map(\.path) + [ResultsArchive.heliostatHourlyPath]))
        #expect(datasetPaths.count == expected.count + 1)
        for d in expected {
            let stored = try file.dataset(String(d.path.dropFirst()))
            #expect(try stored.shape() == (d.shape ?? [d.values.count]), "\(d.path)")
            #expect(try stored.stringAttribute("units") == d.units, "\(d.path)")
            #expect(try stored.stringAttribute("description") == d.description, "\(d.path)")
            for (name, value) in d.attributes { #expect(try stored.attribute(name) == value, "\(d.path) \(name)") }
            switch d.values {
            case .double(let v):
                #expect(try stored.elementType() == .float(bits: 64))
                #expect(try stored.read(Double.self).map(\.bitPattern) == v.map(\.bitPattern), "\(d.path)")
            case .float(let v):
                #expect(try stored.read(Float.self).map(\.bitPattern) == v.map(\.bitPattern), "\(d.path)")
            case .int32(let v):
                #expect(try stored.elementType() == .integer(bits: 32, signed: true))
                #expect(try stored.read(Int32.self) == v, "\(d.path)")
            case .strings(let v):
                #expect(try stored.readStrings() == v, "\(d.path)")
            }
        }
        // The table itself mirrors the result (independently of the writer): a few series taken straight from it.
        let records = result.weather.records
        #expect(try file.dataset("weather/dni").read(Double.self) == records.map(\.dni))
        #expect(try file.dataset("time/utc_seconds").read(Double.self) == records.map(\.start))
        #expect(try file.dataset("plant/net").read(Double.self) == result.thermal.steps.map(\.net))
        #expect(try file.dataset("field/heliostats/x").read(Double.self) == result.plant.field.layout.x)
        #expect(try file.dataset("summary/monthly_net_energy").read(Double.self) == result.thermal.summary.monthlyNet)
        #expect(try file.dataset("summary/design_point/solar_to_electric").read(Double.self) == [design.solarToElectric])
        #expect(try file.dataset("time/local_iso8601").readStrings()[13] == records[13].local.iso8601)
        let modes = try file.dataset("plant/mode").read(Int32.self)
        #expect(Set(modes).isSubset(of: [0, 1, 2, 3, 4]))
        #expect(Set(modes).count >= 3, "the test plant should idle, charge and generate")
        #expect(zip(modes, result.thermal.steps).allSatisfy { code, step in
            ResultsArchive.operatingModeCodes.first { $0.0 == step.mode }?.1 == code })
        let net = try file.dataset("plant/net").read(Double.self)
        #expect(net.contains { $0 > 0 })

        // Root attributes: provenance and the time convention.
        #expect(try file.attribute("schema_version") == .int(1))
        #expect(try file.stringAttribute("tool_version") == SolarTowerVersion.string)
        #expect(try file.stringAttribute("created_utc") == "2025-11-24T16:00:00Z")
        #expect(try file.stringAttribute("plant_file_text") == result.plant.text)
        #expect(try file.stringAttribute("plant_file").hasSuffix("Corpus/plants/export-50-heliostats.toml"))
        #expect(try file.stringAttribute("weather_file_name") == "delingha-synthetic-tmy.csv")
        #expect(try file.stringAttribute("weather_file_sha256") == SHA256.hex(ofFile: ExportFixture.weatherPath))
        #expect(try file.stringAttribute("weather_file_sha256").count == 64)
        #expect(try file.attribute("time_interval_s") == .double(3600))
        #expect(try file.stringAttribute("time_convention").contains("START"))
        for group in ["time", "weather", "sun", "field", "field/heliostats", "receiver", "storage", "powerblock", "plant", "summary"] {
            #expect(try !file.group(group).stringAttribute("description").isEmpty, "\(group)")
        }
    }

    /// The per-heliostat hourly matrix: float32 efficiencies whose area × DNI-weighted sum is the field's power on
    /// the receiver each hour, zero where the field is dark or stowed, independent of threads and block size.
    @Test func heliostatHourlyMatrixAddsUpToFieldPower() throws {
        let result = try ExportFixture.result()
        let scratch = try ExportScratch(); defer { scratch.remove() }
        let path = scratch.path("matrix.h5")
        let report = try ResultsArchive.write(result, to: path, options: .init(perHeliostatHourly: true, threads: 1,
                                                                                matrixBlockRows: 30 * 24))
        #expect(report.matrixComputeSeconds > 0)
        let file = try H5File.open(path)
        let matrix = try file.dataset(String(ResultsArchive.heliostatHourlyPath.dropFirst()))
        let n = result.plant.field.layout.count, nh = result.weather.records.count
        #expect(try matrix.shape() == [nh, n])
        #expect(try matrix.elementType() == .float(bits: 32))
        #expect(try matrix.info().filters == ["shuffle", "gzip(1)"])
        #expect(try matrix.stringAttribute("units") == "1")
        let values = try matrix.read(Float.self)
        let area = result.plant.field.layout.classIndex.map { result.plant.field.classes[$0].reflectiveArea }
        var checked = 0
        for h in 0..<nh {
            let row = values[(h * n)..<((h + 1) * n)]
            let power = zip(row, area).reduce(0.0) { $0 + Double($1.0) * $1.1 } * result.weather.records[h].dni
            let expected = result.field.powerOnReceiver[h]
            if expected == 0 {
                #expect(row.allSatisfy { $0 == 0 }, "hour \(h)")
            } else {
                #expect(abs(power - expected) <= 2e-6 * expected, "hour \(h): \(power) vs \(expected)")
                // A heliostat may be fully shaded at a low sun (0), none can exceed 1.
                #expect(row.allSatisfy { $0 >= 0 && $0 < 1 } && row.contains { $0 > 0 }, "hour \(h)")
                checked += 1
            }
        }
        #expect(checked > 3000)
        // Same values from the library call directly, with other threads and an unaligned block.
        let optics = try FieldOptics(spec: result.plant.field)
        let records = result.weather.records
        let block = try optics.heliostatHourly(sun: result.sun, dni: records.map(\.dni), windSpeed: records.map(\.windSpeed),
                                               interval: records.map(\.interval), hours: 4003..<4037, threads: 3)
        #expect(block.map(\.bitPattern) == values[(4003 * n)..<(4037 * n)].map(\.bitPattern))
        // Each stowed hour has DNI and sun but a zero row.
        if let stowedHour = result.field.stowed.firstIndex(of: true) {
            #expect(values[(stowedHour * n)..<((stowedHour + 1) * n)].allSatisfy { $0 == 0 })
        }
        #expect(throws: FieldError.self) {
            try optics.heliostatHourly(sun: result.sun, dni: [], windSpeed: [], interval: [], hours: 0..<1)
        }
    }

    /// tools/check-results-h5.py reads the file with h5py: names, shapes, dtypes, units, descriptions against
    /// tools/results-h5-schema.json, plus a few values given here. Skips without python3 + h5py.
    @Test(.enabled(if: ExportPython.h5pyAvailable))
    func h5pyScriptChecksTheFile() throws {
        let result = try ExportFixture.result()
        let scratch = try ExportScratch(); defer { scratch.remove() }
        let path = scratch.path("year.h5")
        let design = try DesignPoint.compute(plant: result.plant, threads: 2)
        try ResultsArchive.write(result, to: path, options: .init(perHeliostatHourly: true, threads: 2, designPoint: design))
        let records = result.weather.records
        let noon = (0..<records.count).first { result.field.powerOnReceiver[$0] > 0 && records[$0].local.hour == 12 }!
        let expectation: [String: Any] = [
            "attributes": ["/": ["schema_version": 1, "weather_file_sha256": SHA256.hex(ofFile: ExportFixture.weatherPath)!,
                                 "record_count": 8760, "heliostat_count": 50]],
            "datasets": [
                "/weather/dni": ["values": ["\(noon)": records[noon].dni], "sum": records.reduce(0) { $0 + $1.dni },
                                 "rtol": 1e-12],
                "/field/power_on_receiver": ["values": ["\(noon)": result.field.powerOnReceiver[noon]]],
                "/plant/net": ["sum": result.thermal.steps.reduce(0) { $0 + $1.net }, "rtol": 1e-9],
                "/time/local_iso8601": ["values": ["\(noon)": records[noon].local.iso8601]],
                "/summary/capacity_factor": ["values": ["0": result.thermal.summary.capacityFactor]],
                "/field/heliostats/size_class": ["values": ["0": result.plant.field.layout.classIndex[0]]],
            ],
        ]
        let expectPath = scratch.path("expect.json")
        try JSONSerialization.data(withJSONObject: expectation).write(to: URL(fileURLWithPath: expectPath))
        let script = SharedData.packageRoot.appendingPathComponent("tools/check-results-h5.py").path
        let run = try ExportPython.run("/usr/bin/env", ["python3", script, path, "--expect", expectPath, "--quiet"])
        #expect(run.status == 0, "\(run.out)\(run.err)")
        #expect(run.out.contains("0 failures: OK"), "\(run.out)")
        // The checker does catch a wrong value.
        let wrong: [String: Any] = ["datasets": ["/weather/dni": ["values": ["\(noon)": records[noon].dni + 1]]]]
        try JSONSerialization.data(withJSONObject: wrong).write(to: URL(fileURLWithPath: expectPath))
        let failing = try ExportPython.run("/usr/bin/env", ["python3", script, path, "--expect", expectPath, "--quiet"])
        #expect(failing.status == 1)
        #expect(failing.out.contains("FAIL /weather/dni[\(noon)]"))
    }

    /// Every dataset the writer produces is listed in tools/results-h5-schema.json and documented in
    /// docs/hdf5-schema.md, and the schema lists nothing the writer does not produce.
    @Test func schemaFileAndDocsListEveryDataset() throws {
        let result = try ExportFixture.result()
        let design = try DesignPoint.compute(plant: result.plant, threads: 2)
        let written = Set(ResultsArchive.datasets(of: result, designPoint: design).map(\.path) + [ResultsArchive.heliostatHourlyPath])
        let root = SharedData.packageRoot
        let schemaData = try Data(contentsOf: root.appendingPathComponent("tools/results-h5-schema.json"))
        let schema = try #require(try JSONSerialization.jsonObject(with: schemaData) as? [String: Any])
        let listed = try #require(schema["datasets"] as? [String: Any])
        #expect(Set(listed.keys) == written)
        #expect(schema["schema_version"] as? Int == ResultsArchive.schemaVersion)
        let docs = try String(contentsOf: root.appendingPathComponent("docs/hdf5-schema.md"), encoding: .utf8)
        for path in written.sorted() {
            #expect(docs.contains("`" + path + "`"), "docs/hdf5-schema.md does not document \(path)")
        }
    }

    /// `solartower h5 info` lists a results file: root provenance, every group and dataset with units.
    @Test(.enabled(if: ExportPython.solartower != nil))
    func h5InfoListsTheResultsFile() throws {
        let tool = try #require(ExportPython.solartower)
        let result = try ExportFixture.result()
        let scratch = try ExportScratch(); defer { scratch.remove() }
        let path = scratch.path("r.h5")
        try ResultsArchive.write(result, to: path)
        let run = try ExportPython.run(tool, ["h5", "info", path])
        #expect(run.status == 0, "\(run.err)")
        let lines = run.out.split(separator: "\n").map(String.init)
        let count = ResultsArchive.datasets(of: result).count
        #expect(lines.first?.hasSuffix("groups, \(count) datasets") == true, "\(lines.first ?? "")")
        #expect(lines.contains { $0.contains("schema_version = 1") })
        #expect(lines.contains { $0.contains("weather_file_sha256 = \"\(SHA256.hex(ofFile: ExportFixture.weatherPath)!)\"") })
        #expect(lines.contains { $0.hasPrefix("/plant/net") && $0.contains("8760") && $0.contains("[W]") })
        #expect(lines.contains { $0.hasPrefix("/field/heliostats/x") && $0.contains("50") && $0.contains("[m]") })
        #expect(!run.out.contains("units missing"))
    }

    /// Killing `solartower simulate … --hdf5` while it writes leaves no results file (only a stale temporary file,
    /// which the next write removes); a previous results file stays intact.
    @Test(.enabled(if: ExportPython.solartower != nil))
    func killedRunLeavesNoResultsFile() throws {
        let tool = try #require(ExportPython.solartower)
        let scratch = try ExportScratch(); defer { scratch.remove() }
        let target = scratch.path("out.h5")
        // A previous results file that must survive the killed run.
        try AtomicH5Writer.write(to: target) { try $0.setAttribute("previous", "run") }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = ["simulate", ExportFixture.plantPath, "--weather", ExportFixture.weatherPath,
                             "--hdf5", target, "--threads", "1"]
        var environment = ProcessInfo.processInfo.environment
        environment["SOLARTOWER_TEST_SLOW_WRITE"] = "1"
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let temporary = AtomicH5Writer.temporaryPath(for: target, pid: process.processIdentifier)
        var sawTemporary = false
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline && process.isRunning {
            if FileManager.default.fileExists(atPath: temporary) { sawTemporary = true; break }
            usleep(20_000)
        }
        #expect(sawTemporary, "the run never started writing \(temporary)")
        usleep(400_000)   // a group or two into the write
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(FileManager.default.fileExists(atPath: temporary), "killed mid-write: only the temporary file is partial")
        let previous = try H5File.open(target)
        #expect(try previous.stringAttribute("previous") == "run")
        #expect(try !previous.contains("weather"))
        try previous.close()
        // The next write cleans the stale temporary up and replaces the file whole.
        try AtomicH5Writer.write(to: target) { try $0.setAttribute("next", "run") }
        #expect(scratch.listing() == ["out.h5"])
    }
}

/// python3 + h5py, and the built tool.
enum ExportPython {
    static let h5pyAvailable: Bool = {
        guard let result = try? run("/usr/bin/env", ["python3", "-c", "import h5py"]) else { return false }
        return result.status == 0
    }()

    /// The `solartower` executable built beside the test bundle, if any.
    static var solartower: String? {
        var candidates: [URL] = []
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        for _ in 0..<4 {
            url.deleteLastPathComponent()
            candidates.append(url.appendingPathComponent("solartower"))
        }
        candidates.append(Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("solartower"))
        candidates.append(SharedData.packageRoot.appendingPathComponent(".build/debug/solartower"))
        return candidates.map(\.path).first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }
}
