import ArgumentParser
import Foundation
import HDF5
import SolarTower

/// `solartower sweep PLANT …` (default) and `solartower sweep merge DIR…`.
struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Designer sweep over storage hours × solar multiple: CSV, HDF5 (/sweep) and an HTML report.",
        subcommands: [SweepRunCommand.self, SweepMergeCommand.self],
        defaultSubcommand: SweepRunCommand.self)
}

struct SweepRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Simulate every storage-hours × solar-multiple combination for a year (resumable, shardable).",
        discussion: """
        Optics for the largest field are computed once; a smaller solar multiple takes the best heliostats by
        annual yield (see docs/sweeps.md). Each finished case is written atomically to DIR/cases/; re-running the
        same command completes only the missing cases. --shard i/n runs every n-th case; merge shards with
        `solartower sweep merge DIR…`.
        """)

    @Argument(help: "Plant file (TOML), e.g. Plants/delingha-50mw.toml.")
    var plant: String

    @Option(name: .customLong("storage-hours"), help: "Storage hours: lo...hi:step, a,b,c or one value.")
    var storageHours: String = "2...16:1"

    @Option(name: .customLong("solar-multiple"), help: "Solar multiples: lo...hi:step, a,b,c or one value.")
    var solarMultiple: String = "1.4...3.6:0.2"

    @Option(help: "Weather file; repeat it or give a comma list to sweep several sites (site × storage × SM). Default: the plant file's.")
    var weather: [String] = []

    @Option(help: "Results folder.")
    var out: String = "sweep-out"

    @Option(help: "Objective for the best case: lcoe, energy or capacity-factor (default: lcoe when the plant has [costs], else energy).")
    var objective: String?

    @Option(help: "Run only shard i of n (1-based), e.g. 3/10 (cluster job arrays).")
    var shard: String?

    @Option(help: "Worker threads (optics and thermal cases).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(help: "No progress output.")
    var quiet = false

    @Flag(help: "Submit to Slurm: a job array (one shard per task) and a merge job after it (scripts in OUT/slurm).")
    var slurm = false

    @Option(help: "With --slurm: array tasks (shards).")
    var tasks: Int = 4

    @Option(help: "With --slurm: partition (default: the cluster's default).")
    var partition: String?

    @Option(name: .customLong("cpus-per-task"), help: "With --slurm: CPUs (worker threads) per array task.")
    var cpusPerTask: Int = 1

    @Flag(name: .customLong("dry-run"), help: "With --slurm: print the two sbatch scripts, submit nothing.")
    var dryRun = false

    func validate() throws {
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
        if let o = objective, SweepObjective(rawValue: o) == nil { throw ValidationError("--objective must be lcoe, energy or capacity-factor") }
        _ = try parseShard()
        guard tasks >= 1, cpusPerTask >= 1 else { throw ValidationError("--tasks and --cpus-per-task must be at least 1") }
        if slurm && shard != nil { throw ValidationError("--slurm makes the shards itself: drop --shard") }
        if !slurm && (dryRun || partition != nil) { throw ValidationError("--dry-run and --partition need --slurm") }
    }

    func parseShard() throws -> (Int, Int)? {
        guard let shard else { return nil }
        let p = shard.split(separator: "/")
        guard p.count == 2, let i = Int(p[0]), let n = Int(p[1]), n >= 1, i >= 1, i <= n else {
            throw ValidationError("--shard must be i/n with 1 ≤ i ≤ n, e.g. 2/8")
        }
        return (i, n)
    }

    func run() throws {
        let t0 = Date()
        let log = SweepProgress(enabled: !quiet)
        let grid = try sweepErrors {
            try SweepGrid(storageHours: try SweepRange(parsing: storageHours, option: "--storage-hours").values,
                          solarMultiples: try SweepRange(parsing: solarMultiple, option: "--solar-multiple").values)
        }
        let description = try reportingErrors { try PlantDescription.load(path: plant) }
        let costs = try sweepErrors { try SweepCosts.parse(toml: description.text, path: plant) }
        let obj = objective.flatMap(SweepObjective.init(rawValue:)) ?? (costs != nil ? .lcoe : .energy)
        if obj == .lcoe && costs == nil {
            FileHandle.standardError.write(Data("error: \(plant): --objective lcoe needs a [costs] table in the plant file\n".utf8))
            throw ExitCode.failure
        }
        let weathers = SweepSite.weatherPaths(options: weather)
        if slurm { return try submitToSlurm(grid: grid, description: description, weathers: weathers) }
        if weathers.count > 1 {
            return try runSites(grid: grid, description: description, costs: costs, objective: obj, weathers: weathers, log: log, t0: t0)
        }
        let weather = weathers.first
        let weatherPath = weather ?? description.spec.defaultWeatherPath ?? "(none)"
        if !FileManager.default.fileExists(atPath: weatherPath) {
            // No weather, or a missing file: the reader's own error, before the folder and its manifest are written.
            _ = try reportingErrors {
                if let weather { return try WeatherReader.read(path: weather) }
                return try AnnualSimulation.defaultWeather(for: description)
            }
        }
        let folder = SweepFolder(path: out)
        let manifest = SweepFolder.manifest(plant: plant, weather: weatherPath, grid: grid)
        try sweepErrors {
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            if let old = try? String(contentsOfFile: folder.manifestPath, encoding: .utf8), old != manifest {
                throw SweepError(path: folder.manifestPath, "this folder holds a different sweep (plant, weather or grid differ): use another --out or delete it")
            }
            try AtomicFile.write(manifest, to: folder.manifestPath)
        }
        let mine = try parseShard().map { grid.cases(shard: $0.0, of: $0.1) } ?? grid.cases
        let unreadable = folder.finished().unreadable
        for u in unreadable { log.line("ignoring unreadable case file \(u) (the case will be re-run)") }
        let todo = folder.pending(mine)
        log.line("\(mine.count) cases in this run (\(grid.cases.count) in the grid), \(mine.count - todo.count) already done, \(todo.count) to run")
        if !todo.isEmpty {
            let weatherYear = try reportingErrors {
                if let weather { return try WeatherReader.read(path: weather) }
                return try AnnualSimulation.defaultWeather(for: description)
            }
            let prepared = AnnualSimulation.prepare(weatherYear)
            let sun = try prepared.sunPositions(threads: threads)
            log.line("optics: ranking heliostats of the largest field and accumulating power per rank group…")
            let field = try sweepErrors {
                try SweepField.build(plant: description, weather: prepared, sun: sun, solarMultiples: grid.solarMultiples, threads: threads)
            }
            log.line(String(format: "optics done in %.1f s (%d heliostats in the largest field%@)", field.opticsSeconds,
                            field.baseHeliostats, field.regenerated ? ", layout regenerated" : ""))
            let bar = SweepProgressBar(total: todo.count, log: log)
            _ = try sweepErrors {
                try SweepSimulation.run(plant: description, field: field, weather: prepared, cases: todo, costs: costs,
                                        threads: threads) { r in
                    try folder.write(r)
                    bar.advance()
                }
            }
            bar.finish()
        }
        let merged = SweepFolder.merge([folder], grid: grid)
        if merged.missing.isEmpty {
            try writeOutputs(folder: folder, grid: grid, results: merged.results, objective: obj, plantName: description.spec.name,
                             missing: [], costed: costs != nil, log: log)
        } else {
            log.line("\(merged.missing.count) of \(grid.cases.count) cases not yet run (other shards?): merge with `solartower sweep merge \(out)`")
        }
        if let b = obj.best(merged.results) { print(bestLine(b, obj)) }
        log.line(String(format: "total %.1f s", Date().timeIntervalSince(t0)))
    }
}

