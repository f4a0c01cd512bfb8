import Foundation
import Testing
@testable import SolarTower

/// One file of `Corpus/tracking/` and the finding it must produce.
struct TrackingCorpusCase: Sendable, CustomTestStringConvertible {
    let file: String
    let kind: TrackingError.Kind
    let severity: TrackingError.Severity
    let line: Int?
    let column: Int?

    init(_ file: String, _ kind: TrackingError.Kind, _ severity: TrackingError.Severity = .error, line: Int?, column: Int? = nil) {
        self.file = file
        self.kind = kind
        self.severity = severity
        self.line = line
        self.column = column
    }

    var testDescription: String { file }
}

let trackingCorpus: [TrackingCorpusCase] = [
    // Actual generation (10 MW plant, hourly MWh at UTC+8 unless the file says otherwise).
    .init("actual-no-header.csv", .missingHeader, line: 1, column: 1),
    .init("actual-no-timestamp-column.csv", .missingColumn, line: 1, column: 1),
    .init("actual-hour-25.csv", .badTimestamp, line: 16, column: 1),
    .init("actual-feb-30.csv", .badTimestamp, line: 32, column: 1),
    .init("actual-bad-offset.csv", .badTimestamp, line: 26, column: 1),
    .init("actual-not-a-number.csv", .notANumber, line: 12, column: 2),
    .init("actual-empty-value.csv", .missingValue, line: 22, column: 2),
    .init("actual-missing-field.csv", .missingField, line: 10, column: 2),
    .init("actual-duplicate.csv", .duplicateTime, line: 15, column: 1),
    .init("actual-non-monotonic.csv", .nonMonotonicTime, line: 23, column: 1),
    .init("actual-dst-spring.csv", .daylightSavingTime, line: 28, column: 1),
    .init("actual-dst-autumn.csv", .daylightSavingTime, line: 28, column: 1),
    .init("actual-kwh-labelled-mwh.csv", .wrongUnit, line: 15, column: 2),
    .init("actual-mwh-labelled-kwh.csv", .wrongUnit, line: 15, column: 2),
    .init("actual-above-rating.csv", .impossibleValue, line: 38, column: 2),
    .init("actual-large-negative.csv", .impossibleValue, line: 5, column: 2),
    .init("actual-irregular-step.csv", .irregularInterval, line: 3, column: 1),
    .init("actual-mixed-resolution.csv", .mixedResolution, line: 7, column: 1),
    .init("actual-empty.csv", .empty, line: nil),
    .init("actual-header-only.csv", .empty, line: 1),
    .init("actual-no-unit-all-zero.csv", .missingColumn, line: 1, column: 2),
    .init("actual-gap.csv", .gap, .warning, line: 32, column: 1),
    .init("actual-no-unit-kwh.csv", .unitInferred, .warning, line: 1, column: 2),
    // Event logs, checked against the 28-day test period from 2022-01-01.
    .init("events-end-before-start.csv", .endBeforeStart, line: 3, column: 2),
    .init("events-unknown-category.csv", .unknownCategory, line: 4, column: 3),
    .init("events-unknown-component.csv", .unknownComponent, line: 2, column: 4),
    .init("events-fraction-percent.csv", .impossibleValue, line: 5, column: 5),
    .init("events-fraction-not-a-number.csv", .notANumber, line: 3, column: 5),
    .init("events-missing-column.csv", .missingColumn, line: 1),
    .init("events-missing-field.csv", .missingField, line: 3, column: 4),
    .init("events-startup-fraction.csv", .impossibleValue, line: 2, column: 5),
    .init("events-bad-timestamp.csv", .badTimestamp, line: 4, column: 1),
    .init("events-outside-period.csv", .outsidePeriod, .warning, line: 5),
    .init("events-partly-outside.csv", .partlyOutsidePeriod, .warning, line: 2),
    .init("events-overlapping.csv", .overlappingEvents, .warning, line: 5),
]

@Suite struct TrackInputTests {
    static let rated = 10e6
    static let periodStart = CivilCalendar.seconds(year: 2022, month: 1, day: 1, minuteOfDay: 0)
    static let periodEnd = periodStart + 28 * 86_400

    /// Every finding (thrown error or warnings) a corpus file produces.
    static func findings(_ file: String) -> [TrackingError] {
        let path = SharedData.corpus("tracking/" + file)
        do {
            if file.hasPrefix("actual") {
                return try ActualGenerationReader.read(path: path, ratedNetPower: rated, utcOffset: 8).warnings
            }
            let events = try EventLogReader.read(path: path, utcOffset: 8)
            return EventLogReader.check(events, periodStart: periodStart, periodEnd: periodEnd).warnings
        } catch let e as TrackingError {
            return [e]
        } catch {
            return []
        }
    }

    @Test func corpusHasAtLeastFifteenBadFiles() {
        #expect(trackingCorpus.count >= 15)
        #expect(Set(trackingCorpus.map(\.kind)).count >= 15)
    }

