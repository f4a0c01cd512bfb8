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

    /// Reads `data` the way the harness does: the format forced, or detected then read.
    func read(_ data: Data, path: String) throws -> WeatherYear {
        switch self {
        case .tmy3: return try WeatherReader.parse(data, format: .tmy3, path: path)
        case .tmy2: return try WeatherReader.parse(data, format: .tmy2, path: path)
        case .epw: return try WeatherReader.parse(data, format: .epw, path: path)
        case .samCSV: return try WeatherReader.parse(data, format: .samCSV, path: path)
        case .detect: return try WeatherReader.read(data: data, path: path)
        }
    }

    /// The harness a regression file belongs to, from its name prefix `HARNESS-…`.
    static func of(file: String) -> FuzzTarget? {
        allCases.filter { file.hasPrefix($0.rawValue + "-") }.max { $0.rawValue.count < $1.rawValue.count }
    }
}

/// One input a fuzzer found (Corpus/fuzz-regressions/) and the error it must raise now.
struct FuzzRegressionCase: Sendable, CustomTestStringConvertible {
    let file: String
    let kind: WeatherError.Kind
    /// What the input did before the fix.
    let found: String

    init(_ file: String, _ kind: WeatherError.Kind, found: String) {
        self.file = file
        self.kind = kind
        self.found = found
    }

    var testDescription: String { file }
}

let fuzzRegressionCases: [FuzzRegressionCase] = [
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

/// Every minimized fuzz finding is now rejected with its typed error (same reading path as its harness).
@Test(arguments: fuzzRegressionCases)
func fuzzRegressionRaisesTypedError(_ c: FuzzRegressionCase) throws {
    let target = try #require(FuzzTarget.of(file: c.file), "file name must start with a harness name")
    let data = try Data(contentsOf: URL(fileURLWithPath: SharedData.corpus(FuzzRegressionFolder.relative + "/" + c.file)))
    #expect {
        _ = try target.read(data, path: c.file)
    } throws: { error in
        (error as? WeatherError)?.kind == c.kind
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
