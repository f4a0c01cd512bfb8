import Foundation

/// Annual figures of one sweep case. SI units (energies [J] over the simulated period).
public struct SweepCaseResult: Sendable, Equatable {
    public var storageHours: Double
    public var solarMultiple: Double
    /// Heliostats in the case's field. [-]
    public var heliostats: Int
    /// Mirror area. [m²]
    public var mirrorArea: Double
    /// Receiver design thermal power. [W]
    public var receiverDesignPower: Double
    /// Storage capacity. [J]
    public var storageCapacity: Double
    /// Net electricity. [J]
    public var netEnergy: Double
    /// Net energy / (design net rating × duration). [0–1]
    public var capacityFactor: Double
    /// Net energy / design net rating. [h]
    public var fullLoadHours: Double
    /// Power offered on the receiver, integrated. [J]
    public var receiverIncident: Double
    /// Offered power not used (defocused or dumped: full storage, receiver limits or off). [J]
    public var dumped: Double
    /// Heat drawn from storage: sum of the decreases of the stored charge step to step. [J]
    public var storageDischarged: Double
    /// Equivalent full storage cycles: discharged / capacity. [-]
    public var storageCycles: Double
    /// Receiver starts (steps leaving the off state). [-]
    public var receiverStarts: Int
    /// Heat lost by both tanks (bigger tanks lose more: the price of unused storage). [J]
    public var tankLosses: Double
    /// Installed cost, when the plant file has a [costs] table. [USD]
    public var installedCost: Double?
    /// Levelized cost of electricity (fixed-charge-rate method). [USD/MWh]
    public var lcoe: Double?

    public var sweepCase: SweepCase { SweepCase(storageHours: storageHours, solarMultiple: solarMultiple) }

    /// CSV columns (units in the names).
    public static let csvHeader = "storage_h,solar_multiple,heliostats,mirror_area_m2,receiver_design_MWt,storage_capacity_MWht,"
        + "net_MWh,capacity_factor,full_load_h,receiver_incident_MWh,dumped_MWh,storage_discharged_MWht,storage_cycles,"
        + "receiver_starts,tank_losses_MWht,installed_cost_MUSD,lcoe_USD_per_MWh"

    /// One CSV row; numbers in full precision (round-trip exact).
    public var csvRow: String {
        func d(_ v: Double) -> String { "\(v)" }
        return [SweepCase.format(storageHours), SweepCase.format(solarMultiple), "\(heliostats)", d(mirrorArea),
                d(receiverDesignPower / 1e6), d(storageCapacity / 3.6e9), d(netEnergy / 3.6e9), d(capacityFactor),
                d(fullLoadHours), d(receiverIncident / 3.6e9), d(dumped / 3.6e9), d(storageDischarged / 3.6e9),
                d(storageCycles), "\(receiverStarts)", d(tankLosses / 3.6e9), installedCost.map { d($0 / 1e6) } ?? "", lcoe.map(d) ?? ""]
            .joined(separator: ",")
    }

    /// Parses a row written by `csvRow`; nil when it is not a complete row.
    public init?(csvRow line: String) {
        let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard f.count == 17 else { return nil }
        let n = f.prefix(15).map { Double($0) }
        guard n.allSatisfy({ $0 != nil && $0!.isFinite }), let h = Int(f[2]), let st = Int(f[13]) else { return nil }
        storageHours = n[0]!; solarMultiple = n[1]!; heliostats = h; mirrorArea = n[3]!
        receiverDesignPower = n[4]! * 1e6; storageCapacity = n[5]! * 3.6e9; netEnergy = n[6]! * 3.6e9
        capacityFactor = n[7]!; fullLoadHours = n[8]!; receiverIncident = n[9]! * 3.6e9; dumped = n[10]! * 3.6e9
        storageDischarged = n[11]! * 3.6e9; storageCycles = n[12]!; receiverStarts = st; tankLosses = n[14]! * 3.6e9
        installedCost = f[15].isEmpty ? nil : Double(f[15]).map { $0 * 1e6 }
        lcoe = f[16].isEmpty ? nil : Double(f[16])
        if (!f[15].isEmpty && installedCost == nil) || (!f[16].isEmpty && lcoe == nil) { return nil }
    }

