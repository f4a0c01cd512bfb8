import Foundation

/// Validation of the whole annual pipeline against NREL SAM's loss chain for its default molten-salt tower
/// (PySAM 7.1.1 `MSPTSingleOwner`, reference/sam-mspt-greensboro and sam-mspt-daggett): our simulation of
/// Plants/sam-default-mspt.toml on the same weather, stage by stage, annual and monthly.
///
/// Like-with-like conventions (each row's note repeats the one it uses):
/// - field incident: SAM's `q_sf_inc` = DNI × mirror area in the hours its field is focused on the receiver (zero
///   while the receiver cannot run, scaled down in hours it runs only part of); ours = DNI × reflective area in the
///   hours the receiver takes focused power (offered − defocused > 0).
/// - receiver incident: SAM's `q_dot_rec_inc` is after defocus, after reflection losses ("Receiver incident thermal
///   power (after reflection losses)", NREL ssc tcs/csp_solver_mspt_receiver_222.h, S_outputs) and zero while the
///   receiver starts up; ours = focused incident (offered − defocused) × absorptance × the fraction of the step the
///   receiver delivered heat, estimated as output / (output + startup heat) — 1 when running, 0 during startup,
///   the on-fraction in the step startup ends.
/// - receiver thermal output: SAM `Q_thermal` vs heat delivered to the salt; cycle gross: `P_cycle` vs gross
///   electricity; net: SAM's `gen` (annual_energy) vs net electricity after parasitics and availability.
/// Tolerances from issue 4: annual net, receiver thermal output and receiver incident ±3 %; every month ±6 %
/// (issue 4 states it for net; applied here to every monthly stage); annual field incident and cycle gross, for
/// which issue 4 sets none, ±3 % like the other annual stages.
public enum SAMLossChainValidation {
    /// One SAM reference run.
    public struct Site: Sendable {
        /// Group name suffix ("Greensboro").
        public var name: String
        /// Weather file under ../shared.
        public var weather: String
        /// SAM reference files under ../shared.
        public var referenceFiles: [String]

        public static let greensboro = Site(name: "Greensboro", weather: "weather/723170TYA.CSV",
                                            referenceFiles: ["reference/sam-mspt-greensboro/hourly.csv",
                                                             "reference/sam-mspt-greensboro/summary.json"])
        public static let daggett = Site(name: "Daggett", weather: "weather/daggett-tmy3-sam.csv",
                                         referenceFiles: ["reference/sam-mspt-daggett/summary.json"])
    }

    /// Loss-chain stages, in the order energy flows: (row quantity, SAM variable).
    public static let stages: [(quantity: String, sam: String)] = [
        ("field incident", "q_sf_inc"), ("receiver incident", "q_dot_rec_inc"), ("receiver thermal output", "Q_thermal"),
        ("cycle gross", "P_cycle"), ("net", "gen"),
    ]
    static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    static let conventions = [
        "field incident": "ours: DNI × reflective area over the hours the receiver takes focused power; SAM q_sf_inc: same over the hours its field is focused (zero while its receiver cannot run)",
        "receiver incident": "ours: (offered − defocused) × absorptance × output/(output + startup heat), i.e. after defocus and reflection, zero while starting up, as SAM's q_dot_rec_inc (ssc csp_solver_mspt_receiver_222.h: after reflection losses)",
        "receiver thermal output": "ours: heat delivered to the salt; SAM Q_thermal",
        "cycle gross": "ours: gross electricity; SAM P_cycle",
        "net": "ours: net after parasitics and availability; SAM gen (annual_energy)",
    ]

    /// Our energies per stage: annual and per month (index 0 = January). [J]
    public struct Chain: Sendable {
        public var annual: [Double]
        public var monthly: [[Double]]
        /// DNI × reflective area over every hour our field tracks (focused or not). [J]
        public var fieldIncidentTracking: Double
    }

