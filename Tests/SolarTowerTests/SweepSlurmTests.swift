import Foundation
import Testing
@testable import SolarTower

/// Multi-site sweeps and the Slurm job scripts (no cluster needed).
@Suite("Sweep sites and Slurm scripts")
struct SweepSiteTests {
    static let grid = try! SweepGrid(storageHours: [2, 4, 8], solarMultiples: [1.5, 2, 2.5, 3])

    @Test func siteKeysComeFromFileNamesAndAreUnique() {
        let s = SweepSite.sites(weatherPaths: ["a/delingha 2020.csv", "b/delingha 2020.csv", "c/x.epw"])
        #expect(s.map(\.key) == ["delingha_2020", "delingha_2020-2", "x"])
        #expect(SweepSite.weatherPaths(options: ["a.csv,b.epw", " c.csv "]) == ["a.csv", "b.epw", "c.csv"])
    }

    @Test func siteShardsPartitionTheCases() {
        let ms = MultiSiteSweep(plant: "p.toml", sites: SweepSite.sites(weatherPaths: ["a.csv", "b.csv"]), grid: Self.grid)
        #expect(ms.cases.count == 24)
        let shards = (1...4).map { ms.cases(shard: $0, of: 4).map(\.key) }
        #expect(shards.allSatisfy { $0.count == 6 })
        #expect(Set(shards.flatMap { $0 }) == Set(ms.cases.map(\.key)))
        #expect(Set(shards.flatMap { $0 }).count == 24)
        #expect(ms.cases[0].key == "a/h2_sm1.5" && ms.cases[23].key == "b/h8_sm3")
    }

    @Test func manifestRoundTripsAndMergeNamesMissingSiteCases() throws {
        let root = SweepFixture.tempDir()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let ms = MultiSiteSweep(plant: "p.toml", sites: SweepSite.sites(weatherPaths: ["w/a.csv", "w/b.epw"]), grid: Self.grid)
        try ms.prepareFolders(root: root)
        #expect(try MultiSiteSweep.read(root: root) == ms)
        #expect(try MultiSiteSweep.read(root: MultiSiteSweep.folder(root: root, site: ms.sites[0]).path) == nil)
        // Shards 1–3 of 4 written (fake results: only the keys matter here).
        for c in (1...3).flatMap({ ms.cases(shard: $0, of: 4) }) {
            try MultiSiteSweep.folder(root: root, site: c.site).write(SweepCaseResult(
                storageHours: c.sweepCase.storageHours, solarMultiple: c.sweepCase.solarMultiple, heliostats: 3, mirrorArea: 1,
                receiverDesignPower: 1, storageCapacity: 1, netEnergy: 1, capacityFactor: 0.1, fullLoadHours: 1, receiverIncident: 1,
                dumped: 0, storageDischarged: 0, storageCycles: 0, receiverStarts: 1, tankLosses: 0, installedCost: nil, lcoe: nil))
        }
        let m = ms.merge(roots: [root])
        #expect(m.missing == ms.cases(shard: 4, of: 4).map(\.key))
        #expect(m.results.count == 18 && m.duplicates.isEmpty && m.unreadable.isEmpty)
        let csv = MultiSiteSweep.csv(m.results).split(separator: "\n")
        #expect(csv[0] == "site," + SweepCaseResult.csvHeader)
        #expect(csv.count == 19 && csv[1].hasPrefix("a,2,1.5,"))
        // A different grid in the same folder is refused.
        let other = MultiSiteSweep(plant: "p.toml", sites: ms.sites, grid: try SweepGrid(storageHours: [2], solarMultiples: [2]))
        #expect(throws: SweepError.self) { try other.prepareFolders(root: root) }
    }

    @Test func arrayScriptRunsFixedShardsAndMergeWaitsForTheArray() {
        let job = SweepSlurmJob(binary: "/opt/bin/solartower", runArguments: ["/p/it's.toml", "--storage-hours", "2,4"],
                                mergeArguments: ["--objective", "energy"], out: "/scratch/s", tasks: 7, partition: "short",
                                cpusPerTask: 2, workingDirectory: "/home/u")
        let a = job.arrayScript
        #expect(a.hasPrefix("#!/bin/bash\n"))
        #expect(a.contains("#SBATCH --array=1-7\n") && a.contains("#SBATCH --partition=short\n") && a.contains("#SBATCH --cpus-per-task=2\n"))
        #expect(a.contains("shards=7\n") && a.contains("--shard \"${SLURM_ARRAY_TASK_ID}/$shards\""))
        #expect(a.contains("SLURM_ARRAY_TASK_COUNT"))
        #expect(a.contains("exec '/opt/bin/solartower' 'sweep' 'run' '/p/it'\\''s.toml' '--storage-hours' '2,4' '--out' '/scratch/s'"))
        #expect(job.mergeScript.contains("exec '/opt/bin/solartower' 'sweep' 'merge' '/scratch/s' '--objective' 'energy'"))
        #expect(!job.mergeScript.contains("--array"))
    }