struct SweepMergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge the cases of one or more sweep folders (shards) into sweep.csv, sweep.h5 and sweep.html.",
        discussion: "The grid is read from the first folder's manifest.txt; missing and duplicate cases are named.")

    @Argument(help: "Sweep folders (the first one receives the merged outputs).")
    var folders: [String]

    @Option(help: "Objective for the best case: lcoe, energy or capacity-factor (default: lcoe when costed, else energy).")
    var objective: String?

    func validate() throws {
        guard !folders.isEmpty else { throw ValidationError("give at least one sweep folder") }
        if let o = objective, SweepObjective(rawValue: o) == nil { throw ValidationError("--objective must be lcoe, energy or capacity-factor") }
    }

    func run() throws {
        let dirs = folders.map(SweepFolder.init(path:))
        let (plantPath, _, grid) = try sweepErrors { try dirs[0].readManifest() }
        for d in dirs.dropFirst() {
            let g = try sweepErrors { try d.readManifest().grid }
            if g != grid {
                FileHandle.standardError.write(Data("error: \(d.manifestPath): a different grid than \(dirs[0].manifestPath)\n".utf8))
                throw ExitCode.failure
            }
        }
        if let ms = try sweepErrors({ try MultiSiteSweep.read(root: folders[0]) }) {
            for d in folders.dropFirst() where (try? MultiSiteSweep.read(root: d)) != ms {
                FileHandle.standardError.write(Data("error: \(d)/manifest.txt: a different sweep (sites or grid) than \(dirs[0].manifestPath)\n".utf8))
                throw ExitCode.failure
            }
            let missing = try writeSiteOutputs(ms, roots: folders, objective: objective.flatMap(SweepObjective.init(rawValue:)),
                                               log: SweepProgress(enabled: true), report: true)
            if !missing.isEmpty { throw ExitCode(2) }
            return
        }
        let m = SweepFolder.merge(dirs, grid: grid)
        for u in m.unreadable { print("unreadable case file (ignored): \(u)") }
        if !m.duplicates.isEmpty { print("duplicate cases (first folder's kept): \(m.duplicates.joined(separator: ", "))") }
        if !m.missing.isEmpty { print("missing cases (\(m.missing.count)): \(m.missing.map(\.key).joined(separator: ", "))") }
        let costed = m.results.contains { $0.lcoe != nil }
        let obj = objective.flatMap(SweepObjective.init(rawValue:)) ?? (costed ? .lcoe : .energy)
        let name = (try? PlantDescription.load(path: plantPath).spec.name) ?? plantPath
        try writeOutputs(folder: dirs[0], grid: grid, results: m.results, objective: obj, plantName: name, missing: m.missing,
                         costed: costed, log: SweepProgress(enabled: true))
        if let b = obj.best(m.results) { print(bestLine(b, obj)) }
        if !m.missing.isEmpty { throw ExitCode(2) }
    }
}

