import Foundation

/// Where each value sits in a file (1-based field index for CSV, first character column for fixed width),
/// so errors can point at it.
struct ColumnMap: Sendable {
    var year: Int?
    var month: Int?
    var day: Int?
    var hour: Int?
    var minute: Int?
    var dni: Int?
    var ghi: Int?
    var dhi: Int?
    var dryBulb: Int?
    var dewPoint: Int?
    var relativeHumidity: Int?
    var pressure: Int?
    var windSpeed: Int?
    var windDirection: Int?
    var snowDepth: Int?

    /// Column used for errors about the time stamp as a whole.
    var stamp: Int? { year ?? month ?? day ?? hour }
}

/// One data row as written in the file, values already converted to SI units and missing-data sentinels
/// turned into nil. The stamp is the file's own (its meaning depends on the `StampConvention`).
/// Passed to `RecordAssembler.append` one at a time, never stored (the assembler keeps compact records).
struct RawRecord: Sendable {
    var line: Int
    var year: Int
    var month: Int
    var day: Int
    var hour: Int
    var minute: Int
    /// [W/m²]
    var dni: Double
    /// [W/m²]
    var ghi: Double?
    /// [W/m²]
    var dhi: Double?
    /// [K]
    var dryBulb: Double
    /// [K]
    var dewPoint: Double?
    /// [fraction]
    var relativeHumidity: Double?
    /// nil → standard atmosphere at the site elevation. [Pa]
    var pressure: Double?
    /// [m/s]
    var windSpeed: Double
    /// [deg]
    var windDirection: Double?
    /// [m]
    var snowDepth: Double?
}

/// How a format's time stamps map to intervals.
enum StampConvention: Sendable {
    /// TMY2, TMY3, EPW: the stamp is the END of the interval. Hours run 1–24, so `01:00` is the interval
    /// 00:00–01:00 and `24:00` the last hour of the same day. With several records per hour (EPW sub-hourly)
    /// the minute field is the end minute of the interval (60 or 0 meaning the full hour).
    case hourEnding(recordsPerHour: Int)
    /// SAM CSV / NSRDB PSM3 / SWERA: the interval length is the row spacing. Hourly (or coarser) rows:
    /// the interval is the clock hour containing the stamp (hour 0–23 is the interval start; a PSM3 stamp at
    /// minute 30 is the middle of the hour). Sub-hourly rows: the stamp is the interval start.
    case fromRowSpacing
}

/// When a series counts as a typical (meteorological) year.
enum TypicalYearRule: Sendable {
    /// Always (TMY2, TMY3, EPW).
    case always
    /// When the year changes anywhere other than a 31 December → 1 January step to the next year
    /// (months drawn from different years, as in SAM CSV typical years).
    case whenYearJumps
    /// Always, except for a continuous series running across a new year (every year change is a
    /// 31 December → 1 January step), which is an actual multi-year record (EPW "AMY" files).
    case unlessContinuousAcrossYears
}

/// Collects a reader's rows, checks each value against physical limits, then orders them into a
/// `WeatherYear`: interval starts, UTC instants, order, duplicates and gaps.
///
/// Memory: each row is kept at once as a `WeatherRecord` (112 B) whose `local` holds the stamp as written and whose
/// `start`/`interval` are filled in place by `finish`, plus its line number (4 B): no second per-row array, so a
/// 10-year 1-minute file (5.3 M rows) needs ≈ 610 MB. `reserve(estimatedRows:)` sizes the array from the file size
/// up front, so growing it never copies (reserved but untouched pages are not resident).
struct RecordAssembler {
    let path: String
    let site: Site
    let columns: ColumnMap
    /// Allowed hour values as written (1–24 for hour-ending formats, 0–23 otherwise).
    let hourRange: ClosedRange<Int>
    /// Allowed minute values as written.
    let minuteRange: ClosedRange<Int>
    /// Rows so far: `local` is the stamp as written (hour/minute as in the file), `start` and `interval` are 0
    /// until `finish`.
    private var records: [WeatherRecord] = []
    /// 1-based file line of each row (clamped to `Int32.max`, far beyond any file `records` could hold).
    private var lines: [Int32] = []
    private let defaultPressure: Double
    /// Most rows `reserve(estimatedRows:)` reserves (≈ 1.3 GB of address space, not resident until used).
    static let maximumReservation = 12_000_000

