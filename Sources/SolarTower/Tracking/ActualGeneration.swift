import Foundation

/// Units an actual-generation column may be written in.
public enum GenerationUnit: String, Sendable, CaseIterable {
    case GWh, MWh, kWh, Wh, MW, kW, W

    /// True for energy per row; false for mean power over the row's interval.
    public var isEnergy: Bool { self == .GWh || self == .MWh || self == .kWh || self == .Wh }

    /// Multiplier to J (energy units) or W (power units).
    public var scale: Double {
        switch self {
        case .GWh: 3.6e12
        case .MWh: 3.6e9
        case .kWh: 3.6e6
        case .Wh: 3.6e3
        case .MW: 1e6
        case .kW: 1e3
        case .W: 1
        }
    }

    /// The unit one thousand times larger of the same kind (kW → MW), if any.
    var thousandTimesLarger: GenerationUnit? {
        switch self {
        case .Wh: .kWh
        case .kWh: .MWh
        case .MWh: .GWh
        case .W: .kW
        case .kW: .MW
        default: nil
        }
    }

    var thousandTimesSmaller: GenerationUnit? {
        switch self {
        case .kWh: .Wh
        case .MWh: .kWh
        case .GWh: .MWh
        case .kW: .W
        case .MW: .kW
        default: nil
        }
    }

    /// Finds a unit token in a column name such as `net_MWh`, `net (kW)`, `energy [MWh]`.
    static func inHeader(_ name: String) -> GenerationUnit? {
        let tokens = name.split(whereSeparator: { !$0.isLetter })
        for t in tokens.reversed() {
            for u in GenerationUnit.allCases where t.lowercased() == u.rawValue.lowercased() {
                // "W" alone and "Wh" are rare in meter exports but accepted when spelled exactly.
                return u
            }
        }
        return nil
    }
}

/// One metered interval of net generation.
public struct ActualInterval: Sendable, Equatable {
    /// Start, seconds since 1970-01-01T00:00 of the plant's local standard clock. [s]
    public var start: Double
    /// Interval length. [s]
    public var duration: Double
    /// Net electric energy over the interval. [J]
    public var energy: Double
    /// Line of the file it came from (1-based).
    public var line: Int

    public init(start: Double, duration: Double, energy: Double, line: Int) {
        self.start = start
        self.duration = duration
        self.energy = energy
        self.line = line
    }

    public var end: Double { start + duration }
}

/// Metered net generation of a plant over a period, as read from a CSV.
public struct ActualGeneration: Sendable {
    /// File it was read from.
    public var path: String
    /// Intervals in time order.
    public var intervals: [ActualInterval]
    /// Row interval. [s]
    public var step: Double
    /// Unit the values were written in (from the header, or inferred — see `warnings`).
    public var unit: GenerationUnit
    /// Gaps, inferred unit and other non-fatal findings, each with its line.
    public var warnings: [TrackingError]

    public init(path: String, intervals: [ActualInterval], step: Double, unit: GenerationUnit,
                warnings: [TrackingError] = []) {
        self.path = path
        self.intervals = intervals
        self.step = step
        self.unit = unit
        self.warnings = warnings
    }

    /// Total energy. [J]
    public var total: Double { intervals.reduce(0) { $0 + $1.energy } }

    /// The CSV text (`timestamp,net_MWh`, local standard time, interval starts) of intervals in MWh.
    public static func csv(_ intervals: [ActualInterval], daily: Bool = false) -> String {
        var out = "timestamp,net_MWh\n"
        for r in intervals {
            out += TrackingText.format(localSeconds: r.start, dateOnly: daily) + ","
                + String(format: "%.4f", r.energy / 3.6e9) + "\n"
        }
        return out
    }
}

