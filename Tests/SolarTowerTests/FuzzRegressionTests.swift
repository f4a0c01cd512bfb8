import Foundation
import Testing
@testable import SolarTower

/// The reading path a fuzz harness exercises (tools/fuzz-harnesses/NAME.swift), by harness name.
enum FuzzTarget: String, CaseIterable, Sendable {
    case tmy3 = "weather-tmy3"
    case tmy2 = "weather-tmy2"
    case epw = "weather-epw"
    case samCSV = "weather-samcsv"
    case detect = "weather-detect"
    /// Detect and read, write as SAM CSV, read back (tools/fuzz-harnesses/weather-roundtrip.swift).
    case roundTrip = "weather-roundtrip"

    /// Reads `data` the way the harness does: the format forced, or detected then read.
    func read(_ data: Data, path: String) throws -> WeatherYear {
        switch self {
        case .tmy3: return try WeatherReader.parse(data, format: .tmy3, path: path)
        case .tmy2: return try WeatherReader.parse(data, format: .tmy2, path: path)
        case .epw: return try WeatherReader.parse(data, format: .epw, path: path)
        case .samCSV: return try WeatherReader.parse(data, format: .samCSV, path: path)
        case .detect, .roundTrip: return try WeatherReader.read(data: data, path: path)
        }
    }

    /// The harness a regression file belongs to, from its name prefix `HARNESS-…`.
    static func of(file: String) -> FuzzTarget? {
        allCases.filter { file.hasPrefix($0.rawValue + "-") }.max { $0.rawValue.count < $1.rawValue.count }
    }
}

/// One input a fuzz harness failed on (Corpus/fuzz-regressions/) and what it must do now.
struct FuzzRegressionCase: Sendable, CustomTestStringConvertible {
    enum Outcome: Sendable {
        /// Rejected with this `WeatherError` kind.
        case rejected(WeatherError.Kind)
        /// Accepted, and written as SAM CSV it reads back with the same site and time stamps.
        case roundTrips
    }

    let file: String
    let outcome: Outcome
    /// What the input did before the fix, and how it was found.
    let found: String

    init(_ file: String, _ outcome: Outcome, found: String) {
        self.file = file
        self.outcome = outcome
        self.found = found
    }

    var testDescription: String { file }
}

let fuzzRegressionCases: [FuzzRegressionCase] = [
    .init("weather-roundtrip-utc-offset-5.75.csv", .roundTrips,
          found: "SAMCSVWriter wrote the UTC offset +5.75 h as 5.8, shifting every record by 3 min "
              + "(hand-made input for the weather-roundtrip oracle, not found by the fuzzer)"),
    .init("weather-roundtrip-dni-at-limit.csv", .roundTrips,
          found: "DNI 1348.57 W/m² (limit of 1 June: 1348.58) was written rounded to 1348.6, which the reader "
              + "rejects (hand-made input for the weather-roundtrip oracle, not found by the fuzzer)"),
]

enum FuzzRegressionFolder {
    static let relative = "fuzz-regressions"
    /// Input files of the folder (README.md excluded), sorted.
    static func files() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: SharedData.corpus(relative))
            .filter { $0 != "README.md" && !$0.hasPrefix(".") }
            .sorted()
    }
}

/// Every input a harness failed on now passes its harness: rejected with its typed error, or (round trip)
/// accepted and written as SAM CSV it reads back unchanged (same reading path as the harness).
@Test(arguments: fuzzRegressionCases)
func fuzzRegressionPassesItsHarness(_ c: FuzzRegressionCase) throws {
    let target = try #require(FuzzTarget.of(file: c.file), "file name must start with a harness name")
    let data = try Data(contentsOf: URL(fileURLWithPath: SharedData.corpus(FuzzRegressionFolder.relative + "/" + c.file)))
    switch c.outcome {
    case .rejected(let kind):
        #expect {
            _ = try target.read(data, path: c.file)
        } throws: { error in
            (error as? WeatherError)?.kind == kind
        }
    case .roundTrips:
        let year = try target.read(data, path: c.file)
        let text = try SAMCSVWriter(source: "fuzz", locationID: "1", city: "C", state: "S", country: "X").text(year)
        let back = try WeatherReader.parse(Data(text.utf8), format: .samCSV, path: "roundtrip.csv")
        #expect(back.site.utcOffset == year.site.utcOffset)
        #expect(back.site.latitude == year.site.latitude && back.site.longitude == year.site.longitude)
        #expect(back.records.map(\.start) == year.records.map(\.start))
        #expect(back.records.map(\.local) == year.records.map(\.local))
        #expect(back.records.map(\.dni) == year.records.map(\.dni))
    }
}

/// The folder and the table agree: every file found by a fuzzer is listed, and every listed file exists.
@Test func fuzzRegressionFilesAreAllListed() throws {
    let files = try FuzzRegressionFolder.files()
    #expect(files == fuzzRegressionCases.map(\.file).sorted())
    for f in files { #expect(FuzzTarget.of(file: f) != nil, "\(f): name must start with a harness name") }
}

/// The harness contract replayed without sanitizers on the inputs the fuzzers start from (the weather
/// corpus) and the regression files: each target either accepts an input with finite values or rejects it
/// with a `WeatherError`; never another error type.
@Test(arguments: FuzzTarget.allCases)
func fuzzSeedsKeepTheHarnessContract(_ target: FuzzTarget) throws {
    let weather = try FileManager.default.contentsOfDirectory(atPath: SharedData.corpus("weather"))
        .filter { $0 != "README.md" }.sorted().map { "weather/" + $0 }
    let found = try FuzzRegressionFolder.files().filter { FuzzTarget.of(file: $0) == target }
        .map { FuzzRegressionFolder.relative + "/" + $0 }
    var accepted = 0, rejected = 0
    for file in weather + found {
        let data = try Data(contentsOf: URL(fileURLWithPath: SharedData.corpus(file)))
        do {
            let y = try target.read(data, path: file)
            accepted += 1
            #expect(!y.records.isEmpty, "\(file)")
            #expect(y.records.allSatisfy { r in
                [r.start, r.interval, r.dni, r.dryBulb, r.pressure, r.windSpeed].allSatisfy(\.isFinite)
                    && [r.ghi, r.dhi, r.dewPoint, r.relativeHumidity, r.windDirection, r.snowDepth]
                        .allSatisfy { $0?.isFinite ?? true }
                    && r.interval > 0
            }, "\(file)")
        } catch let error as WeatherError {
            rejected += 1
            #expect(!error.message.isEmpty, "\(file)")
        } catch {
            Issue.record("\(file): unexpected error type \(type(of: error)): \(error)")
        }
    }
    // The corpus holds both well-formed and malformed files of every format.
    #expect(accepted > 0)
    #expect(rejected > 0)
}
