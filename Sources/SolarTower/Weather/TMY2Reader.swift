import Foundation

/// Reader of NREL TMY2 fixed-width files.
///
/// Layout (Marion & Urban 1995, "User's Manual for TMY2s", NREL/TP-463-7668, tables 2-1 and 3-1; columns
/// 1-based, inclusive): header WBAN 2–6, city 8–29, state 31–32, UTC offset 34–36, latitude N/S 38,
/// degrees 40–41, minutes 43–44, longitude E/W 46, degrees 48–50, minutes 52–53, elevation 56–59 [m].
/// Data: year (2 digits) 2–3, month 4–5, day 6–7, hour 8–9, GHI 18–21, DNI 24–27, DHI 30–33 [Wh/m²],
/// dry bulb 68–71 and dew point 74–77 [0.1 °C], RH 80–82 [%], pressure 85–88 [mbar], wind direction
/// 91–93 [deg], wind speed 96–98 [0.1 m/s], snow depth 134–136 [cm].
///
/// Time: stamps are hour-ENDING local standard time, hours 1–24 (`1` = 00:00–01:00). Two-digit years
/// are 19yy for yy ≥ 50 and 20yy below (TMY2 covers 1961–1990). Months come from different source years
/// (a typical year) and keep them.
///
/// Missing data: a field made only of 9s (9999, 999…). Missing DNI, dry bulb or wind speed is an error;
/// other missing values become nil, a missing pressure the standard atmosphere at the site elevation.
enum TMY2Reader {
    /// A fixed-width field, 1-based inclusive columns.
    struct Field {
        let from: Int
        let to: Int
        let name: String
    }

    static let year = Field(from: 2, to: 3, name: "year")
    static let month = Field(from: 4, to: 5, name: "month")
    static let day = Field(from: 6, to: 7, name: "day")
    static let hour = Field(from: 8, to: 9, name: "hour")
    static let ghi = Field(from: 18, to: 21, name: "GHI")
    static let dni = Field(from: 24, to: 27, name: "DNI")
    static let dhi = Field(from: 30, to: 33, name: "DHI")
    static let dryBulb = Field(from: 68, to: 71, name: "dry-bulb temperature")
    static let dewPoint = Field(from: 74, to: 77, name: "dew-point temperature")
    static let relativeHumidity = Field(from: 80, to: 82, name: "relative humidity")
    static let pressure = Field(from: 85, to: 88, name: "pressure")
    static let windDirection = Field(from: 91, to: 93, name: "wind direction")
    static let windSpeed = Field(from: 96, to: 98, name: "wind speed")
    static let snowDepth = Field(from: 134, to: 136, name: "snow depth")

    /// True when the first line looks like a TMY2 header (N/S at column 38, E/W at column 46, digits at 2–6).
    static func looksLikeHeader(_ line: Range<Int>, in text: UnsafeRawBufferPointer) -> Bool {
        guard line.count >= 53 else { return false }
        let at = { (c: Int) in text[line.lowerBound + c - 1] }
        let ns = at(38), ew = at(46)
        guard ns == UInt8(ascii: "N") || ns == UInt8(ascii: "S"), ew == UInt8(ascii: "E") || ew == UInt8(ascii: "W")
        else { return false }
        for c in 2...6 where !(at(c) >= 0x30 && at(c) <= 0x39) { return false }
        return true
    }