    /// The loss chain of a simulation in SAM's conventions (see the type's documentation).
    public static func chain(_ r: SimulationResult) -> Chain {
        var annual = [Double](repeating: 0, count: stages.count)
        var monthly = [[Double]](repeating: [Double](repeating: 0, count: 12), count: stages.count)
        let area = r.plant.field.reflectiveArea
        let alpha = r.plant.spec.receiver.absorptance
        var tracked = 0.0
        for (h, step) in r.thermal.steps.enumerated() {
            let rec = r.weather.records[h]
            let dt = rec.interval
            if h < r.field.powerOnReceiver.count && r.field.powerOnReceiver[h] > 0 { tracked += rec.dni * area * dt }
            let focused = max(0, step.receiverIncident - step.defocused)
            let used = step.receiverOutput + step.receiverStartup
            let onFraction = used > 0 ? step.receiverOutput / used : 0
            let values = [
                focused > 0 ? rec.dni * area : 0,
                focused * alpha * onFraction,
                step.receiverOutput,
                step.gross,
                step.net,
            ]
            let m = step.month - 1
            for k in 0..<values.count {
                annual[k] += values[k] * dt
                if (0..<12).contains(m) { monthly[k][m] += values[k] * dt }
            }
        }
        return Chain(annual: annual, monthly: monthly, fieldIncidentTracking: tracked)
    }

    /// SAM's figures per stage, annual and monthly (nil where SAM's files do not give them). [GWh]
    struct Reference {
        var annual: [Double]
        var monthly: [[Double]?]
        var source: [String]
    }

    static func greensboroReference(_ ctx: ValidationContext) throws -> Reference {
        guard let path = ctx.sharedPath("reference/sam-mspt-greensboro/hourly.csv") else {
            throw ReferenceDataError(path: "reference/sam-mspt-greensboro/hourly.csv", line: 0, column: 0, message: "absent")
        }
        let (header, records) = try ReferenceCSV.read(path: path)
        func col(_ name: String) throws -> Int {
            guard let i = header.firstIndex(of: name) else {
                throw ReferenceDataError(path: path, line: 1, column: 1, message: "expected a column \(name)")
            }
            return i
        }
        let cm = try col("month")
        let cols = try stages.map { try col($0.sam) }
        var annual = [Double](repeating: 0, count: stages.count)
        var monthly = [[Double]](repeating: [Double](repeating: 0, count: 12), count: stages.count)
        for rec in records {
            guard let m = Int(rec.fields[cm]), (1...12).contains(m) else {
                throw ReferenceDataError(path: path, line: rec.line, column: cm + 1, message: "expected a month 1–12")
            }
            for (k, c) in cols.enumerated() {
                guard c < rec.fields.count, let v = Double(rec.fields[c]), v.isFinite else {
                    throw ReferenceDataError(path: path, line: rec.line, column: c + 1, message: "expected a number for \(stages[k].sam)")
                }
                // MW (hourly averages) → GWh; gen is in kW.
                let gwh = stages[k].sam == "gen" ? v / 1e6 : v / 1e3
                annual[k] += gwh
                monthly[k][m - 1] += gwh
            }
        }
        return Reference(annual: annual, monthly: monthly.map { Optional($0) },
                         source: stages.map { "SAM PySAM 7.1.1, sam-mspt-greensboro/hourly.csv: sum of \($0.sam)" })
    }

