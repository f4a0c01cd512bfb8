import Foundation

extension WeatherYear {
    /// The same series with every record moved to one calendar year (local clock times unchanged), the way
    /// pvlib's `read_tmy3(coerce_year:)` does before a weather year is handed to NREL SAM. 29 February
    /// records are dropped when `year` is not a leap year. The result is not a typical year any more.
    ///
    /// Use it to compare with results computed on a coerced year: the SAM reference in
    /// `reference/sam-mspt-greensboro/hourly.csv` matches the sun of year 1990 for every month of 723170TYA
    /// (its `solzen` agrees with SPA within 0.0075° on year 1990, but only within 0.17° on the source years).
    public func coerced(toYear year: Int) -> WeatherYear {
        let offset = site.utcOffset * 3600
        var out: [WeatherRecord] = []
        out.reserveCapacity(records.count)
        var moved: [Double: Double] = [:]  // old start → new start, for the gaps
        for r in records {
            if r.local.month == 2, r.local.day == 29, !CivilCalendar.isLeapYear(year) { continue }
            var c = r
            c.local.year = year
            let minuteOfDay = r.local.hour * 60 + r.local.minute
            c.start = CivilCalendar.seconds(year: year, month: r.local.month, day: r.local.day, minuteOfDay: minuteOfDay)
                + r.local.second - offset
            moved[r.start] = c.start
            out.append(c)
        }
        let shiftedGaps = gaps.compactMap { g -> WeatherGap? in
            guard let to = moved[g.to] else { return nil }
            return WeatherGap(line: g.line, from: to - (g.to - g.from), to: to)
        }
        return WeatherYear(site: site, records: out, format: format, sourcePath: sourcePath, gaps: shiftedGaps,
                           isTypicalYear: false)
    }
}
