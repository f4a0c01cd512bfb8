import Foundation

/// A place on Earth where weather was measured or a plant stands.
public struct Site: Sendable, Equatable, Codable {
    /// Human-readable name (station or plant).
    public var name: String
    /// Geodetic latitude, north positive. [deg]
    public var latitude: Double
    /// Longitude, east positive. [deg]
    public var longitude: Double
    /// Elevation above mean sea level. [m]
    public var elevation: Double
    /// Offset of local standard time from UTC (no daylight saving). [h]
    public var utcOffset: Double

    public init(name: String, latitude: Double, longitude: Double, elevation: Double, utcOffset: Double) {
        self.name = name
        self.latitude = latitude
        self.longitude = longitude
        self.elevation = elevation
        self.utcOffset = utcOffset
    }
}

/// Calendar stamp in local standard time (no daylight saving), as written in weather files.
///
/// Stored compactly (16 B: the year as `Int32`, month/day/hour/minute as `Int8`, the second as `Double`) because a
/// 10-year 1-minute series holds five million of them; the public properties are `Int`. Values outside the
/// storage ranges (year beyond ±2.1e9, month/day/hour/minute beyond −128…127 — no real calendar stamp) are clamped.
public struct LocalTime: Sendable, Hashable, Comparable {
    private var storedYear: Int32
    private var storedMonth: Int8
    private var storedDay: Int8
    private var storedHour: Int8
    private var storedMinute: Int8
    /// Seconds (may be fractional).
    public var second: Double

    public var year: Int {
        get { Int(storedYear) }
        set { storedYear = Int32(clamping: newValue) }
    }
    public var month: Int {
        get { Int(storedMonth) }
        set { storedMonth = Int8(clamping: newValue) }
    }
    public var day: Int {
        get { Int(storedDay) }
        set { storedDay = Int8(clamping: newValue) }
    }
    public var hour: Int {
        get { Int(storedHour) }
        set { storedHour = Int8(clamping: newValue) }
    }
    public var minute: Int {
        get { Int(storedMinute) }
        set { storedMinute = Int8(clamping: newValue) }
    }

    public init(year: Int, month: Int, day: Int, hour: Int, minute: Int = 0, second: Double = 0) {
        self.storedYear = Int32(clamping: year)
        self.storedMonth = Int8(clamping: month)
        self.storedDay = Int8(clamping: day)
        self.storedHour = Int8(clamping: hour)
        self.storedMinute = Int8(clamping: minute)
        self.second = second
    }

    public static func < (a: LocalTime, b: LocalTime) -> Bool {
        (a.year, a.month, a.day, a.hour, a.minute, a.second) < (b.year, b.month, b.day, b.hour, b.minute, b.second)
    }

    /// ISO-8601 text without zone, e.g. `2019-07-17T13:30:00`.
    public var iso8601: String {
        String(format: "%04d-%02d-%02dT%02d:%02d:%02d", year, month, day, hour, minute, Int(second))
    }
}

extension LocalTime: Codable {
    private enum CodingKeys: String, CodingKey { case year, month, day, hour, minute, second }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(year: try c.decode(Int.self, forKey: .year), month: try c.decode(Int.self, forKey: .month),
                  day: try c.decode(Int.self, forKey: .day), hour: try c.decode(Int.self, forKey: .hour),
                  minute: try c.decode(Int.self, forKey: .minute), second: try c.decode(Double.self, forKey: .second))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(year, forKey: .year)
        try c.encode(month, forKey: .month)
        try c.encode(day, forKey: .day)
        try c.encode(hour, forKey: .hour)
        try c.encode(minute, forKey: .minute)
        try c.encode(second, forKey: .second)
    }
}

/// One weather record: conditions averaged (or sampled) over an interval. SI units.
///
/// Irradiance values are interval averages. `start` is the beginning of the interval in UTC;
/// readers convert each format's own stamp convention (e.g. TMY3/EPW hour-ending) to this.
///
/// Storage: 112 B (`MemoryLayout<WeatherRecord>.stride`), so a 10-year 1-minute series fits in memory. The optional
/// values are stored as plain `Double`s with NaN meaning "absent" and exposed as `Double?`; a real value is never
/// NaN (the readers reject NaN and every value outside its physical range), so the sentinel is unambiguous.
/// Setting an optional to NaN therefore sets it to nil. Equality compares the public values (nil equals nil).
public struct WeatherRecord: Sendable, Equatable {
    /// Start of the interval, seconds since 1970-01-01T00:00:00Z. [s]
    public var start: Double
    /// Interval length. [s]
    public var interval: Double
    /// Start of the interval in local standard time (the calendar the file is written in).
    public var local: LocalTime
    /// Direct normal irradiance. [W/m²]
    public var dni: Double
    /// Dry-bulb air temperature. [K]
    public var dryBulb: Double
    /// Station pressure. [Pa]
    public var pressure: Double
    /// Wind speed at measurement height (usually 10 m). [m/s]
    public var windSpeed: Double
    // Optional values, NaN = absent.
    private var storedGHI: Double
    private var storedDHI: Double
    private var storedDewPoint: Double
    private var storedRelativeHumidity: Double
    private var storedWindDirection: Double
    private var storedSnowDepth: Double

    @inline(__always) private static func load(_ v: Double) -> Double? { v.isNaN ? nil : v }
    @inline(__always) private static func store(_ v: Double?) -> Double { v ?? .nan }

