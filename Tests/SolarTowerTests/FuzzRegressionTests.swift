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
    /// Plant TOML, thermal tables and [field] table (layout CSVs resolved against Plants/).
    case plantTOML = "plant-toml"
    /// Heliostat layout CSV with 2 heliostat classes.
    case layoutCSV = "layout-csv"
    /// Actual-generation CSV for a 10 MW plant at UTC+8.
    case trackingActual = "tracking-actual"
    /// Event log CSV at UTC+8.
    case trackingEvents = "tracking-events"

    var isWeather: Bool { rawValue.hasPrefix("weather-") }

    /// Reads `data` the way the harness does: the format forced, or detected then read.
    func read(_ data: Data, path: String) throws -> WeatherYear {
        switch self {
        case .tmy3: return try WeatherReader.parse(data, format: .tmy3, path: path)
        case .tmy2: return try WeatherReader.parse(data, format: .tmy2, path: path)
        case .epw: return try WeatherReader.parse(data, format: .epw, path: path)
        case .samCSV: return try WeatherReader.parse(data, format: .samCSV, path: path)
        case .detect, .roundTrip: return try WeatherReader.read(data: data, path: path)
        case .plantTOML, .layoutCSV, .trackingActual, .trackingEvents:
            preconditionFailure("\(rawValue) does not read weather")
        }
    }

    /// Runs the harness's reader on `data` (weather: `read`); returns a short description of what was
    /// accepted, or throws the reader's error.
    func parse(_ data: Data, path: String) throws -> String {
        switch self {
        case .plantTOML:
            let d = try PlantDescription.parse(data: data, path: path,
                                               plantDirectory: SharedData.packageRoot.appendingPathComponent("Plants"))
            return "\(d.field.layout.count) heliostats"
        case .layoutCSV:
            return "\(try FieldLayout.csv(data: data, path: path, classCount: 2).count) heliostats"
        case .trackingActual:
            let text = try TrackingText.text(data, path: path)
            return "\(try ActualGenerationReader.parse(text, path: path, ratedNetPower: 10e6, utcOffset: 8).intervals.count) intervals"
        case .trackingEvents:
            let text = try TrackingText.text(data, path: path)
            return "\(try EventLogReader.parse(text, path: path, utcOffset: 8).count) events"
        default:
            return "\(try read(data, path: path).records.count) records"
        }
    }

    /// The inputs the harness starts from in the test corpus (its `fuzz-seeds`, without Plants/).
    func seedFiles() throws -> [String] {
        func folder(_ name: String, _ keep: (String) -> Bool) throws -> [String] {
            try FileManager.default.contentsOfDirectory(atPath: SharedData.corpus(name))
                .filter { $0 != "README.md" && keep($0) }.sorted().map { name + "/" + $0 }
        }
        switch self {
        case .plantTOML: return try folder("plants") { $0.hasSuffix(".toml") } + folder("tracking") { $0.hasSuffix(".toml") }
        case .layoutCSV: return try folder("layouts") { _ in true }
        case .trackingActual: return try folder("tracking") { $0.hasPrefix("actual-") }
        case .trackingEvents: return try folder("tracking") { $0.hasPrefix("events-") }
        default: return try folder("weather") { _ in true }
        }
    }

    /// The harness a regression file belongs to, from its name prefix `HARNESS-…`.
    static func of(file: String) -> FuzzTarget? {
        allCases.filter { file.hasPrefix($0.rawValue + "-") }.max { $0.rawValue.count < $1.rawValue.count }
    }
}

/// The typed error a harness's reader rejects an input with, by kind.
enum FuzzRejection: Equatable, Sendable, CustomStringConvertible {
    case weather(WeatherError.Kind)
    case plant(PlantFileError.Kind)
    case field(FieldError.Kind)
    case tracking(TrackingError.Kind)

    /// The rejection `error` is, or nil for an error type no reader promises.
    init?(_ error: any Error) {
        switch error {
        case let e as WeatherError: self = .weather(e.kind)
        case let e as PlantFileError: self = .plant(e.kind)
        case let e as FieldError: self = .field(e.kind)
        case let e as TrackingError: self = .tracking(e.kind)
        default: return nil
        }
    }

    /// The message of a typed reader error (what was found and what was expected).
    static func message(of error: any Error) -> String? {
        switch error {
        case let e as WeatherError: e.message
        case let e as PlantFileError: e.message
        case let e as FieldError: e.message
        case let e as TrackingError: e.message
        default: nil
        }
    }

