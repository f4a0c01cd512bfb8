import ArgumentParser
import Foundation
import SolarTower

/// `solartower track …`: modeled vs actual generation with the shortfall attributed to causes.
struct TrackCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "track",
        abstract: "Track a plant: modeled vs actual generation, shortfall split into faults, operations and weather.",
        subcommands: [TrackRun.self, TrackSynth.self, TrackCheck.self],
        defaultSubcommand: TrackRun.self
    )
}

/// Where the plant model comes from. INTEGRATION POINT: replace the body with the plant-file loader
/// (PlantSpec + thermal chain) once it exists; everything else in `track` already works against `PlantModel`.
enum TrackPlant {
    static func model(path: String) throws -> any PlantModel {
        throw TrackingError(.unreadable, path: path,
                            "plant simulation is not wired into `track` yet in this build (the tracker runs on any PlantModel; the plant-file loader is pending)")
    }
}

/// Prints a library error as `path:line:column: message` and exits 1; rethrows anything else.
func reportingInputErrors<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let e as TrackingError {
        FileHandle.standardError.write(Data((e.description + "\n").utf8))
        throw ExitCode(1)
    } catch let e as WeatherError {
        FileHandle.standardError.write(Data((e.description + "\n").utf8))
        throw ExitCode(1)
    }
}

struct WeatherEventOptions: ParsableArguments {
    @Option(help: "Wind speed above which the field stows (derived wind-stow events) [m/s].")
    var stowWindSpeed: Double = 15

    @Option(help: "How long frost stays on the mirrors after sunrise (derived frost events) [h].")
    var frostClearing: Double = 2

    @Flag(help: "Do not derive snow, frost and wind events from the weather file.")
    var noWeatherEvents = false

    func validate() throws {
        guard stowWindSpeed.isFinite, stowWindSpeed > 0 else { throw ValidationError("--stow-wind-speed must be > 0 m/s") }
        guard frostClearing.isFinite, (0...12).contains(frostClearing) else { throw ValidationError("--frost-clearing must be within 0…12 h") }
    }

    var rules: WeatherEventRules? {
        noWeatherEvents ? nil : WeatherEventRules(stowWindSpeed: stowWindSpeed, frostClearing: frostClearing * 3600)
    }
}

/// `solartower track PLANT --weather W --actual A [--events E] [--csv OUT] [--html OUT] [--hdf5 OUT]`.
struct TrackRun: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Simulate the plant under the measured weather and attribute the shortfall (default subcommand).",
        discussion: """
            The plan is the plant simulated with the measured weather and no events; the 7 other runs apply every subset
            of the logged (and weather-derived) fault, operations and weather events. The shortfall (plan − actual) is
            split by Shapley values over the three causes, plus an unexplained residual. Input errors are printed as
            path:line:column: message and the command exits with status 1.
            """
    )

    @Argument(help: "Plant description (TOML).")
    var plant: String

    @Option(help: "Weather measured at the plant over the period (TMY3, TMY2, EPW, SAM CSV / NSRDB).")
    var weather: String

    @Option(help: "Actual net generation CSV (timestamp, net_MWh | net_MW | net_kWh …; hourly or daily).")
    var actual: String

    @Option(help: "Event log CSV (start,end,category,component,lost_fraction,note).")
    var events: String?

    @Option(help: "Write the daily/monthly/period table as CSV.")
    var csv: String?

    @Option(help: "Write a self-contained HTML report with inline SVG charts.")
    var html: String?

    @Option(help: "Write a /tracking group to an HDF5 file.")
    var hdf5: String?

    @Option(help: "First day of a meter month (e.g. 26); 1 = calendar months.")
    var monthStartDay: Int = 1

    @OptionGroup var weatherEvents: WeatherEventOptions

    func validate() throws {
        guard (1...28).contains(monthStartDay) else { throw ValidationError("--month-start-day must be within 1…28") }
        if hdf5 != nil { throw ValidationError("--hdf5: the /tracking group writer is not available in this build yet") }
    }

    func run() throws {
        try reportingInputErrors {
            let model = try TrackPlant.model(path: plant)
            let w = try WeatherReader.read(path: weather)
            let a = try ActualGenerationReader.read(path: actual, ratedNetPower: model.ratedNetPower, utcOffset: w.site.utcOffset)
            let e = try events.map { try EventLogReader.read(path: $0, utcOffset: w.site.utcOffset) } ?? []
            let tracker = Tracker(model: model, weatherRules: weatherEvents.rules, monthStartDay: monthStartDay)
            let result = try tracker.track(weather: w, actual: a, events: e)
            let report = TrackingReport(result, title: "Tracking \(URL(fileURLWithPath: plant).deletingPathExtension().lastPathComponent)")
            print(report.text(), terminator: "")
            if let csv { try AtomicTextFile.write(report.csv(), to: csv) }
            if let html { try AtomicTextFile.write(report.html(), to: html) }
        }
    }
}