    init(path: String, site: Site, columns: ColumnMap, hourRange: ClosedRange<Int>, minuteRange: ClosedRange<Int>) {
        self.path = path
        self.site = site
        self.columns = columns
        self.hourRange = hourRange
        self.minuteRange = minuteRange
        self.defaultPressure = WeatherLimits.standardPressure(elevation: site.elevation)
        records.reserveCapacity(8784)
        lines.reserveCapacity(8784)
    }

    /// Reserves room for about `estimatedRows` rows (+25 %, at most `maximumReservation`), so that appending a long
    /// file's rows does not reallocate (and briefly hold two copies).
    mutating func reserve(estimatedRows: Int) {
        let n = min(Self.maximumReservation, max(0, estimatedRows) / 4 * 5 + 64)
        if n > records.capacity {
            records.reserveCapacity(n)
            lines.reserveCapacity(n)
        }
    }

    /// Number of rows appended so far.
    var count: Int { records.count }

    private func fail(_ kind: WeatherError.Kind, _ line: Int, _ column: Int?, _ message: String) -> WeatherError {
        WeatherError(kind, path: path, line: line, column: column, message)
    }

    private static func f(_ v: Double, _ digits: Int = 1) -> String { String(format: "%.\(digits)f", v) }

    /// Checks the stamp and every value of a row, then keeps it.
    mutating func append(_ r: RawRecord) throws {
        let line = r.line
        guard (1800...2200).contains(r.year) else {
            throw fail(.badTimestamp, line, columns.year, "year \(r.year) is out of range; expected 1800–2200")
        }
        guard (1...12).contains(r.month) else {
            throw fail(.badTimestamp, line, columns.month, "month \(r.month) does not exist; expected 1–12")
        }
        let dim = CivilCalendar.daysInMonth(year: r.year, month: r.month)
        guard (1...dim).contains(r.day) else {
            throw fail(.badTimestamp, line, columns.day,
                       "day \(r.day) does not exist in \(r.year)-\(String(format: "%02d", r.month)); expected 1–\(dim)")
        }
        guard hourRange.contains(r.hour) else {
            throw fail(.badTimestamp, line, columns.hour,
                       "hour \(r.hour) is out of range; expected \(hourRange.lowerBound)–\(hourRange.upperBound)")
        }
        guard minuteRange.contains(r.minute) else {
            throw fail(.badTimestamp, line, columns.minute ?? columns.hour,
                       "minute \(r.minute) is out of range; expected \(minuteRange.lowerBound)–\(minuteRange.upperBound)")
        }
        // Irradiance.
        if r.dni < 0 {
            throw fail(.impossibleValue, line, columns.dni, "negative DNI \(Self.f(r.dni)) W/m²; expected ≥ 0")
        }
        let doy = CivilCalendar.dayOfYear(year: r.year, month: r.month, day: r.day)
        let dniMax = WeatherLimits.maximumDNI(dayOfYear: doy)
        if r.dni > dniMax {
            throw fail(.dniAboveExtraterrestrial, line, columns.dni,
                       "DNI \(Self.f(r.dni)) W/m² exceeds the extraterrestrial normal irradiance of day \(doy) "
                       + "(\(Self.f(WeatherLimits.extraterrestrialNormal(dayOfYear: doy))) W/m², +2 % margin); "
                       + "expected ≤ \(Self.f(dniMax)) W/m²")
        }
        if let g = r.ghi, g < 0 {
            throw fail(.impossibleValue, line, columns.ghi, "negative GHI \(Self.f(g)) W/m²; expected ≥ 0")
        }
        if let d = r.dhi, d < 0 {
            throw fail(.impossibleValue, line, columns.dhi, "negative DHI \(Self.f(d)) W/m²; expected ≥ 0")
        }
        // Temperatures.
        let tr = WeatherLimits.temperatureRange
        if !tr.contains(r.dryBulb) {
            throw fail(.impossibleValue, line, columns.dryBulb,
                       "dry-bulb temperature \(Self.f(r.dryBulb - 273.15)) °C is impossible; expected −90 to 60 °C")
        }
        if let t = r.dewPoint, !tr.contains(t) {
            throw fail(.impossibleValue, line, columns.dewPoint,
                       "dew-point temperature \(Self.f(t - 273.15)) °C is impossible; expected −90 to 60 °C")
        }
        if let h = r.relativeHumidity, !WeatherLimits.relativeHumidityRange.contains(h) {
            throw fail(.impossibleValue, line, columns.relativeHumidity,
                       "relative humidity \(Self.f(h * 100)) % is impossible; expected 0–100 %")
        }
        if let p = r.pressure, !WeatherLimits.pressureRange.contains(p) {
            throw fail(.impossibleValue, line, columns.pressure,
                       "pressure \(Self.f(p / 100)) hPa is out of range; expected 300–1100 hPa (mbar)")
        }
        if !WeatherLimits.windSpeedRange.contains(r.windSpeed) {
            throw fail(.impossibleValue, line, columns.windSpeed,
                       "wind speed \(Self.f(r.windSpeed)) m/s is impossible; expected 0–100 m/s")
        }
        if let w = r.windDirection, !WeatherLimits.windDirectionRange.contains(w) {
            throw fail(.impossibleValue, line, columns.windDirection,
                       "wind direction \(Self.f(w))° is impossible; expected 0–360°")
        }
        if let s = r.snowDepth, !WeatherLimits.snowDepthRange.contains(s) {
            throw fail(.impossibleValue, line, columns.snowDepth,
                       "snow depth \(Self.f(s * 100)) cm is impossible; expected 0–3000 cm")
        }
        // Early order check, so a huge file of repeated rows fails at once: within one year the stamps
        // must increase (the full check, across years and with intervals, is in `finish`).
        let stamp = LocalTime(year: r.year, month: r.month, day: r.day, hour: r.hour, minute: r.minute)
        if let p = records.last?.local, p.year == r.year {
            let a = orderKey(p), b = orderKey(stamp)
            let pLine = Int(lines[lines.count - 1])
            if a == b {
                throw fail(.duplicateTime, line, columns.stamp,
                           "time stamp repeats the one on line \(pLine) (\(Self.stampText(p))); expected a later time")
            }
            if b < a {
                throw fail(.nonMonotonicTime, line, columns.stamp,
                           "time goes backwards from line \(pLine) (\(Self.stampText(p))); expected time in increasing order")
            }
        }
        records.append(WeatherRecord(
            start: 0, interval: 0, local: stamp, dni: r.dni, ghi: r.ghi, dhi: r.dhi,
            dryBulb: r.dryBulb, dewPoint: r.dewPoint, relativeHumidity: r.relativeHumidity,
            pressure: r.pressure ?? defaultPressure, windSpeed: r.windSpeed,
            windDirection: r.windDirection, snowDepth: r.snowDepth))
        lines.append(Int32(clamping: line))
    }