    var description: String {
        switch self {
        case .weather(let k): "WeatherError.\(k)"
        case .plant(let k): "PlantFileError.\(k)"
        case .field(let k): "FieldError.\(k)"
        case .tracking(let k): "TrackingError.\(k)"
        }
    }
}

/// One input a fuzz harness failed on (Corpus/fuzz-regressions/) and what it must do now.
struct FuzzRegressionCase: Sendable, CustomTestStringConvertible {
    enum Outcome: Sendable {
        /// Rejected with this `WeatherError` kind.
        case rejected(WeatherError.Kind)
        /// Rejected with this typed error kind (plant, layout and tracking harnesses).
        case rejectedAs(FuzzRejection)
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
    .init("plant-toml-header-dot.toml", .rejectedAs(.plant(.syntax)),
          found: "`[.`: TOMLKit's toml++ aborted on an assertion in parse_key (table header not starting with a key; "
              + "plant-toml harness, first long run after 10,136 executions)"),
    .init("plant-toml-array-close-brace.toml", .rejectedAs(.plant(.syntax)),
          found: "`D=[}`: toml++ aborted on an assertion in parse_value ('}' where an array expects a value; "
              + "plant-toml harness, third long run, after 282,544 executions)"),
    .init("plant-toml-gross-1e308.toml", .rejectedAs(.plant(.outOfRange)),
          found: "power_block.gross_MW = 1e308 was accepted; × 1e6 it became an infinite design thermal power "
              + "(hand-made input for the plant-toml oracle, not found by the fuzzer)"),
    .init("plant-toml-diameter-1e300.toml", .rejectedAs(.plant(.outOfRange)),
          found: "receiver.diameter_m = 1e300 was accepted; the tube count per panel trapped converting to Int "
              + "(hand-made input for the plant-toml oracle, not found by the fuzzer)"),
    .init("plant-toml-header-non-ascii.toml", .rejectedAs(.plant(.syntax)),
          found: "`[` then a non-ASCII letter: the same toml++ assertion (plant-toml harness, second long run, "
              + "after 37,107 executions)"),
    .init("layout-csv-class-1e30.csv", .rejectedAs(.field(.outOfRange)),
          found: "class column 1e30: Int(1e30) trapped (Double value cannot be converted to Int) in FieldLayout.csv "
              + "(layout-csv harness, first smoke run)"),
    .init("plant-toml-count-int-max.toml", .rejectedAs(.plant(.outOfRange)),
          found: "[[field.heliostats]] count = Int.max: arithmetic overflow (2 × count + 64) in "
              + "FieldLayout.radialStaggered (found reading the code for the plant-toml harness; the harness reproduced it)"),
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
    case .rejectedAs(let rejection):
        #expect {
            _ = try target.parse(data, path: c.file)
        } throws: { error in
            FuzzRejection(error) == rejection
        }
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

/// The harness contract replayed without sanitizers on the inputs the fuzzers start from (the test corpus)
/// and the regression files: each target either accepts an input (weather: with finite values) or rejects it
/// with its reader's typed error; never another error type.
@Test(arguments: FuzzTarget.allCases)
func fuzzSeedsKeepTheHarnessContract(_ target: FuzzTarget) throws {
    let found = try FuzzRegressionFolder.files().filter { FuzzTarget.of(file: $0) == target }
        .map { FuzzRegressionFolder.relative + "/" + $0 }
    var accepted = 0, rejected = 0
    for file in try target.seedFiles() + found {
        let data = try Data(contentsOf: URL(fileURLWithPath: SharedData.corpus(file)))
        do {
            if target.isWeather {
                let y = try target.read(data, path: file)
                #expect(!y.records.isEmpty, "\(file)")
                #expect(y.records.allSatisfy { r in
                    [r.start, r.interval, r.dni, r.dryBulb, r.pressure, r.windSpeed].allSatisfy(\.isFinite)
                        && [r.ghi, r.dhi, r.dewPoint, r.relativeHumidity, r.windDirection, r.snowDepth]
                            .allSatisfy { $0?.isFinite ?? true }
                        && r.interval > 0
                }, "\(file)")
            } else {
                _ = try target.parse(data, path: file)
            }
            accepted += 1
        } catch {
            if let r = FuzzRejection(error) {
                rejected += 1
                #expect(FuzzRejection.message(of: error).map { !$0.isEmpty } == true, "\(file): \(r) without a message")
            } else {
                Issue.record("\(file): unexpected error type \(type(of: error)): \(error)")
            }
        }
    }
    // The corpus holds both well-formed and malformed files of every format (one layout file: valid).
    #expect(accepted > 0)
    if target != .layoutCSV { #expect(rejected > 0) }
}