    public init(storageHours: Double, solarMultiple: Double, heliostats: Int, mirrorArea: Double, receiverDesignPower: Double,
                storageCapacity: Double, netEnergy: Double, capacityFactor: Double, fullLoadHours: Double,
                receiverIncident: Double, dumped: Double, storageDischarged: Double, storageCycles: Double,
                receiverStarts: Int, tankLosses: Double, installedCost: Double?, lcoe: Double?) {
        self.storageHours = storageHours; self.solarMultiple = solarMultiple; self.heliostats = heliostats
        self.mirrorArea = mirrorArea; self.receiverDesignPower = receiverDesignPower; self.storageCapacity = storageCapacity
        self.netEnergy = netEnergy; self.capacityFactor = capacityFactor; self.fullLoadHours = fullLoadHours
        self.receiverIncident = receiverIncident; self.dumped = dumped; self.storageDischarged = storageDischarged
        self.storageCycles = storageCycles; self.receiverStarts = receiverStarts; self.tankLosses = tankLosses; self.installedCost = installedCost
        self.lcoe = lcoe
    }
}

/// What a sweep optimises.
public enum SweepObjective: String, Sendable, CaseIterable {
    /// Lowest levelized cost (needs a [costs] table).
    case lcoe
    /// Highest annual net energy.
    case energy
    /// Highest capacity factor.
    case capacityFactor = "capacity-factor"

    /// The best case, or nil when no case has the objective's value.
    public func best(_ results: [SweepCaseResult]) -> SweepCaseResult? {
        switch self {
        case .lcoe: return results.filter { $0.lcoe != nil }.min { $0.lcoe! != $1.lcoe! ? $0.lcoe! < $1.lcoe! : $0.sweepCase < $1.sweepCase }
        case .energy: return results.max { $0.netEnergy != $1.netEnergy ? $0.netEnergy < $1.netEnergy : $1.sweepCase < $0.sweepCase }
        case .capacityFactor: return results.max { $0.capacityFactor != $1.capacityFactor ? $0.capacityFactor < $1.capacityFactor : $1.sweepCase < $0.sweepCase }
        }
    }
}

/// Runs sweep cases: the shared optics (`SweepField`) and one thermal run per case.
public enum SweepSimulation {
    /// Thermal run of one case on the shared optics. The single-run path (`single`) calls exactly this.
    public static func runCase(plant: PlantDescription, field: SweepField, weather: WeatherYear, sweepCase c: SweepCase,
                               costs: SweepCosts?) throws -> (result: SweepCaseResult, thermal: PlantResult) {
        let k = try field.index(of: c.solarMultiple)
        let spec = plant.spec.resized(storageHours: c.storageHours, solarMultiple: c.solarMultiple,
                                      mirrorArea: field.mirrorAreas[k], designMirrorArea: field.designMirrorArea)
        let inputs = ThermalInput.series(weather: weather, receiverIncident: try field.receiverIncident(solarMultiple: c.solarMultiple),
                                         mirrorArea: field.mirrorAreas[k])
        let thermal = try PlantSimulation.runThermalChecked(plant: spec, inputs: inputs)
        let s = thermal.summary
        var discharged = 0.0, starts = 0
        var prevCharge = thermal.steps.first?.storageCharge ?? 0
        var prevMode = ExternalCylindricalReceiver.Mode.off
        for st in thermal.steps {
            discharged += max(0, prevCharge - st.storageCharge); prevCharge = st.storageCharge
            if prevMode == .off && st.receiverMode != .off { starts += 1 }
            prevMode = st.receiverMode
        }
        var installed: Double? = nil, lcoe: Double? = nil
        if let costs {
            let i = costs.installedCost(mirrorArea: field.mirrorAreas[k], receiverPower: spec.receiver.designThermalPower,
                                        storageCapacity: spec.storage.capacity, grossRating: spec.powerBlock.grossRating)
            installed = i
            // Annualised: energy scaled to a 365-day year when the run is shorter or longer.
            let yearNet = s.duration > 0 ? s.net * (365 * 86_400 / s.duration) : 0
            lcoe = costs.lcoe(installed: i, netRating: spec.designNetRating, annualNet: yearNet)
        }
        let r = SweepCaseResult(
            storageHours: c.storageHours, solarMultiple: c.solarMultiple, heliostats: field.heliostatCounts[k],
            mirrorArea: field.mirrorAreas[k], receiverDesignPower: spec.receiver.designThermalPower,
            storageCapacity: spec.storage.capacity, netEnergy: s.net, capacityFactor: s.capacityFactor,
            fullLoadHours: s.fullLoadHours, receiverIncident: s.receiverIncident, dumped: s.defocused,
            storageDischarged: discharged, storageCycles: spec.storage.capacity > 0 ? discharged / spec.storage.capacity : 0,
            receiverStarts: starts, tankLosses: s.tankLosses, installedCost: installed, lcoe: lcoe)
        return (r, thermal)
    }

