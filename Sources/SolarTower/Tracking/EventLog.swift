import Foundation

/// The three causes a shortfall is attributed to.
public enum CauseCategory: String, CaseIterable, Sendable, Codable {
    case fault
    case operations
    case weather

    /// Position in `allCases` (bit in a coalition mask).
    public var index: Int {
        switch self {
        case .fault: 0
        case .operations: 1
        case .weather: 2
        }
    }
}

/// What an event acts on. Event-log spelling in brackets.
public enum EventTarget: Sendable, Hashable, CustomStringConvertible {
    /// A component loses `lostFraction` of its capacity (`heliostat-field`, `receiver`, `storage`,
    /// `steam-generator`, `turbine`, `grid`).
    case component(PlantComponent)
    /// The field loses `lostFraction` of its reflected power (`soiling`, `frost`, `snow`, `wind-stow`).
    case derate(FieldDerate)
    /// Forced curtailment: net power capped at (1 − lostFraction) × rated net power (`curtailment`).
    case curtailment
    /// Delayed start: the power block may start only (end − start) later than it would (`startup`);
    /// the lost fraction must be 1.
    case startup

    public init?(_ text: String) {
        let t = text.lowercased()
        if let c = PlantComponent(rawValue: t) { self = .component(c); return }
        if let d = FieldDerate(rawValue: t) { self = .derate(d); return }
        switch t {
        case "curtailment": self = .curtailment
        case "startup": self = .startup
        default: return nil
        }
    }

    public var description: String {
        switch self {
        case .component(let c): c.rawValue
        case .derate(let d): d.rawValue
        case .curtailment: "curtailment"
        case .startup: "startup"
        }
    }

    /// Every spelling the event log accepts.
    public static var vocabulary: [String] {
        PlantComponent.allCases.map(\.rawValue) + FieldDerate.allCases.map(\.rawValue) + ["curtailment", "startup"]
    }
}

/// One logged or derived event: a cause that took away part of the plant's capacity for a while.
public struct PlantEvent: Sendable, Equatable {
    /// Start, seconds since 1970-01-01T00:00 of the plant's local standard clock. [s]
    public var start: Double
    /// End (exclusive), same clock. [s]
    public var end: Double
    public var category: CauseCategory
    public var target: EventTarget
    /// Fraction of the target's capacity lost. [fraction 0–1]
    public var lostFraction: Double
    /// Free text.
    public var note: String
    /// Where it came from: `path:line` for logged events, `weather file` for derived ones.
    public var origin: String

    public init(start: Double, end: Double, category: CauseCategory, target: EventTarget, lostFraction: Double,
                note: String = "", origin: String = "") {
        self.start = start
        self.end = end
        self.category = category
        self.target = target
        self.lostFraction = lostFraction
        self.note = note
        self.origin = origin
    }

    public var duration: Double { end - start }
}

/// Reads an event log CSV: header `start,end,category,component,lost_fraction,note`, one event per row.
///
/// Stamps as in `ActualGenerationReader` (local standard time unless a UTC offset is given); a date-only
/// `end` means the end of that day. Category `fault|operations|weather`; component from
/// `EventTarget.vocabulary`; lost fraction 0–1 (`startup` rows: 1); the note may be quoted.
public enum EventLogReader {
    static let columns = ["start", "end", "category", "component", "lost_fraction", "note"]

    public static func read(path: String, utcOffset: Double) throws -> [PlantEvent] {
        try parse(TrackingText.read(path: path), path: path, utcOffset: utcOffset)
    }

