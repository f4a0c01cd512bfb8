import Foundation

/// Reader of SAM CSV weather files, including NSRDB PSM3 downloads and the older SAM/SolarPILOT (SWERA)
/// layout.
///
/// Layout (NREL, "SAM CSV Files for Solar Resource Data", SAM help, and NSRDB PSM3 CSV): line 1 site
/// metadata names (`Source,Location ID,City,State,Country,Latitude,Longitude,Time Zone,Elevation,…` or
/// `Location,City,Region,Country,Latitude,Longitude,Time Zone,Elevation,Source`), line 2 their values,
/// line 3 column names, then data rows. Column names are matched case-insensitively with any unit in
/// parentheses removed: Year, Month, Day, Hour, [Minute], DNI|Beam, GHI|Global, DHI|Diffuse,
/// Tdry|Temperature, Tdew|Dew Point, RH|Relative Humidity, Pres|Pressure, Wspd|Wind Speed,
/// Wdir|Wind Direction, Snow Depth|Snow. Unnamed trailing columns are ignored.
///
/// Units: irradiance W/m², temperature °C (or the `Temperature Units` metadata: c, f, k), pressure mbar
/// (or `Pressure Units`: mbar, hPa, Pa, kPa, atm), wind m/s, snow depth cm, RH %.
///
/// Time: hours 0–23 in local standard time. The interval length is the row spacing. Hourly (or coarser)
/// rows cover the clock hour that contains the stamp — hour 0–23 is the interval start, and a PSM3 stamp
/// at minute 30 is the middle of the hour hh:00–hh+1:00. Sub-hourly rows (e.g. 30 or 1 minute) start
/// at their stamp. A file whose year changes other than from 31 December to 1 January is a typical year
/// (each record keeps its source year).
///
/// Missing data: values ≤ −999 (NSRDB uses −9999). Missing DNI, dry bulb or wind speed is an error;
/// other missing values become nil, a missing pressure the standard atmosphere at the site elevation.
enum SAMCSVReader {
    static func isMissing(_ v: Double) -> Bool { v <= -999 }

    /// True when line 3's names include Year, Month, Day and Hour.
    static func looksLikeColumnHeader(_ names: [String]) -> Bool {
        ["year", "month", "day", "hour"].allSatisfy(names.contains)
    }