extension SweepRunCommand {
    /// Several weather files: sites × storage × solar multiple, one site folder each under OUT/sites/.
    func runSites(grid: SweepGrid, description: PlantDescription, costs: SweepCosts?, objective: SweepObjective,
                  weathers: [String], log: SweepProgress, t0: Date) throws {
        let ms = MultiSiteSweep(plant: plant, sites: SweepSite.sites(weatherPaths: weathers), grid: grid)
        try sweepErrors { try ms.prepareFolders(root: out) }
        let mine = try parseShard().map { ms.cases(shard: $0.0, of: $0.1) } ?? ms.cases
        let todo = ms.sites.map { s in MultiSiteSweep.folder(root: out, site: s).pending(mine.filter { $0.site == s }.map(\.sweepCase)).count }.reduce(0, +)
        log.line("\(mine.count) cases in this run (\(ms.cases.count) = \(ms.sites.count) sites × \(grid.cases.count)), \(todo) to run")
        let bar = SweepProgressBar(total: max(todo, 1), log: log)
        try sweepErrors {
            try ms.run(plant: description, costs: costs, root: out, cases: mine, threads: threads, log: { log.line($0) }, advance: { bar.advance() })
        }
        if todo > 0 { bar.finish() }
        let missing = ms.merge(roots: [out]).missing
        if missing.isEmpty {
            _ = try writeSiteOutputs(ms, roots: [out], objective: objective, log: log, report: false)
        } else {
            log.line("\(missing.count) of \(ms.cases.count) cases not yet run (other shards?): merge with `solartower sweep merge \(out)`")
        }
        log.line(String(format: "total %.1f s", Date().timeIntervalSince(t0)))
    }

