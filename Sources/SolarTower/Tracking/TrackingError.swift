import Foundation

/// A problem found in the tracker's inputs (actual generation, event log) or runs.
///
/// Errors are thrown; warnings are collected and reported (nothing is dropped silently).
/// Every case names the file and, where it applies, line and column (1-based field index).
public struct TrackingError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        case unreadable            // file cannot be opened or is not text
        case empty                 // no data rows
        case missingHeader         // first line is data, not column names
        case missingColumn         // a required column is absent
        case missingField          // a row has too few fields
        case missingValue          // a required field is empty
        case notANumber            // a numeric field is not a number
        case badTimestamp          // date/time malformed or impossible
        case mixedResolution       // date-only and date-time stamps in one file
        case irregularInterval     // step between rows is not a supported interval
        case nonMonotonicTime      // time goes backwards
        case duplicateTime         // same stamp twice
        case daylightSavingTime    // an hour missing or repeated where clocks change: stamps are in DST
        case gap                   // (warning) missing intervals
        case wrongUnit             // magnitude contradicts the unit in the header (kW vs MW)
        case unitInferred          // (warning) no unit in the header; inferred from magnitude
        case impossibleValue       // negative beyond parasitics, above the plant rating, fraction outside 0–1
        case unknownCategory       // event category not fault|operations|weather
        case unknownComponent      // event component not in the vocabulary
        case endBeforeStart        // event ends at or before its start
        case outsidePeriod         // (warning) event entirely outside the tracked period: not applied
        case partlyOutsidePeriod   // (warning) event clipped to the tracked period
        case overlappingEvents     // (warning) two events on the same component overlap
        case notCovered            // (warning) actual data outside the weather period / days without actual data
        case weatherNotMeasured    // (warning) weather is a typical year, not measurements of the period
        case modelOutput           // the plant model returned the wrong number of intervals or a non-finite value
        case scenario              // TrackingSynth cannot build the requested scenario
    }

    public enum Severity: String, Sendable, Equatable {
        case error, warning
    }

    public var kind: Kind
    public var severity: Severity
    public var path: String
    /// 1-based line, or nil for whole-file problems.
    public var line: Int?
    /// 1-based column (CSV field index), or nil.
    public var column: Int?
    /// What was found and what was expected.
    public var message: String

    public init(_ kind: Kind, _ severity: Severity = .error, path: String, line: Int? = nil, column: Int? = nil,
                _ message: String) {
        self.kind = kind
        self.severity = severity
        self.path = path
        self.line = line
        self.column = column
        self.message = message
    }

    /// `path:line:column: [warning: ]message`, the form compilers use.
    public var description: String {
        var s = path
        if let line { s += ":\(line)" }
        if let column { s += ":\(column)" }
        return s + ": " + (severity == .warning ? "warning: " : "") + message
    }
}

/// Plain CSV splitting and timestamp parsing shared by the tracker's readers.
public enum TrackingText {
    /// Splits one CSV line into fields; double-quoted fields may hold commas and `""` escapes.
    static func fields(_ line: Substring) -> [String] {
        var out: [String] = []
        var field = ""
        var quoted = false
        var it = line.makeIterator()
        var pending: Character? = nil
        while let c = pending ?? it.next() {
            pending = nil
            if quoted {
                if c == "\"" {
                    if let n = it.next() {
                        if n == "\"" { field.append("\"") } else { quoted = false; pending = n }
                    } else { quoted = false }
                } else { field.append(c) }
            } else if c == "\"" && field.allSatisfy({ $0 == " " }) {
                field = ""
                quoted = true
            } else if c == "," {
                out.append(field.trimmingCharacters(in: .whitespaces))
                field = ""
            } else {
                field.append(c)
            }
        }
        out.append(field.trimmingCharacters(in: .whitespaces))
        return out
    }