    /// A single configuration through the sweep's code path: optics of the field sized for `grid` (the sweep's
    /// solar multiples; `solarMultiple` is added), ranked subset, one thermal run. Equal to the sweep's case
    /// bit for bit when `grid` is the sweep's.
    public static func single(plant: PlantDescription, weather rawWeather: WeatherYear, storageHours: Double,
                              solarMultiple: Double, grid: [Double], threads: Int = defaultThreadCount) throws
        -> (result: SweepCaseResult, thermal: PlantResult, field: SweepField) {
        let weather = AnnualSimulation.prepare(rawWeather)
        let sun = try weather.sunPositions(threads: threads)
        let field = try SweepField.build(plant: plant, weather: weather, sun: sun, solarMultiples: grid + [solarMultiple], threads: threads)
        let costs = try SweepCosts.parse(toml: plant.text, path: plant.path)
        let (r, t) = try runCase(plant: plant, field: field, weather: weather,
                                 sweepCase: SweepCase(storageHours: storageHours, solarMultiple: solarMultiple), costs: costs)
        return (r, t, field)
    }

    /// Runs `cases` in parallel on `threads` workers (dynamic: each worker takes the next case). `done` is called
    /// once per finished case, from the worker thread, serialised by a lock (write the case file there).
    /// Returns the results in `cases` order; rethrows the first error after the workers stop.
    public static func run(plant: PlantDescription, field: SweepField, weather: WeatherYear, cases: [SweepCase],
                           costs: SweepCosts?, threads: Int = defaultThreadCount,
                           done: @escaping @Sendable (SweepCaseResult) throws -> Void) throws -> [SweepCaseResult] {
        final class Shared: @unchecked Sendable {
            let lock = NSLock()
            var next = 0
            var results: [SweepCaseResult?]
            var error: Error?
            init(_ n: Int) { results = Array(repeating: nil, count: n) }
        }
        let shared = Shared(cases.count)
        let workers = max(1, min(threads, cases.count))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while true {
                shared.lock.lock()
                let j = shared.next; shared.next += 1
                let stop = shared.error != nil
                shared.lock.unlock()
                if stop || j >= cases.count { return }
                do {
                    let r = try runCase(plant: plant, field: field, weather: weather, sweepCase: cases[j], costs: costs).result
                    shared.lock.lock()
                    defer { shared.lock.unlock() }
                    shared.results[j] = r
                    try done(r)
                } catch {
                    shared.lock.lock(); if shared.error == nil { shared.error = error }; shared.lock.unlock()
                    return
                }
            }
        }
        if let e = shared.error { throw e }
        return shared.results.map { $0! }
    }
}

/// A sweep's results folder: `manifest.txt` (plant, weather, grid), `cases/KEY.csv` (one atomic file per finished
/// case: header + one row), and the merged `sweep.csv`, `sweep.h5`, `sweep.html`.
public struct SweepFolder: Sendable {
    public var path: String
    public init(path: String) { self.path = path }
    public var casesPath: String { path + "/cases" }
    public var manifestPath: String { path + "/manifest.txt" }