    /// `--slurm`: writes OUT/slurm/array.sbatch and merge.sbatch and submits them (or prints them with --dry-run).
    func submitToSlurm(grid: SweepGrid, description: PlantDescription, weathers: [String]) throws {
        let cwd = FileManager.default.currentDirectoryPath
        func absolute(_ p: String) -> String { ((p.hasPrefix("/") ? p : cwd + "/" + p) as NSString).standardizingPath }
        let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
        let binary = FileManager.default.isExecutableFile(atPath: exe) && exe != "/proc/self/exe" ? exe : absolute(CommandLine.arguments[0])
        let plantAbs = absolute(plant), outAbs = absolute(out), weathersAbs = weathers.map(absolute)
        let objectiveArgs = objective.map { ["--objective", $0] } ?? []
        let job = SweepSlurmJob(binary: binary,
                                runArguments: [plantAbs, "--storage-hours", storageHours, "--solar-multiple", solarMultiple]
                                    + weathersAbs.flatMap { ["--weather", $0] } + objectiveArgs,
                                mergeArguments: objectiveArgs, out: outAbs, tasks: tasks, partition: partition,
                                cpusPerTask: cpusPerTask, workingDirectory: cwd)
        if dryRun {
            print("# \(job.arrayScriptPath) (sbatch \(job.arrayScriptPath))\n" + job.arrayScript)
            print("# \(job.mergeScriptPath) (sbatch --dependency=afterok:<array job id> \(job.mergeScriptPath))\n" + job.mergeScript)
            return
        }
        try sweepErrors {
            if weathersAbs.count > 1 {
                try MultiSiteSweep(plant: plantAbs, sites: SweepSite.sites(weatherPaths: weathersAbs), grid: grid).prepareFolders(root: outAbs)
            } else {
                let folder = SweepFolder(path: outAbs)
                let manifest = SweepFolder.manifest(plant: plantAbs, weather: weathersAbs.first ?? description.spec.defaultWeatherPath ?? "(none)", grid: grid)
                try FileManager.default.createDirectory(atPath: outAbs, withIntermediateDirectories: true)
                if let old = try? String(contentsOfFile: folder.manifestPath, encoding: .utf8), old != manifest {
                    throw SweepError(path: folder.manifestPath, "this folder holds a different sweep (plant, weather or grid differ): use another --out or delete it")
                }
                try AtomicFile.write(manifest, to: folder.manifestPath)
            }
            try job.writeScripts()
            let ids = try job.submit()
            print("array job \(ids.array) (\(tasks) tasks: \(ids.array)_1 … \(ids.array)_\(tasks))")
            print("merge job \(ids.merge) (--dependency=afterok:\(ids.array))")
            print("scripts and task logs: \(job.scriptFolder); results: \(outAbs)/sweep.csv")
            print("resubmit failed tasks only: sbatch --array=<ids> \(job.arrayScriptPath), then: \(binary) sweep merge \(outAbs)")
        }
    }
}

/// Multi-site outputs: each site folder's sweep.csv/h5/html and the combined OUT/sweep.csv (site column first).
/// Returns the missing case keys (`site/h…_sm…`); `report` prints missing/duplicate/unreadable cases.
func writeSiteOutputs(_ ms: MultiSiteSweep, roots: [String], objective: SweepObjective?, log: SweepProgress, report: Bool) throws -> [String] {
    let m = ms.merge(roots: roots)
    if report {
        for u in m.unreadable { print("unreadable case file (ignored): \(u)") }
        if !m.duplicates.isEmpty { print("duplicate cases (first folder's kept): \(m.duplicates.joined(separator: ", "))") }
        if !m.missing.isEmpty { print("missing cases (\(m.missing.count)): \(m.missing.joined(separator: ", "))") }
    }
    let costed = m.results.contains { $0.result.lcoe != nil }
    let obj = objective ?? (costed ? .lcoe : .energy)
    let name = (try? PlantDescription.load(path: ms.plant).spec.name) ?? ms.plant
    for s in ms.sites {
        let rs = m.perSite[s] ?? []
        let have = Set(rs.map(\.sweepCase.key))
        try writeOutputs(folder: MultiSiteSweep.folder(root: roots[0], site: s), grid: ms.grid, results: rs, objective: obj,
                         plantName: name + " at " + s.key, missing: ms.grid.cases.filter { !have.contains($0.key) }, costed: costed, log: log)
        if let b = obj.best(rs) { print(s.key + ": " + bestLine(b, obj)) }
    }
    let csvPath = roots[0] + "/sweep.csv"
    try reportingErrors { try AtomicFile.write(MultiSiteSweep.csv(m.results), to: csvPath) }
    log.line("wrote \(csvPath) (\(m.results.count) of \(ms.cases.count) cases, \(ms.sites.count) sites)")
    return m.missing
}

