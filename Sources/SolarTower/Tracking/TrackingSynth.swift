import Foundation

/// Truth generator for the tracker: simulates a period, injects known fault, operations and weather events
/// with a prescribed split of the lost energy, an unlogged loss and metering noise (seeded), and returns
/// the actual-generation and event files with the true attribution.
///
/// Each category's events are placed on its own days (days with weather events derived from the file are
/// left out), so the categories hardly interact; each category's event strengths are scaled by one
/// intensity factor found by bisection so that its standalone loss (plan − run with only that category)
/// is its share of `lossFraction` × plan. The truth reported is those standalone losses; the interaction
/// term (loss of all together − Σ standalone) is reported so a test can see it is small.
public struct TrackingSynth: Sendable {
    /// A named mix of causes.
    public struct Scenario: Sendable, Equatable {
        public var name: String
        /// Energy lost to the logged/derived causes together, as a fraction of the plan. [fraction]
        public var lossFraction: Double
        /// Target split of that loss, by `CauseCategory.index`; sums to 1. [fraction]
        public var shares: [Double]
        /// Loss no event explains (e.g. unlogged degradation), as a fraction of net generation. [fraction]
        public var unexplained: Double
        /// Metering noise: standard deviation relative to each interval's energy. [fraction]
        public var meterNoise: Double
        public var seed: UInt64

        public init(name: String, lossFraction: Double, shares: [Double], unexplained: Double = 0.01,
                    meterNoise: Double = 0.02, seed: UInt64) {
            self.name = name
            self.lossFraction = lossFraction
            self.shares = shares
            self.unexplained = unexplained
            self.meterNoise = meterNoise
            self.seed = seed
        }

        /// Like the Delingha 50 MW report: faults 69 %, operations 20 %, weather 11 % of the shortfall
        /// (shared/reference/facts.md).
        public static let faultDominated = Scenario(name: "fault-dominated", lossFraction: 0.15,
                                                    shares: [0.69, 0.20, 0.11], seed: 69)
        public static let operationsDominated = Scenario(name: "operations-dominated", lossFraction: 0.10,
                                                         shares: [0.20, 0.60, 0.20], seed: 20)
        public static let weatherDominated = Scenario(name: "weather-dominated", lossFraction: 0.15,
                                                      shares: [0.15, 0.20, 0.65], seed: 11)
        public static let balanced = Scenario(name: "balanced", lossFraction: 0.08,
                                              shares: [1.0 / 3, 1.0 / 3, 1.0 / 3], meterNoise: 0.03, seed: 3)
        public static let all = [faultDominated, operationsDominated, weatherDominated, balanced]
    }

    /// The answers the tracker should find.
    public struct Truth: Sendable, Equatable {
        /// Modeled net energy without events. [J]
        public var plan: Double
        /// Net energy written to the actual-generation file (after rounding). [J]
        public var actual: Double
        /// Standalone loss of each category, by `CauseCategory.index`. [J]
        public var losses: [Double]
        /// Loss of all causes together minus the sum of standalone losses. [J]
        public var interaction: Double
        /// Unlogged loss plus metering noise (what the tracker should leave as residual). [J]
        public var residual: Double

        /// Share of each category in the explained loss. [fraction]
        public var shares: [Double] { let t = losses.reduce(0, +); return losses.map { t != 0 ? $0 / t : 0 } }
        /// Actual / plan. [fraction]
        public var achievement: Double { actual / plan }
        /// (Actual + fault loss) / plan. [fraction]
        public var achievementExcludingFaults: Double { (actual + losses[CauseCategory.fault.index]) / plan }

        /// Two-column CSV (`quantity,value`) of the truth, energies in MWh.
        public var csv: String {
            var out = "quantity,value\n"
            func mwh(_ x: Double) -> String { String(format: "%.4f", x / 3.6e9) }
            out += "plan_MWh,\(mwh(plan))\nactual_MWh,\(mwh(actual))\n"
            for c in CauseCategory.allCases { out += "\(c.rawValue)_MWh,\(mwh(losses[c.index]))\n" }
            out += "interaction_MWh,\(mwh(interaction))\nresidual_MWh,\(mwh(residual))\n"
            for c in CauseCategory.allCases { out += "\(c.rawValue)_share,\(String(format: "%.5f", shares[c.index]))\n" }
            out += "achievement,\(String(format: "%.5f", achievement))\n"
            out += "achievement_excluding_faults,\(String(format: "%.5f", achievementExcludingFaults))\n"
            return out
        }
    }

    public struct Output: Sendable {
        /// Metered intervals (one per weather record), MWh-rounded as written.
        public var actual: [ActualInterval]
        /// Events to write to the event log (derived weather events are not in it: the tracker derives them).
        public var loggedEvents: [PlantEvent]
        /// Weather events derived from the weather file.
        public var derivedEvents: [PlantEvent]
        public var truth: Truth
        /// Intensity factor found for each category. [-]
        public var intensities: [Double]
    }

    public var model: any PlantModel
    public var weatherRules: WeatherEventRules?

