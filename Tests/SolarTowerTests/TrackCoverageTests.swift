import Foundation
import Testing
@testable import SolarTower

/// What the tracker does with actual data that does not line up with the weather.
@Suite struct TrackCoverageTests {
    static let weather = TrackWeather.make(days: 6)
    static let model = ToyPlant()

    static func planIntervals() throws -> [ActualInterval] {
        let plan = try model.simulate(period: weather, adjustments: .none(count: weather.records.count))
        return weather.records.enumerated().map {
            ActualInterval(start: EventSchedule.localSeconds($0.element), duration: 3600, energy: 0.9 * plan[$0.offset].energy, line: $0.offset + 2)
        }
    }

    @Test func dayWithoutActualDataIsLeftOutAndReported() throws {
        var intervals = try Self.planIntervals()
        intervals.removeSubrange(48..<72)                  // 2022-01-03 missing
        let r = try Tracker(model: Self.model, weatherRules: nil)
            .track(weather: Self.weather, actual: ActualGeneration(path: "a.csv", intervals: intervals, step: 3600, unit: .MWh), events: [])
        #expect(r.days.count == 5)
        #expect(!r.days.contains { $0.label == "2022-01-03" })
        #expect(abs(r.period.achievement! - 0.9) < 1e-12)
        #expect(r.warnings.contains { $0.kind == .notCovered && $0.message.contains("2022-01-03") })
    }

    @Test func actualBeyondTheWeatherIsReportedNotCounted() throws {
        var intervals = try Self.planIntervals()
        let last = intervals.last!
        intervals.append(ActualInterval(start: last.end, duration: 3600, energy: 5e9, line: last.line + 1))
        let r = try Tracker(model: Self.model, weatherRules: nil)
            .track(weather: Self.weather, actual: ActualGeneration(path: "a.csv", intervals: intervals, step: 3600, unit: .MWh), events: [])
        #expect(abs(r.period.achievement! - 0.9) < 1e-12)
        let w = try #require(r.warnings.first { $0.kind == .notCovered })
        #expect(w.line == last.line + 1)
    }

    @Test func loggedSnowOnADerivedSnowDayIsReportedAsOverlap() throws {
        let weather = TrackWeather.make(days: 12)           // snow lies on day 10 until 10:00
        let plan = try Self.model.simulate(period: weather, adjustments: .none(count: weather.records.count))
        let intervals = weather.records.enumerated().map {
            ActualInterval(start: EventSchedule.localSeconds($0.element), duration: 3600, energy: plan[$0.offset].energy, line: $0.offset + 2)
        }
        let day10 = CivilCalendar.seconds(year: 2022, month: 1, day: 11, minuteOfDay: 0)
        let logged = PlantEvent(start: day10, end: day10 + 86_400, category: .weather, target: .derate(.snow), lostFraction: 0.5, origin: "e.csv:2")
        let r = try Tracker(model: Self.model).track(weather: weather, actual: ActualGeneration(path: "a.csv", intervals: intervals, step: 3600, unit: .MWh), events: [logged])
        #expect(r.warnings.contains { $0.kind == .overlappingEvents })
    }

    @Test func typicalYearOutOfOrderIsRefused() throws {
        var weather = Self.weather
        weather.records.swapAt(10, 30)
        #expect(throws: TrackingError.self) {
            try Tracker(model: Self.model).track(weather: weather, actual: ActualGeneration(path: "a", intervals: try Self.planIntervals(), step: 3600, unit: .MWh), events: [])
        }
    }

    @Test func modelReturningTooFewIntervalsIsAnError() throws {
        struct Short: PlantModel {
            let ratedNetPower = 10e6
            func simulate(period weather: WeatherYear, adjustments: OperatingAdjustments) throws -> [IntervalNet] { [] }
        }
        #expect {
            try Tracker(model: Short()).track(weather: Self.weather, actual: ActualGeneration(path: "a", intervals: try Self.planIntervals(), step: 3600, unit: .MWh), events: [])
        } throws: { ($0 as? TrackingError)?.kind == .modelOutput }
    }
}

/// Counts simulations (thread-safe) around the toy plant.
final class CountingPlant: PlantModel, @unchecked Sendable {
    let inner = ToyPlant()
    private let lock = NSLock()
    private var n = 0
    var ratedNetPower: Double { inner.ratedNetPower }
    var count: Int { lock.lock(); defer { lock.unlock() }; return n }
    func simulate(period weather: WeatherYear, adjustments: OperatingAdjustments) throws -> [IntervalNet] {
        lock.lock(); n += 1; lock.unlock()
        return try inner.simulate(period: weather, adjustments: adjustments)
    }
}

extension TrackCoverageTests {
    @Test(arguments: [([CauseCategory](), 1), ([.fault], 2), ([.fault, .weather], 4), ([.fault, .operations, .weather], 8)])
    func eachDistinctCoalitionIsSimulatedOnce(_ categories: [CauseCategory], _ runs: Int) throws {
        let day = CivilCalendar.seconds(year: 2022, month: 1, day: 2, minuteOfDay: 600)
        let events = categories.map { PlantEvent(start: day, end: day + 7200, category: $0, target: .component(.receiver), lostFraction: 0.5) }
        let model = CountingPlant()
        let r = try Tracker(model: model, weatherRules: nil)
            .track(weather: Self.weather, actual: ActualGeneration(path: "a", intervals: try Self.planIntervals(), step: 3600, unit: .MWh), events: events)
        #expect(model.count == runs)
        for c in CauseCategory.allCases where !categories.contains(c) { #expect(r.period.loss(c) == 0) }
    }
}
