import Foundation

/// Validation groups for the Wang et al. (2020) ray-tracing benchmark: every A, B and C case by the Monte Carlo
/// ray tracer, and the four C cases by the analytic optics. Tolerances from issue 9:
/// - ray tracer, C: `Qabs` within 0.3 % of agreed; `Qspil`, `Qblock`, `Qshade+cos` inside the min–max envelope of the
///   five reference tracers widened on each side by 3 % of the agreed value;
/// - ray tracer, A and B: within 0.5 % of agreed or 0.05 kW, whichever is larger;
/// - analytic, C: `Qabs` within 0.5 % of agreed; per quantity, no farther from agreed than SolarPILOT's figure.
public enum Wang2020Validation {
    /// Ray counts. The report's defaults keep the Monte Carlo standard error well below every tolerance.
    public struct Settings: Sendable {
        /// Rays for each single-heliostat case (rounds A and B).
        public var raysSingleHeliostat: Int
        /// Rays per heliostat for the 522-heliostat cases (round C).
        public var raysPerHeliostatField: Int
        /// Random seed (results are identical for any thread count).
        public var seed: UInt64
        /// Worker threads.
        public var threads: Int

        public init(raysSingleHeliostat: Int, raysPerHeliostatField: Int, seed: UInt64 = 1,
                    threads: Int = defaultThreadCount) {
            self.raysSingleHeliostat = raysSingleHeliostat
            self.raysPerHeliostatField = raysPerHeliostatField
            self.seed = seed
            self.threads = threads
        }

        /// Settings of `solartower validate`: 4 M rays per single heliostat, 20,000 per field heliostat (10.4 M rays per case).
        public static let report = Settings(raysSingleHeliostat: 4_000_000, raysPerHeliostatField: 20_000)
    }

    static let folder = "reference/wang2020-raytrace/"
    static let agreedFile = folder + "agreed-results.csv"
    static let longFile = folder + "wang2020_results_long.csv"
    static let layoutFile = folder + "wang2020_field_522.csv"
    /// The five tracers whose mean is the agreed value (upstream README; SolarPILOT excluded).
    static let tracers = ["heliosim", "solstice", "soltrace", "tonatiuh", "tracer"]

    /// Agreed values: case → column header → (value, line).
    struct Agreed {
        var values: [String: [String: Double]] = [:]
        var lines: [String: Int] = [:]

        init(path: String) throws {
            let (header, records) = try ReferenceCSV.read(path: path)
            for rec in records {
                guard let name = rec.fields.first, !name.isEmpty else { continue }
                var row: [String: Double] = [:]
                for (k, h) in header.enumerated() where k > 0 && k < rec.fields.count {
                    if let v = Double(rec.fields[k].trimmingCharacters(in: .whitespaces)) {
                        row[h.trimmingCharacters(in: .whitespaces)] = v
                    }
                }
                values[name] = row
                lines[name] = rec.line
            }
        }

        /// The agreed value of a quantity, by the start of its column header ("Qabs", "Qspil", "Qall or Qirr", …).
        func value(_ caseName: String, _ quantity: String, path: String) throws -> (value: Double, error: Double?) {
            let column = quantity == "Qshade+cos" ? "Qshad+Qcos" : quantity
            guard let row = values[caseName] else {
                throw ReferenceDataError(path: path, line: 0, column: 0, message: "no row for case \(caseName)")
            }
            let headers = row.keys.sorted()
            guard let h = headers.first(where: { $0.hasPrefix(column + " ") || $0 == column }), let v = row[h] else {
                throw ReferenceDataError(path: path, line: lines[caseName] ?? 0, column: 0,
                                         message: "case \(caseName): no number in column \(column)")
            }
            let errHeader = headers.first { $0.hasPrefix("+/- err_" + column + " ") }
                ?? (column.hasPrefix("Qall") ? headers.first { $0.hasPrefix("+/- err bar") } : nil)
            return (v, errHeader.flatMap { row[$0] })
        }
    }

    /// Per-tool values of round C: (case, tool, quantity) → (value, line).
    struct ToolResults {
        var values: [String: (value: Double, line: Int)] = [:]

        init(path: String) throws {
            let (header, records) = try ReferenceCSV.read(path: path)
            guard header.count >= 4, header[0] == "case", header[1] == "tool", header[2] == "quantity", header[3] == "value" else {
                throw ReferenceDataError(path: path, line: 1, column: 1, message: "expected the header case,tool,quantity,value,source")
            }
            for rec in records where rec.fields.count >= 4 {
                guard let v = Double(rec.fields[3]) else { continue }
                var q = rec.fields[2]
                if q == "Qshad+Qcos (kW)" { q = "Qshade+cos (kW)" }
                values["\(rec.fields[0])|\(rec.fields[1])|\(q)"] = (v, rec.line)
            }
        }

