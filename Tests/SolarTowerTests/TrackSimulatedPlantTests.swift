import Foundation
import Testing
@testable import SolarTower

/// The tracker on the real plant model (`SimulatedPlant`: SPA → field optics → thermal chain) with a small
/// 50-heliostat plant (Corpus/tracking/plant-small-tower.toml) and three weeks of TrackWeather.
@Suite struct TrackSimulatedPlantTests {
    static let plantPath = SharedData.corpus("tracking/plant-small-tower.toml")
    static let weather = TrackWeather.make(days: 21)
    /// One model for the suite: its optics cache is shared by every test (the optics pass runs once).
    static let loaded = Result { try SimulatedPlant.load(path: plantPath, threads: 2) }
    static var model: SimulatedPlant { get throws { try loaded.get() } }
    static var n: Int { weather.records.count }

    static func thermal(_ adj: OperatingAdjustments) throws -> PlantResult {
        try model.simulateThermal(period: weather, adjustments: adj)
    }

    /// Energy balance of a thermal result: receiver side, whole chain, power block (as ThermalSimulationTests).
    static func expectConserves(_ r: PlantResult, _ label: String) {
        let s = r.summary
        let rec = s.defocused + s.receiverLosses + s.receiverStartup + s.receiverOutput
        #expect(abs(rec - s.receiverIncident) <= 1e-6 * s.receiverIncident, "\(label): receiver balance")
        let stored = s.finalStoredEnthalpy - s.initialStoredEnthalpy
        let whole = s.defocused + s.receiverLosses + s.receiverStartup + s.tankLosses - s.tankHeaterHeat + stored + s.cycleHeat
        #expect(abs(whole - s.receiverIncident) <= 1e-6 * s.receiverIncident, "\(label): chain balance")
        #expect(abs(s.gross + s.cycleRejected - s.cycleHeat) <= 1e-6 * s.cycleHeat, "\(label): cycle balance")
        #expect(r.steps.allSatisfy { $0.net.isFinite }, "\(label): finite net")
    }

    /// Records of local day `d` (0-based from the first record).
    static func day(_ d: Int) -> Range<Int> { (d * 24)..<((d + 1) * 24) }

    @Test func unadjustedRunEqualsAnnualSimulationExactly() throws {
        let plan = try Self.model.simulate(period: Self.weather, adjustments: .none(count: Self.n))
        let reference = try AnnualSimulation.run(plant: Self.model.plant, weather: Self.weather, threads: 1)
        #expect(plan.count == Self.n)
        #expect(plan.map(\.energy) == zip(reference.thermal.steps, Self.weather.records).map { $0.net * $1.interval })
        #expect(plan.map(\.start) == Self.weather.records.map(\.start))
        // The plant makes power on most days, or the test proves nothing.
        #expect(reference.thermal.summary.net > 0)
        // Optics run once per weather series: a fresh model, three runs (one adjusted), one optics pass.
        let fresh = try SimulatedPlant.load(path: Self.plantPath, threads: 1)
        #expect(fresh.opticsPasses == 0)
        var adj = OperatingAdjustments.none(count: Self.n)
        adj.setAvailability(.receiver, 30, 0.5)
        let runs = try [OperatingAdjustments.none(count: Self.n), adj, .none(count: Self.n)].map {
            try fresh.simulate(period: Self.weather, adjustments: $0).map(\.energy)
        }
        #expect(fresh.opticsPasses == 1)
        #expect(runs[0] == plan.map(\.energy) && runs[2] == runs[0])
    }

