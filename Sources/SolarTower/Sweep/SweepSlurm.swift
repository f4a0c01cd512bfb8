import Foundation

/// One site of a multi-site sweep: a short key (from the weather file's name) and the weather file.
public struct SweepSite: Sendable, Hashable {
    /// Folder and case-key prefix, e.g. `sam-valid` (letters, digits, `.`, `_`, `-`).
    public var key: String
    /// Weather file path.
    public var weatherPath: String
    public init(key: String, weatherPath: String) { self.key = key; self.weatherPath = weatherPath }

    /// Sites for weather files, keyed by file name without extension; repeated names get `-2`, `-3`, …
    public static func sites(weatherPaths: [String]) -> [SweepSite] {
        var used: Set<String> = [], out: [SweepSite] = []
        for p in weatherPaths {
            let base = (p as NSString).lastPathComponent
            let stem = (base as NSString).deletingPathExtension
            var key = String(stem.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "_" || $0 == "-") ? $0 : "_" })
            if key.isEmpty { key = "site" }
            var k = key, n = 1
            while used.contains(k) { n += 1; k = "\(key)-\(n)" }
            used.insert(k)
            out.append(SweepSite(key: k, weatherPath: p))
        }
        return out
    }

    /// `--weather` values: each may be a comma list.
    public static func weatherPaths(options: [String]) -> [String] {
        options.flatMap { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }.filter { !$0.isEmpty }
    }
}

/// One case of a multi-site sweep: a site and a storage-hours × solar-multiple case.
public struct SiteCase: Sendable, Hashable {
    public var site: SweepSite
    public var sweepCase: SweepCase
    public init(site: SweepSite, sweepCase: SweepCase) { self.site = site; self.sweepCase = sweepCase }
    /// Case key including the site, e.g. `sam-valid/h4_sm2.5`.
    public var key: String { site.key + "/" + sweepCase.key }
}

/// A sweep over sites × storage hours × solar multiple. Layout of its folder `root`: `manifest.txt` (plant, grid and
/// one `site.KEY = weather` line per site), `sites/KEY/` (an ordinary single-site sweep folder per site: manifest,
/// `cases/`, and after a complete merge its own sweep.csv/h5/html) and the combined `sweep.csv` (a `site` column first).
public struct MultiSiteSweep: Sendable, Equatable {
    public var plant: String
    public var sites: [SweepSite]
    public var grid: SweepGrid
    public init(plant: String, sites: [SweepSite], grid: SweepGrid) { self.plant = plant; self.sites = sites; self.grid = grid }

    /// All cases, site major (in the order given), then the grid's order.
    public var cases: [SiteCase] { sites.flatMap { s in grid.cases.map { SiteCase(site: s, sweepCase: $0) } } }

    /// The cases of shard `index` (1-based) of `count`: case j of `cases` belongs to shard (j mod count) + 1.
    public func cases(shard index: Int, of count: Int) -> [SiteCase] {
        cases.enumerated().filter { $0.offset % count == index - 1 }.map(\.element)
    }

    /// The single-site folder of a site under `root`.
    public static func folder(root: String, site: SweepSite) -> SweepFolder { SweepFolder(path: root + "/sites/" + site.key) }

    /// Top-level manifest text.
    public var manifest: String {
        SweepFolder.manifest(plant: plant, weather: sites.map(\.weatherPath).joined(separator: ","), grid: grid)
            + sites.map { "site.\($0.key) = \($0.weatherPath)\n" }.joined()
    }

    /// Creates `root` and the site folders and writes the manifests (atomically); refuses a folder holding another sweep.
    public func prepareFolders(root: String) throws {
        let path = root + "/manifest.txt"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        if let old = try? String(contentsOfFile: path, encoding: .utf8), old != manifest {
            throw SweepError(path: path, "this folder holds a different sweep (plant, sites or grid differ): use another --out or delete it")
        }
        try AtomicFile.write(manifest, to: path)
        for s in sites {
            let f = Self.folder(root: root, site: s)
            try FileManager.default.createDirectory(atPath: f.path, withIntermediateDirectories: true)
            try AtomicFile.write(SweepFolder.manifest(plant: plant, weather: s.weatherPath, grid: grid), to: f.manifestPath)
        }
    }

    /// Reads a folder's manifest: the multi-site sweep, or nil when it is a single-site sweep (no `site.` lines).
    public static func read(root: String) throws -> MultiSiteSweep? {
        let folder = SweepFolder(path: root)
        let (plant, _, grid) = try folder.readManifest()
        let text = (try? String(contentsOfFile: folder.manifestPath, encoding: .utf8)) ?? ""
        var sites: [SweepSite] = []
        for (i, l) in text.split(separator: "\n").enumerated() where l.hasPrefix("site.") {
            guard let eq = l.firstIndex(of: "=") else { throw SweepError(path: folder.manifestPath, line: i + 1, "expected site.KEY = weather") }
            let key = l[l.index(l.startIndex, offsetBy: 5)..<eq].trimmingCharacters(in: .whitespaces)
            let w = l[l.index(after: eq)...].trimmingCharacters(in: .whitespaces)
            guard !key.isEmpty, !key.contains("/"), !sites.contains(where: { $0.key == key }) else {
                throw SweepError(path: folder.manifestPath, line: i + 1, "expected a unique site key without '/', got '\(key)'")
            }
            sites.append(SweepSite(key: key, weatherPath: w))
        }
        return sites.isEmpty ? nil : MultiSiteSweep(plant: plant, sites: sites, grid: grid)
    }

