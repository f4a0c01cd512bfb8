import ArgumentParser
import Foundation
import SolarTower

/// `solartower validate`: runs every validation group and writes VALIDATION.md, validation.csv and SVG plots.
struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Compare the model with published references; write VALIDATION.md, validation.csv and plots.",
        discussion: """
            Groups whose ../shared reference data is absent are listed as SKIPPED with the reason.
            Build in release for speed:  swift run -c release solartower validate
            Exit status 1 when any row fails (the files are written anyway).
            """
    )

    @Option(help: "Output folder for VALIDATION.md, validation.csv and validation/*.svg (default: the package root above the current directory, else the current directory).")
    var out: String?

    @Option(help: "Shared reference folder (default: ../shared beside the package root).")
    var shared: String?

    @Option(help: "Random instants for the pvlib agreement figure.")
    var pvlibSamples: Int = 10_000

    @Option(help: "Python interpreter for the pvlib oracle.")
    var python: String = "python3"

    @Option(help: "Rays per single-heliostat case of the Wang 2020 benchmark (rounds A and B).")
    var wangRays: Int = Wang2020Validation.Settings.report.raysSingleHeliostat

    @Option(help: "Rays per heliostat in the Wang 2020 field cases (round C, 522 heliostats).")
    var wangFieldRays: Int = Wang2020Validation.Settings.report.raysPerHeliostatField

    func validate() throws {
        if pvlibSamples < 1 { throw ValidationError("--pvlib-samples must be at least 1") }
        if wangRays < 1 || wangFieldRays < 1 { throw ValidationError("--wang-rays and --wang-field-rays must be at least 1") }
        if let shared, !FileManager.default.fileExists(atPath: shared) {
            throw ValidationError("--shared \(shared): no such folder")
        }
    }

    /// The folder holding Package.swift at or above the current directory.
    static func packageRoot() -> URL? {
        var dir = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).standardizedFileURL
        for _ in 0..<10 {
            if FileManager.default.fileExists(atPath: dir.appendingPathComponent("Package.swift").path) { return dir }
            let parent = dir.deletingLastPathComponent()
            if parent.path == dir.path { break }
            dir = parent
        }
        return nil
    }

    func run() throws {
        let start = Date()
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let root = Self.packageRoot() ?? cwd
        let outDir = out.map { URL(fileURLWithPath: $0) } ?? root
        let sharedRoot = shared.map { URL(fileURLWithPath: $0).standardizedFileURL }
            ?? ValidationContext.locateShared(from: root)
        let context = ValidationContext(sharedRoot: sharedRoot, python: python)
        let salt = SaltPropertyFunctions(label: "SolarSalt", density: { SolarSalt.density($0) },
                                         specificHeat: { SolarSalt.specificHeat($0) },
                                         enthalpyChange: { SolarSalt.enthalpy($1) - SolarSalt.enthalpy($0) })
        let wang = Wang2020Validation.Settings(raysSingleHeliostat: wangRays, raysPerHeliostatField: wangFieldRays)
        // The output folder first: an unwritable --out fails now, not after the whole run.
        do {
            try FileManager.default.createDirectory(at: outDir.appendingPathComponent("validation"),
                                                    withIntermediateDirectories: true)
        } catch {
            let folder = outDir.appendingPathComponent("validation").path
            let reason = AtomicFile.folderProblem(folder, mustExist: false) ?? "the file system refused it"
            FileHandle.standardError.write(Data("error: \(folder): cannot create the output folder: \(reason)\n".utf8))
            throw ExitCode.failure
        }
        let report = ValidationSuite.standard(salt: salt, pvlibSamples: pvlibSamples,
                                              plantsFolder: root.appendingPathComponent("Plants"), wang: wang)
            .run(in: context)

        for g in report.groups where g.rows.contains(where: { $0.status != .skipped }) {
            let svg = ValidationPlots.parity(title: g.name, rows: g.rows)
            try ValidationOutput.writeAtomically(
                svg, to: outDir.appendingPathComponent("validation/\(ValidationOutput.plotName(g.name)).svg").path)
        }
        for plot in SAMLossChainValidation.lossChainPlots(report) {
            try ValidationOutput.writeAtomically(plot.svg, to: outDir.appendingPathComponent("validation/\(plot.name).svg").path)
        }
        try ValidationOutput.writeAtomically(ValidationOutput.csv(report),
                                             to: outDir.appendingPathComponent("validation.csv").path)
        var command = "swift run -c release solartower validate"
        if let out { command += " --out \(out)" }
        if let shared { command += " --shared \(shared)" }
        if pvlibSamples != 10_000 { command += " --pvlib-samples \(pvlibSamples)" }
        if wangRays != Wang2020Validation.Settings.report.raysSingleHeliostat { command += " --wang-rays \(wangRays)" }
        if wangFieldRays != Wang2020Validation.Settings.report.raysPerHeliostatField { command += " --wang-field-rays \(wangFieldRays)" }
        let info = ValidationRunInfo(command: command, date: Date(), machine: ValidationRunInfo.thisMachine,
                                     wallTime: Date().timeIntervalSince(start), sharedRoot: sharedRoot?.path)
        try ValidationOutput.writeAtomically(ValidationOutput.markdown(report, info: info, plotFolder: "validation"),
                                             to: outDir.appendingPathComponent("VALIDATION.md").path)
        for g in report.groups {
            let state = g.skipReason != nil ? "SKIPPED (\(g.skipReason!))"
                : "\(g.passCount) pass, \(g.failCount) fail, \(g.skipCount) skipped"
            print("\(g.name): \(state) [\(String(format: "%.2f", g.seconds)) s]")
        }
        print("total: \(report.passCount) pass, \(report.failCount) fail, \(report.skipCount) skipped; "
              + "\(String(format: "%.1f", info.wallTime)) s; wrote \(outDir.appendingPathComponent("VALIDATION.md").path)")
        if report.failCount > 0 { throw ExitCode(1) }
    }
}