    @Test(arguments: trackingCorpus)
    func corpusFileGivesItsFinding(_ c: TrackingCorpusCase) throws {
        let found = Self.findings(c.file)
        #expect(found.count == 1, "\(c.file): \(found.map(\.description))")
        let f = try #require(found.first)
        #expect(f.kind == c.kind, "\(f.description)")
        #expect(f.severity == c.severity)
        #expect(f.line == c.line, "\(f.description)")
        if let column = c.column { #expect(f.column == column, "\(f.description)") }
        #expect(f.path.hasSuffix(c.file))
        #expect(!f.message.isEmpty)
    }

    @Test func unitMessagesNameTheLikelyUnit() {
        #expect(Self.findings("actual-kwh-labelled-mwh.csv").first?.message.contains("look like kWh") == true)
        #expect(Self.findings("actual-mwh-labelled-kwh.csv").first?.message.contains("look like MWh") == true)
        #expect(Self.findings("events-fraction-percent.csv").first?.message.contains("percent? write 0.45") == true)
    }

    @Test func inferredKWhIsConvertedToEnergy() throws {
        let a = try ActualGenerationReader.read(path: SharedData.corpus("tracking/actual-no-unit-kwh.csv"), ratedNetPower: Self.rated, utcOffset: 8)
        #expect(a.unit == .kWh)
        // Largest row 9200 kWh = 9.2 MWh.
        #expect(a.intervals.map(\.energy).max() == 9200 * 3.6e6)
    }

    @Test func dailyFileWithUnitInBrackets() throws {
        let a = try ActualGenerationReader.read(path: SharedData.corpus("tracking/actual-daily-valid.csv"), ratedNetPower: Self.rated, utcOffset: 8)
        #expect(a.step == 86_400)
        #expect(a.unit == .MWh)
        #expect(a.intervals.count == 7)
        #expect(abs(a.total - 448 * 3.6e9) < 1e-3)
        #expect(a.warnings.isEmpty)
    }

    @Test func utcStampsConvertToLocalStandardTime() throws {
        let a = try ActualGenerationReader.read(path: SharedData.corpus("tracking/actual-utc-offsets-valid.csv"), ratedNetPower: Self.rated, utcOffset: 8)
        #expect(a.unit == .MW)
        #expect(TrackingText.format(localSeconds: a.intervals[0].start) == "2022-01-01 08:00")
        #expect(a.intervals[0].energy == 3.6e9)
        // Same instant written with +05:30 in another file would land on the same local hour.
        #expect(TrackingText.stamp("2022-01-01T05:30+05:30", utcOffset: 8)?.localSeconds == a.intervals[0].start)
    }

    @Test func validEventLog() throws {
        let e = try EventLogReader.read(path: SharedData.corpus("tracking/events-valid.csv"), utcOffset: 8)
        #expect(e.count == 3)
        #expect(e[0].target == .component(.turbine) && e[0].category == .fault && e[0].duration == 6 * 3600)
        #expect(e[1].note == "dust, after storm")
        #expect(e[1].duration == 86_400)           // date-only end = end of that day
        #expect(e[2].target == .startup && e[2].duration == 9000)
        #expect(EventLogReader.check(e, periodStart: Self.periodStart, periodEnd: Self.periodEnd).warnings.isEmpty)
    }

    @Test func eventsBecomeAdjustments() {
        let day = Self.periodStart
        let starts = (0..<48).map { day + Double($0) * 3600 }
        let intervals = Array(repeating: 3600.0, count: 48)
        let events = [
            PlantEvent(start: day + 9.5 * 3600, end: day + 11 * 3600, category: .fault, target: .component(.receiver), lostFraction: 0.5),
            PlantEvent(start: day + 10 * 3600, end: day + 12 * 3600, category: .fault, target: .component(.receiver), lostFraction: 0.5),
            PlantEvent(start: day + 13 * 3600, end: day + 14 * 3600, category: .operations, target: .curtailment, lostFraction: 0.4),
            PlantEvent(start: day + 30 * 3600, end: day + 32 * 3600, category: .operations, target: .startup, lostFraction: 1),
            PlantEvent(start: day + 8 * 3600, end: day + 9 * 3600, category: .weather, target: .derate(.frost), lostFraction: 1),
        ]
        let all = EventSchedule.adjustments(recordStarts: starts, intervals: intervals, events: events,
                                            categories: Set(CauseCategory.allCases), ratedNetPower: 10e6)
        #expect(all.availability(.receiver, 9) == 0.75)      // half the hour at 50 %
        #expect(all.availability(.receiver, 10) == 0.25)     // two overlapping events: (1 − 0.5)(1 − 0.5)
        #expect(all.availability(.receiver, 11) == 0.5)
        #expect(all.curtailmentCap[13] == 6e6)
        #expect(all.curtailmentCap[12] == .infinity)
        #expect(all.startDelay[23] == 0 && all.startDelay[24] == 7200 && all.startDelay[47] == 7200)
        #expect(all.fieldDerate(.frost, 8) == 1 && all.fieldFactor(at: 8) == 0)
        let faultsOnly = EventSchedule.adjustments(recordStarts: starts, intervals: intervals, events: events,
                                                   categories: [.fault], ratedNetPower: 10e6)
        #expect(faultsOnly.curtailmentCap[13] == .infinity && faultsOnly.fieldFactor(at: 8) == 1)
        #expect(faultsOnly.availability(.receiver, 10) == 0.25)
        #expect(EventSchedule.adjustments(recordStarts: starts, intervals: intervals, events: events,
                                          categories: [], ratedNetPower: 10e6).isNone)
    }

    @Test func timestampForms() {
        #expect(TrackingText.stamp("2022-01-05", utcOffset: 8)?.dateOnly == true)
        #expect(TrackingText.stamp("2022/01/05 06:30", utcOffset: 8)?.minuteOfDay == 390)
        #expect(TrackingText.stamp("2022-01-05T06:30:15", utcOffset: 8) != nil)
        #expect(TrackingText.stamp("2022-01-05 24:00", utcOffset: 8) == nil)
        #expect(TrackingText.stamp("2021-02-29", utcOffset: 8) == nil)
        #expect(TrackingText.stamp("05/01/2022 06:00", utcOffset: 8) == nil)
        #expect(TrackingText.stamp("2022-01-05 06:00+0100", utcOffset: 0)?.minuteOfDay == 360)
    }
}
