import Foundation

/// Header facts of a VALIDATION.md: how and where it was produced.
public struct ValidationRunInfo: Sendable {
    /// The command line that regenerates the report.
    public var command: String
    /// When the run finished.
    public var date: Date
    /// Machine description (OS, CPU count).
    public var machine: String
    /// Wall time of the whole run. [s]
    public var wallTime: Double
    /// Where ../shared was found, nil when absent.
    public var sharedRoot: String?

    public init(command: String, date: Date, machine: String, wallTime: Double, sharedRoot: String?) {
        self.command = command
        self.date = date
        self.machine = machine
        self.wallTime = wallTime
        self.sharedRoot = sharedRoot
    }

    /// "Linux x86_64, 2 cores" style description of this machine.
    public static var thisMachine: String {
        var u = utsname()
        uname(&u)
        func text<T>(_ field: T) -> String {
            withUnsafeBytes(of: field) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
        }
        return "\(text(u.sysname)) \(text(u.release)) \(text(u.machine)), "
            + "\(ProcessInfo.processInfo.activeProcessorCount) cores, "
            + "\(ProcessInfo.processInfo.physicalMemory / 1_073_741_824) GiB"
    }
}

/// Text renderings of a validation report: VALIDATION.md and validation.csv.
public enum ValidationOutput {
    /// Number as text: up to 10 significant digits, plain where readable.
    public static func number(_ x: Double?) -> String {
        guard let x else { return "" }
        if !x.isFinite { return "\(x)" }
        if x == 0 { return "0" }
        let a = abs(x)
        if a >= 1e-3 && a < 1e7 { return trimZeros(String(format: "%.10g", x)) }
        return String(format: "%.9e", x).replacingOccurrences(of: #"0+e"#, with: "e", options: .regularExpression)
            .replacingOccurrences(of: ".e", with: "e")
    }

    static func trimZeros(_ s: String) -> String {
        guard s.contains("."), !s.contains("e") else { return s }
        var t = s
        while t.hasSuffix("0") { t.removeLast() }
        if t.hasSuffix(".") { t.removeLast() }
        return t
    }

    /// Short form for deviations and tolerances: 3 significant digits.
    public static func short(_ x: Double?) -> String {
        guard let x else { return "—" }
        if x == 0 { return "0" }
        let a = abs(x)
        if a >= 1e-3 && a < 1e5 { return trimZeros(String(format: "%.3g", x)) }
        return String(format: "%.2e", x)
    }

    static func csvField(_ s: String) -> String {
        if s.contains(",") || s.contains("\"") || s.contains("\n") {
            return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return s
    }

    /// validation.csv: the issue's columns `case,quantity,unit,ours,reference,deviation,tolerance,pass,source`,
    /// then `group`, `kind` (relative|absolute: how deviation and tolerance are expressed) and `note`.
    /// A skipped group is one row with pass = `skipped` and the reason in `note`.
    public static func csv(_ report: ValidationReport) -> String {
        var out = "case,quantity,unit,ours,reference,deviation,tolerance,pass,source,group,kind,note\n"
        for g in report.groups {
            if let reason = g.skipReason {
                out += [g.name, "", "", "", "", "", "", "skipped", "", g.name, "", "SKIPPED: " + reason]
                    .map(csvField).joined(separator: ",") + "\n"
                continue
            }
            if let error = g.error {
                out += [g.name, "", "", "", "", "", "", "FAIL", "", g.name, "", "group failed: " + error]
                    .map(csvField).joined(separator: ",") + "\n"
            }
            for r in g.rows {
                let note = [r.skipReason.map { "SKIPPED: " + $0 }, r.note.isEmpty ? nil : r.note]
                    .compactMap { $0 }.joined(separator: "; ")
                out += [r.caseName, r.quantity, r.unit, number(r.ours), number(r.reference),
                        r.deviation.map { String(format: "%.6e", $0) } ?? "", String(format: "%g", r.tolerance),
                        r.status.rawValue, r.source, g.name, r.toleranceKind.rawValue, note]
                    .map(csvField).joined(separator: ",") + "\n"
            }
        }
        return out
    }

    static func md(_ s: String) -> String {
        s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }

    /// File-name stem of a group's plot.
    public static func plotName(_ group: String) -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789")
        var s = String(group.lowercased().map { allowed.contains($0) ? $0 : "-" })
        while s.contains("--") { s = s.replacingOccurrences(of: "--", with: "-") }
        return "parity-" + s.trimmingCharacters(in: CharacterSet(charactersIn: "-"))
    }

    /// VALIDATION.md. `plotFolder` is the path of the SVG folder relative to the markdown file.
    public static func markdown(_ report: ValidationReport, info: ValidationRunInfo, plotFolder: String?) -> String {
        let iso = ISO8601DateFormatter()
        iso.formatOptions = [.withInternetDateTime]
        var out = "# Validation against published references\n\n"
        out += "Generated by SolarTower — do not edit by hand. Regenerate with:\n\n"
        out += "```sh\n\(info.command)\n```\n\n"
        out += "| | |\n|---|---|\n"
        out += "| regenerated | \(iso.string(from: info.date)) |\n"
        out += "| machine | \(md(info.machine)) |\n"
        out += "| wall time | \(String(format: "%.1f", info.wallTime)) s |\n"
        out += "| reference data | \(info.sharedRoot.map { "`\($0)`" } ?? "../shared absent: groups needing it are SKIPPED") |\n\n"
        out += "**Summary: \(report.passCount) pass, \(report.failCount) fail, \(report.skipCount) skipped** "
        out += "(rows; a skipped group counts once).\n\n"
        out += "Each row: `deviation` = ours − reference (absolute) or (ours − reference)/|reference| (relative), "
        out += "as the `kind` column says; `tolerance` is in the same terms; a row passes when |deviation| ≤ tolerance. "
        out += "Failing rows are shown as **FAIL**, never loosened. Full precision in `validation.csv`.\n\n"
        out += "| group | pass | fail | skipped | time [s] |\n|---|---:|---:|---:|---:|\n"
        for g in report.groups {
            let skip = g.skipReason != nil ? "group" : "\(g.skipCount)"
            out += "| [\(md(g.name))](#\(anchor(g.name))) | \(g.passCount) | \(g.failCount) | \(skip) | "
                + "\(String(format: "%.2f", g.seconds)) |\n"
        }
        out += "\n"
        for g in report.groups {
            out += "## \(g.name)\n\n\(g.summary)\n\n"
            if let reason = g.skipReason {
                out += "**SKIPPED** — \(md(reason))\n\n"
                continue
            }
            if let error = g.error { out += "**FAIL — the group stopped with an error:** \(md(error))\n\n" }
            if let plotFolder, g.rows.contains(where: { $0.status != .skipped }) {
                out += "![parity plot: \(md(g.name))](\(plotFolder)/\(plotName(g.name)).svg)\n\n"
            }
            if g.rows.isEmpty { continue }
            out += "| case | quantity | unit | ours | reference | deviation | tolerance | kind | status | source | note |\n"
            out += "|---|---|---|---:|---:|---:|---:|---|---|---|---|\n"
            for r in g.rows {
                let status: String
                switch r.status {
                case .pass: status = "pass"
                case .fail: status = "**FAIL**"
                case .skipped: status = "skipped: " + md(r.skipReason ?? "")
                }
                out += "| \(md(r.caseName)) | \(md(r.quantity)) | \(md(r.unit)) | \(number(r.ours)) | "
                    + "\(number(r.reference)) | \(short(r.deviation)) | \(short(r.tolerance)) | "
                    + "\(r.toleranceKind == .relative ? "rel" : "abs") | \(status) | \(md(r.source)) | \(md(r.note)) |\n"
            }
            out += "\n"
        }
        return out
    }

    static func anchor(_ title: String) -> String {
        String(title.lowercased().compactMap { c -> Character? in
            if c.isLetter || c.isNumber || c == "-" || c == "_" { return c }
            if c == " " { return "-" }
            return nil
        })
    }

    /// Writes `text` to `path` atomically (`AtomicFile`).
    public static func writeAtomically(_ text: String, to path: String) throws {
        do { try AtomicFile.write(text, to: path) } catch let e as AtomicFile.WriteError {
            throw ReferenceDataError(path: path, line: 0, column: 0, message: e.message)
        }
    }
}