    @Test func sbatchAnswersParse() {
        #expect(SweepSlurmJob.jobID(sbatchOutput: "Submitted batch job 4711\n") == 4711)
        #expect(SweepSlurmJob.jobID(sbatchOutput: "4712;cluster\n") == 4712)
        #expect(SweepSlurmJob.jobID(sbatchOutput: "sbatch: error: Batch job submission failed: Invalid partition name specified\n") == nil)
        #expect(SweepSlurmJob.jobID(sbatchOutput: "") == nil)
    }
}

/// A Slurm cluster reachable from this machine (`sinfo` shows a usable node) and the `solartower` binary next to the
/// test executable (built by `swift test`) or in $SOLARTOWER_BIN.
enum SlurmTestCluster {
    static let binary: String? = {
        if let b = ProcessInfo.processInfo.environment["SOLARTOWER_BIN"], FileManager.default.isExecutableFile(atPath: b) { return b }
        let dir = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        let b = dir.appendingPathComponent("solartower").path
        return FileManager.default.isExecutableFile(atPath: b) ? b : nil
    }()

    static let available: Bool = {
        guard binary != nil, let r = try? SlurmCommand.run("sinfo", ["-h", "-o", "%T"]), r.status == 0 else { return false }
        let up = r.output.split(separator: "\n").contains { ["idle", "mixed", "allocated", "completing"].contains($0.trimmingCharacters(in: .whitespaces)) }
        guard up, let q = try? SlurmCommand.run("squeue", ["-h"]), q.status == 0 else { return false }
        return true
    }()

    static let skipMessage: Comment = "SKIPPED: no working Slurm cluster (sinfo/squeue) or no solartower binary; start one with ../shared/tools/slurm-local up (tools/slurm-sweep-test does)"

    static let plant = SharedData.corpus("plants/sweep-small.toml")
    static let weathers = [SharedData.corpus("weather/sam-valid.csv"), SharedData.corpus("weather/epw-valid.epw")]
    static let axes = ["--storage-hours", "2,4,8", "--solar-multiple", "1.5,2,2.5,3"]

    /// Runs the solartower binary; status and stdout+stderr.
    static func solartower(_ args: [String]) throws -> (status: Int32, output: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary!)
        p.arguments = args
        let pipe = Pipe()
        p.standardOutput = pipe; p.standardError = pipe
        try p.run()
        let d = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: d, as: UTF8.self))
    }

    /// The serial (single-process) reference sweep's combined CSV.
    static func serialCSV(_ dir: String) throws -> String {
        let r = try solartower(["sweep", plant] + axes + weathers.flatMap { ["--weather", $0] } + ["--out", dir, "--threads", "2", "--quiet"])
        #expect(r.status == 0, "serial sweep failed: \(r.output)")
        return try String(contentsOfFile: dir + "/sweep.csv", encoding: .utf8)
    }

    /// Waits until none of `jobs` (ids, or id_task) is pending or running in squeue; false on timeout.
    static func wait(_ jobs: [String], timeout: TimeInterval = 180) throws -> Bool {
        let end = Date().addingTimeInterval(timeout)
        while Date() < end {
            let r = try SlurmCommand.run("squeue", ["-h", "-o", "%i %T", "-j", jobs.joined(separator: ",")])
            let live = r.output.split(separator: "\n").filter { !$0.contains("DependencyNeverSatisfied") }
            if r.status != 0 || live.isEmpty { return true }
            Thread.sleep(forTimeInterval: 1)
        }
        return false
    }

    static func tempDir(_ name: String) -> String {
        // Job outputs must be visible to the node: on this single-node cluster any local folder is.
        let p = FileManager.default.temporaryDirectory.appendingPathComponent("slurm-\(name)-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: p, withIntermediateDirectories: true)
        return p
    }
}

