import ArgumentParser
import Foundation
import HDF5
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

/// Where the plant model comes from: the plant file, simulated by the real pipeline (`SimulatedPlant`: SPA,
/// field optics once per weather series, the thermal chain per counterfactual run).
enum TrackPlant {
    static func model(path: String, threads: Int = ProcessInfo.processInfo.activeProcessorCount) throws -> SimulatedPlant {
        try SimulatedPlant.load(path: path, threads: threads)
    }
}

/// Stage timings printed on standard error with `--timings`: wall time and process CPU time (all threads).
struct StageClock {
    let enabled: Bool
    private var last = DispatchTime.now().uptimeNanoseconds
    private let start = DispatchTime.now().uptimeNanoseconds
    private var lastCPU = StageClock.cpuSeconds()

    init(enabled: Bool) { self.enabled = enabled }

    /// CPU time of the process so far, all threads. [s]
    static func cpuSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
    }

    mutating func lap(_ stage: String) {
        let now = DispatchTime.now().uptimeNanoseconds
        let cpu = Self.cpuSeconds()
        if enabled {
            FileHandle.standardError.write(Data(String(format: "time: %-32@ wall %7.3f s  cpu %7.3f s  (total wall %7.3f s)\n",
                                                       stage as NSString, Double(now - last) * 1e-9, cpu - lastCPU,
                                                       Double(now - start) * 1e-9).utf8))
        }
        last = now
        lastCPU = cpu
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
    } catch let e as CustomStringConvertible where e is PlantFileError || e is FieldError || e is ThermalInputError
                || e is HDF5Error {
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

    @Option(help: "Worker threads for the optics pass (results do not depend on it).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(help: "Print the wall time of each stage on standard error.")
    var timings = false

    func validate() throws {
        guard (1...28).contains(monthStartDay) else { throw ValidationError("--month-start-day must be within 1…28") }
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
    }

    func run() throws {
        for out in [csv, html, hdf5].compactMap({ $0 }) { try reportingErrors { try AtomicFile.checkTarget(out) } }
        try reportingInputErrors {
            var clock = StageClock(enabled: timings)
            let model = try TrackPlant.model(path: plant, threads: threads)
            clock.lap("plant file and field layout")
            let w = try WeatherReader.read(path: weather)
            let a = try ActualGenerationReader.read(path: actual, ratedNetPower: model.ratedNetPower, utcOffset: w.site.utcOffset)
            let e = try events.map { try EventLogReader.read(path: $0, utcOffset: w.site.utcOffset) } ?? []
            clock.lap("read weather, actual, events")
            _ = try model.thermalInputs(for: w)
            clock.lap("sun and field optics (once)")
            let tracker = Tracker(model: model, weatherRules: weatherEvents.rules, monthStartDay: monthStartDay)
            let result = try tracker.track(weather: w, actual: a, events: e)
            clock.lap("8 thermal runs and attribution")
            let report = TrackingReport(result, title: "Tracking \(URL(fileURLWithPath: plant).deletingPathExtension().lastPathComponent)")
            print(report.text(), terminator: "")
            if let csv { try AtomicTextFile.write(report.csv(), to: csv) }
            if let html { try AtomicTextFile.write(report.html(), to: html) }
            if let hdf5 {
                try TrackingHDF5.write(result, to: hdf5, provenance: [
                    "plant": plant, "weather": weather, "actual": actual, "events": events ?? "",
                    "solartower_version": SolarTowerVersion.string,
                ])
            }
            clock.lap("reports")
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

    @Option(help: "Worker threads for the optics pass (results do not depend on it).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @OptionGroup var weatherEvents: WeatherEventOptions

    func validate() throws {
        guard TrackingSynth.Scenario.all.contains(where: { $0.name == scenario }) else {
            throw ValidationError("--scenario must be one of \(TrackingSynth.Scenario.all.map(\.name).joined(separator: ", "))")
        }
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
    }

    func run() throws {
        try reportingInputErrors {
            var s = TrackingSynth.Scenario.all.first { $0.name == scenario }!
            if let seed { s.seed = seed }
            let model = try TrackPlant.model(path: plant, threads: threads)
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

/// The `/tracking` group of an HDF5 results file (written atomically):
/// - attributes: provenance (plant, weather, actual, events files), site, rated net power [MW], period figures;
/// - `daily/`, `monthly/`: `label` (YYYY-MM-DD / YYYY-MM), `modeled_MWh`, `actual_MWh`, `achievement`,
///   `achievement_excluding_faults` (NaN where the model gives no positive energy), `fault_MWh`,
///   `operations_MWh`, `weather_MWh`, `residual_MWh`;
/// - `attribution/`: the period split — `cause` (fault, operations, weather, residual), `energy_MWh`,
///   `share_of_shortfall`, and `share_of_explained` (the three causes);
/// - `events/`: the events applied (`start`, `end` local standard time, `category`, `target`, `lost_fraction`, `note`).
enum TrackingHDF5 {
    static func write(_ result: TrackingResult, to path: String, provenance: [String: String]) throws {
        try AtomicH5Writer.write(to: path) { file in
            let g = try file.createGroup("tracking")
            for (k, v) in provenance.sorted(by: { $0.key < $1.key }) { try g.setAttribute(k, v) }
            try g.setAttribute("site", result.site.name)
            try g.setAttribute("latitude_deg", result.site.latitude)
            try g.setAttribute("longitude_deg", result.site.longitude)
            try g.setAttribute("utc_offset_h", result.site.utcOffset)
            try g.setAttribute("rated_net_power_MW", result.ratedNetPower / 1e6)
            let p = result.period
            try g.setAttribute("period_start", TrackingText.format(localSeconds: p.start))
            try g.setAttribute("period_end", TrackingText.format(localSeconds: p.end))
            try g.setAttribute("modeled_MWh", p.modeled / 3.6e9)
            try g.setAttribute("actual_MWh", p.actual / 3.6e9)
            try g.setAttribute("achievement", p.achievement ?? .nan)
            try g.setAttribute("achievement_excluding_faults", p.achievementExcludingFaults ?? .nan)
            try g.setAttribute("method", "Shapley values over fault/operations/weather on 8 simulated coalitions; residual = shortfall - attributed")
            try table(g.createGroup("daily"), result.days)
            try table(g.createGroup("monthly"), result.months)

            let a = try g.createGroup("attribution")
            let causes = CauseCategory.allCases
            try a.writeStrings("cause", causes.map(\.rawValue) + ["residual"])
                .describe(units: "", description: "cause of each row of energy_MWh and share_of_shortfall")
            try a.write("energy_MWh", causes.map { p.loss($0) / 3.6e9 } + [p.residual / 3.6e9], units: "MWh",
                        description: "shortfall (modeled - actual) attributed to each cause over the period")
            try a.write("share_of_shortfall", causes.map { p.shareOfShortfall($0) ?? .nan } + [p.residualShare ?? .nan],
                        units: "1", description: "share of the shortfall; NaN when there is no shortfall")
            try a.write("share_of_explained", causes.map { p.shareOfExplained($0) ?? .nan }, units: "1",
                        description: "share of the attributed (explained) loss: fault, operations, weather")

            let e = try g.createGroup("events")
            let ev = result.events
            try e.writeStrings("start", ev.map { TrackingText.format(localSeconds: $0.start) })
                .describe(units: "", description: "event start, local standard time YYYY-MM-DD HH:MM")
            try e.writeStrings("end", ev.map { TrackingText.format(localSeconds: $0.end) })
                .describe(units: "", description: "event end (exclusive), local standard time YYYY-MM-DD HH:MM")
            try e.writeStrings("category", ev.map(\.category.rawValue))
                .describe(units: "", description: "fault, operations or weather")
            try e.writeStrings("target", ev.map(\.target.description))
                .describe(units: "", description: "component, field derate, curtailment or startup")
            try e.write("lost_fraction", ev.map(\.lostFraction), units: "1", description: "fraction of the target's capacity lost")
            try e.writeStrings("note", ev.map(\.note)).describe(units: "", description: "free text from the event log")
        }
    }

    private static func table(_ g: H5Group, _ rows: [TrackedPeriod]) throws {
        try g.writeStrings("label", rows.map(\.label)).describe(units: "", description: "day (YYYY-MM-DD) or month (YYYY-MM)")
        try g.write("modeled_MWh", rows.map { $0.modeled / 3.6e9 }, units: "MWh", description: "modeled net energy, no event (the plan)")
        try g.write("actual_MWh", rows.map { $0.actual / 3.6e9 }, units: "MWh", description: "metered net energy")
        try g.write("achievement", rows.map { $0.achievement ?? .nan }, units: "1",
                    description: "actual / modeled; NaN where the model gives no positive energy")
        try g.write("achievement_excluding_faults", rows.map { $0.achievementExcludingFaults ?? .nan }, units: "1",
                    description: "(actual + fault loss) / modeled; NaN where the model gives no positive energy")
        for c in CauseCategory.allCases {
            try g.write("\(c.rawValue)_MWh", rows.map { $0.loss(c) / 3.6e9 }, units: "MWh",
                        description: "shortfall attributed to \(c.rawValue) (Shapley value)")
        }
        try g.write("residual_MWh", rows.map { $0.residual / 3.6e9 }, units: "MWh",
                    description: "shortfall no logged or derived event explains (incl. metering noise)")
    }
}
