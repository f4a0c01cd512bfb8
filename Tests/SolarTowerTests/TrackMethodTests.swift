import Foundation
import Testing
@testable import SolarTower

/// End-to-end: TrackingSynth writes actual and event files from the toy plant; the tracker reads them back
/// and must recover the injected attribution.
@Suite struct TrackMethodTests {
    static let weather = TrackWeather.make()
    static let model = ToyPlant()

    /// Synthesises a scenario, writes and re-reads its files, tracks.
    static func roundTrip(_ s: TrackingSynth.Scenario) throws -> (TrackingSynth.Output, TrackingResult) {
        let out = try TrackingSynth(model: model).generate(weather: weather, scenario: s)
        let actual = try ActualGenerationReader.parse(ActualGeneration.csv(out.actual), path: "actual.csv",
                                                      ratedNetPower: model.ratedNetPower, utcOffset: 8)
        let events = try EventLogReader.parse(EventLogReader.csv(out.loggedEvents), path: "events.csv", utcOffset: 8)
        let result = try Tracker(model: model).track(weather: weather, actual: actual, events: events)
        return (out, result)
    }

    @Test func weatherDerivesSnowFrostAndWind() {
        let events = WeatherEventRules().events(from: Self.weather)
        let kinds = Set(events.map(\.target.description))
        #expect(kinds == ["snow", "frost", "wind-stow"])
        // Wind: 16:00–17:00 local on day 7 (2022-01-08); snow until 10:00 on day 10.
        let wind = events.filter { $0.target == .derate(.windStow) }
        #expect(wind.count == 1)
        #expect(wind.first.map { TrackingText.format(localSeconds: $0.start) } == "2022-01-08 16:00")
        #expect(wind.first?.duration == 3600.0)
        let snow = events.filter { $0.target == .derate(.snow) }
        #expect(snow.map { TrackingText.format(localSeconds: $0.end) } == ["2022-01-11 10:00"])
        // Frost on day 4, starting at sunrise (about 08:2x local in January at 97.4° E, UTC+8), for 2 h.
        let frost = events.filter { $0.target == .derate(.frost) }
        #expect(frost.count == 1)
        #expect(frost.first.map { TrackingText.format(localSeconds: $0.start).prefix(10) } == "2022-01-05")
        #expect(frost.first?.duration == 7200.0)
        #expect(frost.allSatisfy { let h = TrackingText.format(localSeconds: $0.start).dropFirst(11).prefix(2); return h == "08" })
    }

    @Test(arguments: TrackingSynth.Scenario.all)
    func recoversInjectedShares(_ s: TrackingSynth.Scenario) throws {
        let (out, result) = try Self.roundTrip(s)
        let p = result.period
        // The synth hit its targets within 2 pp (the toy plant's minimum load makes losses jump).
        for c in CauseCategory.allCases {
            #expect(abs(out.truth.shares[c.index] - s.shares[c.index]) < 0.02, "\(s.name) \(c) truth share")
        }
        // Truth is the standalone loss of each category; Shapley splits the interaction term between causes,
        // so the recovered shares can differ from the standalone ones by up to |interaction| / loss: the
        // synth must keep it below the 2 pp the method is asked to meet.
        #expect(abs(out.truth.interaction) < 0.02 * out.truth.losses.reduce(0, +))
        for c in CauseCategory.allCases {
            let got = try #require(p.shareOfExplained(c))
            #expect(abs(got - out.truth.shares[c.index]) < 0.02, "\(s.name) \(c): \(got) vs \(out.truth.shares[c.index])")
        }
        let ach = try #require(p.achievement)
        #expect(abs(ach - out.truth.achievement) < 0.005)
        let exf = try #require(p.achievementExcludingFaults)
        #expect(abs(exf - out.truth.achievementExcludingFaults) < 0.005)
        // Books balance: plan − actual = Σ attribution + residual, per period and summed over days.
        #expect(abs(p.shortfall - p.attribution.reduce(0, +) - p.residual) < 1e-6 * p.modeled)
        let dayLosses = result.days.reduce(0.0) { $0 + $1.attribution.reduce(0, +) }
        #expect(abs(dayLosses - p.attribution.reduce(0, +)) < 1e-6 * p.modeled)
    }

