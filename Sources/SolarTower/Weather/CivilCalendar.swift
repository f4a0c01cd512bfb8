/// Proleptic Gregorian calendar arithmetic on plain integers (no time zones, no daylight saving).
///
/// Days are counted from 1970-01-01 (day 0), after H. Hinnant, "chrono-compatible low-level date
/// algorithms" (days_from_civil).
enum CivilCalendar {
    static func isLeapYear(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 1, 3, 5, 7, 8, 10, 12: return 31
        case 4, 6, 9, 11: return 30
        case 2: return isLeapYear(year) ? 29 : 28
        default: return 0
        }
    }

    /// Days since 1970-01-01 of a calendar date.
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// Day of the year, 1 on 1 January.
    static func dayOfYear(year: Int, month: Int, day: Int) -> Int {
        daysFromCivil(year: year, month: month, day: day) - daysFromCivil(year: year, month: 1, day: 1) + 1
    }

    /// Number of 29 Februaries strictly before the date, counted from year 1 (only differences matter).
    static func leapDaysBefore(year: Int, month: Int, day: Int) -> Int {
        let p = year - 1
        let before = p / 4 - p / 100 + p / 400
        return before + (isLeapYear(year) && month > 2 ? 1 : 0)
    }

    /// Seconds since 1970-01-01T00:00:00 of a calendar date and a time of day given in minutes.
    static func seconds(year: Int, month: Int, day: Int, minuteOfDay: Int) -> Double {
        Double(daysFromCivil(year: year, month: month, day: day) * 86_400 + minuteOfDay * 60)
    }
}