func bestLine(_ b: SweepCaseResult, _ obj: SweepObjective) -> String {
    String(format: "best by %@: %@ h storage, solar multiple %@: %.1f MWh net, capacity factor %.3f%@", obj.rawValue,
           SweepCase.format(b.storageHours), SweepCase.format(b.solarMultiple), b.netEnergy / 3.6e9, b.capacityFactor,
           b.lcoe.map { String(format: ", LCOE %.1f USD/MWh", $0) } ?? "")
}

/// Writes sweep.csv, sweep.h5 (/sweep group) and sweep.html in the folder, each atomically.
func writeOutputs(folder: SweepFolder, grid: SweepGrid, results: [SweepCaseResult], objective: SweepObjective,
                  plantName: String, missing: [SweepCase], costed: Bool, log: SweepProgress) throws {
    let csvPath = folder.path + "/sweep.csv", h5Path = folder.path + "/sweep.h5", htmlPath = folder.path + "/sweep.html"
    try reportingErrors { try AtomicFile.write(SweepReport.csv(results), to: csvPath) }
    let notes = ["Method: optics of the largest field computed once; smaller solar multiples take the best heliostats by annual yield "
                 + "(shading and blocking of the largest field kept); receiver geometry fixed, its design power ∝ solar multiple. "
                 + "Storage cycles = heat drawn from storage / capacity. See docs/sweeps.md."]
    try reportingErrors {
        try AtomicFile.write(SweepReport.html(plantName: plantName, grid: grid, results: results, objective: objective,
                                              missing: missing, notes: notes), to: htmlPath)
    }
    let rs = results.sorted { $0.sweepCase < $1.sweepCase }
    try AtomicH5Writer.write(to: h5Path) { file in
        let g = try file.createGroup("sweep")
        try g.setAttribute("plant", plantName)
        try g.setAttribute("objective", objective.rawValue)
        try g.setAttribute("grid_storage_hours", grid.storageHours)
        try g.setAttribute("grid_solar_multiples", grid.solarMultiples)
        try g.setAttribute("missing_cases", missing.map(\.key))
        if let b = objective.best(rs) { try g.setAttribute("best_case", b.sweepCase.key) }
        func col(_ name: String, _ unit: String, _ desc: String, _ f: (SweepCaseResult) -> Double) throws {
            try g.write(name, rs.map(f), units: unit, description: desc)
        }
        try col("storage_hours", "h", "storage capacity in full-load hours of cycle heat input", { $0.storageHours })
        try col("solar_multiple", "1", "receiver design thermal power / cycle design heat input", { $0.solarMultiple })
        try col("heliostats", "1", "heliostats in the case's field", { Double($0.heliostats) })
        try col("mirror_area", "m2", "mirror area", { $0.mirrorArea })
        try col("receiver_design_power", "W", "receiver design thermal power", { $0.receiverDesignPower })
        try col("storage_capacity", "J", "storage capacity", { $0.storageCapacity })
        try col("net_energy", "J", "annual net electricity", { $0.netEnergy })
        try col("capacity_factor", "1", "net / (design net rating x duration)", { $0.capacityFactor })
        try col("full_load_hours", "h", "net energy / design net rating", { $0.fullLoadHours })
        try col("receiver_incident", "J", "power offered on the receiver, integrated", { $0.receiverIncident })
        try col("dumped", "J", "offered energy defocused or dumped", { $0.dumped })
        try col("storage_discharged", "J", "heat drawn from storage", { $0.storageDischarged })
        try col("storage_cycles", "1", "heat drawn from storage / capacity", { $0.storageCycles })
        try col("receiver_starts", "1", "receiver starts", { Double($0.receiverStarts) })
        try col("tank_losses", "J", "heat lost by both storage tanks", { $0.tankLosses })
        if costed {
            try col("installed_cost", "USD", "installed cost ([costs] table)", { $0.installedCost ?? .nan })
            try col("lcoe", "USD/MWh", "levelized cost of electricity, fixed-charge-rate method; NaN where undefined (annual net energy <= 0; the CSV leaves the field empty)", { $0.lcoe ?? .nan })
        }
    }
    log.line("wrote \(csvPath), \(h5Path), \(htmlPath)")
}