    @Test func permutingCategoriesPermutesAttribution() throws {
        let out = try TrackingSynth(model: Self.model).generate(weather: Self.weather, scenario: .faultDominated)
        let actual = ActualGeneration(path: "a", intervals: out.actual, step: 3600, unit: .MWh)
        let tracker = Tracker(model: Self.model, weatherRules: nil)
        let events = out.loggedEvents + out.derivedEvents
        let base = try tracker.track(weather: Self.weather, actual: actual, events: events).period
        // Relabel: fault→operations→weather→fault; and shuffle the log's row order.
        let cycle: [CauseCategory: CauseCategory] = [.fault: .operations, .operations: .weather, .weather: .fault]
        var rng = SplitMix64(seed: 7)
        let relabelled = events.map { e -> PlantEvent in var e = e; e.category = cycle[e.category]!; return e }.shuffled(using: &rng)
        let moved = try tracker.track(weather: Self.weather, actual: actual, events: relabelled).period
        for c in CauseCategory.allCases {
            #expect(abs(moved.loss(cycle[c]!) - base.loss(c)) <= 1e-9 * base.modeled, "\(c)")
        }
        #expect(abs(moved.residual - base.residual) <= 1e-9 * base.modeled)
        // Row order alone changes nothing.
        let shuffled = try tracker.track(weather: Self.weather, actual: actual, events: events.shuffled(using: &rng)).period
        #expect(shuffled.attribution == base.attribution || zip(shuffled.attribution, base.attribution).allSatisfy { abs($0 - $1) <= 1e-9 * base.modeled })
    }

    @Test func noEventsAndPerfectActualGivesFullAchievement() throws {
        let plan = try Self.model.simulate(period: Self.weather, adjustments: .none(count: Self.weather.records.count))
        let intervals = Self.weather.records.enumerated().map {
            ActualInterval(start: EventSchedule.localSeconds($0.element), duration: 3600, energy: plan[$0.offset].energy, line: $0.offset + 2)
        }
        let r = try Tracker(model: Self.model, weatherRules: nil)
            .track(weather: Self.weather, actual: ActualGeneration(path: "a", intervals: intervals, step: 3600, unit: .MWh), events: [])
        #expect(r.period.achievement == 1)
        #expect(r.period.attribution == [0, 0, 0])
        #expect(r.days.count == 28)
        #expect(r.months.count == 1)
    }

    @Test func dailyActualAndMeterMonths() throws {
        // Daily totals of the plan, meter months from the 26th: Jan 1–25 in meter month 2022-01, 26–28 in 2022-02.
        let plan = try Self.model.simulate(period: Self.weather, adjustments: .none(count: Self.weather.records.count))
        var byDay: [Double: Double] = [:]
        for (i, r) in Self.weather.records.enumerated() {
            byDay[(EventSchedule.localSeconds(r) / 86_400).rounded(.down) * 86_400, default: 0] += plan[i].energy * 0.9
        }
        let intervals = byDay.keys.sorted().enumerated().map { ActualInterval(start: $0.element, duration: 86_400, energy: byDay[$0.element]!, line: $0.offset + 2) }
        let actual = try ActualGenerationReader.parse(ActualGeneration.csv(intervals, daily: true), path: "d.csv", ratedNetPower: 10e6, utcOffset: 8)
        #expect(actual.step == 86_400)
        let r = try Tracker(model: Self.model, weatherRules: nil, monthStartDay: 26).track(weather: Self.weather, actual: actual, events: [])
        #expect(abs((r.period.achievement ?? 0) - 0.9) < 1e-4)
        #expect(r.months.count == 2)
        #expect(r.months.first?.label.hasPrefix("2022-01") == true)
        #expect(r.months.last?.label.hasPrefix("2022-02") == true)
        #expect(r.days.count == 28)
    }
}