        func value(_ caseName: String, _ tool: String, _ quantity: String) -> (value: Double, line: Int)? {
            values["\(caseName)|\(tool)|\(quantity) (kW)"]
        }
    }

    static let source = "Wang et al. 2020 (Solar Energy 195), optics-verification@6a119fd"

    /// Tolerance of an A/B row: 0.5 % of agreed or 0.05 kW, whichever is larger, as (tolerance, kind).
    static func singleHeliostatTolerance(_ reference: Double) -> (Double, ToleranceKind) {
        0.005 * abs(reference) >= 0.05 ? (0.005, .relative) : (0.05, .absolute)
    }

    static func conventionNote(_ c: Wang2020Case) -> String {
        var parts: [String] = []
        switch c.sunShape {
        case let .pillbox(h): parts.append(h == 0 ? "collimated sun" : String(format: "pillbox sun %.2f mrad", h * 1e3))
        case let .gaussian(s): parts.append(String(format: "Gaussian sun σ %.1f mrad per axis", s * 1e3))
        case let .buie(csr, convention): parts.append(String(format: "Buie CSR %.2f (%@)", csr, convention.label))
        }
        if c.slopeError > 0 {
            parts.append(String(format: "%@ slope error %.0f mrad", c.slopeErrorDistribution == .pillbox ? "pillbox" : "normal (per axis)", c.slopeError * 1e3))
        } else {
            parts.append("no slope error")
        }
        return parts.joined(separator: ", ")
    }

    /// Ray tracer on every single-heliostat case (rounds A and B).
    /// `rounds`: which single-heliostat rounds to run (the fast test runs round A only).
    public static func singleHeliostatGroup(settings: Settings = .report,
                                            rounds: Set<Wang2020Case.Round> = [.a, .b]) -> ValidationGroup {
        ValidationGroup(
            name: rounds == [.a] ? "Wang2020 A ray tracer" : "Wang2020 A+B ray tracer",
            summary: "Monte Carlo ray tracer (`FieldRayTracer`) on the single-heliostat cases of Wang et al. (2020): "
                + "round A (sun at the zenith, 8 × 8 m target 500 m above) and round B (one heliostat at P1–P4, billboard 8 × 6 m "
                + "at 62 m, noon and morning). Qirr = power reflected towards the target, Qspil = of it missing the target, "
                + "Qabs = absorbed (α = 1). Tolerance: 0.5 % of the agreed mean of five tracers or 0.05 kW, whichever is larger. "
                + "\(settings.raysSingleHeliostat) rays per case, seed \(settings.seed).",
            requiredSharedFiles: [agreedFile],
            rows: { ctx in try singleHeliostatRows(ctx, settings: settings, rounds: rounds) })
    }

    static func singleHeliostatRows(_ ctx: ValidationContext, settings: Settings,
                                    rounds: Set<Wang2020Case.Round>) throws -> [ValidationRow] {
        guard let agreedPath = ctx.sharedPath(agreedFile) else { return [] }
        let agreed = try Agreed(path: agreedPath)
        let cases = Wang2020Case.all.filter { $0.round != .c && rounds.contains($0.round) }
        // Cases in parallel, one thread each (a single heliostat is one RNG slice).
        let tracers = try cases.map { c in
            try FieldRayTracer(spec: c.fieldSpec(), target: c.target, aimPoint: c.aim,
                               slopeErrorDistribution: c.slopeErrorDistribution)
        }
        let results = SliceBuffer<RayTraceResult?>(cases.count, initial: nil)
        defer { results.free() }
        let rays = settings.raysSingleHeliostat, seed = settings.seed
        parallelSlices(cases.count, threads: settings.threads) { k in
            results.base[k] = tracers[k].trace(sun: cases[k].sun, raysPerHeliostat: rays, seed: seed, threads: 1)
        }
        var rows: [ValidationRow] = []
        for (k, c) in cases.enumerated() {
            guard let r = results.base[k] else { continue }
            let comp = r.components
            let p = Wang2020Powers(qAll: 100, cosineShading: comp.cosine * comp.shading, reflectance: c.reflectance,
                                   blocking: comp.blocking, intercept: comp.intercept, absorptance: c.absorptance,
                                   standardError: r.standardError * 100 / c.reflectance)
            let line = agreed.lines[c.name] ?? 0
            for (q, column, ours) in [("Qirr", "Qall or Qirr", p.irradiated), ("Qspil", "Qspil", p.spill),
                                      ("Qabs", "Qabs", p.absorbed)] {
                let ref = try agreed.value(c.name, column, path: agreedPath)
                let (tol, kind) = singleHeliostatTolerance(ref.value)
                var note = "ray tracer, \(rays) rays (1σ on the target power \(String(format: "%.3g", p.standardError)) kW); "
                    + conventionNote(c)
                if let e = ref.error { note += String(format: "; agreed ±3σ %.3g kW", e) }
                rows.append(ValidationRow(caseName: c.name, quantity: q, unit: "kW", ours: ours, reference: ref.value,
                                          tolerance: tol, toleranceKind: kind,
                                          source: "\(source): results/data/summary.csv:\(line); sheet \(c.sheet)",
                                          note: note))
            }
        }
        return rows
    }