    static func parse(_ text: UnsafeRawBufferPointer, path: String, releaseStride: Int? = nil) throws -> WeatherYear {
        var cursor = LineCursor(text: text, path: path, releaseStride: releaseStride)
        guard let header = try cursor.next(), looksLikeHeader(header, in: text) else {
            throw WeatherError(.badHeader, path: path, line: 1, "expected a TMY2 header line (WBAN, city, state, zone, N dd mm W ddd mm, elevation)")
        }
        func sub(_ a: Int, _ b: Int) -> Range<Int> {
            let hi = min(header.upperBound, header.lowerBound + b)
            return min(header.lowerBound + a - 1, hi)..<hi
        }
        func headerInt(_ a: Int, _ b: Int, _ what: String) throws -> Int {
            guard let v = TextBytes.integer(sub(a, b), in: text) else {
                throw WeatherError(.badHeader, path: path, line: 1, column: a,
                                   "\(what) is \(TextBytes.excerpt(sub(a, b), in: text)); expected a whole number")
            }
            return v
        }
        let tz = try headerInt(34, 36, "UTC offset")
        let latDeg = try headerInt(40, 41, "latitude degrees"), latMin = try headerInt(43, 44, "latitude minutes")
        let lonDeg = try headerInt(48, 50, "longitude degrees"), lonMin = try headerInt(52, 53, "longitude minutes")
        let elevation = try headerInt(56, min(59, header.count), "elevation")
        guard latMin < 60, lonMin < 60 else {
            throw WeatherError(.badHeader, path: path, line: 1, column: latMin < 60 ? 52 : 43,
                               "angle minutes must be below 60")
        }
        let south = text[header.lowerBound + 37] == UInt8(ascii: "S")
        let west = text[header.lowerBound + 45] == UInt8(ascii: "W")
        let lat = (Double(latDeg) + Double(latMin) / 60) * (south ? -1 : 1)
        let lon = (Double(lonDeg) + Double(lonMin) / 60) * (west ? -1 : 1)
        let city = TextBytes.string(sub(8, 29), in: text)
        let state = TextBytes.string(sub(31, 32), in: text)
        let site = Site(name: state.isEmpty ? city : "\(city), \(state)", latitude: lat, longitude: lon,
                        elevation: Double(elevation), utcOffset: Double(tz))
        try SiteCheck.validate(site, path: path, line: 1, columns: (40, 48, 34, 56))

        let columns = ColumnMap(year: year.from, month: month.from, day: day.from, hour: hour.from, minute: nil,
                                dni: dni.from, ghi: ghi.from, dhi: dhi.from, dryBulb: dryBulb.from,
                                dewPoint: dewPoint.from, relativeHumidity: relativeHumidity.from,
                                pressure: pressure.from, windSpeed: windSpeed.from,
                                windDirection: windDirection.from, snowDepth: snowDepth.from)
        var assembler = RecordAssembler(path: path, site: site, columns: columns, hourRange: 1...24, minuteRange: 0...0)
        assembler.reserve(estimatedRows: cursor.estimatedRemainingLines())

        while let line = try cursor.next() {
            if TextBytes.isBlank(line, in: text) { try cursor.expectOnlyTrailingBlanks(); break }
            let n = cursor.lineNumber
            /// The field's integer value, or nil when it holds the all-9s missing marker.
            func value(_ f: Field, required: Bool, sentinel: Bool = true) throws -> Int? {
                guard line.count >= f.to else {
                    if !required && line.count < f.from { return nil }  // optional trailing field absent
                    throw WeatherError(.missingField, path: path, line: n, column: line.count + 1,
                                       "line ends at column \(line.count); expected \(f.name) in columns \(f.from)–\(f.to)")
                }
                let r = (line.lowerBound + f.from - 1)..<(line.lowerBound + f.to)
                var allNines = true
                for i in r where text[i] != UInt8(ascii: "9") { allNines = false; break }
                if sentinel && allNines {
                    if required {
                        throw WeatherError(.missingValue, path: path, line: n, column: f.from,
                                           "\(f.name) is the missing-data marker \(TextBytes.string(r, in: text)); a measured value is required")
                    }
                    return nil
                }
                guard let v = TextBytes.integer(r, in: text) else {
                    let kind: WeatherError.Kind = [year.from, month.from, day.from, hour.from].contains(f.from)
                        ? .badTimestamp : .notANumber
                    throw WeatherError(kind, path: path, line: n, column: f.from,
                                       "\(f.name) is \(TextBytes.excerpt(r, in: text)); expected a whole number in columns \(f.from)–\(f.to)")
                }
                return v
            }
            func stamp(_ f: Field) throws -> Int {
                guard let v = try value(f, required: true, sentinel: false) else {
                    throw WeatherError(.badTimestamp, path: path, line: n, column: f.from, "\(f.name) is missing")
                }
                return v
            }
            let yy = try stamp(year)
            guard (0...99).contains(yy) else {
                throw WeatherError(.badTimestamp, path: path, line: n, column: year.from,
                                   "year is \(yy); expected a two-digit year 00–99 in columns \(year.from)–\(year.to)")
            }
            let mo = try stamp(month), d = try stamp(day), h = try stamp(hour)
            guard let dniV = try value(dni, required: true), let dryV = try value(dryBulb, required: true),
                  let wspdV = try value(windSpeed, required: true) else { continue }
            let ghiV = try value(ghi, required: false), dhiV = try value(dhi, required: false)
            let dewV = try value(dewPoint, required: false), rhV = try value(relativeHumidity, required: false)
            let presV = try value(pressure, required: false), wdirV = try value(windDirection, required: false)
            let snowV = try value(snowDepth, required: false)
            try assembler.append(RawRecord(
                line: n, year: yy >= 50 ? 1900 + yy : 2000 + yy, month: mo, day: d, hour: h, minute: 0,
                dni: Double(dniV), ghi: ghiV.map(Double.init), dhi: dhiV.map(Double.init),
                dryBulb: Double(dryV) / 10 + 273.15, dewPoint: dewV.map { Double($0) / 10 + 273.15 },
                relativeHumidity: rhV.map { Double($0) / 100 }, pressure: presV.map { Double($0) * 100 },
                windSpeed: Double(wspdV) / 10, windDirection: wdirV.map(Double.init),
                snowDepth: snowV.map { Double($0) / 100 }))
        }
        return try assembler.finish(format: .tmy2, convention: .hourEnding(recordsPerHour: 1), typical: .always)
    }
}
