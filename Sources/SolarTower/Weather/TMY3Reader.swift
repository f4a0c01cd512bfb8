import Foundation

/// Reader of NREL TMY3 CSV files.
///
/// Layout (Wilcox & Marion 2008, "Users Manual for TMY3 Data Sets", NREL/TP-581-43156, §1.2 and table 1-1):
/// line 1 `WBAN,"station name",state,UTC offset [h],latitude [deg],longitude [deg],elevation [m]`;
/// line 2 column names; then one row per hour `MM/DD/YYYY,HH:MM,…`.
///
/// Time: stamps are hour-ENDING local standard time, 01:00 … 24:00; `01:00` is the interval 00:00–01:00
/// and `24:00` the last hour of that day. Each month comes from a different source year; the record keeps
/// that source year (a typical year).
///
/// Units: irradiance Wh/m² per hour (= mean W/m²), temperatures °C, RH %, pressure mbar, wind m/s.
/// Missing data: -9900 (and -9999); a missing required value (DNI, dry bulb, wind speed) is an error,
/// a missing optional value becomes nil, a missing pressure the standard atmosphere at the site elevation.
enum TMY3Reader {
    static func isMissing(_ v: Double) -> Bool { v <= -9900 }

    static func parse(_ text: UnsafeRawBufferPointer, path: String, releaseStride: Int? = nil) throws -> WeatherYear {
        var cursor = LineCursor(text: text, path: path, releaseStride: releaseStride)
        var fs = FieldSplitter()
        guard let l1 = try cursor.next() else {
            throw WeatherError(.badHeader, path: path, line: 1, "empty file; expected a TMY3 site line")
        }
        try fs.split(l1, in: text, path: path, lineNumber: 1)
        guard fs.count >= 7 else {
            throw WeatherError(.badHeader, path: path, line: 1, column: fs.count + 1,
                               "site line has \(fs.count) fields; expected 7: WBAN,name,state,UTC offset,latitude,longitude,elevation")
        }
        func headerNumber(_ i: Int, _ what: String) throws -> Double {
            guard let v = TextBytes.number(fs[i], in: text) else {
                throw WeatherError(.badHeader, path: path, line: 1, column: i + 1,
                                   "\(what) is \(TextBytes.excerpt(fs[i], in: text)); expected a number")
            }
            return v
        }
        let name = TextBytes.string(fs[1], in: text)
        let state = TextBytes.string(fs[2], in: text)
        let site = Site(name: state.isEmpty ? name : "\(name), \(state)",
                        latitude: try headerNumber(4, "latitude"), longitude: try headerNumber(5, "longitude"),
                        elevation: try headerNumber(6, "elevation"), utcOffset: try headerNumber(3, "UTC offset"))
        try SiteCheck.validate(site, path: path, line: 1, columns: (5, 6, 4, 7))

        guard let l2 = try cursor.next() else {
            throw WeatherError(.badHeader, path: path, line: 2, "missing column-name line; expected Date (MM/DD/YYYY),Time (HH:MM),…")
        }
        try fs.split(l2, in: text, path: path, lineNumber: 2)
        let names = (0..<fs.count).map { ColumnName.normalized(TextBytes.string(fs[$0], in: text)) }
        func required(_ n: String, _ shown: String) throws -> Int {
            guard let i = names.firstIndex(of: n) else {
                throw WeatherError(.missingColumn, path: path, line: 2, "no '\(shown)' column; it is required")
            }
            return i
        }
        let iDate = try required("date", "Date (MM/DD/YYYY)")
        let iTime = try required("time", "Time (HH:MM)")
        let iDNI = try required("dni", "DNI (W/m^2)")
        let iDry = try required("dry-bulb", "Dry-bulb (C)")
        let iWspd = try required("wspd", "Wspd (m/s)")
        let iGHI = names.firstIndex(of: "ghi")
        let iDHI = names.firstIndex(of: "dhi")
        let iDew = names.firstIndex(of: "dew-point")
        let iRH = names.firstIndex(of: "rhum")
        let iPres = names.firstIndex(of: "pressure")
        let iWdir = names.firstIndex(of: "wdir")
        let c = { (i: Int?) in i.map { $0 + 1 } }
        let columns = ColumnMap(year: iDate + 1, month: iDate + 1, day: iDate + 1, hour: iTime + 1, minute: iTime + 1,
                                dni: iDNI + 1, ghi: c(iGHI), dhi: c(iDHI), dryBulb: iDry + 1, dewPoint: c(iDew),
                                relativeHumidity: c(iRH), pressure: c(iPres), windSpeed: iWspd + 1,
                                windDirection: c(iWdir), snowDepth: nil)
        var assembler = RecordAssembler(path: path, site: site, columns: columns, hourRange: 1...24, minuteRange: 0...0)
        assembler.reserve(estimatedRows: cursor.estimatedRemainingLines())

        while let line = try cursor.next() {
            if TextBytes.isBlank(line, in: text) { try cursor.expectOnlyTrailingBlanks(); break }
            let n = cursor.lineNumber
            try fs.split(line, in: text, path: path, lineNumber: n)
            let row = CSVRow(text: text, fields: fs, path: path, line: n)
            let (month, day, year) = try dateParts(row, iDate)
            let (hour, minute) = try timeParts(row, iTime)
            let dni = try row.required(iDNI, name: "DNI", isMissing: isMissing)
            let dry = try row.required(iDry, name: "dry-bulb temperature", isMissing: isMissing)
            let wspd = try row.required(iWspd, name: "wind speed", isMissing: isMissing)
            let ghi = try row.number(iGHI, name: "GHI", required: false, isMissing: isMissing)
            let dhi = try row.number(iDHI, name: "DHI", required: false, isMissing: isMissing)
            let dew = try row.number(iDew, name: "dew-point temperature", required: false, isMissing: isMissing)
            let rh = try row.number(iRH, name: "relative humidity", required: false, isMissing: isMissing)
            let pres = try row.number(iPres, name: "pressure", required: false, isMissing: isMissing)
            let wdir = try row.number(iWdir, name: "wind direction", required: false, isMissing: isMissing)
            try assembler.append(RawRecord(
                line: n, year: year, month: month, day: day, hour: hour, minute: minute,
                dni: dni, ghi: ghi, dhi: dhi, dryBulb: dry + 273.15, dewPoint: dew.map { $0 + 273.15 },
                relativeHumidity: rh.map { $0 / 100 }, pressure: pres.map { $0 * 100 }, windSpeed: wspd,
                windDirection: wdir, snowDepth: nil))
        }
        return try assembler.finish(format: .tmy3, convention: .hourEnding(recordsPerHour: 1), typical: .always)
    }

