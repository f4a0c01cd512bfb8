import Foundation

/// Modeled vs actual generation over one stretch of time, with the shortfall split by cause.
public struct TrackedPeriod: Sendable, Equatable {
    /// `2019-08-02`, `2019-08`, or `period`.
    public var label: String
    /// First and last covered record start, local standard seconds. [s]
    public var start: Double
    public var end: Double
    /// Modeled net energy with no event applied (the plan), over the time actual data covers. [J]
    public var modeled: Double
    /// Metered net energy. [J]
    public var actual: Double
    /// Modeled net energy with each subset of causes applied, by coalition mask
    /// (bit `CauseCategory.index`); `coalition[0] == modeled`. [J]
    public var coalition: [Double]
    /// Shapley share of the shortfall per cause, by `CauseCategory.index`. [J]
    public var attribution: [Double]

    /// Modeled − actual. [J]
    public var shortfall: Double { modeled - actual }
    /// Modeled with every cause applied. [J]
    public var modeledWithEvents: Double { coalition[coalition.count - 1] }
    /// Part of the shortfall no logged or derived event explains (incl. metering noise). [J]
    public var residual: Double { shortfall - attribution.reduce(0, +) }
    /// Energy attributed to one cause. [J]
    public func loss(_ c: CauseCategory) -> Double { attribution[c.index] }

    /// Actual / modeled, nil when the model gives no positive energy. [fraction]
    public var achievement: Double? { modeled > 0 ? actual / modeled : nil }
    /// (Actual + fault loss) / modeled: the achievement had no fault happened — the operator's definition
    /// (Delingha Jan 2022: 18.692 GWh actual, 0.77 GWh line-maintenance loss, 18.853 GWh model →
    /// 103.23 % "excluding"; shared/reference/delingha). [fraction]
    public var achievementExcludingFaults: Double? { modeled > 0 ? (actual + loss(.fault)) / modeled : nil }
    /// A cause's share of the shortfall, nil when there is no shortfall. [fraction]
    public func shareOfShortfall(_ c: CauseCategory) -> Double? { shortfall != 0 ? loss(c) / shortfall : nil }
    /// The residual's share of the shortfall. [fraction]
    public var residualShare: Double? { shortfall != 0 ? residual / shortfall : nil }
    /// A cause's share of the explained (attributed) loss — the split operators publish (faults 68.96 %,
    /// operations 20.44 %, weather 10.6 % for Delingha). [fraction]
    public func shareOfExplained(_ c: CauseCategory) -> Double? {
        let total = attribution.reduce(0, +)
        return total != 0 ? loss(c) / total : nil
    }
}

/// Everything the tracker found.
public struct TrackingResult: Sendable {
    /// Local standard days with actual data, in order.
    public var days: [TrackedPeriod]
    /// Months (calendar, or meter months starting on `monthStartDay`).
    public var months: [TrackedPeriod]
    /// The whole covered period.
    public var period: TrackedPeriod
    /// Events applied (logged, clipped to the period, and derived from the weather).
    public var events: [PlantEvent]
    /// Every non-fatal finding of the inputs and the run.
    public var warnings: [TrackingError]
    /// Site of the weather (for reports).
    public var site: Site
    /// Rated net power of the plant. [W]
    public var ratedNetPower: Double
}

/// Modeled vs actual tracking with shortfall attribution.
///
/// Method: the plan is the plant simulated under the measured weather with no event; the 7 other runs apply
/// every non-empty subset of the cause categories (fault, operations, weather), so each of the 8 subsets is
/// simulated exactly once (a category without any event adds nothing, so its subsets reuse the run without it). v(S) = plan − run(S) is the loss of subset S; the Shapley values of v split
/// plan − run(all) between the three causes independently of any order (`ShapleyAttribution`); the rest of
/// plan − actual is the unexplained residual. Shapley values are linear in v, so the per-record series are
/// summed per day, month and period first and split afterwards. Only time covered by actual data is compared.
/// Storage moves energy between hours and days, so a day's attribution can be negative (a delayed start
/// shifts output to the next day); month and period figures add the days' exactly.
public struct Tracker: Sendable {
    public var model: any PlantModel
    /// Rules for weather events derived from the weather file; nil derives none.
    public var weatherRules: WeatherEventRules?
    /// First day of a meter month (Delingha used the 26th until 2021); 1 = calendar months.
    public var monthStartDay: Int
    /// Run the 8 simulations concurrently.
    public var concurrent: Bool

    public init(model: any PlantModel, weatherRules: WeatherEventRules? = WeatherEventRules(),
                monthStartDay: Int = 1, concurrent: Bool = true) {
        self.model = model
        self.weatherRules = weatherRules
        self.monthStartDay = monthStartDay
        self.concurrent = concurrent
    }