    @Test func eachAdjustmentActsWhereDocumentedAndEnergyIsConserved() throws {
        let plan = try Self.thermal(.none(count: Self.n))
        Self.expectConserves(plan, "plan")
        let d = Self.day(2)
        func net(_ r: PlantResult, _ range: Range<Int>) -> Double { range.reduce(0) { $0 + r.steps[$1].net * 3600 } }
        #expect(net(plan, d) > 0)

        // Turbine tripped all day: no gross power that day; the heat stays in storage (more charge at day's end).
        var a = OperatingAdjustments.none(count: Self.n)
        for i in d { a.setAvailability(.turbine, i, 0) }
        let trip = try Self.thermal(a)
        Self.expectConserves(trip, "turbine")
        #expect(d.allSatisfy { trip.steps[$0].gross == 0 })
        #expect(trip.steps[d.upperBound - 1].storageCharge > plan.steps[d.upperBound - 1].storageCharge)
        #expect(Array(trip.steps[..<d.lowerBound]) == Array(plan.steps[..<d.lowerBound]))

        // Half the heliostats: half the power on the receiver.
        a = .none(count: Self.n)
        for i in d { a.setAvailability(.heliostatField, i, 0.5) }
        let half = try Self.thermal(a)
        Self.expectConserves(half, "field")
        for i in d { #expect(abs(half.steps[i].receiverIncident - 0.5 * plan.steps[i].receiverIncident) <= 1e-9 * plan.steps[i].receiverIncident) }

        // Receiver at 60 %: 40 % of the incident power falls on bypassed panels (defocused), less heat to salt.
        a = .none(count: Self.n)
        for i in d { a.setAvailability(.receiver, i, 0.6) }
        let rec = try Self.thermal(a)
        Self.expectConserves(rec, "receiver")
        for i in d where plan.steps[i].receiverIncident > 0 {
            #expect(rec.steps[i].defocused >= 0.4 * plan.steps[i].receiverIncident * (1 - 1e-12))
        }
        #expect(d.reduce(0) { $0 + rec.steps[$1].receiverOutput } < d.reduce(0) { $0 + plan.steps[$1].receiverOutput })

        // Curtailment to 30 % of rated and grid at 50 %: net never above the cap.
        let rated = try Self.model.ratedNetPower
        a = .none(count: Self.n)
        for i in d { a.curtailmentCap[i] = 0.3 * rated }
        for i in Self.day(3) { a.setAvailability(.grid, i, 0.5) }
        let capped = try Self.thermal(a)
        Self.expectConserves(capped, "caps")
        #expect(d.allSatisfy { capped.steps[$0].net <= 0.3 * rated * (1 + 1e-12) })
        #expect(Self.day(3).allSatisfy { capped.steps[$0].net <= 0.5 * rated * (1 + 1e-12) })
        #expect(d.contains { plan.steps[$0].net > 0.3 * rated })   // the cap did bind
        #expect(net(capped, d) < net(plan, d))

        // No storage: the hot tank never holds more than its heel plus nothing usable.
        a = .none(count: Self.n)
        for i in d { a.setAvailability(.storage, i, 0) }
        let noStorage = try Self.thermal(a)
        Self.expectConserves(noStorage, "storage")
        let before = noStorage.steps[d.lowerBound - 1].storageCharge
        #expect(d.allSatisfy { noStorage.steps[$0].storageCharge <= max(before, 0) + 1e-6 * plan.steps.map(\.storageCharge).max()! })

        // Grid out: the block trips, net ≤ 0 all day.
        a = .none(count: Self.n)
        for i in d { a.setAvailability(.grid, i, 0) }
        let grid = try Self.thermal(a)
        Self.expectConserves(grid, "grid")
        #expect(d.allSatisfy { grid.steps[$0].net <= 0 })
    }

    @Test func delayedStartHoldsTheFirstStartOfTheDay() throws {
        let plan = try Self.thermal(.none(count: Self.n))
        // A day where the block starts from cold during the day.
        let d = try #require((1..<20).first { k in
            let r = Self.day(k)
            return plan.steps[r.lowerBound - 1].cycleMode == .off && r.contains { plan.steps[$0].cycleStartup > 0 }
        })
        let r = Self.day(d)
        let firstStart = try #require(r.first { plan.steps[$0].cycleStartup > 0 })
        var a = OperatingAdjustments.none(count: Self.n)
        for i in r { a.startDelay[i] = 3 * 3600 }
        let late = try Self.thermal(a)
        Self.expectConserves(late, "delay")
        // Nothing enters the block for 3 h after the normal first start; it does start later that day or the next.
        #expect((firstStart..<(firstStart + 3)).allSatisfy { late.steps[$0].cycleHeat == 0 })
        #expect(late.steps[firstStart + 3].cycleHeat > 0)
        let gross = { (x: PlantResult) in r.reduce(0) { $0 + x.steps[$1].gross } }
        #expect(gross(late) < gross(plan))
    }

    /// Synthesises a scenario with the real model, writes and re-reads its files, tracks.
    static func roundTrip(_ s: TrackingSynth.Scenario) throws -> (TrackingSynth.Output, TrackingResult) {
        let out = try TrackingSynth(model: model).generate(weather: weather, scenario: s)
        let actual = try ActualGenerationReader.parse(ActualGeneration.csv(out.actual), path: "actual.csv",
                                                      ratedNetPower: model.ratedNetPower, utcOffset: 8)
        let events = try EventLogReader.parse(EventLogReader.csv(out.loggedEvents), path: "events.csv", utcOffset: 8)
        let result = try Tracker(model: model).track(weather: weather, actual: actual, events: events)
        return (out, result)
    }

    @Test(arguments: [TrackingSynth.Scenario.faultDominated, .operationsDominated, .weatherDominated])
    func recoversInjectedTruthWithTheRealModel(_ s: TrackingSynth.Scenario) throws {
        let (out, result) = try Self.roundTrip(s)
        let p = result.period
        #expect(out.truth.losses.allSatisfy { $0 > 0 }, "\(s.name): every cause lost energy")
        for c in CauseCategory.allCases {
            let got = try #require(p.shareOfExplained(c))
            #expect(abs(got - out.truth.shares[c.index]) < 0.02, "\(s.name) \(c): \(got) vs truth \(out.truth.shares[c.index])")
        }
        let ach = try #require(p.achievement)
        #expect(abs(ach - out.truth.achievement) < 0.005, "\(s.name): achievement \(ach) vs \(out.truth.achievement)")
        let exf = try #require(p.achievementExcludingFaults)
        #expect(abs(exf - out.truth.achievementExcludingFaults) < 0.005)
        #expect(abs(p.shortfall - p.attribution.reduce(0, +) - p.residual) < 1e-6 * p.modeled)
    }

    @Test func permutingCategoriesPermutesAttributionWithTheRealModel() throws {
        let out = try TrackingSynth(model: Self.model).generate(weather: Self.weather, scenario: .faultDominated)
        let actual = ActualGeneration(path: "a", intervals: out.actual, step: 3600, unit: .MWh)
        let tracker = try Tracker(model: Self.model, weatherRules: nil)
        let events = out.loggedEvents + out.derivedEvents
        let base = try tracker.track(weather: Self.weather, actual: actual, events: events)
        let cycle: [CauseCategory: CauseCategory] = [.fault: .weather, .operations: .fault, .weather: .operations]
        var rng = SplitMix64(seed: 11)
        let relabelled = events.map { e -> PlantEvent in var e = e; e.category = cycle[e.category]!; return e }.shuffled(using: &rng)
        let moved = try tracker.track(weather: Self.weather, actual: actual, events: relabelled)
        #expect(base.period.attribution.reduce(0, +) > 0)
        for c in CauseCategory.allCases {
            #expect(abs(moved.period.loss(cycle[c]!) - base.period.loss(c)) <= 1e-12 * base.period.modeled, "\(c)")  // rounding only
            for (x, y) in zip(moved.days, base.days) { #expect(abs(x.loss(cycle[c]!) - y.loss(c)) <= 1e-9 * base.period.modeled) }
        }
        #expect(abs(moved.period.residual - base.period.residual) <= 1e-12 * base.period.modeled)  // sum order only
        #expect(moved.period.modeled == base.period.modeled)
    }

    @Test func aShortPeriodWorks() throws {
        // Three days cut from the middle of the two weeks: its own optics, any length works.
        var w = Self.weather
        w.records = Array(w.records[(4 * 24)..<(7 * 24)])
        let plan = try Self.model.simulate(period: w, adjustments: .none(count: w.records.count))
        #expect(plan.count == 72)
        let actual = ActualGeneration(path: "a", intervals: w.records.enumerated().map {
            ActualInterval(start: EventSchedule.localSeconds($0.element), duration: 3600, energy: 0.9 * plan[$0.offset].energy, line: $0.offset + 2)
        }, step: 3600, unit: .MWh)
        let r = try Tracker(model: Self.model, weatherRules: nil).track(weather: w, actual: actual, events: [])
        #expect(r.days.count == 3)
        #expect(abs((r.period.achievement ?? 0) - 0.9) < 1e-9)
    }
}