    /// Stamp as written, for ordering within a year (minute 0 counts as 60 where minutes run to 60,
    /// i.e. the end of the hour in EPW).
    private func orderKey(_ r: LocalTime) -> Int {
        let minute = r.minute == 0 && minuteRange.upperBound == 60 ? 60 : r.minute
        return ((r.month * 32 + r.day) * 25 + r.hour) * 61 + minute
    }

    static func stampText(_ p: LocalTime) -> String {
        String(format: "%04d-%02d-%02d %02d:%02d", p.year, p.month, p.day, p.hour, p.minute)
    }

    /// Orders the rows into a series: interval starts in local standard time and UTC, typical-year flag,
    /// monotonic order, duplicates and gaps (gaps are reported, not errors).
    ///
    /// Order is judged on the calendar position: (year, month, day, hour, minute) for ordinary series and
    /// (month, day, hour, minute) for typical years. A file without any 29 February does not count the
    /// leap day as a gap (NREL's 8760-hour files omit it even in leap years).
    mutating func finish(format: WeatherFormat, convention: StampConvention, typical rule: TypicalYearRule) throws -> WeatherYear {
        let n = records.count
        guard n >= 24 else {
            throw WeatherError(.tooShort, path: path, line: nil, column: nil,
                               "\(n) records; expected at least 24 covering at least one day")
        }
        let typical: Bool
        switch rule {
        case .always: typical = true
        case .whenYearJumps, .unlessContinuousAcrossYears:
            var jumps = false
            var changes = false
            for k in 1..<n where records[k].local.year != records[k - 1].local.year {
                changes = true
                let a = records[k - 1].local, b = records[k].local
                if !(b.year == a.year + 1 && a.month == 12 && a.day == 31 && b.month == 1 && b.day == 1) {
                    jumps = true
                    break
                }
            }
            if case .whenYearJumps = rule { typical = jumps } else { typical = jumps || !changes }
        }
        let skipLeapDay = !records.contains { $0.local.month == 2 && $0.local.day == 29 }

        /// Calendar position of a day, in days (reference year 2000 for typical years).
        func dayIndex(_ r: LocalTime) -> Int {
            let y = typical ? 2000 : r.year
            var d = CivilCalendar.daysFromCivil(year: y, month: r.month, day: r.day)
            if skipLeapDay { d -= CivilCalendar.leapDaysBefore(year: y, month: r.month, day: r.day) }
            return d
        }

        // Interval length; `startMinute` gives the start minute of a row (stamp as written) within its day.
        let stepMinutes: Int
        let startMinute: (LocalTime) -> Int
        switch convention {
        case .hourEnding(let perHour):
            let step = 60 / perHour
            stepMinutes = step
            if perHour == 1 {
                startMinute = { ($0.hour - 1) * 60 }
            } else {
                startMinute = { ($0.hour - 1) * 60 + ($0.minute == 0 ? 60 : $0.minute) - step }
                for k in 0..<n {
                    let r = records[k].local
                    let s = startMinute(r)
                    guard s >= 0, s % step == 0 else {
                        throw fail(.badTimestamp, Int(lines[k]), columns.minute,
                                   "minute \(r.minute) is not the end of a \(step)-minute interval; "
                                   + "expected a multiple of \(step)")
                    }
                }
            }
        case .fromRowSpacing:
            // Row spacing: the most common positive step among the first rows (ties: the smaller).
            var steps: [Int: Int] = [:]
            var firstLine: [Int: Int] = [:]
            for k in 1..<min(n, 200) {
                let p = records[k - 1].local, r = records[k].local
                let a = dayIndex(p) * 1440 + p.hour * 60 + p.minute
                let b = dayIndex(r) * 1440 + r.hour * 60 + r.minute
                if b > a {
                    steps[b - a, default: 0] += 1
                    if firstLine[b - a] == nil { firstLine[b - a] = Int(lines[k]) }
                }
            }
            var spacing = steps.max { x, y in x.value < y.value || (x.value == y.value && x.key > y.key) }?.key ?? Int.max
            let spacingLine = firstLine[spacing] ?? Int(lines[0])
            if spacing == Int.max { spacing = 60 }  // all equal: reported as duplicates below
            let valid = spacing >= 1 && spacing <= 1440
                && (60 % spacing == 0 || (spacing % 60 == 0 && 1440 % spacing == 0))
            guard valid else {
                throw fail(.badTimestamp, spacingLine, columns.stamp,
                           "rows are \(spacing) minutes apart; expected a spacing that divides an hour or a day")
            }
            stepMinutes = spacing
            startMinute = { r in
                let m = r.hour * 60 + r.minute
                return spacing >= 60 ? (m / spacing) * spacing : m
            }
        }
        let interval = Double(stepMinutes * 60)
        if Double(n) * interval < 86_400 {
            throw WeatherError(.tooShort, path: path, line: nil, column: nil,
                               "\(n) records of \(stepMinutes) min cover less than one day; expected at least 24 h")
        }

        // Fill in each row's interval start (local and UTC) in place; the previous row's stamp as written is kept
        // for the messages.
        var gaps: [WeatherGap] = []
        var previous = 0
        var previousStamp = records[0].local
        let offset = site.utcOffset * 3600
        for k in 0..<n {
            let r = records[k].local
            let line = Int(lines[k])
            let startOfDay = startMinute(r)
            let position = dayIndex(r) * 1440 + startOfDay
            let start = CivilCalendar.seconds(year: r.year, month: r.month, day: r.day, minuteOfDay: startOfDay) - offset
            if k > 0 {
                let step = position - previous
                let pLine = Int(lines[k - 1])
                if step == 0 {
                    throw fail(.duplicateTime, line, columns.stamp,
                               "time stamp repeats the one on line \(pLine) (\(Self.stampText(previousStamp))); expected a later time")
                } else if step < 0 {
                    throw fail(.nonMonotonicTime, line, columns.stamp,
                               "time goes backwards from line \(pLine) (\(Self.stampText(previousStamp))); expected time in increasing order"
                               + (typical ? " of month, day, hour" : ""))
                } else if step < stepMinutes {
                    throw fail(.badTimestamp, line, columns.stamp,
                               "record is \(step) min after the one on line \(pLine); expected \(stepMinutes) min")
                } else if step > stepMinutes {
                    let missing = Double((step - stepMinutes) * 60)
                    gaps.append(WeatherGap(line: line, from: start - missing, to: start))
                }
            }
            previous = position
            previousStamp = r
            records[k].start = start
            records[k].interval = interval
            records[k].local = LocalTime(year: r.year, month: r.month, day: r.day, hour: startOfDay / 60,
                                         minute: startOfDay % 60)
        }
        let out = records
        records = []
        lines = []
        return WeatherYear(site: site, records: out, format: format, sourcePath: path, gaps: gaps,
                           isTypicalYear: typical)
    }
}

/// Checks of a site's metadata shared by the readers.
enum SiteCheck {
    static func validate(_ site: Site, path: String, line: Int,
                         columns: (lat: Int?, lon: Int?, tz: Int?, elev: Int?)) throws {
        guard (-90...90).contains(site.latitude) else {
            throw WeatherError(.badHeader, path: path, line: line, column: columns.lat,
                               "latitude \(site.latitude)° is out of range; expected −90 to 90")
        }
        guard (-180...180).contains(site.longitude) else {
            throw WeatherError(.badHeader, path: path, line: line, column: columns.lon,
                               "longitude \(site.longitude)° is out of range; expected −180 to 180")
        }
        guard (-12...14).contains(site.utcOffset) else {
            throw WeatherError(.badHeader, path: path, line: line, column: columns.tz,
                               "UTC offset \(site.utcOffset) h is out of range; expected −12 to 14")
        }
        guard WeatherLimits.elevationRange.contains(site.elevation) else {
            throw WeatherError(.badHeader, path: path, line: line, column: columns.elev,
                               "elevation \(site.elevation) m is out of range; expected −500 to 9000 m")
        }
    }
}