    /// Number of coalitions of the three causes.
    static let coalitions = 1 << CauseCategory.allCases.count

    public func track(weather: WeatherYear, actual: ActualGeneration, events logged: [PlantEvent]) throws -> TrackingResult {
        let records = weather.records
        let wpath = weather.sourcePath ?? "weather"
        guard !records.isEmpty else { throw TrackingError(.empty, path: wpath, "weather has no records") }
        let starts = records.map(EventSchedule.localSeconds)
        let intervals = records.map(\.interval)
        var warnings = actual.warnings
        for k in starts.indices.dropFirst() where starts[k] <= starts[k - 1] {
            throw TrackingError(.weatherNotMeasured, path: wpath,
                                "weather records are not in one continuous local time line (record \(k + 1)); tracking needs the weather measured in the period, not a typical year")
        }
        if weather.isTypicalYear {
            warnings.append(TrackingError(.weatherNotMeasured, .warning, path: wpath,
                                          "weather is a typical year; achievement figures compare against typical, not measured, weather"))
        }
        let periodStart = starts[0], periodEnd = starts[starts.count - 1] + intervals[intervals.count - 1]

        // Actual intervals fully covered by weather records (inside the period, not in a weather gap);
        // the rest reported and left out.
        var used: [ActualInterval] = []
        var outside: [ActualInterval] = []
        var r0 = 0
        for a in actual.intervals {
            while r0 < starts.count, starts[r0] + intervals[r0] <= a.start { r0 += 1 }
            var covered = 0.0
            var k = r0
            while k < starts.count, starts[k] < a.end {
                covered += max(0, min(a.end, starts[k] + intervals[k]) - max(a.start, starts[k]))
                k += 1
            }
            if covered >= a.duration * (1 - 1e-9) { used.append(a) } else { outside.append(a) }
        }
        if let first = outside.first {
            warnings.append(TrackingError(.notCovered, .warning, path: actual.path, line: first.line,
                                          "\(outside.count) actual interval(s) (first on this line) are not fully covered by the weather (period \(TrackingText.format(localSeconds: periodStart)) to \(TrackingText.format(localSeconds: periodEnd)), or a gap in it); not compared"))
        }
        guard !used.isEmpty else {
            throw TrackingError(.notCovered, path: actual.path,
                                "no actual data inside the weather period \(TrackingText.format(localSeconds: periodStart)) to \(TrackingText.format(localSeconds: periodEnd))")
        }

        // Coverage of each record by actual data. [fraction]
        var coverage = Array(repeating: 0.0, count: records.count)
        var j = 0
        for i in records.indices {
            let a0 = starts[i], a1 = starts[i] + intervals[i]
            while j < used.count, used[j].end <= a0 { j += 1 }
            var k = j
            var covered = 0.0
            while k < used.count, used[k].start < a1 {
                covered += min(a1, used[k].end) - max(a0, used[k].start)
                k += 1
            }
            coverage[i] = min(1, covered / intervals[i])
        }
        let uncoveredDays = Set(starts.indices.filter { coverage[$0] == 0 }.map { Int((starts[$0] / 86_400).rounded(.down)) })
            .subtracting(starts.indices.filter { coverage[$0] > 0 }.map { Int((starts[$0] / 86_400).rounded(.down)) })
        if !uncoveredDays.isEmpty {
            let sorted = uncoveredDays.sorted()
            warnings.append(TrackingError(.notCovered, .warning, path: actual.path,
                                          "\(sorted.count) day(s) of the weather period have no actual data and are not compared (first \(TrackingText.format(localSeconds: Double(sorted[0]) * 86_400, dateOnly: true)))"))
        }

        // Events: logged (checked against the period) and derived.
        // One check over logged and derived events, so a logged snow day that the weather file also shows
        // is reported as an overlap (it would count twice).
        let derived = weatherRules?.events(from: weather) ?? []
        let checked = EventLogReader.check(logged + derived, periodStart: periodStart, periodEnd: periodEnd)
        warnings += checked.warnings
        let events = checked.kept

        // The 8 runs.
        let runs = try simulateCoalitions(weather: weather, starts: starts, intervals: intervals, events: events)

        // Buckets.
        func bucket(_ label: String, _ indices: [Int], actualEnergy: Double) -> TrackedPeriod {
            var co = Array(repeating: 0.0, count: Self.coalitions)
            for m in 0..<Self.coalitions {
                var s = 0.0
                for i in indices { s += runs[m][i] * coverage[i] }
                co[m] = s
            }
            let v = co.map { co[0] - $0 }
            return TrackedPeriod(label: label, start: starts[indices.first!], end: starts[indices.last!] + intervals[indices.last!],
                                 modeled: co[0], actual: actualEnergy, coalition: co,
                                 attribution: ShapleyAttribution.values(v, players: CauseCategory.allCases.count))
        }
        func dayOf(_ t: Double) -> Int { Int((t / 86_400).rounded(.down)) }
        func monthOf(day: Int) -> (Int, Int) {
            let (y, m, d) = SolarPositionAlgorithm.civilDate(daysSinceEpoch: day)
            if monthStartDay > 1 && d >= monthStartDay { return m == 12 ? (y + 1, 1) : (y, m + 1) }
            return (y, m)
        }
        var actualByDay: [Int: Double] = [:]
        for a in used { actualByDay[dayOf(a.start), default: 0] += a.energy }
        var recordsByDay: [Int: [Int]] = [:]
        for i in records.indices where coverage[i] > 0 { recordsByDay[dayOf(starts[i]), default: []].append(i) }
        let dayKeys = recordsByDay.keys.sorted()
        let days = dayKeys.map { d in
            bucket(TrackingText.format(localSeconds: Double(d) * 86_400, dateOnly: true), recordsByDay[d]!,
                   actualEnergy: actualByDay[d] ?? 0)
        }
        var months: [TrackedPeriod] = []
        var monthKeys: [(Int, Int)] = []
        var monthDays: [[Int]] = []
        for d in dayKeys {
            let m = monthOf(day: d)
            if monthKeys.last.map({ $0 != m }) ?? true { monthKeys.append(m); monthDays.append([]) }
            monthDays[monthDays.count - 1].append(d)
        }
        for (key, ds) in zip(monthKeys, monthDays) {
            let label = String(format: "%04d-%02d", key.0, key.1) + (monthStartDay > 1 ? " (meter month from day \(monthStartDay))" : "")
            months.append(bucket(label, ds.flatMap { recordsByDay[$0]! }, actualEnergy: ds.reduce(0) { $0 + (actualByDay[$1] ?? 0) }))
        }
        let period = bucket("period", dayKeys.flatMap { recordsByDay[$0]! }, actualEnergy: used.reduce(0) { $0 + $1.energy })
        return TrackingResult(days: days, months: months, period: period, events: events, warnings: warnings,
                              site: weather.site, ratedNetPower: model.ratedNetPower)
    }

