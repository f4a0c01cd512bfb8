import Foundation
import Testing
@testable import SolarTower

/// `solartower track` end to end with the built tool: the small test plant on three days of the shipped Delingha
/// weather, actual = 90 % of the plan, written as text, CSV and an HDF5 `/tracking` group (listed with
/// `solartower h5 info`). Skips when the tool is not built beside the tests.
@Suite struct TrackCommandTests {
    static var tool: String? {
        var candidates: [URL] = []
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        for _ in 0..<4 {
            url.deleteLastPathComponent()
            candidates.append(url.appendingPathComponent("solartower"))
        }
        candidates.append(Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("solartower"))
        return candidates.map(\.path).first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static func run(_ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool!)
        p.arguments = arguments
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }

    @Test(.enabled(if: tool != nil, "needs the solartower tool built beside the tests"), .timeLimit(.minutes(1)))
    func trackWritesTextCSVAndHDF5ForThreeDays() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("trackcmd-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        // Three days of the shipped weather (three metadata lines + 72 hourly rows, 2001-03-10 … 12).
        let full = try String(contentsOfFile: SharedData.packageRoot.appendingPathComponent("WeatherData/delingha-synthetic-tmy.csv").path,
                              encoding: .utf8)
        let lines = full.split(separator: "\n", omittingEmptySubsequences: false)
        let rows = lines.filter { $0.hasPrefix("2001,3,10,") || $0.hasPrefix("2001,3,11,") || $0.hasPrefix("2001,3,12,") }
        #expect(rows.count == 72)
        let weatherPath = dir.appendingPathComponent("w.csv").path
        try (lines.prefix(3) + rows).joined(separator: "\n").appending("\n").write(toFile: weatherPath, atomically: true, encoding: .utf8)

        // Actual = 90 % of the library's own plan for those days.
        let plantPath = SharedData.corpus("tracking/plant-small-tower.toml")
        let weather = try WeatherReader.read(path: weatherPath)
        let model = try SimulatedPlant.load(path: plantPath, threads: 1)
        let plan = try model.simulate(period: weather, adjustments: .none(count: weather.records.count))
        let actual = weather.records.enumerated().map {
            ActualInterval(start: EventSchedule.localSeconds($0.element), duration: 3600, energy: 0.9 * plan[$0.offset].energy, line: $0.offset + 2)
        }
        let actualPath = dir.appendingPathComponent("a.csv").path
        try ActualGeneration.csv(actual).write(toFile: actualPath, atomically: true, encoding: .utf8)
        let h5 = dir.appendingPathComponent("t.h5").path, csv = dir.appendingPathComponent("t.csv").path

        let r = try Self.run(["track", plantPath, "--weather", weatherPath, "--actual", actualPath, "--no-weather-events",
                              "--csv", csv, "--hdf5", h5])
        #expect(r.status == 0, "\(r.err)")
        // 90 % to the 0.1 kWh rounding of the actual file.
        let line = try #require(r.out.split(separator: "\n").first { $0.hasPrefix("achievement:") })
        let pct = try #require(Double(line.dropFirst("achievement:".count).replacingOccurrences(of: "%", with: "").trimmingCharacters(in: .whitespaces)))
        #expect(abs(pct - 90) <= 0.02, "\(line)")
        #expect(r.out.contains("2001-03-12"))
        #expect(r.out.contains("0.00 % of shortfall, n/a of explained"))   // no event: nothing explained
        #expect(FileManager.default.fileExists(atPath: csv))
        let info = try Self.run(["h5", "info", h5])
        #expect(info.status == 0, "\(info.err)")
        for name in ["/tracking/daily/modeled_MWh", "/tracking/daily/achievement", "/tracking/monthly/fault_MWh",
                     "/tracking/attribution/share_of_explained", "/tracking/events/lost_fraction"] {
            #expect(info.out.contains(name), "\(name) missing from\n\(info.out)")
        }
        #expect(info.out.contains("@achievement = 0.89") || info.out.contains("@achievement = 0.90"))
        #expect(!info.out.contains("units missing"), "\(info.out)")
        // No temporary file left beside the outputs.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["a.csv", "t.csv", "t.h5", "w.csv"])

        // A plant file error is reported as path:line: message with exit status 1.
        let bad = try Self.run(["track", SharedData.corpus("plants/missing-storage-hours.toml"), "--weather", weatherPath,
                                "--actual", actualPath])
        #expect(bad.status == 1)
        #expect(bad.err.contains("missing-storage-hours.toml:") && bad.err.contains("storage.hours"))
    }
}