/// Real Slurm job arrays (3 storage × 4 SM × 2 sites = 24 cases, 4 array tasks). Skipped without a cluster.
@Suite("Sweep on a Slurm cluster", .serialized, .enabled(if: SlurmTestCluster.available, SlurmTestCluster.skipMessage))
struct SweepSlurmClusterTests {
    @Test func jobArrayMergeEqualsSerialSweep() throws {
        let serialDir = SlurmTestCluster.tempDir("serial"), out = SlurmTestCluster.tempDir("array")
        defer { try? FileManager.default.removeItem(atPath: serialDir); try? FileManager.default.removeItem(atPath: out) }
        let serial = try SlurmTestCluster.serialCSV(serialDir)
        let sub = try SlurmTestCluster.solartower(["sweep", SlurmTestCluster.plant] + SlurmTestCluster.axes
            + SlurmTestCluster.weathers.flatMap { ["--weather", $0] } + ["--out", out, "--slurm", "--tasks", "4"])
        #expect(sub.status == 0, "submission failed: \(sub.output)")
        let ids = sub.output.split(separator: "\n").compactMap { l -> String? in
            let w = l.split(separator: " ")
            return w.count >= 3 && (w[0] == "array" || w[0] == "merge") && w[1] == "job" ? String(w[2]) : nil
        }
        try #require(ids.count == 2, "expected an array and a merge job id in: \(sub.output)")
        print("Slurm sweep: array job \(ids[0]) (4 tasks), merge job \(ids[1]) (afterok:\(ids[0]))")
        #expect(try SlurmTestCluster.wait(ids), "jobs \(ids) did not finish within 180 s")
        let merged = try String(contentsOfFile: out + "/sweep.csv", encoding: .utf8)
        #expect(merged.split(separator: "\n").count == 25)
        #expect(merged == serial, "merged CSV of array job \(ids[0]) differs from the serial sweep")
        if merged == serial { print("Slurm sweep: array job \(ids[0]): merged CSV equals the single-process sweep exactly (24 cases, 2 sites)") }
    }

    @Test func cancelledTaskIsNamedByMergeAndResubmittingItCompletesTheSweep() throws {
        let serialDir = SlurmTestCluster.tempDir("serial"), out = SlurmTestCluster.tempDir("cancel")
        defer { try? FileManager.default.removeItem(atPath: serialDir); try? FileManager.default.removeItem(atPath: out) }
        let serial = try SlurmTestCluster.serialCSV(serialDir)
        let sites = SweepSite.sites(weatherPaths: SlurmTestCluster.weathers)
        let ms = MultiSiteSweep(plant: SlurmTestCluster.plant, sites: sites, grid: SweepSiteTests.grid)
        try ms.prepareFolders(root: out)
        let job = SweepSlurmJob(binary: SlurmTestCluster.binary!, runArguments: [SlurmTestCluster.plant] + SlurmTestCluster.axes
                                    + SlurmTestCluster.weathers.flatMap { ["--weather", $0] },
                                out: out, tasks: 4, partition: nil, workingDirectory: FileManager.default.currentDirectoryPath)
        try job.writeScripts()
        // Held, so that task 4 is cancelled before it can run.
        let a = try SweepSlurmJob.sbatch(["--hold", job.arrayScriptPath])
        let m = try SweepSlurmJob.sbatch(["--dependency=afterok:\(a)", job.mergeScriptPath])
        print("Slurm cancel test: array job \(a), merge job \(m); cancelling \(a)_4")
        let c = try SlurmCommand.run("scancel", ["\(a)_4"])
        #expect(c.status == 0, "scancel \(a)_4: \(c.error)")
        _ = try SlurmCommand.run("scontrol", ["release", "\(a)"])
        #expect(try SlurmTestCluster.wait(["\(a)"]), "array \(a) did not finish within 180 s")
        _ = try SlurmCommand.run("scancel", ["\(m)"])  // its dependency can never be satisfied now
        let refused = try SlurmTestCluster.solartower(["sweep", "merge", out])
        #expect(refused.status == 2)
        let expected = ms.cases(shard: 4, of: 4).map(\.key)
        #expect(refused.output.contains("missing cases (\(expected.count)): " + expected.joined(separator: ", ")), "\(refused.output)")
        let r = try SweepSlurmJob.sbatch(["--array=4", job.arrayScriptPath])
        print("Slurm cancel test: resubmitted task 4 as job \(r)")
        #expect(try SlurmTestCluster.wait(["\(r)"]), "resubmitted task \(r) did not finish within 180 s")
        let ok = try SlurmTestCluster.solartower(["sweep", "merge", out])
        #expect(ok.status == 0, "\(ok.output)")
        #expect(try String(contentsOfFile: out + "/sweep.csv", encoding: .utf8) == serial)
    }
}