    /// Merge of several folders (shards) of this sweep: results per site in grid order, missing and duplicate case keys
    /// (`site/h…_sm…`), unreadable case files.
    public func merge(roots: [String]) -> (results: [(site: SweepSite, result: SweepCaseResult)], perSite: [SweepSite: [SweepCaseResult]],
                                           missing: [String], duplicates: [String], unreadable: [String]) {
        var all: [(SweepSite, SweepCaseResult)] = [], perSite: [SweepSite: [SweepCaseResult]] = [:]
        var missing: [String] = [], dups: [String] = [], bad: [String] = []
        for s in sites {
            let m = SweepFolder.merge(roots.map { Self.folder(root: $0, site: s) }, grid: grid)
            all += m.results.map { (s, $0) }
            perSite[s] = m.results
            missing += m.missing.map { s.key + "/" + $0.key }
            dups += m.duplicates.map { s.key + "/" + $0 }
            bad += m.unreadable
        }
        return (all.map { (site: $0.0, result: $0.1) }, perSite, missing, dups, bad)
    }

    /// Combined CSV: `site` column, then the single-site columns (`SweepCaseResult.csvHeader`).
    public static func csv(_ rows: [(site: SweepSite, result: SweepCaseResult)]) -> String {
        "site," + SweepCaseResult.csvHeader + "\n" + rows.map { $0.site.key + "," + $0.result.csvRow + "\n" }.joined()
    }

    /// Runs the cases not yet done among `cases` (one shard or all), site by site: weather, SPA and the shared optics
    /// once per site that has work, then the thermal cases on `threads` workers; each finished case is written to its
    /// site folder atomically. `log` gets progress lines, `advance` is called once per finished case.
    public func run(plant description: PlantDescription, costs: SweepCosts?, root: String, cases: [SiteCase], threads: Int,
                    log: (String) -> Void, advance: @escaping @Sendable () -> Void) throws {
        // A missing weather file fails before any site is run.
        for s in sites where cases.contains(where: { $0.site == s }) && !FileManager.default.isReadableFile(atPath: s.weatherPath) {
            throw SweepError(path: s.weatherPath, "cannot read this weather file (site \(s.key)); expected a readable weather file")
        }
        for s in sites {
            let mine = cases.filter { $0.site == s }.map(\.sweepCase)
            guard !mine.isEmpty else { continue }
            let folder = Self.folder(root: root, site: s)
            let todo = folder.pending(mine)
            log("site \(s.key) (\(s.weatherPath)): \(mine.count) cases in this run, \(todo.count) to run")
            guard !todo.isEmpty else { continue }
            let weather = AnnualSimulation.prepare(try WeatherReader.read(path: s.weatherPath))
            let sun = try weather.sunPositions(threads: threads)
            let field = try SweepField.build(plant: description, weather: weather, sun: sun, solarMultiples: grid.solarMultiples, threads: threads)
            log(String(format: "site %@: optics done in %.1f s", s.key, field.opticsSeconds))
            _ = try SweepSimulation.run(plant: description, field: field, weather: weather, cases: todo, costs: costs, threads: threads) { r in
                try folder.write(r)
                advance()
            }
        }
    }
}

/// A sweep as a Slurm job array (one shard per array task) plus a merge job that runs after the whole array succeeded
/// (`--dependency=afterok:<array id>`). Scripts for `sbatch`; see docs/sweeps.md.
public struct SweepSlurmJob: Sendable, Equatable {
    /// Absolute path of the `solartower` binary the tasks run (shared file system).
    public var binary: String
    /// `sweep run` arguments without `--out`, `--shard`, `--threads`, `--quiet` (absolute paths), e.g. plant, axes, weather.
    public var runArguments: [String]
    /// Extra `sweep merge` arguments (e.g. `--objective lcoe`).
    public var mergeArguments: [String]
    /// Absolute results folder (shared by every task: case files do not collide).
    public var out: String
    /// Array tasks = shards.
    public var tasks: Int
    public var partition: String?
    public var cpusPerTask: Int
    /// Working directory of the jobs.
    public var workingDirectory: String
    public var jobName: String

    public init(binary: String, runArguments: [String], mergeArguments: [String] = [], out: String, tasks: Int, partition: String?,
                cpusPerTask: Int = 1, workingDirectory: String, jobName: String = "solartower-sweep") {
        self.binary = binary; self.runArguments = runArguments; self.mergeArguments = mergeArguments; self.out = out
        self.tasks = tasks; self.partition = partition; self.cpusPerTask = cpusPerTask; self.workingDirectory = workingDirectory
        self.jobName = jobName
    }

