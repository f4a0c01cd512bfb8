import ArgumentParser
import Foundation
import HDF5
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

    @Option(help: "Write every hourly and per-heliostat result to this HDF5 file (schema: docs/hdf5-schema.md), chunk by chunk during the run (bounded memory on long series).")
    var hdf5: String?

    @Flag(help: "With --hdf5: also write /field/heliostats/hourly_efficiency, the optical efficiency of every heliostat every hour (hours x heliostats, float32; streamed like the rest).")
    var perHeliostatHourly = false

    @Option(help: .hidden)
    var hdf5BlockRows = 1464

    /// Records per chunk of the run (tests use small chunks).
    @Option(help: .hidden)
    var chunkRecords = AnnualSimulation.defaultChunkRecords

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

    /// A sweep case (storage or field resized): run through the sweep's code path.
    var isSweepCase: Bool { storageHours != nil || solarMultiple != nil || solarMultipleGrid != nil }

    func validate() throws {
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
        guard chunkRecords >= 1 else { throw ValidationError("--chunk-records must be at least 1") }
        if perHeliostatHourly && hdf5 == nil {
            throw ValidationError("--per-heliostat-hourly needs --hdf5 FILE")
        }
        if hdf5 != nil && isSweepCase {
            throw ValidationError("--hdf5 is not available with --storage-hours/--solar-multiple/--solar-multiple-grid "
                + "(a sweep case; its figures are in `sweep`'s /sweep HDF5 group): use --csv, or give the size in the plant file")
        }
        if solarMultipleGrid != nil && solarMultiple == nil {
            throw ValidationError("--solar-multiple-grid needs --solar-multiple (the case to run on that grid)")
        }
    }

    func run() throws {
        for out in [csv, hdf5].compactMap({ $0 }) { try reportingErrors { try AtomicFile.checkTarget(out) } }
        if isSweepCase {
            return try simulateSweepCase(plant: plant, weather: weather, storageHours: storageHours, solarMultiple: solarMultiple,
                                         grid: solarMultipleGrid, csv: csv, threads: threads)
        }
        let progress = Progress(enabled: !quiet)
        let description = try reportingErrors { try PlantDescription.load(path: plant) }
        let weatherYear = try reportingErrors {
            if let weather { return try WeatherReader.read(path: weather) }
            return try AnnualSimulation.defaultWeather(for: description)
        }
        let optics = try reportingErrors { try FieldOptics(spec: description.field) }
        let report: @Sendable (String, Double) -> Void = { stage, fraction in progress.report(stage, fraction) }
        // Run in chunks, keeping no per-record series (bounded memory on long series such as 10 years of 1-minute
        // data; the same figures as the one-shot run). The CSV is streamed chunk by chunk into a temporary file that
        // replaces the target only when the run completes; the HDF5 archive likewise (ResultsArchive.simulate), in
        // the same chunk pass.
        let stream = try csv.map { path in try reportingErrors { try AtomicFile.Stream(path: path) } }
        let design = try reportingErrors { try DesignPoint.compute(plant: description, threads: threads, optics: optics) }
        let summary: SimulationSummary
        var archive: ResultsArchive.WriteReport?
        if let hdf5 {
            // SOLARTOWER_TEST_SLOW_WRITE=1 (tests only): pause after each chunk and group so a test can kill the run mid-write.
            let slow = ProcessInfo.processInfo.environment["SOLARTOWER_TEST_SLOW_WRITE"] == "1"
            let options = ResultsArchive.Options(
                perHeliostatHourly: perHeliostatHourly, threads: threads, designPoint: design, matrixBlockRows: hdf5BlockRows,
                pauseBetweenGroups: slow ? 0.3 : 0,
                progress: { group in progress.report("hdf5 /" + group, 1) })
            let run = try reportingErrors {
                try ResultsArchive.simulate(plant: description, weather: weatherYear, to: hdf5, options: options, optics: optics,
                                            chunkRecords: chunkRecords, progress: report, hourlyCSV: stream)
            }
            (summary, archive) = (run.summary, run.report)
        } else {
            summary = try reportingErrors {
                try AnnualSimulation.runSummary(plant: description, weather: weatherYear, threads: threads,
                                                optics: optics, chunkRecords: chunkRecords, progress: report,
                                                hourlyCSV: stream)
            }
        }
        print(SimulationReport(summary: summary, design: design).text)
        if let stream, let csv {
            try reportingErrors { try stream.commit() }
            print("hourly results: \(csv)")
        }
        if let hdf5, let archive {
            var line = String(format: "HDF5 results: %@ (%.2f MB, written in %.2f s, chunk by chunk during the run", hdf5,
                              Double(archive.bytes) / 1e6, archive.seconds)
            if perHeliostatHourly {
                line += String(format: "; per-heliostat hourly matrix: optics %.2f s (CPU %.2f s), compress+write %.2f s (CPU %.2f s)",
                               archive.matrixComputeSeconds, archive.matrixComputeCPUSeconds,
                               archive.matrixWriteSeconds, archive.matrixWriteCPUSeconds)
            }
            print(line + ")")
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
                || e is AtomicFile.WriteError || e is HDF5Error {
        FileHandle.standardError.write(Data(("error: " + e.description + "\n").utf8))
        throw ExitCode.failure
    } catch let e as NSError where e.domain == NSCocoaErrorDomain && e.userInfo[NSFilePathErrorKey] != nil {
        // A Foundation file operation (creating an output folder, …): `path: reason` instead of the raw NSError dump.
        let path = e.userInfo[NSFilePathErrorKey] as? String ?? ""
        let reason = (e.userInfo[NSUnderlyingErrorKey] as? any Error).map { String(cString: strerror(Int32(($0 as NSError).code))) }
            ?? "file operation failed (Foundation error \(e.code))"
        FileHandle.standardError.write(Data("error: \(path): \(reason)\n".utf8))
        throw ExitCode.failure
    }
}