    /// `MM/DD/YYYY` → (month, day, year).
    static func dateParts(_ row: CSVRow, _ index: Int) throws -> (Int, Int, Int) {
        let parts = try split(row, index, separator: UInt8(ascii: "/"), count: 3, expected: "MM/DD/YYYY")
        return (parts[0], parts[1], parts[2])
    }

    /// `HH:MM` → (hour, minute).
    static func timeParts(_ row: CSVRow, _ index: Int) throws -> (Int, Int) {
        let parts = try split(row, index, separator: UInt8(ascii: ":"), count: 2, expected: "HH:MM")
        return (parts[0], parts[1])
    }

    private static func split(_ row: CSVRow, _ index: Int, separator: UInt8, count: Int, expected: String) throws -> [Int] {
        guard index < row.fields.count else {
            throw WeatherError(.missingField, path: row.path, line: row.line, column: row.fields.count + 1,
                               "row has \(row.fields.count) fields; expected \(expected) in field \(index + 1)")
        }
        let r = TextBytes.trimmed(row.fields[index], in: row.text)
        var parts: [Int] = []
        var a = r.lowerBound
        var ok = true
        for i in r.lowerBound...r.upperBound where i == r.upperBound || row.text[i] == separator {
            guard i > a, let v = TextBytes.integer(a..<i, in: row.text), v >= 0 else { ok = false; break }
            parts.append(v)
            a = i + 1
        }
        guard ok, parts.count == count else {
            let kind: WeatherError.Kind = r.isEmpty ? .missingField : .badTimestamp
            throw WeatherError(kind, path: row.path, line: row.line, column: index + 1,
                               "\(TextBytes.excerpt(r, in: row.text)) is not a time stamp; expected \(expected)")
        }
        return parts
    }
}
