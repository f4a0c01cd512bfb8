import Foundation

/// Totals and extremes of a weather series, as shown by `solartower weather info`.
public struct WeatherSummary: Sendable, Equatable {
    /// Number of records.
    public var recordCount: Int
    /// Interval of the records (the most common one). [s]
    public var interval: Double
    /// Start of the first record, local standard time.
    public var firstLocal: LocalTime
    /// Start of the last record, local standard time.
    public var lastLocal: LocalTime
    /// Direct normal irradiation summed over the series. [J/m²]
    public var dniSum: Double
    /// Global horizontal irradiation summed over the records that have GHI, nil if none has. [J/m²]
    public var ghiSum: Double?
    /// Records without GHI.
    public var recordsWithoutGHI: Int
    /// Lowest dry-bulb temperature. [K]
    public var minDryBulb: Double
    /// Highest dry-bulb temperature. [K]
    public var maxDryBulb: Double
    /// Time-weighted mean wind speed. [m/s]
    public var meanWindSpeed: Double
    /// Total length of the gaps. [s]
    public var missingTime: Double

    /// Summarises a series; nil when it has no records.
    public init?(_ year: WeatherYear) {
        guard let first = year.records.first, let last = year.records.last else { return nil }
        recordCount = year.records.count
        var counts: [Double: Int] = [:]
        var dni = 0.0, ghi = 0.0, wind = 0.0, time = 0.0
        var withoutGHI = 0
        var tMin = Double.infinity, tMax = -Double.infinity
        for r in year.records {
            counts[r.interval, default: 0] += 1
            dni += r.dni * r.interval
            if let g = r.ghi { ghi += g * r.interval } else { withoutGHI += 1 }
            wind += r.windSpeed * r.interval
            time += r.interval
            tMin = min(tMin, r.dryBulb)
            tMax = max(tMax, r.dryBulb)
        }
        interval = counts.max { a, b in a.value < b.value || (a.value == b.value && a.key > b.key) }?.key ?? first.interval
        firstLocal = first.local
        lastLocal = last.local
        dniSum = dni
        ghiSum = withoutGHI == recordCount ? nil : ghi
        recordsWithoutGHI = withoutGHI
        minDryBulb = tMin
        maxDryBulb = tMax
        meanWindSpeed = time > 0 ? wind / time : 0
        missingTime = year.gaps.reduce(0) { $0 + ($1.to - $1.from) }
    }
}