    /// Net energy per record for every coalition mask. [J]
    func simulateCoalitions(weather: WeatherYear, starts: [Double], intervals: [Double],
                            events: [PlantEvent]) throws -> [[Double]] {
        let model = self.model
        let rated = model.ratedNetPower
        let path = weather.sourcePath ?? "weather"
        let n = starts.count
        @Sendable func run(_ mask: Int) throws -> [Double] {
            let categories = Set(CauseCategory.allCases.filter { mask & (1 << $0.index) != 0 })
            let adj = EventSchedule.adjustments(recordStarts: starts, intervals: intervals, events: events,
                                                categories: categories, ratedNetPower: rated)
            let out = try model.simulate(period: weather, adjustments: adj)
            guard out.count == n else {
                throw TrackingError(.modelOutput, path: path, "plant model returned \(out.count) intervals for \(n) weather records")
            }
            if let bad = out.firstIndex(where: { !$0.energy.isFinite }) {
                throw TrackingError(.modelOutput, path: path, line: nil,
                                    "plant model returned a non-finite energy for record \(bad + 1) (\(weather.records[bad].local.iso8601)), causes \(categories.map(\.rawValue).sorted())")
            }
            return out.map(\.energy)
        }
        // A category without events changes nothing: simulate each distinct coalition once.
        let present = events.reduce(0) { $0 | (1 << $1.category.index) }
        let distinct = Array(Set((0..<Self.coalitions).map { $0 & present })).sorted()
        var series: [[Double]]
        if concurrent && distinct.count > 1 {
            let box = ResultBox(count: distinct.count)
            DispatchQueue.concurrentPerform(iterations: distinct.count) { k in
                box.set(k, Result { try run(distinct[k]) })
            }
            series = try box.results.map { try $0!.get() }
        } else {
            series = try distinct.map(run)
        }
        return (0..<Self.coalitions).map { series[distinct.firstIndex(of: $0 & present)!] }
    }
}

/// Collects results of concurrent runs (each slot written once, under a lock).
private final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Result<[Double], Error>?]
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ r: Result<[Double], Error>) { lock.lock(); slots[i] = r; lock.unlock() }
    var results: [Result<[Double], Error>?] { lock.lock(); defer { lock.unlock() }; return slots }
}
