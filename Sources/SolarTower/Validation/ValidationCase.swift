import Foundation

/// What a validation case group may use: where ../shared is (nil when absent) and which python to call.
public struct ValidationContext: Sendable {
    /// The shared reference folder (`../shared` beside the checkout), nil when absent.
    public var sharedRoot: URL?
    /// Python interpreter used for optional oracles (pvlib); rows that need it skip when it cannot run.
    public var python: String

    public init(sharedRoot: URL?, python: String = "python3") {
        self.sharedRoot = sharedRoot
        self.python = python
    }

    /// Path of a file under the shared folder, nil when the folder or the file is absent.
    public func sharedPath(_ relative: String) -> String? {
        guard let root = sharedRoot else { return nil }
        let path = root.appendingPathComponent(relative).path
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }

    /// Finds `../shared` (a folder holding DESIGN.md) beside `directory` or any of its parents.
    public static func locateShared(from directory: URL) -> URL? {
        var dir = directory.standardizedFileURL
        for _ in 0..<8 {
            let candidate = dir.deletingLastPathComponent().appendingPathComponent("shared")
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("DESIGN.md").path) {
                return candidate
            }
            let parent = dir.deletingLastPathComponent()
            if parent.path == dir.path { break }
            dir = parent
        }
        return nil
    }
}

/// A group of validation rows against one published reference. Add a group by conforming a type (or by
/// building a `ValidationGroup` with a closure) and listing it in `ValidationSuite.standard` or the CLI.
public protocol ValidationCase: Sendable {
    /// Short group name, used as the section title and in file names ("IF97", "SPA", "Wang2020 C").
    var name: String { get }
    /// One sentence: what is compared with what.
    var summary: String { get }
    /// Files under ../shared the group needs; when one is absent the group is listed as SKIPPED with the reason.
    var requiredSharedFiles: [String] { get }
    /// Computes the rows. Throwing marks the group as failed with the error shown (never dropped).
    func rows(in context: ValidationContext) throws -> [ValidationRow]
}

/// A validation case group built from a closure.
public struct ValidationGroup: ValidationCase {
    public var name: String
    public var summary: String
    public var requiredSharedFiles: [String]
    let produce: @Sendable (ValidationContext) throws -> [ValidationRow]

    public init(name: String, summary: String, requiredSharedFiles: [String] = [],
                rows: @escaping @Sendable (ValidationContext) throws -> [ValidationRow]) {
        self.name = name
        self.summary = summary
        self.requiredSharedFiles = requiredSharedFiles
        self.produce = rows
    }

    public func rows(in context: ValidationContext) throws -> [ValidationRow] { try produce(context) }
}

/// Result of running one group.
public struct ValidationGroupResult: Sendable {
    public var name: String
    public var summary: String
    /// The rows (empty when the whole group was skipped or failed to run).
    public var rows: [ValidationRow]
    /// Why the whole group was skipped (missing ../shared data).
    public var skipReason: String?
    /// Error that stopped the group; the group counts as failed.
    public var error: String?
    /// Wall time of the group. [s]
    public var seconds: Double

    public var passCount: Int { rows.filter { $0.status == .pass }.count }
    public var failCount: Int { rows.filter { $0.status == .fail }.count + (error == nil ? 0 : 1) }
    public var skipCount: Int { rows.filter { $0.status == .skipped }.count }
}

/// All groups run by `solartower validate`, and the runner.
public struct ValidationSuite: Sendable {
    public var cases: [any ValidationCase]

    public init(cases: [any ValidationCase]) { self.cases = cases }

    /// Runs every group in order; a group never disappears: it is run, skipped with its reason, or failed.
    public func run(in context: ValidationContext) -> ValidationReport {
        var groups: [ValidationGroupResult] = []
        for c in cases {
            let start = Date()
            var result = ValidationGroupResult(name: c.name, summary: c.summary, rows: [], skipReason: nil,
                                               error: nil, seconds: 0)
            let missing = c.requiredSharedFiles.filter { context.sharedPath($0) == nil }
            if !missing.isEmpty {
                let root = context.sharedRoot?.path ?? "../shared (not found)"
                result.skipReason = "reference data absent: " + missing.map { "\(root)/\($0)" }.joined(separator: ", ")
            } else {
                do { result.rows = try c.rows(in: context) } catch { result.error = "\(error)" }
            }
            result.seconds = Date().timeIntervalSince(start)
            groups.append(result)
        }
        return ValidationReport(groups: groups)
    }
}

/// Results of all groups.
public struct ValidationReport: Sendable {
    public var groups: [ValidationGroupResult]

    public init(groups: [ValidationGroupResult]) { self.groups = groups }

    public var allRows: [ValidationRow] { groups.flatMap(\.rows) }
    public var passCount: Int { groups.reduce(0) { $0 + $1.passCount } }
    public var failCount: Int { groups.reduce(0) { $0 + $1.failCount } }
    /// Skipped rows plus whole skipped groups (each counted once).
    public var skipCount: Int { groups.reduce(0) { $0 + $1.skipCount + ($1.skipReason == nil ? 0 : 1) } }
}

extension ValidationSuite {
    /// The groups available today: IF97 steam properties (check-value file and region-3 backward equations), solar salt (when an implementation is passed),
    /// the SPA test vector and the pvlib agreement figure, the Wang et al. (2020) ray-tracing benchmark (ray tracer and
    /// analytic optics) and the SAM loss chain on Greensboro and Daggett (needs `plantsFolder`, the project's Plants/).
    /// Then the Delingha plants against their published figures.
    public static func standard(salt: SaltPropertyFunctions?, pvlibSamples: Int = 10_000, plantsFolder: URL? = nil,
                                wang: Wang2020Validation.Settings = .report) -> ValidationSuite {
        ValidationSuite(cases: [
            IF97Validation.group,
            IF97Region3BackwardValidation.group,
            SaltValidation.group(model: salt),
            SunValidation.testVectorGroup,
            SunValidation.pvlibGroup(count: pvlibSamples),
            Wang2020Validation.singleHeliostatGroup(settings: wang),
            Wang2020Validation.singleHeliostatAnalyticGroup(),
            Wang2020Validation.fieldRayTracerGroup(settings: wang),
            Wang2020Validation.fieldAnalyticGroup(threads: wang.threads),
            PlantOpticsValidation.group(plantsFolder: plantsFolder, threads: wang.threads),
            SAMLossChainValidation.group(site: .greensboro, plantsFolder: plantsFolder, threads: wang.threads),
            SAMLossChainValidation.group(site: .daggett, plantsFolder: plantsFolder, threads: wang.threads),
            DelinghaValidation.group(plantsFolder: plantsFolder, threads: wang.threads),
        ])
    }
}
