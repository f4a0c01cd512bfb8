import Foundation

/// Reader of EnergyPlus EPW weather files.
///
/// Layout (U.S. DOE, "EnergyPlus Auxiliary Programs", ch. 2.9 "EnergyPlus Weather File (EPW) Data
/// Dictionary"): line 1 `LOCATION,city,state,country,source,WMO,latitude,longitude,UTC offset,elevation`;
/// seven more header lines ending with `DATA PERIODS,n,records per hour,…`; then data rows
/// `year,month,day,hour,minute,flags,dry bulb [°C],dew point [°C],RH [%],pressure [Pa],…,GHI (14th),
/// DNI (15th),DHI (16th) [Wh/m²],…,wind direction (21st) [deg],wind speed (22nd) [m/s],…,snow depth (31st) [cm]`.
///
/// Time: hours 1–24 are hour-ENDING local standard time (`1` = 00:00–01:00, `24` = the last hour of the
/// day). With one record per hour the minute field is ignored (writers put 0 or 60); with several, the
/// minute is the end of the interval within the hour (60 or 0 = the full hour). Series are typical years
/// (each record keeps its own year), except a continuous series running across a new year (an actual
/// multi-year record), which is ordered on its real dates.
///
/// Missing data (data dictionary): 99.9 for temperatures, 999 for RH, wind and snow, 999999 for pressure,
/// 9999 for irradiance. Missing DNI, dry bulb or wind speed is an error; other missing values become nil,
/// a missing pressure the standard atmosphere at the site elevation.
enum EPWReader {
    static func parse(_ text: UnsafeRawBufferPointer, path: String, releaseStride: Int? = nil) throws -> WeatherYear {
        var cursor = LineCursor(text: text, path: path, releaseStride: releaseStride)
        var fs = FieldSplitter()
        guard let l1 = try cursor.next() else {
            throw WeatherError(.badHeader, path: path, line: 1, "empty file; expected LOCATION,…")
        }
        try fs.split(l1, in: text, path: path, lineNumber: 1)
        guard fs.count >= 10, TextBytes.hasPrefix(fs[0], in: text, "LOCATION") else {
            throw WeatherError(.badHeader, path: path, line: 1, column: min(fs.count + 1, 10),
                               "LOCATION line has \(fs.count) fields; expected 10: LOCATION,city,state,country,source,WMO,latitude,longitude,UTC offset,elevation")
        }
        func headerNumber(_ i: Int, _ what: String) throws -> Double {
            guard let v = TextBytes.number(fs[i], in: text) else {
                throw WeatherError(.badHeader, path: path, line: 1, column: i + 1,
                                   "\(what) is \(TextBytes.excerpt(fs[i], in: text)); expected a number")
            }
            return v
        }
        let city = TextBytes.string(fs[1], in: text)
        let state = TextBytes.string(fs[2], in: text)
        let country = TextBytes.string(fs[3], in: text)
        let place = [city, state, country].filter { !$0.isEmpty && $0 != "-" }.joined(separator: ", ")
        let site = Site(name: place, latitude: try headerNumber(6, "latitude"),
                        longitude: try headerNumber(7, "longitude"), elevation: try headerNumber(9, "elevation"),
                        utcOffset: try headerNumber(8, "UTC offset"))
        try SiteCheck.validate(site, path: path, line: 1, columns: (7, 8, 9, 10))

        // Header lines up to DATA PERIODS.
        var recordsPerHour = 0
        while let line = try cursor.next() {
            try fs.split(line, in: text, path: path, lineNumber: cursor.lineNumber)
            if TextBytes.hasPrefix(fs[0], in: text, "DATA PERIODS") {
                guard fs.count >= 3, let n = TextBytes.integer(fs[2], in: text), n >= 1, n <= 60, 60 % n == 0 else {
                    throw WeatherError(.badHeader, path: path, line: cursor.lineNumber, column: 3,
                                       "records per hour is \(fs.count >= 3 ? TextBytes.excerpt(fs[2], in: text) : "absent"); expected a divisor of 60")
                }
                recordsPerHour = n
                break
            }
            if cursor.lineNumber >= 8 || (fs.count > 0 && TextBytes.integer(fs[0], in: text) != nil) {
                throw WeatherError(.badHeader, path: path, line: cursor.lineNumber,
                                   "expected the header line 'DATA PERIODS,…' by line 8")
            }
        }
        guard recordsPerHour > 0 else {
            throw WeatherError(.badHeader, path: path, line: cursor.lineNumber, "no 'DATA PERIODS' header line")
        }

        let columns = ColumnMap(year: 1, month: 2, day: 3, hour: 4, minute: 5, dni: 15, ghi: 14, dhi: 16, dryBulb: 7,
                                dewPoint: 8, relativeHumidity: 9, pressure: 10, windSpeed: 22, windDirection: 21,
                                snowDepth: 31)
        var assembler = RecordAssembler(path: path, site: site, columns: columns, hourRange: 1...24, minuteRange: 0...60)
        assembler.reserve(estimatedRows: cursor.estimatedRemainingLines())
        while let line = try cursor.next() {
            if TextBytes.isBlank(line, in: text) { try cursor.expectOnlyTrailingBlanks(); break }
            let n = cursor.lineNumber
            try fs.split(line, in: text, path: path, lineNumber: n)
            let row = CSVRow(text: text, fields: fs, path: path, line: n)
            let year = try row.stampPart(0, name: "year"), month = try row.stampPart(1, name: "month")
            let day = try row.stampPart(2, name: "day"), hour = try row.stampPart(3, name: "hour")
            let minute = try row.stampPart(4, name: "minute")
            let dry = try row.required(6, name: "dry-bulb temperature") { $0 >= 99.9 }
            let dew = try row.number(7, name: "dew-point temperature", required: false) { $0 >= 99.9 }
            let rh = try row.number(8, name: "relative humidity", required: false) { $0 >= 999 }
            let pres = try row.number(9, name: "pressure", required: false) { $0 >= 999_999 }
            let ghi = try row.number(13, name: "GHI", required: false) { $0 >= 9999 }
            let dni = try row.required(14, name: "DNI") { $0 >= 9999 }
            let dhi = try row.number(15, name: "DHI", required: false) { $0 >= 9999 }
            let wdir = try row.number(20, name: "wind direction", required: false) { $0 >= 999 }
            let wspd = try row.required(21, name: "wind speed") { $0 >= 999 }
            let snow = fs.count > 30 ? try row.number(30, name: "snow depth", required: false) { $0 >= 999 } : nil
            try assembler.append(RawRecord(
                line: n, year: year, month: month, day: day, hour: hour, minute: minute,
                dni: dni, ghi: ghi, dhi: dhi, dryBulb: dry + 273.15, dewPoint: dew.map { $0 + 273.15 },
                relativeHumidity: rh.map { $0 / 100 }, pressure: pres, windSpeed: wspd, windDirection: wdir,
                snowDepth: snow.map { $0 / 100 }))
        }
        return try assembler.finish(format: .epw, convention: .hourEnding(recordsPerHour: recordsPerHour),
                                    typical: .unlessContinuousAcrossYears)
    }
}
