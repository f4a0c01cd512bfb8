// fuzz: event log CSV of the tracker (EventLogReader, UTC+8), then EventLogReader.check against 2022
// fuzz-sources: Sources/SolarTower/Tracking/EventLog.swift Sources/SolarTower/Tracking/PlantModel.swift Sources/SolarTower/Tracking/TrackingError.swift Sources/SolarTower/Weather Sources/SolarTower/Sun Sources/SolarTower/Export/AtomicFile.swift tools/fuzz-harnesses/Support/TrackingInvariants.swift
// fuzz-seeds: Tests/SolarTowerTests/Corpus/tracking/events-*
// fuzz-dict: tracking-common.dict tracking-events.dict

import Foundation

/// An accepted log: every event with finite start and end, end after start, lost fraction in 0…1 (1 for
/// `startup`), an origin `fuzz.csv:LINE` with increasing lines. Checked against the year 2022 (local
/// standard time), the events kept lie inside the period with end after start, and every finding is a
/// warning.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTrackingEvents(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    fuzzInput(start, count, rejecting: TrackingError.self) { data in
        let events = try fuzzTracking(data, path: "fuzz.csv") { try EventLogReader.parse($0, path: "fuzz.csv", utcOffset: 8) }
        var lastLine = 1
        for e in events {
            fuzzExpect(e.start.isFinite && e.end.isFinite && e.end > e.start, "\(e.origin): \(e.start) … \(e.end)")
            fuzzExpect(e.lostFraction.isFinite && (0...1).contains(e.lostFraction), "\(e.origin): lost fraction \(e.lostFraction)")
            fuzzExpect(e.target != .startup || e.lostFraction == 1, "\(e.origin): startup with lost fraction \(e.lostFraction)")
            let (path, line) = EventLogReader.split(origin: e.origin)
            fuzzExpect(path == "fuzz.csv" && (line ?? 0) > lastLine, "origin \(e.origin) after line \(lastLine)")
            lastLine = line ?? lastLine
        }
        let from = CivilCalendar.seconds(year: 2022, month: 1, day: 1, minuteOfDay: 0)
        let to = CivilCalendar.seconds(year: 2023, month: 1, day: 1, minuteOfDay: 0)
        let (kept, warnings) = EventLogReader.check(events, periodStart: from, periodEnd: to)
        fuzzExpect(kept.count <= events.count, "\(kept.count) events kept of \(events.count)")
        for e in kept {
            fuzzExpect(e.start >= from && e.end <= to && e.end > e.start, "\(e.origin): kept as \(e.start) … \(e.end)")
        }
        for w in warnings { fuzzExpect(w.severity == .warning && !w.message.isEmpty, "warning \(w)") }
    }
}