    /// Folder of the scripts and job logs: `OUT/slurm`.
    public var scriptFolder: String { out + "/slurm" }
    public var arrayScriptPath: String { scriptFolder + "/array.sbatch" }
    public var mergeScriptPath: String { scriptFolder + "/merge.sbatch" }

    /// Single-quoted for bash.
    public static func quote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    private var header: [String] {
        ["#SBATCH --chdir=" + workingDirectory] + (partition.map { ["#SBATCH --partition=" + $0] } ?? [])
    }

    /// The job-array script: task i runs `sweep run … --shard i/TASKS`.
    public var arrayScript: String {
        let q = Self.quote
        return (["#!/bin/bash", "#SBATCH --job-name=" + jobName, "#SBATCH --array=1-\(tasks)",
                 "#SBATCH --cpus-per-task=\(cpusPerTask)", "#SBATCH --output=" + scriptFolder + "/task-%A_%a.out"] + header + [
            "# One shard of the sweep per array task. The shard count is fixed here (not SLURM_ARRAY_TASK_COUNT) so that",
            "# resubmitting only failed tasks (sbatch --array=3,7 \(arrayScriptPath)) runs the same shards.",
            "set -euo pipefail",
            "shards=\(tasks)",
            "if [ \"${SLURM_ARRAY_TASK_COUNT:-$shards}\" != \"$shards\" ]; then",
            "  echo \"resubmission: array of ${SLURM_ARRAY_TASK_COUNT} task(s); running shard ${SLURM_ARRAY_TASK_ID}/$shards\"",
            "fi",
            "exec " + ([binary, "sweep", "run"] + runArguments + ["--out", out]).map(q).joined(separator: " ")
                + " --shard \"${SLURM_ARRAY_TASK_ID}/$shards\" --threads \"${SLURM_CPUS_PER_TASK:-1}\" --quiet",
        ]).joined(separator: "\n") + "\n"
    }

    /// The merge job (submitted with `--dependency=afterok:<array id>`).
    public var mergeScript: String {
        (["#!/bin/bash", "#SBATCH --job-name=" + jobName + "-merge", "#SBATCH --cpus-per-task=1",
          "#SBATCH --output=" + scriptFolder + "/merge-%j.out"] + header + [
            "# Submitted with sbatch --dependency=afterok:<array job id>: runs once every array task succeeded.",
            "set -euo pipefail",
            "exec " + ([binary, "sweep", "merge", out] + mergeArguments).map(Self.quote).joined(separator: " "),
        ]).joined(separator: "\n") + "\n"
    }

    /// The job id in sbatch's answer `Submitted batch job N` (or `--parsable`'s `N` / `N;cluster`).
    public static func jobID(sbatchOutput: String) -> Int? {
        for line in sbatchOutput.split(whereSeparator: \.isNewline) {
            let t = line.trimmingCharacters(in: .whitespaces)
            if t.hasPrefix("Submitted batch job "), let n = Int(t.dropFirst("Submitted batch job ".count).split(separator: " ").first ?? "") {
                return n
            }
            if let n = Int(t.split(separator: ";").first ?? "") { return n }
        }
        return nil
    }

    /// Writes both scripts (atomically) into `scriptFolder`.
    public func writeScripts() throws {
        try FileManager.default.createDirectory(atPath: scriptFolder, withIntermediateDirectories: true)
        try AtomicFile.write(arrayScript, to: arrayScriptPath)
        try AtomicFile.write(mergeScript, to: mergeScriptPath)
    }

    /// Submits the array, then the merge job depending on it; returns both job ids.
    public func submit() throws -> (array: Int, merge: Int) {
        let a = try Self.sbatch([arrayScriptPath])
        let m = try Self.sbatch(["--dependency=afterok:\(a)", mergeScriptPath])
        return (a, m)
    }

    /// Runs `sbatch ARGS` and returns the job id; a typed error with sbatch's message when it fails.
    public static func sbatch(_ arguments: [String]) throws -> Int {
        let r = try SlurmCommand.run("sbatch", arguments)
        guard r.status == 0, let id = jobID(sbatchOutput: r.output) else {
            throw SweepError(path: "sbatch", "sbatch \(arguments.joined(separator: " ")) failed (status \(r.status)): "
                             + (r.error + r.output).trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return id
    }
}

/// Runs Slurm's command-line tools (found on PATH).
public enum SlurmCommand {
    /// Runs `tool ARGS`, waits, returns status and captured output; throws when the tool cannot be started.
    public static func run(_ tool: String, _ arguments: [String]) throws -> (status: Int32, output: String, error: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = [tool] + arguments
        let out = Pipe(), err = Pipe()
        p.standardOutput = out; p.standardError = err
        do { try p.run() } catch { throw SweepError(path: tool, "cannot start \(tool): \(error)") }
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }
}