/// Sweep errors printed as `path:line: message`, exit status 1.
func sweepErrors<T>(_ body: () throws -> T) throws -> T {
    do { return try reportingErrors(body) } catch let e as SweepError {
        FileHandle.standardError.write(Data(("error: " + e.description + "\n").utf8))
        throw ExitCode.failure
    } catch let e as ThermalInputError {
        FileHandle.standardError.write(Data(("error: \(e)\n").utf8))
        throw ExitCode.failure
    }
}

/// Plain log lines on standard error.
struct SweepProgress: Sendable {
    let enabled: Bool
    func line(_ s: String) { if enabled { FileHandle.standardError.write(Data((s + "\n").utf8)) } }
}

/// Progress bar with rate and remaining time on a terminal; a plain line every 10 % (and at the end) otherwise.
final class SweepProgressBar: @unchecked Sendable {
    let total: Int, log: SweepProgress, start = Date(), terminal = isatty(STDERR_FILENO) == 1
    private var done = 0, lastDecile = 0
    private let lock = NSLock()
    init(total: Int, log: SweepProgress) { self.total = total; self.log = log }

    func advance() {
        lock.lock(); defer { lock.unlock() }
        done += 1
        guard log.enabled else { return }
        let t = Date().timeIntervalSince(start), rate = Double(done) / max(t, 1e-9)
        let eta = Double(total - done) / max(rate, 1e-9)
        let text = String(format: "%d/%d cases, %.2f cases/s, %.0f s left", done, total, rate, eta)
        if terminal {
            let width = 30, filled = width * done / max(total, 1)
            let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
            FileHandle.standardError.write(Data(("\r\u{1B}[K[" + bar + "] " + text).utf8))
        } else if done * 10 / max(total, 1) > lastDecile || done == total {
            lastDecile = done * 10 / max(total, 1)
            FileHandle.standardError.write(Data((text + "\n").utf8))
        }
    }

    func finish() { if terminal && log.enabled { FileHandle.standardError.write(Data("\n".utf8)) } }
}

/// `simulate PLANT --storage-hours H --solar-multiple S [--solar-multiple-grid G]`: one case through the sweep's
/// code path (`SweepSimulation.single`), so it equals the sweep's case exactly when G is the sweep's grid.
func simulateSweepCase(plant: String, weather: String?, storageHours: Double?, solarMultiple: Double?, grid: String?,
                       csv: String?, threads: Int) throws {
    let description = try reportingErrors { try PlantDescription.load(path: plant) }
    let spec = description.spec
    let hours = storageHours ?? spec.storage.capacity / 3600 / spec.powerBlock.designHeatInput
    let sm = solarMultiple ?? SweepField.designSolarMultiple(of: spec)
    let gridValues = try sweepErrors { try grid.map { try SweepRange(parsing: $0, option: "--solar-multiple-grid").values } ?? [sm] }
    _ = try sweepErrors { try SweepGrid(storageHours: [hours], solarMultiples: gridValues + [sm]) }
    let weatherYear = try reportingErrors {
        if let weather { return try WeatherReader.read(path: weather) }
        return try AnnualSimulation.defaultWeather(for: description)
    }
    let (r, thermal, field) = try sweepErrors {
        try SweepSimulation.single(plant: description, weather: weatherYear, storageHours: hours, solarMultiple: sm,
                                   grid: gridValues, threads: threads)
    }
    print("\(spec.name): \(SweepCase.format(hours)) h storage, solar multiple \(SweepCase.format(sm)) "
          + "(field: \(r.heliostats) best of \(field.baseHeliostats) heliostats, grid \(field.solarMultiples.map(SweepCase.format).joined(separator: ",")))")
    print(SweepCaseResult.csvHeader)
    print(r.csvRow)
    print(String(format: "net %.3f MWh, capacity factor %.4f, full-load hours %.1f h", r.netEnergy / 3.6e9, r.capacityFactor, r.fullLoadHours))
    if let csv {
        try reportingErrors { try AtomicFile.write(thermal.hourlyCSV(), to: csv) }
        print("hourly results: \(csv)")
    }
}