    /// Writes one case's file atomically.
    public func write(_ r: SweepCaseResult) throws {
        try FileManager.default.createDirectory(atPath: casesPath, withIntermediateDirectories: true)
        try AtomicFile.write(SweepCaseResult.csvHeader + "\n" + r.csvRow + "\n", to: casesPath + "/" + r.sweepCase.key + ".csv")
    }

    /// Finished cases found in `cases/` (files that do not parse, e.g. foreign or damaged ones, are skipped and named).
    public func finished() -> (results: [SweepCaseResult], unreadable: [String]) {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: casesPath)) ?? []).filter { $0.hasSuffix(".csv") && !$0.hasPrefix(".") }.sorted()
        var out: [SweepCaseResult] = [], bad: [String] = []
        for n in names {
            let p = casesPath + "/" + n
            guard let text = try? String(contentsOfFile: p, encoding: .utf8) else { bad.append(p); continue }
            let lines = text.split(separator: "\n").map(String.init)
            guard lines.count == 2, lines[0] == SweepCaseResult.csvHeader, let r = SweepCaseResult(csvRow: lines[1]),
                  r.sweepCase.key + ".csv" == n else { bad.append(p); continue }
            out.append(r)
        }
        return (out, bad)
    }

    /// The cases of `cases` that have no readable result file yet (what a re-run must still do).
    public func pending(_ cases: [SweepCase]) -> [SweepCase] {
        let done = Set(finished().results.map(\.sweepCase.key))
        return cases.filter { !done.contains($0.key) }
    }

    /// Manifest text: what the sweep is (a re-run must match it).
    public static func manifest(plant: String, weather: String, grid: SweepGrid) -> String {
        "plant = \(plant)\nweather = \(weather)\nstorage_hours = \(grid.storageHours.map(SweepCase.format).joined(separator: ","))\n"
            + "solar_multiples = \(grid.solarMultiples.map(SweepCase.format).joined(separator: ","))\n"
    }

    /// Reads the grid and plant/weather paths back from a manifest.
    public func readManifest() throws -> (plant: String, weather: String, grid: SweepGrid) {
        guard let text = try? String(contentsOfFile: manifestPath, encoding: .utf8) else {
            throw SweepError(path: manifestPath, "cannot read the sweep manifest: is \(path) a sweep folder?")
        }
        var kv: [String: String] = [:]
        for (i, l) in text.split(separator: "\n").enumerated() {
            guard let eq = l.firstIndex(of: "=") else { throw SweepError(path: manifestPath, line: i + 1, "expected key = value") }
            kv[l[..<eq].trimmingCharacters(in: .whitespaces)] = l[l.index(after: eq)...].trimmingCharacters(in: .whitespaces)
        }
        guard let p = kv["plant"], let w = kv["weather"], let h = kv["storage_hours"], let s = kv["solar_multiples"] else {
            throw SweepError(path: manifestPath, "expected plant, weather, storage_hours and solar_multiples")
        }
        let grid = try SweepGrid(storageHours: try SweepRange(parsing: h, option: manifestPath).values,
                                 solarMultiples: try SweepRange(parsing: s, option: manifestPath).values)
        return (p, w, grid)
    }

    /// Merges the finished cases of several folders (shards) against `grid`: results in grid order, the grid cases
    /// no folder has, and cases found in more than one folder (keys).
    public static func merge(_ folders: [SweepFolder], grid: SweepGrid) -> (results: [SweepCaseResult], missing: [SweepCase], duplicates: [String], unreadable: [String]) {
        var byKey: [String: SweepCaseResult] = [:], dups: [String] = [], bad: [String] = []
        for f in folders {
            let (rs, b) = f.finished()
            bad += b
            for r in rs {
                if byKey[r.sweepCase.key] != nil { dups.append(r.sweepCase.key) } else { byKey[r.sweepCase.key] = r }
            }
        }
        var out: [SweepCaseResult] = [], missing: [SweepCase] = []
        for c in grid.cases { if let r = byKey[c.key] { out.append(r) } else { missing.append(c) } }
        return (out, missing, Array(Set(dups)).sorted(), bad)
    }
}
