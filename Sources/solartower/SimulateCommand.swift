import ArgumentParser
import Foundation
import SolarTower

/// `solartower simulate PLANT`: a year (or any period) hour by hour; prints the loss chain and monthly energy.
struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Simulate a plant hour by hour on a weather file: loss chain, monthly net energy, capacity factor.",
        discussion: """
        The weather defaults to the plant file's own (`[plant] weather`, e.g. WeatherData/delingha-synthetic-tmy.csv).
        Typical years (TMY2/TMY3/EPW, typical SAM CSV) are placed on calendar year 1990, as in NREL SAM's reference run.
        """)

    @Argument(help: "Plant file (TOML), e.g. Plants/delingha-50mw.toml.")
    var plant: String

    @Option(help: "Weather file (TMY3, TMY2, EPW, SAM CSV / NSRDB PSM3). Default: the plant file's.")
    var weather: String?

    @Option(help: "Write hourly results to this CSV file.")
    var csv: String?

    @Option(help: "Worker threads for the optics pass (results do not depend on it).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(help: "No progress lines on standard error.")
    var quiet = false

    @Option(name: .customLong("storage-hours"), help: "Resize storage to this many hours (the sweep's code path: see `sweep`).")
    var storageHours: Double?

    @Option(name: .customLong("solar-multiple"), help: "Resize the field to this solar multiple (best heliostats by annual yield, as `sweep`).")
    var solarMultiple: Double?

    @Option(name: .customLong("solar-multiple-grid"), help: "The sweep's solar multiples (lo...hi:step), so the result equals that sweep's case exactly.")
    var solarMultipleGrid: String?

    func validate() throws {
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
    }

    func run() throws {
        if storageHours != nil || solarMultiple != nil || solarMultipleGrid != nil {
            return try simulateSweepCase(plant: plant, weather: weather, storageHours: storageHours, solarMultiple: solarMultiple,
                                         grid: solarMultipleGrid, csv: csv, threads: threads)
        }
        let progress = Progress(enabled: !quiet)
        let description = try reportingErrors { try PlantDescription.load(path: plant) }
        let weatherYear = try reportingErrors {
            if let weather { return try WeatherReader.read(path: weather) }
            return try AnnualSimulation.defaultWeather(for: description)
        }
        let result = try reportingErrors {
            try AnnualSimulation.run(plant: description, weather: weatherYear, threads: threads,
                                     progress: { stage, fraction in progress.report(stage, fraction) })
        }
        let design = try reportingErrors { try DesignPoint.compute(plant: description, threads: threads) }
        print(SimulationReport(result: result, design: design).text)
        if let csv {
            try reportingErrors { try AtomicFile.write(result.hourlyCSV(), to: csv) }
            print("hourly results: \(csv)")
        }
    }
}

/// Progress lines on standard error when it is a terminal (or always, when not quiet and not a terminal: plain lines).
struct Progress: Sendable {
    let enabled: Bool
    let terminal = isatty(STDERR_FILENO) == 1

    func report(_ stage: String, _ fraction: Double) {
        guard enabled else { return }
        let line = fraction < 1 ? "\(stage)…" : "\(stage) done"
        if terminal {
            FileHandle.standardError.write(Data(("\r\u{1B}[K" + line + (fraction < 1 ? "" : "\n")).utf8))
        } else if fraction >= 1 {
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
    }
}

/// Runs `body`; an input error is printed as `path:line: message` and the command exits with status 1.
func reportingErrors<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let e as CustomStringConvertible where e is WeatherError || e is PlantFileError || e is FieldError
                || e is AtomicFile.WriteError {
        FileHandle.standardError.write(Data(("error: " + e.description + "\n").utf8))
        throw ExitCode.failure
    }
}
