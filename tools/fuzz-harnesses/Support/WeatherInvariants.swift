// Compiled into the weather harnesses (listed in their `fuzz-sources` line).

/// Checks the promises a weather reader makes about a series it accepted: every value finite (never a
/// silent NaN or infinity), intervals positive, the site and the values within `WeatherLimits`, starts
/// increasing within each month (typical years) or throughout (ordinary series). Stops the fuzzer on
/// the first broken promise.
func checkAccepted(_ year: WeatherYear) {
    let s = year.site
    fuzzExpect(s.latitude.isFinite && (-90...90).contains(s.latitude), "latitude \(s.latitude)")
    fuzzExpect(s.longitude.isFinite && (-180...180).contains(s.longitude), "longitude \(s.longitude)")
    fuzzExpect(s.elevation.isFinite && WeatherLimits.elevationRange.contains(s.elevation), "elevation \(s.elevation)")
    fuzzExpect(s.utcOffset.isFinite && (-12...14).contains(s.utcOffset), "UTC offset \(s.utcOffset)")
    fuzzExpect(!year.records.isEmpty, "accepted series has no records")
    let t = WeatherLimits.temperatureRange
    var previous: WeatherRecord?
    for (k, r) in year.records.enumerated() {
        func ok(_ v: Double?, _ range: ClosedRange<Double>) -> Bool { v.map { $0.isFinite && range.contains($0) } ?? true }
        fuzzExpect(r.start.isFinite && r.interval.isFinite && r.interval > 0, "record \(k): start \(r.start), interval \(r.interval)")
        fuzzExpect(ok(r.dni, 0...2000), "record \(k): DNI \(r.dni)")
        fuzzExpect(ok(r.ghi, 0...Double.greatestFiniteMagnitude), "record \(k): GHI \(String(describing: r.ghi))")
        fuzzExpect(ok(r.dhi, 0...Double.greatestFiniteMagnitude), "record \(k): DHI \(String(describing: r.dhi))")
        fuzzExpect(ok(r.dryBulb, t), "record \(k): dry bulb \(r.dryBulb)")
        fuzzExpect(ok(r.dewPoint, t), "record \(k): dew point \(String(describing: r.dewPoint))")
        fuzzExpect(ok(r.relativeHumidity, WeatherLimits.relativeHumidityRange), "record \(k): RH \(String(describing: r.relativeHumidity))")
        fuzzExpect(ok(r.pressure, 1...200_000), "record \(k): pressure \(r.pressure)")
        fuzzExpect(ok(r.windSpeed, WeatherLimits.windSpeedRange), "record \(k): wind speed \(r.windSpeed)")
        fuzzExpect(ok(r.windDirection, WeatherLimits.windDirectionRange), "record \(k): wind direction \(String(describing: r.windDirection))")
        fuzzExpect(ok(r.snowDepth, WeatherLimits.snowDepthRange), "record \(k): snow depth \(String(describing: r.snowDepth))")
        if let p = previous {
            let sameMonth = p.local.year == r.local.year && p.local.month == r.local.month
            if !year.isTypicalYear || sameMonth {
                fuzzExpect(r.start > p.start, "record \(k): start \(r.start) not after \(p.start)")
            }
        }
        previous = r
    }
    for g in year.gaps {
        fuzzExpect(g.from.isFinite && g.to.isFinite && g.from < g.to, "gap \(g)")
    }
}