    static func parse(_ text: UnsafeRawBufferPointer, path: String, releaseStride: Int? = nil) throws -> WeatherYear {
        var cursor = LineCursor(text: text, path: path, releaseStride: releaseStride)
        var fs = FieldSplitter()
        guard let l1 = try cursor.next(), let l2 = try cursor.next() else {
            throw WeatherError(.badHeader, path: path, line: 1, "expected two site metadata lines (names, values)")
        }
        try fs.split(l1, in: text, path: path, lineNumber: 1)
        let metaNames = (0..<fs.count).map { ColumnName.normalized(TextBytes.string(fs[$0], in: text)) }
        try fs.split(l2, in: text, path: path, lineNumber: 2)
        let metaValues = (0..<fs.count).map { TextBytes.string(fs[$0], in: text) }
        let metaRanges = fs.fields

        func metaIndex(_ aliases: [String]) -> Int? { ColumnName.find(metaNames, aliases) }
        func metaText(_ aliases: [String]) -> String? {
            guard let i = metaIndex(aliases), i < metaValues.count else { return nil }
            let v = metaValues[i]
            return v.isEmpty || v == "-" ? nil : v
        }
        func metaNumber(_ aliases: [String], _ what: String) throws -> (Double, Int) {
            guard let i = metaIndex(aliases) else {
                throw WeatherError(.badHeader, path: path, line: 1, "no '\(what)' in the site metadata; it is required")
            }
            guard i < metaRanges.count, let v = TextBytes.number(metaRanges[i], in: text) else {
                let found = i < metaRanges.count ? TextBytes.excerpt(metaRanges[i], in: text) : "absent"
                throw WeatherError(.badHeader, path: path, line: 2, column: i + 1, "\(what) is \(found); expected a number")
            }
            return (v, i + 1)
        }
        let (lat, cLat) = try metaNumber(["latitude", "lat"], "Latitude")
        let (lon, cLon) = try metaNumber(["longitude", "lon", "long"], "Longitude")
        let (tz, cTz) = try metaNumber(["time zone", "timezone", "tz", "local time zone"], "Time Zone")
        let (elev, cElev) = try metaNumber(["elevation", "elev", "altitude"], "Elevation")
        var name = [metaText(["city"]), metaText(["state", "region"])].compactMap { $0 }.joined(separator: ", ")
        if name.isEmpty {
            name = [metaText(["source"]), metaText(["location id", "station id", "location"])]
                .compactMap { $0 }.joined(separator: " ")
        }
        let site = Site(name: name, latitude: lat, longitude: lon, elevation: elev, utcOffset: tz)
        try SiteCheck.validate(site, path: path, line: 2, columns: (cLat, cLon, cTz, cElev))

        // Units declared in the metadata (NSRDB).
        let pressureScale: Double
        switch metaText(["pressure units"])?.lowercased() {
        case nil, "mbar", "mb", "hpa", "millibar", "millibars": pressureScale = 100
        case "pa": pressureScale = 1
        case "kpa": pressureScale = 1000
        case "atm": pressureScale = 101_325
        case let other?:
            throw WeatherError(.badHeader, path: path, line: 2, column: metaIndex(["pressure units"]).map { $0 + 1 },
                               "pressure unit '\(other)' is unknown; expected mbar, hPa, Pa, kPa or atm")
        }
        let toKelvin: (Double) -> Double
        switch metaText(["temperature units"])?.lowercased() {
        case nil, "c", "°c", "degc", "celsius": toKelvin = { $0 + 273.15 }
        case "k", "kelvin": toKelvin = { $0 }
        case "f", "°f", "degf", "fahrenheit": toKelvin = { ($0 - 32) * 5 / 9 + 273.15 }
        case let other?:
            throw WeatherError(.badHeader, path: path, line: 2, column: metaIndex(["temperature units"]).map { $0 + 1 },
                               "temperature unit '\(other)' is unknown; expected c, f or k")
        }

        guard let l3 = try cursor.next() else {
            throw WeatherError(.badHeader, path: path, line: 3, "missing column-name line; expected Year,Month,Day,Hour,…")
        }
        try fs.split(l3, in: text, path: path, lineNumber: 3)
        let names = (0..<fs.count).map { ColumnName.normalized(TextBytes.string(fs[$0], in: text)) }
        func required(_ aliases: [String]) throws -> Int {
            guard let i = ColumnName.find(names, aliases) else {
                throw WeatherError(.missingColumn, path: path, line: 3,
                                   "no '\(aliases.joined(separator: "' or '"))' column; it is required")
            }
            return i
        }
        let iYear = try required(["year"]), iMonth = try required(["month"])
        let iDay = try required(["day"]), iHour = try required(["hour"])
        let iMinute = ColumnName.find(names, ["minute", "min"])
        let iDNI = try required(["dni", "beam", "direct normal irradiance", "dn"])
        let iDry = try required(["tdry", "temperature", "dry bulb", "dry-bulb", "drybulb", "air temperature", "temp"])
        let iWspd = try required(["wspd", "wind speed", "windspeed"])
        let iGHI = ColumnName.find(names, ["ghi", "global", "global horizontal irradiance", "gh"])
        let iDHI = ColumnName.find(names, ["dhi", "diffuse", "diffuse horizontal irradiance", "dh"])
        let iDew = ColumnName.find(names, ["tdew", "dew point", "dew-point", "dewpoint"])
        let iRH = ColumnName.find(names, ["rh", "relative humidity", "rhum", "humidity"])
        let iPres = ColumnName.find(names, ["pres", "pressure", "press"])
        let iWdir = ColumnName.find(names, ["wdir", "wind direction", "winddir"])
        let iSnow = ColumnName.find(names, ["snow depth", "snow", "snowdepth"])
        let c = { (i: Int?) in i.map { $0 + 1 } }
        let columns = ColumnMap(year: iYear + 1, month: iMonth + 1, day: iDay + 1, hour: iHour + 1, minute: c(iMinute),
                                dni: iDNI + 1, ghi: c(iGHI), dhi: c(iDHI), dryBulb: iDry + 1, dewPoint: c(iDew),
                                relativeHumidity: c(iRH), pressure: c(iPres), windSpeed: iWspd + 1,
                                windDirection: c(iWdir), snowDepth: c(iSnow))
        var assembler = RecordAssembler(path: path, site: site, columns: columns, hourRange: 0...23, minuteRange: 0...59)
        assembler.reserve(estimatedRows: cursor.estimatedRemainingLines())

        while let line = try cursor.next() {
            if TextBytes.isBlank(line, in: text) { try cursor.expectOnlyTrailingBlanks(); break }
            let n = cursor.lineNumber
            try fs.split(line, in: text, path: path, lineNumber: n)
            let row = CSVRow(text: text, fields: fs, path: path, line: n)
            let year = try row.stampPart(iYear, name: "year"), month = try row.stampPart(iMonth, name: "month")
            let day = try row.stampPart(iDay, name: "day"), hour = try row.stampPart(iHour, name: "hour")
            let minute = try iMinute.map { try row.stampPart($0, name: "minute") } ?? 0
            let dni = try row.required(iDNI, name: "DNI", isMissing: isMissing)
            let dry = try row.required(iDry, name: "dry-bulb temperature", isMissing: isMissing)
            let wspd = try row.required(iWspd, name: "wind speed", isMissing: isMissing)
            let ghi = try row.number(iGHI, name: "GHI", required: false, isMissing: isMissing)
            let dhi = try row.number(iDHI, name: "DHI", required: false, isMissing: isMissing)
            let dew = try row.number(iDew, name: "dew-point temperature", required: false, isMissing: isMissing)
            let rh = try row.number(iRH, name: "relative humidity", required: false, isMissing: isMissing)
            let pres = try row.number(iPres, name: "pressure", required: false, isMissing: isMissing)
            let wdir = try row.number(iWdir, name: "wind direction", required: false, isMissing: isMissing)
            let snow = try row.number(iSnow, name: "snow depth", required: false, isMissing: isMissing)
            try assembler.append(RawRecord(
                line: n, year: year, month: month, day: day, hour: hour, minute: minute,
                dni: dni, ghi: ghi, dhi: dhi, dryBulb: toKelvin(dry), dewPoint: dew.map(toKelvin),
                relativeHumidity: rh.map { $0 / 100 }, pressure: pres.map { $0 * pressureScale }, windSpeed: wspd,
                windDirection: wdir, snowDepth: snow.map { $0 / 100 }))
        }
        return try assembler.finish(format: .samCSV, convention: .fromRowSpacing, typical: .whenYearJumps)
    }
}