    /// Lines of a text with their 1-based numbers; `\r\n` and `\n` both end a line.
    static func lines(_ text: String) -> [(number: Int, text: Substring)] {
        var out: [(Int, Substring)] = []
        var n = 0
        // Split on the LF scalar: in a String, CR LF is one Character, which a Character split on "\n" misses.
        for piece in text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false) {
            n += 1
            out.append((n, Substring(piece.last == "\r" ? piece.dropLast() : piece)))
        }
        if let last = out.last, last.1.isEmpty { out.removeLast() }
        return out
    }

    /// Reads a whole file as UTF-8 text.
    static func read(path: String) throws -> String {
        if let problem = InputFile.problem(at: path) { throw TrackingError(.unreadable, path: path, problem) }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TrackingError(.unreadable, path: path, "cannot open the file (permission?)")
        }
        return try text(data, path: path)
    }

    /// The bytes of a file as UTF-8 text (no NUL); `path` names it in the error.
    static func text(_ data: Data, path: String) throws -> String {
        guard let text = String(data: data, encoding: .utf8), !text.contains("\0") else {
            throw TrackingError(.unreadable, path: path, "not UTF-8 text")
        }
        return text
    }

    /// A parsed stamp: seconds since 1970-01-01T00:00 of the plant's local standard clock, and whether
    /// the text held only a date.
    struct Stamp: Equatable {
        var localSeconds: Double
        var dateOnly: Bool
        /// Local clock reading as written (before any UTC-offset conversion): year, month, day, minute of day.
        var year: Int, month: Int, day: Int, minuteOfDay: Int
    }

    /// Parses `YYYY-MM-DD`, `YYYY-MM-DD HH:MM[:SS]`, `YYYY-MM-DDTHH:MM[:SS]` (also with `/`), optionally
    /// followed by `Z` or `±HH:MM`. Stamps without an offset are taken as the plant's local standard time;
    /// stamps with one are converted to it using `utcOffset` [h]. Returns nil when malformed or impossible.
    static func stamp(_ s: String, utcOffset: Double) -> Stamp? {
        var text = Substring(s)
        var offsetSeconds: Double? = nil
        if text.hasSuffix("Z") || text.hasSuffix("z") {
            offsetSeconds = 0
            text = text.dropLast()
        } else if text.count > 16 {
            // ±HH:MM or ±HHMM after a time.
            let tail = text.suffix(6)
            let tail5 = text.suffix(5)
            if let sign = tail.first, sign == "+" || sign == "-", tail.dropFirst().count == 5,
               tail.dropFirst()[tail.dropFirst().index(tail.dropFirst().startIndex, offsetBy: 2)] == ":" {
                let h = Int(tail.dropFirst().prefix(2)), m = Int(tail.suffix(2))
                guard let h, let m, h <= 14, m < 60 else { return nil }
                offsetSeconds = (sign == "-" ? -1 : 1) * Double(h * 3600 + m * 60)
                text = text.dropLast(6)
            } else if let sign = tail5.first, sign == "+" || sign == "-", text.dropLast(5).contains(":"),
                      let hm = Int(tail5.dropFirst()), tail5.dropFirst().allSatisfy(\.isNumber) {
                let h = hm / 100, m = hm % 100
                guard h <= 14, m < 60 else { return nil }
                offsetSeconds = (sign == "-" ? -1 : 1) * Double(h * 3600 + m * 60)
                text = text.dropLast(5)
            }
        }
        let parts = text.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "T" || $0 == " " })
        guard parts.count == 1 || parts.count == 2 else { return nil }
        let date = parts[0].split(omittingEmptySubsequences: false, whereSeparator: { $0 == "-" || $0 == "/" })
        guard date.count == 3, date[0].count == 4, date[1].count <= 2, date[2].count <= 2,
              let y = Int(date[0]), let mo = Int(date[1]), let d = Int(date[2]),
              (1...12).contains(mo), d >= 1, d <= CivilCalendar.daysInMonth(year: y, month: mo) else { return nil }
        var minute = 0
        var second = 0.0
        if parts.count == 2 {
            let t = parts[1].split(separator: ":", omittingEmptySubsequences: false)
            guard t.count == 2 || t.count == 3, t[0].count <= 2, t[1].count == 2,
                  let h = Int(t[0]), let m = Int(t[1]), (0...23).contains(h), (0...59).contains(m) else { return nil }
            if t.count == 3 {
                guard let sec = Double(t[2]), sec >= 0, sec < 60, t[2].allSatisfy({ $0.isNumber || $0 == "." })
                else { return nil }
                second = sec
            }
            minute = h * 60 + m
        } else if offsetSeconds != nil {
            return nil
        }
        var seconds = CivilCalendar.seconds(year: y, month: mo, day: d, minuteOfDay: minute) + second
        if let offsetSeconds {
            seconds += utcOffset * 3600 - offsetSeconds
        }
        return Stamp(localSeconds: seconds, dateOnly: parts.count == 1, year: y, month: mo, day: d,
                     minuteOfDay: minute)
    }

    /// Parses a finite number; nil otherwise.
    static func number(_ s: String) -> Double? {
        guard let v = Double(s), v.isFinite else { return nil }
        return v
    }

    /// `YYYY-MM-DD HH:MM` of local-standard seconds.
    public static func format(localSeconds t: Double, dateOnly: Bool = false) -> String {
        let day = Int((t / 86_400).rounded(.down))
        let (y, m, d) = SolarPositionAlgorithm.civilDate(daysSinceEpoch: day)
        let minute = Int(((t - Double(day) * 86_400) / 60).rounded(.down))
        if dateOnly { return String(format: "%04d-%02d-%02d", y, m, d) }
        return String(format: "%04d-%02d-%02d %02d:%02d", y, m, d, minute / 60, minute % 60)
    }

    /// Day of week, 0 = Sunday, of a day counted from 1970-01-01 (a Thursday).
    static func weekday(day: Int) -> Int { ((day % 7) + 7 + 4) % 7 }
}

/// Writes a text file atomically (`AtomicFile`), reporting failures as `TrackingError`.
public enum AtomicTextFile {
    public static func write(_ text: String, to path: String) throws {
        try write(Data(text.utf8), to: path)
    }

    public static func write(_ data: Data, to path: String) throws {
        do { try AtomicFile.write(data, to: path) } catch let e as AtomicFile.WriteError {
            throw TrackingError(.unreadable, path: path, e.message)
        }
    }
}