    public static func parse(_ text: String, path: String, utcOffset: Double) throws -> [PlantEvent] {
        let lines = TrackingText.lines(text).filter { !$0.text.trimmingCharacters(in: .whitespaces).isEmpty
            && !$0.text.hasPrefix("#") }
        guard let header = lines.first else {
            throw TrackingError(.empty, path: path, "empty event log; expected the header `\(columns.joined(separator: ","))`")
        }
        let names = TrackingText.fields(header.text).map { $0.lowercased() }
        if names.first?.first?.isNumber == true {
            throw TrackingError(.missingHeader, path: path, line: header.number, column: 1,
                                "first line is data; expected the header `\(columns.joined(separator: ","))`")
        }
        var index: [String: Int] = [:]
        for name in columns.dropLast() {
            guard let k = names.firstIndex(of: name) else {
                throw TrackingError(.missingColumn, path: path, line: header.number,
                                    "no `\(name)` column; expected the header `\(columns.joined(separator: ","))`")
            }
            index[name] = k
        }
        let noteColumn = names.firstIndex(of: "note")
        let needed = (index.values.max() ?? 0) + 1
        var events: [PlantEvent] = []
        for (number, line) in lines.dropFirst() {
            let f = TrackingText.fields(line)
            guard f.count >= needed else {
                throw TrackingError(.missingField, path: path, line: number, column: f.count + 1,
                                    "row has \(f.count) field(s); expected at least \(needed) (\(columns.dropLast().joined(separator: ",")))")
            }
            func field(_ name: String) -> (String, Int) { (f[index[name]!], index[name]! + 1) }
            func stamp(_ name: String, isEnd: Bool) throws -> Double {
                let (s, col) = field(name)
                guard !s.isEmpty else {
                    throw TrackingError(.missingValue, path: path, line: number, column: col, "empty \(name); expected a date or date-time")
                }
                guard let t = TrackingText.stamp(s, utcOffset: utcOffset) else {
                    throw TrackingError(.badTimestamp, path: path, line: number, column: col,
                                        "`\(s)` is not a valid \(name); expected YYYY-MM-DD or YYYY-MM-DD HH:MM")
                }
                return t.localSeconds + (isEnd && t.dateOnly ? 86_400 : 0)
            }
            let start = try stamp("start", isEnd: false)
            let end = try stamp("end", isEnd: true)
            let (cat, catCol) = field("category")
            guard let category = CauseCategory(rawValue: cat.lowercased()) else {
                throw TrackingError(.unknownCategory, path: path, line: number, column: catCol,
                                    "category `\(cat)`; expected fault, operations or weather")
            }
            let (comp, compCol) = field("component")
            guard let target = EventTarget(comp) else {
                throw TrackingError(.unknownComponent, path: path, line: number, column: compCol,
                                    "component `\(comp)`; expected one of \(EventTarget.vocabulary.joined(separator: ", "))")
            }
            let (lost, lostCol) = field("lost_fraction")
            guard !lost.isEmpty else {
                throw TrackingError(.missingValue, path: path, line: number, column: lostCol, "empty lost_fraction; expected a number 0–1")
            }
            guard let fraction = TrackingText.number(lost) else {
                throw TrackingError(.notANumber, path: path, line: number, column: lostCol, "lost_fraction `\(lost)` is not a number; expected 0–1")
            }
            guard (0...1).contains(fraction) else {
                throw TrackingError(.impossibleValue, path: path, line: number, column: lostCol,
                                    "lost_fraction \(lost) is outside 0–1\(fraction > 1 && fraction <= 100 ? " (percent? write \(fraction / 100))" : "")")
            }
            if target == .startup && fraction != 1 {
                throw TrackingError(.impossibleValue, path: path, line: number, column: lostCol,
                                    "startup delays take lost_fraction 1 (the delay is end − start); found \(lost)")
            }
            guard end > start else {
                throw TrackingError(.endBeforeStart, path: path, line: number, column: index["end"]! + 1,
                                    "end \(field("end").0) is \(end == start ? "equal to" : "before") start \(field("start").0); expected end after start")
            }
            let note = noteColumn.flatMap { $0 < f.count ? f[$0] : nil } ?? ""
            events.append(PlantEvent(start: start, end: end, category: category, target: target,
                                     lostFraction: fraction, note: note, origin: "\(path):\(number)"))
        }
        return events
    }

    /// Checks events against the tracked period [start, end) (local standard seconds): events entirely
    /// outside are reported and not applied; events partly outside are clipped and reported; overlapping
    /// events on the same target are reported (they combine multiplicatively).
    public static func check(_ events: [PlantEvent], periodStart: Double, periodEnd: Double)
        -> (kept: [PlantEvent], warnings: [TrackingError]) {
        var kept: [PlantEvent] = []
        var warnings: [TrackingError] = []
        let period = "\(TrackingText.format(localSeconds: periodStart)) to \(TrackingText.format(localSeconds: periodEnd))"
        for e in events {
            let (path, line) = split(origin: e.origin)
            if e.end <= periodStart || e.start >= periodEnd {
                warnings.append(TrackingError(.outsidePeriod, .warning, path: path, line: line,
                                              "event \(TrackingText.format(localSeconds: e.start)) to \(TrackingText.format(localSeconds: e.end)) lies outside the tracked period \(period); not applied"))
                continue
            }
            var c = e
            if e.start < periodStart || e.end > periodEnd {
                c.start = max(e.start, periodStart)
                c.end = min(e.end, periodEnd)
                warnings.append(TrackingError(.partlyOutsidePeriod, .warning, path: path, line: line,
                                              "event \(TrackingText.format(localSeconds: e.start)) to \(TrackingText.format(localSeconds: e.end)) extends beyond the tracked period \(period); only \(TrackingText.format(localSeconds: c.start)) to \(TrackingText.format(localSeconds: c.end)) applied"))
            }
            kept.append(c)
        }
        let sorted = kept.sorted { ($0.start, $0.end) < ($1.start, $1.end) }
        for (k, a) in sorted.enumerated() {
            for b in sorted[(k + 1)...] {
                if b.start >= a.end { break }
                guard a.target == b.target else { continue }
                let (path, line) = split(origin: b.origin)
                warnings.append(TrackingError(.overlappingEvents, .warning, path: path, line: line,
                                              "overlaps the \(a.target) event at \(a.origin) (\(TrackingText.format(localSeconds: max(a.start, b.start))) to \(TrackingText.format(localSeconds: min(a.end, b.end)))); both applied, their lost fractions combine as 1 − (1 − a)(1 − b)"))
            }
        }
        return (kept, warnings)
    }

    /// The CSV text of events (local standard time).
    public static func csv(_ events: [PlantEvent]) -> String {
        var out = columns.joined(separator: ",") + "\n"
        for e in events {
            let note = e.note.contains(",") || e.note.contains("\"")
                ? "\"" + e.note.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : e.note
            out += [TrackingText.format(localSeconds: e.start), TrackingText.format(localSeconds: e.end),
                    e.category.rawValue, e.target.description, String(format: "%.4f", e.lostFraction), note]
                .joined(separator: ",") + "\n"
        }
        return out
    }

    static func split(origin: String) -> (String, Int?) {
        if let colon = origin.lastIndex(of: ":"), let line = Int(origin[origin.index(after: colon)...]) {
            return (String(origin[..<colon]), line)
        }
        return (origin, nil)
    }
}