    /// Rounds A and B by the analytic optics (the issue sets no analytic tolerance for them: the ray tracer's
    /// 0.5 % or 0.05 kW is applied).
    public static func singleHeliostatAnalyticGroup() -> ValidationGroup {
        ValidationGroup(
            name: "Wang2020 A+B analytic",
            summary: "Analytic optics (`Wang2020Case.analytic`: cosine from `FieldOptics`, HFLCAL-type image of `FieldOptics` "
                + "integrated over the flat target) on the single-heliostat cases of rounds A and B. The issue sets no "
                + "tolerance for the analytic model on these cases; the ray tracer's (0.5 % of agreed or 0.05 kW, whichever is "
                + "larger) is applied. The image keeps the true sun shape (pillbox disc; Buie profile with its aureole), a "
                + "pillbox slope error as its disc, and the exactly traced astigmatic image of the mirror (ring quadrature and "
                + "a mirror grid around exact normal integrals, `Wang2020Case.billboardIntercept`). The plants' annual "
                + "kernel (`FieldOptics.intercept`) still uses normals of equal variance for the sun shape.",
            requiredSharedFiles: [agreedFile],
            rows: { ctx in
                guard let agreedPath = ctx.sharedPath(agreedFile) else { return [] }
                let agreed = try Agreed(path: agreedPath)
                var rows: [ValidationRow] = []
                for c in Wang2020Case.all where c.round != .c {
                    let p = try c.analytic(threads: 1)
                    let line = agreed.lines[c.name] ?? 0
                    for (q, column, ours) in [("Qirr", "Qall or Qirr", p.irradiated), ("Qspil", "Qspil", p.spill),
                                              ("Qabs", "Qabs", p.absorbed)] {
                        let ref = try agreed.value(c.name, column, path: agreedPath)
                        let (tol, kind) = singleHeliostatTolerance(ref.value)
                        rows.append(ValidationRow(caseName: c.name, quantity: q, unit: "kW", ours: ours, reference: ref.value,
                                                  tolerance: tol, toleranceKind: kind,
                                                  source: "\(source): results/data/summary.csv:\(line); sheet \(c.sheet)",
                                                  note: "analytic optics; " + conventionNote(c)))
                    }
                }
                return rows
            })
    }

    /// Round C (522 heliostats) by the ray tracer.
    public static func fieldRayTracerGroup(settings: Settings = .report) -> ValidationGroup {
        ValidationGroup(
            name: "Wang2020 C ray tracer",
            summary: "Monte Carlo ray tracer on the 522-heliostat field of Wang et al. (2020) round C (ρ 0.95, billboard "
                + "8 × 6 m at 62 m with α 0.9, normal slope error 2 mrad; pillbox 4.65 mrad in C_1.x, Buie CSR 0.02 in C_2.x; "
                + "noon C_x.1, morning C_x.2). `Qabs` within 0.3 % of the agreed value; `Qspil`, `Qblock`, `Qshade+cos` inside "
                + "the min–max envelope of the five reference tracers widened on each side by 3 % of the agreed value "
                + "(shown as reference = envelope centre, tolerance = half width). "
                + "\(settings.raysPerHeliostatField) rays per heliostat, seed \(settings.seed).",
            requiredSharedFiles: [agreedFile, longFile, layoutFile],
            rows: { ctx in try fieldRows(ctx, settings: settings, analytic: false) })
    }

    /// Round C by the analytic optics.
    public static func fieldAnalyticGroup(threads: Int = defaultThreadCount) -> ValidationGroup {
        ValidationGroup(
            name: "Wang2020 C analytic",
            summary: "Analytic per-heliostat optics on round C: cosine, shading and blocking from `FieldOptics` (projected "
                + "neighbour outlines), intercept from the HFLCAL-type image with the true sun shape and exactly traced "
                + "astigmatic image, integrated over the flat billboard (`Wang2020Case.billboardIntercept`). `Qabs` within 0.5 % of agreed; and for every quantity a "
                + "row `… vs SolarPILOT` whose tolerance is SolarPILOT's own distance from the agreed value "
                + "(wang2020_results_long.csv): it passes when our analytic figure is at least as close to agreed as "
                + "SolarPILOT's. SolarPILOT cannot model Buie, its C_2.x figures equal its C_1.x ones. "
                + "Morning Qshade+cos (C_x.2): the cosine loss is exact (17,929.8 kW); an independent point-sampled projection "
                + "of the exact neighbour outlines gives 19,718.7 kW, within 5.4 kW of Heliosim, SolTrace and Solstice "
                + "(19,714–19,724) and 11 kW of Tracer, but 9.1 / 11.8 kW above the agreed 19,709.6 / 19,706.9, which "
                + "Tonatiuh's 19,658.6 pulls down; SolarPILOT's 19,705 sits within 4.6 / 1.9 kW of it, so even an exact "
                + "shading model fails those two rows. Ours (box of equal second moments for each projected outline) is "
                + "17 kW above the exact projection.",
            requiredSharedFiles: [agreedFile, longFile, layoutFile],
            rows: { ctx in try fieldRows(ctx, settings: Settings(raysSingleHeliostat: 0, raysPerHeliostatField: 0,
                                                                 threads: threads), analytic: true) })
    }