/// Reads actual net generation: a CSV with a header row `timestamp,<value column>` and one row per interval.
///
/// - Timestamps: `YYYY-MM-DD` (daily) or `YYYY-MM-DD HH:MM[:SS]` (interval start, plant local standard time;
///   a `Z` or `±HH:MM` suffix converts from that offset). Steps of 5, 10, 15, 30, 60 min or 1 day.
/// - Value unit: from the column name (`net_MWh`, `energy (kWh)`, `power [MW]`…); power units are the mean
///   over the interval. Without a unit it is inferred from the magnitude against the plant rating (warning);
///   a unit that contradicts the magnitude by a factor 1000 is an error (kW written as MW and vice versa).
/// - Gaps are warnings (the tracker compares only covered time); duplicates, backwards time and
///   clock-change (DST) hours are errors.
public enum ActualGenerationReader {
    /// Allowed steps between rows. [s]
    static let steps: [Double] = [300, 600, 900, 1800, 3600, 86_400]

    /// Mean power above this multiple of the rating is impossible. [-]
    static let ratingMargin = 1.3
    /// Net consumption (parasitics at night) may reach this fraction of the rating. [-]
    static let parasiticMargin = 0.25

    public static func read(path: String, ratedNetPower: Double, utcOffset: Double) throws -> ActualGeneration {
        try parse(TrackingText.read(path: path), path: path, ratedNetPower: ratedNetPower, utcOffset: utcOffset)
    }