/// `solartower track check --weather W --actual A [--events E] --rating MW`: validates the inputs without a model.
struct TrackCheck: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Read and check actual-generation and event files against a weather period (no simulation).",
        discussion: "Prints every warning (gaps, inferred units, events outside the period or overlapping) and the totals; errors exit with status 1."
    )

    @Option(help: "Weather measured at the plant over the period.")
    var weather: String

    @Option(help: "Actual net generation CSV.")
    var actual: String

    @Option(help: "Event log CSV.")
    var events: String?

    @Option(help: "Plant rated net power [MW] (to detect kW vs MW).")
    var rating: Double

    @OptionGroup var weatherEvents: WeatherEventOptions

    func validate() throws {
        guard rating.isFinite, rating > 0 else { throw ValidationError("--rating must be > 0 MW") }
    }

    func run() throws {
        try reportingInputErrors {
            let w = try WeatherReader.read(path: weather)
            let a = try ActualGenerationReader.read(path: actual, ratedNetPower: rating * 1e6, utcOffset: w.site.utcOffset)
            let e = try events.map { try EventLogReader.read(path: $0, utcOffset: w.site.utcOffset) } ?? []
            let starts = w.records.map(EventSchedule.localSeconds)
            var warnings = a.warnings
            var derived: [PlantEvent] = []
            if let first = starts.min(), let k = starts.indices.max(by: { starts[$0] < starts[$1] }) {
                warnings += EventLogReader.check(e, periodStart: first, periodEnd: starts[k] + w.records[k].interval).warnings
                derived = weatherEvents.rules?.events(from: w) ?? []
            }
            print("actual:   \(actual): \(a.intervals.count) rows × \(Int(a.step / 60)) min, \(String(format: "%.3f", a.total / 3.6e9)) MWh (\(a.unit.rawValue))")
            print("events:   \(e.count) logged (\(CauseCategory.allCases.map { c in "\(e.filter { $0.category == c }.count) \(c.rawValue)" }.joined(separator: ", "))), \(derived.count) derived from the weather")
            for d in derived { print("          \(d.target) \(d.note)") }
            print("warnings: \(warnings.count)")
            for x in warnings { print("  \(x.description)") }
        }
    }
}

/// `solartower track synth PLANT --weather W --out DIR`: actual and event files with a known attribution.
struct TrackSynth: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synth",
        abstract: "Write actual-generation and event files with a known (injected) shortfall attribution.",
        discussion: "Scenarios: \(TrackingSynth.Scenario.all.map(\.name).joined(separator: ", ")). Writes actual.csv, events.csv and truth.csv into --out."
    )

    @Argument(help: "Plant description (TOML).")
    var plant: String

    @Option(help: "Weather of the period.")
    var weather: String

    @Option(help: "Scenario name.")
    var scenario: String = TrackingSynth.Scenario.faultDominated.name

    @Option(help: "Random seed (overrides the scenario's).")
    var seed: UInt64?

    @Option(help: "Output folder.")
    var out: String = "."

    @OptionGroup var weatherEvents: WeatherEventOptions

    func validate() throws {
        guard TrackingSynth.Scenario.all.contains(where: { $0.name == scenario }) else {
            throw ValidationError("--scenario must be one of \(TrackingSynth.Scenario.all.map(\.name).joined(separator: ", "))")
        }
    }

    func run() throws {
        try reportingInputErrors {
            var s = TrackingSynth.Scenario.all.first { $0.name == scenario }!
            if let seed { s.seed = seed }
            let model = try TrackPlant.model(path: plant)
            let w = try WeatherReader.read(path: weather)
            let output = try TrackingSynth(model: model, weatherRules: weatherEvents.rules).generate(weather: w, scenario: s)
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            let dir = URL(fileURLWithPath: out)
            try AtomicTextFile.write(ActualGeneration.csv(output.actual), to: dir.appendingPathComponent("actual.csv").path)
            try AtomicTextFile.write(EventLogReader.csv(output.loggedEvents), to: dir.appendingPathComponent("events.csv").path)
            try AtomicTextFile.write(output.truth.csv, to: dir.appendingPathComponent("truth.csv").path)
            print(output.truth.csv, terminator: "")
        }
    }
}