    static func fieldRows(_ ctx: ValidationContext, settings: Settings, analytic: Bool) throws -> [ValidationRow] {
        guard let agreedPath = ctx.sharedPath(agreedFile), let longPath = ctx.sharedPath(longFile),
              let layoutPath = ctx.sharedPath(layoutFile) else { return [] }
        let agreed = try Agreed(path: agreedPath)
        let tools = try ToolResults(path: longPath)
        let layout = try FieldLayout.csv(url: URL(fileURLWithPath: layoutPath))
        var rows: [ValidationRow] = []
        for c in Wang2020Case.all where c.round == .c {
            let p = analytic ? try c.analytic(layout: layout, threads: settings.threads)
                : try c.rayTrace(layout: layout, raysPerHeliostat: settings.raysPerHeliostatField, seed: settings.seed,
                                 threads: settings.threads)
            let line = agreed.lines[c.name] ?? 0
            let src = "\(source): results/data/summary.csv:\(line); sheet \(c.sheet)"
            let how = analytic ? "analytic optics" :
                "ray tracer, \(settings.raysPerHeliostatField * layout.count) rays (1σ on the target power \(String(format: "%.3g", p.standardError)) kW)"
            let qabs = try agreed.value(c.name, "Qabs", path: agreedPath)
            let qabsTol = analytic ? 0.005 : 0.003
            rows.append(ValidationRow(caseName: c.name, quantity: "Qabs", unit: "kW", ours: p.absorbed,
                                      reference: qabs.value, tolerance: qabsTol, toleranceKind: .relative, source: src,
                                      note: "\(how); \(conventionNote(c)); agreed ±3σ \(String(format: "%.3g", qabs.error ?? .nan)) kW"))
            let others: [(String, Double)] = [("Qspil", p.spill), ("Qblock", p.block), ("Qshade+cos", p.shadeCos)]
            if analytic {
                for (q, ours) in [("Qabs", p.absorbed)] + others {
                    let ref = try agreed.value(c.name, q, path: agreedPath)
                    guard let sp = tools.value(c.name, "solarpilot", q) else {
                        throw ReferenceDataError(path: longPath, line: 0, column: 0, message: "no SolarPILOT \(q) for \(c.name)")
                    }
                    rows.append(ValidationRow(
                        caseName: c.name, quantity: "\(q) vs SolarPILOT", unit: "kW", ours: ours, reference: ref.value,
                        tolerance: abs(sp.value - ref.value), toleranceKind: .absolute,
                        source: "\(src); SolarPILOT: wang2020_results_long.csv:\(sp.line)",
                        note: String(format: "analytic optics; passes when |ours − agreed| ≤ |SolarPILOT − agreed|; SolarPILOT %.1f kW (%+.1f %% from agreed)",
                                     sp.value, 100 * (sp.value - ref.value) / ref.value)))
                }
            } else {
                for (q, ours) in others {
                    let ref = try agreed.value(c.name, q, path: agreedPath)
                    let vals = try tracers.map { t -> Double in
                        guard let v = tools.value(c.name, t, q) else {
                            throw ReferenceDataError(path: longPath, line: 0, column: 0, message: "no \(t) \(q) for \(c.name)")
                        }
                        return v.value
                    }
                    let widen = 0.03 * abs(ref.value)
                    let lo = vals.min()! - widen, hi = vals.max()! + widen
                    rows.append(ValidationRow(
                        caseName: c.name, quantity: q, unit: "kW", ours: ours, reference: (lo + hi) / 2,
                        tolerance: (hi - lo) / 2, toleranceKind: .absolute,
                        source: "\(src); tracers: wang2020_results_long.csv",
                        note: String(format: "%@; envelope [%.1f, %.1f] kW = five tracers %.1f–%.1f widened by 3 %% of agreed %.1f kW", how,
                                     lo, hi, vals.min()!, vals.max()!, ref.value)))
                }
            }
        }
        return rows
    }
}