    /// Global horizontal irradiance, nil where the file has none. [W/m²]
    public var ghi: Double? {
        get { Self.load(storedGHI) }
        set { storedGHI = Self.store(newValue) }
    }
    /// Diffuse horizontal irradiance, nil where the file has none. [W/m²]
    public var dhi: Double? {
        get { Self.load(storedDHI) }
        set { storedDHI = Self.store(newValue) }
    }
    /// Dew-point temperature, nil where the file has none. [K]
    public var dewPoint: Double? {
        get { Self.load(storedDewPoint) }
        set { storedDewPoint = Self.store(newValue) }
    }
    /// Relative humidity, nil where the file has none. [fraction 0–1]
    public var relativeHumidity: Double? {
        get { Self.load(storedRelativeHumidity) }
        set { storedRelativeHumidity = Self.store(newValue) }
    }
    /// Wind direction, clockwise from north, where from; nil where absent. [deg]
    public var windDirection: Double? {
        get { Self.load(storedWindDirection) }
        set { storedWindDirection = Self.store(newValue) }
    }
    /// Snow depth, nil where the file has none. [m]
    public var snowDepth: Double? {
        get { Self.load(storedSnowDepth) }
        set { storedSnowDepth = Self.store(newValue) }
    }

    public init(start: Double, interval: Double, local: LocalTime, dni: Double, ghi: Double? = nil,
                dhi: Double? = nil, dryBulb: Double, dewPoint: Double? = nil, relativeHumidity: Double? = nil,
                pressure: Double, windSpeed: Double, windDirection: Double? = nil, snowDepth: Double? = nil) {
        self.start = start
        self.interval = interval
        self.local = local
        self.dni = dni
        self.dryBulb = dryBulb
        self.pressure = pressure
        self.windSpeed = windSpeed
        self.storedGHI = Self.store(ghi)
        self.storedDHI = Self.store(dhi)
        self.storedDewPoint = Self.store(dewPoint)
        self.storedRelativeHumidity = Self.store(relativeHumidity)
        self.storedWindDirection = Self.store(windDirection)
        self.storedSnowDepth = Self.store(snowDepth)
    }

    /// Middle of the interval, seconds since 1970-01-01T00:00:00Z. [s]
    public var midpoint: Double { start + 0.5 * interval }

    public static func == (a: WeatherRecord, b: WeatherRecord) -> Bool {
        a.start == b.start && a.interval == b.interval && a.local == b.local && a.dni == b.dni
            && a.dryBulb == b.dryBulb && a.pressure == b.pressure && a.windSpeed == b.windSpeed
            && a.ghi == b.ghi && a.dhi == b.dhi && a.dewPoint == b.dewPoint
            && a.relativeHumidity == b.relativeHumidity && a.windDirection == b.windDirection
            && a.snowDepth == b.snowDepth
    }
}

/// Weather file formats SolarTower reads.
public enum WeatherFormat: String, Sendable, Codable, CaseIterable {
    /// NREL TMY3 CSV (two header lines, hour-ending `MM/DD/YYYY,HH:MM`).
    case tmy3
    /// NREL TMY2 fixed-width (hour-ending, 1–24).
    case tmy2
    /// EnergyPlus EPW (8 header lines, hour-ending 1–24).
    case epw
    /// SAM CSV / NSRDB PSM3 CSV (site metadata rows, then Year,Month,Day,Hour[,Minute],… columns).
    case samCSV
}

/// A weather series for one site, in time order, SI units.
public struct WeatherYear: Sendable {
    /// Where the weather was measured.
    public var site: Site
    /// The records in time order (see `isTypicalYear`).
    public var records: [WeatherRecord]
    /// The format the series was read from.
    public var format: WeatherFormat
    /// File the series was read from (for provenance and error messages), or nil if generated.
    public var sourcePath: String?
    /// Gaps found while reading (missing intervals); empty for a complete series.
    public var gaps: [WeatherGap]
    /// True for a typical (meteorological) year assembled from months of different years (TMY2/TMY3/EPW,
    /// SAM CSV whose year changes between months). Each record keeps its source year, so `start` is the real
    /// instant in that year (as NREL SAM computes the sun) and is increasing within each month only;
    /// order and gaps are judged on the calendar position (month, day, hour, minute).
    public var isTypicalYear: Bool

    public init(site: Site, records: [WeatherRecord], format: WeatherFormat, sourcePath: String? = nil,
                gaps: [WeatherGap] = [], isTypicalYear: Bool = false) {
        self.site = site
        self.records = records
        self.format = format
        self.sourcePath = sourcePath
        self.gaps = gaps
        self.isTypicalYear = isTypicalYear
    }

    /// Sum of DNI over the series. [J/m²]
    public var annualDNI: Double { records.reduce(0) { $0 + $1.dni * $1.interval } }
}

/// A stretch of missing time in a weather series.
public struct WeatherGap: Sendable, Equatable {
    /// Line of the record after the gap (1-based).
    public var line: Int
    /// Start of the missing stretch, UTC seconds since epoch. [s]
    public var from: Double
    /// End of the missing stretch, UTC seconds since epoch. [s]
    public var to: Double

    public init(line: Int, from: Double, to: Double) {
        self.line = line
        self.from = from
        self.to = to
    }
}