    /// - Parameters:
    ///   - ratedNetPower: the plant's rated net output. [W]
    ///   - utcOffset: the plant's local standard time offset from UTC. [h]
    public static func parse(_ text: String, path: String, ratedNetPower: Double,
                             utcOffset: Double) throws -> ActualGeneration {
        let lines = TrackingText.lines(text).filter { !$0.text.trimmingCharacters(in: .whitespaces).isEmpty
            && !$0.text.hasPrefix("#") }
        guard let header = lines.first else {
            throw TrackingError(.empty, path: path, "no header and no data; expected `timestamp,net_MWh` then rows")
        }
        let names = TrackingText.fields(header.text)
        if let first = names.first, first.first?.isNumber == true {
            throw TrackingError(.missingHeader, path: path, line: header.number, column: 1,
                                "first line is data; expected a header such as `timestamp,net_MWh`")
        }
        guard let timeColumn = names.firstIndex(where: {
            ["timestamp", "time", "date", "datetime", "date_time"].contains($0.lowercased())
        }) else {
            throw TrackingError(.missingColumn, path: path, line: header.number, column: 1,
                                "no timestamp column; expected one named timestamp, time, date or datetime")
        }
        guard let valueColumn = names.indices.first(where: { $0 != timeColumn }) else {
            throw TrackingError(.missingColumn, path: path, line: header.number, column: 2,
                                "no value column; expected e.g. `net_MWh` or `net_MW` after the timestamp")
        }
        let headerUnit = GenerationUnit.inHeader(names[valueColumn])

        // Rows.
        struct Row { var stamp: TrackingText.Stamp; var value: Double; var line: Int }
        var rows: [Row] = []
        rows.reserveCapacity(lines.count)
        for (number, line) in lines.dropFirst() {
            let f = TrackingText.fields(line)
            let needed = max(timeColumn, valueColumn) + 1
            guard f.count >= needed else {
                throw TrackingError(.missingField, path: path, line: number, column: f.count + 1,
                                    "row has \(f.count) field(s); expected \(needed) (timestamp and value)")
            }
            guard let stamp = TrackingText.stamp(f[timeColumn], utcOffset: utcOffset) else {
                throw TrackingError(.badTimestamp, path: path, line: number, column: timeColumn + 1,
                                    "`\(f[timeColumn])` is not a valid date or date-time; expected YYYY-MM-DD or YYYY-MM-DD HH:MM")
            }
            let raw = f[valueColumn]
            if raw.isEmpty {
                throw TrackingError(.missingValue, path: path, line: number, column: valueColumn + 1,
                                    "empty value; expected a number (write 0 for no generation, leave the row out for no data)")
            }
            guard let v = TrackingText.number(raw) else {
                throw TrackingError(.notANumber, path: path, line: number, column: valueColumn + 1,
                                    "`\(raw)` is not a number")
            }
            if let first = rows.first, first.stamp.dateOnly != stamp.dateOnly {
                throw TrackingError(.mixedResolution, path: path, line: number, column: timeColumn + 1,
                                    "`\(f[timeColumn])` mixes \(stamp.dateOnly ? "dates" : "date-times") with the \(first.stamp.dateOnly ? "dates" : "date-times") above; expected one resolution per file")
            }
            rows.append(Row(stamp: stamp, value: v, line: number))
        }
        guard !rows.isEmpty else {
            throw TrackingError(.empty, path: path, line: header.number, "header but no data rows")
        }

        // Order, duplicates, clock changes.
        for k in rows.indices.dropFirst() {
            let a = rows[k - 1], b = rows[k]
            if b.stamp.localSeconds == a.stamp.localSeconds {
                if isClockChange(hourStart: b.stamp) {
                    throw TrackingError(.daylightSavingTime, path: path, line: b.line, column: timeColumn + 1,
                                        "hour \(TrackingText.format(localSeconds: b.stamp.localSeconds)) appears twice (line \(a.line) and \(b.line)) where clocks go back: the stamps are in daylight-saving time; expected local standard time or stamps with a UTC offset")
                }
                throw TrackingError(.duplicateTime, path: path, line: b.line, column: timeColumn + 1,
                                    "stamp \(TrackingText.format(localSeconds: b.stamp.localSeconds, dateOnly: b.stamp.dateOnly)) already on line \(a.line); expected each interval once")
            }
            if b.stamp.localSeconds < a.stamp.localSeconds {
                throw TrackingError(.nonMonotonicTime, path: path, line: b.line, column: timeColumn + 1,
                                    "stamp \(TrackingText.format(localSeconds: b.stamp.localSeconds, dateOnly: b.stamp.dateOnly)) is before the one on line \(a.line); expected increasing time")
            }
        }

        // Interval.
        let step: Double
        if rows[0].stamp.dateOnly {
            step = 86_400
        } else if rows.count == 1 {
            step = 3600
        } else {
            var counts: [Double: Int] = [:]
            for k in rows.indices.dropFirst() {
                counts[rows[k].stamp.localSeconds - rows[k - 1].stamp.localSeconds, default: 0] += 1
            }
            let mode = counts.max { ($0.value, -$0.key) < ($1.value, -$1.key) }!.key
            guard steps.contains(mode) else {
                throw TrackingError(.irregularInterval, path: path, line: rows[1].line, column: timeColumn + 1,
                                    "rows are most often \(Int(mode)) s apart; expected 5, 10, 15, 30 or 60 minutes or one day")
            }
            step = mode
        }

        var warnings: [TrackingError] = []
        for k in rows.indices.dropFirst() {
            let a = rows[k - 1], b = rows[k]
            let d = b.stamp.localSeconds - a.stamp.localSeconds
            if d.truncatingRemainder(dividingBy: step) != 0 {
                throw TrackingError(.irregularInterval, path: path, line: b.line, column: timeColumn + 1,
                                    "stamp \(TrackingText.format(localSeconds: b.stamp.localSeconds)) is \(Int(d)) s after line \(a.line); expected a multiple of the \(Int(step)) s step")
            }
            if d > step {
                if step == 3600, d == 7200, isClockChange(hourStart: a.stamp) {
                    throw TrackingError(.daylightSavingTime, path: path, line: b.line, column: timeColumn + 1,
                                        "hour after \(TrackingText.format(localSeconds: a.stamp.localSeconds)) is missing where clocks go forward: the stamps are in daylight-saving time; expected local standard time or stamps with a UTC offset")
                }
                let missing = Int(d / step) - 1
                warnings.append(TrackingError(
                    .gap, .warning, path: path, line: b.line, column: timeColumn + 1,
                    "gap: \(missing) interval(s) missing from \(TrackingText.format(localSeconds: a.stamp.localSeconds + step, dateOnly: a.stamp.dateOnly)) to before \(TrackingText.format(localSeconds: b.stamp.localSeconds, dateOnly: b.stamp.dateOnly)); that time is left out of the comparison"))
            }
        }

        // Unit against magnitude. Mean power of each row in the candidate unit.
        func meanPower(_ v: Double, _ u: GenerationUnit) -> Double { u.isEnergy ? v * u.scale / step : v * u.scale }
        let maxRow = rows.max { $0.value < $1.value }!
        let minRow = rows.min { $0.value < $1.value }!
        let limit = ratingMargin * ratedNetPower
        let rating = String(format: "%.3g MW", ratedNetPower / 1e6)
        let unit: GenerationUnit
        if let u = headerUnit {
            let peak = meanPower(maxRow.value, u)
            if peak > limit {
                if let smaller = u.thousandTimesSmaller, meanPower(maxRow.value, smaller) <= limit,
                   meanPower(maxRow.value, smaller) > 0.2 * ratedNetPower {
                    throw TrackingError(.wrongUnit, path: path, line: maxRow.line, column: valueColumn + 1,
                                        "\(maxRow.value) \(u.rawValue) is \(String(format: "%.0f", peak / ratedNetPower)) times the plant rating \(rating); the values look like \(smaller.rawValue): expected the header to say \(smaller.rawValue)")
                }
                throw TrackingError(.impossibleValue, path: path, line: maxRow.line, column: valueColumn + 1,
                                    "\(maxRow.value) \(u.rawValue) means \(String(format: "%.1f", peak / 1e6)) MW mean power, above \(ratingMargin) × the plant rating \(rating)")
            }
            if let larger = u.thousandTimesLarger, peak > 0, peak < 0.02 * ratedNetPower,
               meanPower(maxRow.value, larger) <= limit, meanPower(maxRow.value, larger) > 0.2 * ratedNetPower {
                throw TrackingError(.wrongUnit, path: path, line: maxRow.line, column: valueColumn + 1,
                                    "the largest value \(maxRow.value) \(u.rawValue) is only \(String(format: "%.2f", 100 * peak / ratedNetPower)) % of the plant rating \(rating); the values look like \(larger.rawValue): expected the header to say \(larger.rawValue)")
            }
            unit = u
        } else {
            guard maxRow.value > 0 else {
                throw TrackingError(.missingColumn, path: path, line: header.number, column: valueColumn + 1,
                                    "no unit in column `\(names[valueColumn])` and no positive value to infer it from; expected a header such as net_MWh")
            }
            let candidates: [GenerationUnit] = [.MWh, .kWh, .GWh]
            guard let u = candidates.first(where: { meanPower(maxRow.value, $0) <= limit }) else {
                throw TrackingError(.impossibleValue, path: path, line: maxRow.line, column: valueColumn + 1,
                                    "no unit in column `\(names[valueColumn])` and the largest value \(maxRow.value) fits no unit for a \(rating) plant; expected a header such as net_MWh")
            }
            unit = u
            warnings.append(TrackingError(
                .unitInferred, .warning, path: path, line: header.number, column: valueColumn + 1,
                "no unit in column `\(names[valueColumn])`; taken as \(u.rawValue) per row from the magnitude (largest \(maxRow.value) on line \(maxRow.line), rating \(rating)); name the column e.g. net_\(u.rawValue)"))
        }
        if meanPower(minRow.value, unit) < -parasiticMargin * ratedNetPower {
            throw TrackingError(.impossibleValue, path: path, line: minRow.line, column: valueColumn + 1,
                                "\(minRow.value) \(unit.rawValue) is a net consumption above \(Int(parasiticMargin * 100)) % of the plant rating \(rating)")
        }
        let intervals = rows.map {
            ActualInterval(start: $0.stamp.localSeconds, duration: step,
                           energy: unit.isEnergy ? $0.value * unit.scale : $0.value * unit.scale * step, line: $0.line)
        }
        return ActualGeneration(path: path, intervals: intervals, step: step, unit: unit, warnings: warnings)
    }

    /// True when an hour stamp sits where clocks change in most daylight-saving regimes: a Sunday in
    /// March, April, September, October or November, between 01:00 and 03:00 local.
    static func isClockChange(hourStart s: TrackingText.Stamp) -> Bool {
        guard !s.dateOnly else { return false }
        let day = Int((s.localSeconds / 86_400).rounded(.down))
        guard TrackingText.weekday(day: day) == 0, [3, 4, 9, 10, 11].contains(s.month) else { return false }
        return (1...2).contains(s.minuteOfDay / 60)
    }
}