    public init(model: any PlantModel, weatherRules: WeatherEventRules? = WeatherEventRules()) {
        self.model = model
        self.weatherRules = weatherRules
    }

    /// An event whose strength scales with the category intensity k: lost fraction min(1, k·base)
    /// (for `startup`, duration min(maxDelay, k·base) with base in seconds).
    struct Template {
        var start: Double
        var end: Double
        var category: CauseCategory
        var target: EventTarget
        var base: Double
        var note: String

        static let maxDelay = 6.0 * 3600

        func event(_ k: Double) -> PlantEvent? {
            if case .startup = target {
                let delay = (min(Self.maxDelay, k * base) / 60).rounded() * 60
                guard delay > 0 else { return nil }
                return PlantEvent(start: start, end: start + delay, category: category, target: target,
                                  lostFraction: 1, note: note)
            }
            let f = (min(1, k * base) * 1e4).rounded() / 1e4
            guard f > 0 else { return nil }
            return PlantEvent(start: start, end: end, category: category, target: target, lostFraction: f, note: note)
        }

        /// Intensity at which this template is at full strength.
        var saturation: Double {
            if case .startup = target { return Self.maxDelay / base }
            return 1 / base
        }
    }

    public func generate(weather: WeatherYear, scenario: Scenario) throws -> Output {
        let path = weather.sourcePath ?? "weather"
        guard scenario.shares.count == 3, abs(scenario.shares.reduce(0, +) - 1) < 1e-9,
              scenario.shares.allSatisfy({ $0 >= 0 }) else {
            throw TrackingError(.scenario, path: path, "scenario \(scenario.name): shares must be three non-negative numbers summing to 1")
        }
        let records = weather.records
        let starts = records.map(EventSchedule.localSeconds)
        let intervals = records.map(\.interval)
        let rated = model.ratedNetPower
        let derived = weatherRules?.events(from: weather) ?? []

        func run(_ events: [PlantEvent], _ categories: Set<CauseCategory>) throws -> [Double] {
            let adj = EventSchedule.adjustments(recordStarts: starts, intervals: intervals, events: events,
                                                categories: categories, ratedNetPower: rated)
            let out = try model.simulate(period: weather, adjustments: adj)
            guard out.count == records.count, out.allSatisfy({ $0.energy.isFinite }) else {
                throw TrackingError(.modelOutput, path: path, "plant model returned \(out.count) intervals for \(records.count) records, or a non-finite value")
            }
            return out.map(\.energy)
        }
        let plan = try run([], [])
        let planTotal = plan.reduce(0, +)

        // Productive days not touched by derived weather events.
        func day(_ t: Double) -> Int { Int((t / 86_400).rounded(.down)) }
        var dayEnergy: [Int: Double] = [:]
        for i in records.indices { dayEnergy[day(starts[i]), default: 0] += plan[i] }
        let best = dayEnergy.values.max() ?? 0
        var touched = Set<Int>()
        for e in derived { for d in day(e.start)...day(e.end - 1) { touched.insert(d) } }
        var pool = dayEnergy.filter { $0.value > 0.2 * best && !touched.contains($0.key) }.keys.sorted()
        var rng = SplitMix64(seed: scenario.seed)
        pool.shuffle(using: &rng)
        let usable = Int((Double(pool.count) * 0.8).rounded(.down))
        // Days in proportion to 0.25 + share (every category present gets room; the intensity sets the loss).
        let weights = scenario.shares.map { $0 > 0 ? 0.25 + $0 : 0 }
        var counts = CauseCategory.allCases.map { c -> Int in
            weights[c.index] > 0 ? max(1, Int(Double(usable) * weights[c.index] / weights.reduce(0, +))) : 0
        }
        while counts.reduce(0, +) > pool.count, let k = counts.indices.max(by: { counts[$0] < counts[$1] }) { counts[k] -= 1 }
        guard planTotal > 0, pool.count >= 3 else {
            throw TrackingError(.scenario, path: path, "the plan has too few productive days (\(pool.count)) to place events on")
        }

        // Templates per category.
        func uniform(_ a: Double, _ b: Double) -> Double { a + (b - a) * rng.uniform() }
        func hour(_ d: Int, _ h: Double) -> Double { Double(d) * 86_400 + (h * 60).rounded() * 60 }
        var templates: [[Template]] = [[], [], []]
        var next = 0
        for c in CauseCategory.allCases {
            for n in 0..<counts[c.index] {
                let d = pool[next]; next += 1
                let t: Template
                switch c {
                case .fault:
                    let kinds: [(PlantComponent, String)] = [(.turbine, "turbine trip"), (.receiver, "receiver tube leak, panels bypassed"),
                                                             (.steamGenerator, "steam generator feed pump fault"),
                                                             (.heliostatField, "heliostat field communication fault")]
                    let (comp, note) = kinds[n % kinds.count]
                    let h0 = uniform(8, 12)
                    t = Template(start: hour(d, h0), end: hour(d, h0 + uniform(4, 9)), category: .fault,
                                 target: .component(comp), base: uniform(0.4, 0.8), note: note)
                case .operations:
                    switch n % 3 {
                    case 0:
                        t = Template(start: hour(d, 10), end: hour(d, 20), category: .operations, target: .curtailment,
                                     base: uniform(0.3, 0.6), note: "grid dispatch load limit")
                    case 1:
                        t = Template(start: hour(d, 6), end: hour(d, 6), category: .operations, target: .startup,
                                     base: uniform(1, 2.5) * 3600, note: "late preheat, start held")
                    default:
                        t = Template(start: hour(d, 6), end: hour(d, 21), category: .operations,
                                     target: .component(.heliostatField), base: uniform(0.15, 0.35),
                                     note: "conservative field strategy, part of the field held back")
                    }
                case .weather:
                    switch n % 2 {
                    case 0:
                        t = Template(start: hour(d, 0), end: hour(d, 24), category: .weather, target: .derate(.soiling),
                                     base: uniform(0.1, 0.3), note: "dust storm, mirrors soiled until washed")
                    default:
                        t = Template(start: hour(d, 0), end: hour(d, 24), category: .weather, target: .derate(.snow),
                                     base: uniform(0.4, 0.8), note: "snow on heliostats")
                    }
                }
                templates[c.index].append(t)
            }
        }

        // Intensity per category by bisection on the standalone loss.
        var intensities = [0.0, 0.0, 0.0]
        var events: [[PlantEvent]] = [[], [], []]
        for c in CauseCategory.allCases {
            let fixed = c == .weather ? derived : []
            let target = scenario.shares[c.index] * scenario.lossFraction * planTotal
            func loss(_ k: Double) throws -> (Double, [PlantEvent]) {
                let ev = templates[c.index].compactMap { $0.event(k) }
                let e = try run(fixed + ev, [c])
                return (planTotal - e.reduce(0, +), ev)
            }
            let floor = try loss(0).0
            if floor > target + 1e-6 * planTotal {
                throw TrackingError(.scenario, path: path, String(format: "scenario %@: the weather file's own events already lose %.2f %% of the plan, above the %.2f %% asked of weather", scenario.name, 100 * floor / planTotal, 100 * target / planTotal))
            }
            guard target > 0, !templates[c.index].isEmpty else { continue }
            var lo = 0.0, hi = templates[c.index].map(\.saturation).max()!
            let top = try loss(hi).0
            if top < target {
                throw TrackingError(.scenario, path: path, String(format: "scenario %@: %@ events at full strength lose %.2f %% of the plan, less than the %.2f %% asked", scenario.name, c.rawValue, 100 * top / planTotal, 100 * target / planTotal))
            }
            // Stop as soon as the loss is within 0.01 % of the plan of its target (≈ 0.1 pp of a share; each
            // probe is a whole simulation of the period).
            var hit: (k: Double, events: [PlantEvent])?
            for _ in 0..<40 where hi - lo > 1e-6 * hi {
                let mid = 0.5 * (lo + hi)
                let (l, ev) = try loss(mid)
                if abs(l - target) <= 1e-4 * planTotal { hit = (mid, ev); break }
                if l < target { lo = mid } else { hi = mid }
            }
            if let hit {
                intensities[c.index] = hit.k
                events[c.index] = hit.events
                continue
            }
            // The loss may jump (a plant stops below minimum load): keep the end closer to the target.
            let (lossLo, eventsLo) = try loss(lo), (lossHi, eventsHi) = try loss(hi)
            let useLo = abs(lossLo - target) < abs(lossHi - target)
            intensities[c.index] = useLo ? lo : hi
            events[c.index] = useLo ? eventsLo : eventsHi
        }

        let logged = events.flatMap { $0 }.sorted { ($0.start, $0.end) < ($1.start, $1.end) }
        let all = logged + derived
        var losses = [0.0, 0.0, 0.0]
        for c in CauseCategory.allCases {
            losses[c.index] = planTotal - (try run(all, [c])).reduce(0, +)
        }
        let withAll = try run(all, Set(CauseCategory.allCases))
        let allLoss = planTotal - withAll.reduce(0, +)

        // Metered: unlogged loss, noise, rounding to 0.1 kWh as written.
        var actual: [ActualInterval] = []
        actual.reserveCapacity(records.count)
        for i in records.indices {
            let e = withAll[i] * (1 - scenario.unexplained) * (1 + scenario.meterNoise * rng.normal())
            let rounded = (e / 3.6e5).rounded() * 3.6e5
            actual.append(ActualInterval(start: starts[i], duration: intervals[i], energy: rounded, line: i + 2))
        }
        let actualTotal = actual.reduce(0) { $0 + $1.energy }
        let truth = Truth(plan: planTotal, actual: actualTotal, losses: losses,
                          interaction: allLoss - losses.reduce(0, +),
                          residual: planTotal - allLoss - actualTotal)
        return Output(actual: actual, loggedEvents: logged, derivedEvents: derived, truth: truth, intensities: intensities)
    }
}