    static func daggettReference(_ ctx: ValidationContext) throws -> Reference {
        let rel = "reference/sam-mspt-daggett/summary.json"
        guard let path = ctx.sharedPath(rel) else {
            throw ReferenceDataError(path: rel, line: 0, column: 0, message: "absent")
        }
        guard let data = FileManager.default.contents(atPath: path),
              let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw ReferenceDataError(path: path, line: 1, column: 1, message: "expected a JSON object")
        }
        func number(_ key: String) throws -> Double {
            guard let v = json[key] as? Double, v.isFinite else {
                throw ReferenceDataError(path: path, line: 1, column: 1, message: "expected a number for key \(key)")
            }
            return v
        }
        let keys = ["q_sf_inc_MWh", "q_dot_rec_inc_MWh", "Q_thermal_MWh", "P_cycle_MWh", "annual_energy_kWh"]
        let annual = try keys.map { k in try number(k) / (k.hasSuffix("kWh") ? 1e6 : 1e3) }
        guard let months = json["monthly_energy_kWh"] as? [Double], months.count == 12 else {
            throw ReferenceDataError(path: path, line: 1, column: 1, message: "expected 12 numbers in monthly_energy_kWh")
        }
        return Reference(annual: annual, monthly: [nil, nil, nil, nil, months.map { $0 / 1e6 }],
                         source: keys.map { "SAM PySAM 7.1.1, sam-mspt-daggett/summary.json: \($0)" }
                            .enumerated().map { $0.offset == 4 ? $0.element + ", monthly_energy_kWh" : $0.element })
    }

    /// The group for one site. `plantsFolder` is the project's Plants/ folder (nil: the rows are skipped).
    public static func group(site: Site, plantsFolder: URL?, threads: Int = defaultThreadCount) -> ValidationGroup {
        let plot = "validation/\(plotName(site.name)).svg"
        return ValidationGroup(
            name: "SAM loss chain \(site.name)",
            summary: "Plants/sam-default-mspt.toml simulated on ../shared/\(site.weather) by the full pipeline "
                + "(SPA → field optics → receiver → storage → power block) against NREL SAM's default molten-salt tower on the "
                + "same weather, stage by stage (GWh). Tolerances (issue 4): annual ±3 %, monthly ±6 %. Conventions: SAM's "
                + "q_dot_rec_inc is after defocus and zero during receiver startup, so ours is counted the same way (row notes). "
                + (site.name == "Daggett" ? "SAM's Daggett summary gives monthly figures for net only. " : "")
                + "\n\n![loss chain, ours vs SAM: \(site.name)](\(plot))",
            requiredSharedFiles: [site.weather] + site.referenceFiles,
            rows: { ctx in try rows(ctx, site: site, plantsFolder: plantsFolder, threads: threads) })
    }

    static func rows(_ ctx: ValidationContext, site: Site, plantsFolder: URL?, threads: Int) throws -> [ValidationRow] {
        let ref = site.name == "Daggett" ? try daggettReference(ctx) : try greensboroReference(ctx)
        guard let plantsFolder else {
            return stages.map { s in
                ValidationRow.skipped(caseName: "\(site.name) annual", quantity: s.quantity, unit: "GWh", tolerance: 0.03,
                                      toleranceKind: .relative, source: "SAM", reason: "no Plants/ folder given")
            }
        }
        let plantPath = plantsFolder.appendingPathComponent("sam-default-mspt.toml").path
        guard let weatherPath = ctx.sharedPath(site.weather) else { return [] }
        let plant = try PlantDescription.load(path: plantPath)
        let weather = try WeatherReader.read(path: weatherPath)
        let result = try AnnualSimulation.run(plant: plant, weather: weather, threads: threads)
        let ours = chain(result)
        let gwh = 1 / 3.6e12
        var rows: [ValidationRow] = []
        for (k, s) in stages.enumerated() {
            rows.append(ValidationRow(caseName: "\(site.name) annual", quantity: s.quantity, unit: "GWh",
                                      ours: ours.annual[k] * gwh, reference: ref.annual[k], tolerance: 0.03,
                                      toleranceKind: .relative, source: ref.source[k],
                                      note: (conventions[s.quantity] ?? "") + (k == 0 ? String(
                                        format: " (over every hour our field tracks: %.1f GWh)", ours.fieldIncidentTracking * gwh) : "")))
        }
        for (k, s) in stages.enumerated() {
            guard let months = ref.monthly[k] else { continue }
            for m in 0..<12 {
                rows.append(ValidationRow(caseName: "\(site.name) \(monthNames[m])", quantity: s.quantity, unit: "GWh",
                                          ours: ours.monthly[k][m] * gwh, reference: months[m], tolerance: 0.06,
                                          toleranceKind: .relative, source: ref.source[k],
                                          note: conventions[s.quantity] ?? ""))
            }
        }
        return rows
    }

    /// File-name stem of a site's loss-chain plot.
    public static func plotName(_ site: String) -> String { "losschain-" + site.lowercased() }

    /// Loss-chain bar plots (ours vs SAM, annual stages) for every SAM group of a report: (file-name stem, SVG).
    public static func lossChainPlots(_ report: ValidationReport) -> [(name: String, svg: String)] {
        var out: [(String, String)] = []
        for g in report.groups where g.name.hasPrefix("SAM loss chain ") {
            let site = String(g.name.dropFirst("SAM loss chain ".count))
            let annual = g.rows.filter { $0.caseName == "\(site) annual" && $0.status != .skipped }
            guard annual.count == stages.count else { continue }
            let svg = ValidationPlots.lossChainBars(
                title: "Annual loss chain, \(site): SolarTower vs NREL SAM (GWh)", unit: "GWh",
                stages: stages.map(\.quantity),
                first: .init(label: "SolarTower", values: annual.map { $0.ours ?? .nan }),
                second: .init(label: "SAM (PySAM 7.1.1)", values: annual.map { $0.reference ?? .nan }))
            out.append((plotName(site), svg))
        }
        return out
    }
}
