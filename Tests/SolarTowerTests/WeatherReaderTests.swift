import Foundation
import Testing
@testable import SolarTower

/// UTC instant of a calendar time, computed with Foundation's calendar (independent of the reader's).
private func utc(_ y: Int, _ mo: Int, _ d: Int, _ h: Int, _ mi: Int = 0) -> Double {
    var cal = Calendar(identifier: .gregorian)
    cal.timeZone = TimeZone(identifier: "UTC")!
    let date = cal.date(from: DateComponents(year: y, month: mo, day: d, hour: h, minute: mi))!
    return date.timeIntervalSince1970
}

private func corpus(_ name: String) throws -> WeatherYear {
    try WeatherReader.read(path: SharedData.corpus("weather/" + name))
}

private func allFinite(_ y: WeatherYear) -> Bool {
    y.records.allSatisfy { r in
        let optionals = [r.ghi, r.dhi, r.dewPoint, r.relativeHumidity, r.windDirection, r.snowDepth].compactMap { $0 }
        return ([r.start, r.interval, r.dni, r.dryBulb, r.pressure, r.windSpeed] + optionals).allSatisfy(\.isFinite)
    }
}

// MARK: - Time conventions

@Test func tmy3StampsAreHourEnding() throws {
    let y = try corpus("tmy3-valid.csv")
    #expect(y.format == .tmy3)
    #expect(y.isTypicalYear)
    #expect(y.records.count == 48)
    // "01/01/1988,01:00" is the interval 00:00–01:00 local standard time (UTC−5).
    let first = y.records[0]
    #expect(first.local == LocalTime(year: 1988, month: 1, day: 1, hour: 0))
    #expect(first.start == utc(1988, 1, 1, 5))
    #expect(first.interval == 3600)
    #expect(first.midpoint == utc(1988, 1, 1, 5, 30))
    // "01/01/1988,24:00" is the last hour of 1 January.
    #expect(y.records[23].local == LocalTime(year: 1988, month: 1, day: 1, hour: 23))
    #expect(y.records[24].local == LocalTime(year: 1988, month: 1, day: 2, hour: 0))
    #expect(y.site.name == "GREENSBORO PIEDMONT TRIAD INT, NC")
    #expect(y.site.utcOffset == -5)
    #expect(allFinite(y))
}

@Test func tmy2StampsAreHourEnding() throws {
    let y = try corpus("tmy2-valid.tm2")
    #expect(y.format == .tmy2)
    #expect(y.records.count == 48)
    #expect(y.records[0].local == LocalTime(year: 1962, month: 1, day: 1, hour: 0))
    #expect(y.records[0].start == utc(1962, 1, 1, 5))
    #expect(y.records[23].local.hour == 23)
    // Miami header: N 25 48, W 80 16, 2 m, zone −5.
    #expect(abs(y.site.latitude - (25 + 48.0 / 60)) < 1e-12)
    #expect(abs(y.site.longitude + (80 + 16.0 / 60)) < 1e-12)
    #expect(y.site.elevation == 2)
    // Values of the first data line: columns 68–71 hold tenths of °C, 96–98 tenths of m/s.
    let line2 = try String(contentsOfFile: SharedData.corpus("weather/tmy2-valid.tm2"), encoding: .utf8)
        .split(separator: "\n")[1]
    let chars = Array(line2)
    let dry = Double(String(chars[67..<71]))! / 10
    let wind = Double(String(chars[95..<98]))! / 10
    #expect(abs(y.records[0].dryBulb - (dry + 273.15)) < 1e-9)
    #expect(abs(y.records[0].windSpeed - wind) < 1e-12)
}

@Test func epwHourlyAndSubHourly() throws {
    let y = try corpus("epw-valid.epw")
    #expect(y.format == .epw)
    #expect(y.records.count == 48)
    #expect(y.records[0].start == utc(1988, 1, 1, 5))
    #expect(y.site.latitude == 36.10)
    // EPW pressure is in Pa: the TMY3 value 993 mbar was written as 99300.
    #expect(y.records[0].pressure == 99_300)

    let s = try corpus("epw-30min.epw")
    #expect(s.records.count == 48)
    #expect(s.records.allSatisfy { $0.interval == 1800 })
    // Hour 1 minute 30 is the interval 00:00–00:30; hour 24 minute 60 is 23:30–24:00.
    #expect(s.records[0].local == LocalTime(year: 2001, month: 6, day: 21, hour: 0, minute: 0))
    #expect(s.records[47].local == LocalTime(year: 2001, month: 6, day: 21, hour: 23, minute: 30))
    #expect(s.gaps.isEmpty)

    // An actual-year EPW running across a new year is ordered on its real dates, not as a typical year.
    let amy = try corpus("epw-across-new-year.epw")
    #expect(!amy.isTypicalYear)
    #expect(amy.records.count == 48)
    #expect(amy.records[24].start - amy.records[23].start == 3600)
    #expect(y.isTypicalYear)
}

@Test func psm3MinuteThirtyMeansTheWholeHour() throws {
    let y = try corpus("psm3-minute-30.csv")
    #expect(y.format == .samCSV)
    #expect(!y.isTypicalYear)
    #expect(y.records[0].local == LocalTime(year: 2017, month: 3, day: 1, hour: 0, minute: 0))
    #expect(y.records[0].interval == 3600)
    #expect(y.records[0].start == utc(2017, 3, 1, 7))
    #expect(y.records[13].midpoint == utc(2017, 3, 1, 13 + 7, 30))
    #expect(y.site.name == "NSRDB 999")
}

@Test func samSubHourlyIntervalFromRowSpacing() throws {
    let y = try corpus("sam-10min.csv")
    #expect(y.records.count == 150)
    #expect(y.records.allSatisfy { $0.interval == 600 })
    #expect(y.records[1].local == LocalTime(year: 2019, month: 6, day: 1, hour: 0, minute: 10))
    #expect(y.records[1].start - y.records[0].start == 600)
}

@Test func samHourZeroIsIntervalStart() throws {
    let y = try corpus("sam-valid.csv")
    #expect(y.records[0].local == LocalTime(year: 2019, month: 6, day: 1, hour: 0))
    #expect(y.records[0].start == utc(2019, 6, 1, 7))
    #expect(y.site.name == "Testville, AZ")
    #expect(y.records[0].snowDepth == 0)
}

@Test func typicalYearDetection() throws {
    let typical = try corpus("sam-typical-year.csv")
    #expect(typical.isTypicalYear)
    // Source years are kept: January from 1995, February from 2003.
    #expect(typical.records[0].local.year == 1995)
    #expect(typical.records[24].local.year == 2003)
    #expect(typical.records[24].start == utc(2003, 2, 1, 7))
    #expect(typical.gaps.isEmpty)

    let newYear = try corpus("sam-new-year.csv")
    #expect(!newYear.isTypicalYear)
    #expect(newYear.gaps.isEmpty)
}

@Test func leapDayIsKept() throws {
    let y = try corpus("sam-leap-day.csv")
    #expect(y.records.count == 72)
    #expect(y.records[24].local == LocalTime(year: 2008, month: 2, day: 29, hour: 0))
    #expect(y.records[48].start - y.records[24].start == 86_400)
    #expect(y.gaps.isEmpty)
}

@Test func gapsAreReportedNotErrors() throws {
    let y = try corpus("tmy3-gap.csv")
    #expect(y.records.count == 45)
    #expect(y.gaps.count == 1)
    // Rows for 10:00, 11:00, 12:00 removed: line 12 ("13:00") follows "09:00".
    #expect(y.gaps.first?.line == 12)
    let gap = try #require(y.gaps.first)
    #expect(gap.to - gap.from == 10_800.0)
    #expect(gap.to == y.records[9].start)
}

@Test func windowsLineEndingsAndTrailingBlankLines() throws {
    let y = try corpus("tmy3-crlf.csv")
    #expect(y.records.count == 48)
    let plain = try corpus("tmy3-valid.csv")
    #expect(y.records == plain.records)
}

@Test func coercionMovesRecordsToOneYear() throws {
    let y = try corpus("sam-typical-year.csv").coerced(toYear: 1990)
    #expect(!y.isTypicalYear)
    #expect(y.records.count == 48)
    #expect(y.records[0].start == utc(1990, 1, 31, 7))
    #expect(y.records[24].start == utc(1990, 2, 1, 7))
    #expect(y.records[24].local == LocalTime(year: 1990, month: 2, day: 1, hour: 0))
    // 29 February is dropped in a common year, kept in a leap year.
    let leap = try corpus("sam-leap-day.csv")
    #expect(leap.coerced(toYear: 1990).records.count == 48)
    #expect(leap.coerced(toYear: 1992).records.count == 72)
    // Gaps move with their records.
    let gappy = try corpus("tmy3-gap.csv").coerced(toYear: 2001)
    #expect(gappy.gaps.first?.to == utc(2001, 1, 1, 12 + 5))
}

// MARK: - Missing values

@Test func optionalSentinelsBecomeNilAndPressureDefaults() throws {
    let y = try corpus("tmy3-optional-sentinels.csv")
    // Lines 15 and 16 (records 12, 13) carry -9900 in GHI and dew point; line 17 in pressure.
    #expect(y.records[12].ghi == nil)
    #expect(y.records[12].dewPoint == nil)
    #expect(y.records[13].ghi == nil)
    #expect(y.records[11].ghi != nil)
    #expect(y.records[14].pressure == WeatherLimits.standardPressure(elevation: 273))
    #expect(allFinite(y))
}

@Test func psm3SentinelsAndUnits() throws {
    let y = try corpus("psm3-missing-pressure-sentinel.csv")
    #expect(y.records[20].pressure == WeatherLimits.standardPressure(elevation: 773))
    #expect(y.records[21].dewPoint == nil)
    #expect(y.records[0].pressure == 93_000)
    #expect(y.records[0].dewPoint == 273.15 - 5)
}

@Test func standardAtmosphere() {
    #expect(WeatherLimits.standardPressure(elevation: 0) == 101_325)
    // ISA table: 1000 m → 89 875 Pa, 3000 m → 70 108 Pa.
    #expect(abs(WeatherLimits.standardPressure(elevation: 1000) - 89_875) < 5)
    #expect(abs(WeatherLimits.standardPressure(elevation: 3000) - 70_108) < 10)
}

@Test func extraterrestrialLimit() {
    // Perihelion (early January) ≈ 1.033 × 1361, aphelion (early July) ≈ 0.967 × 1361.
    #expect(abs(WeatherLimits.extraterrestrialNormal(dayOfYear: 0) - 1361 * 1.033) < 1e-9)
    #expect(WeatherLimits.extraterrestrialNormal(dayOfYear: 183) < 1361 * 0.968)
    #expect(WeatherLimits.maximumDNI(dayOfYear: 183) > WeatherLimits.extraterrestrialNormal(dayOfYear: 183))
}

// MARK: - Detection and robustness

@Test func formatComesFromContentNotName() throws {
    let data = try Data(contentsOf: URL(fileURLWithPath: SharedData.corpus("weather/tmy3-valid.csv")))
    let y = try WeatherReader.read(data: data, path: "misleading-name.epw")
    #expect(y.format == .tmy3)
    #expect(y.sourcePath == "misleading-name.epw")
    let samData = try Data(contentsOf: URL(fileURLWithPath: SharedData.corpus("weather/sam-valid.csv")))
    #expect(try WeatherReader.detectFormat(data: samData, path: "x.tm2") == .samCSV)
}

@Test func lineLongerThanOneMebibyteIsRejected() throws {
    var text = Array("723170,\"X\",NC,-5.0,36.100,-79.950,273\nDate (MM/DD/YYYY),Time (HH:MM),DNI (W/m^2),Dry-bulb (C),Wspd (m/s)\n".utf8)
    text += [UInt8](repeating: UInt8(ascii: "7"), count: (1 << 20) + 10)
    text += Array("\n".utf8)
    #expect {
        try WeatherReader.read(data: Data(text), path: "long.csv")
    } throws: { ($0 as? WeatherError)?.kind == .lineTooLong && ($0 as? WeatherError)?.line == 3 }
}

@Test func tooManyColumnsIsRejected() throws {
    var text = "723170,\"X\",NC,-5.0,36.100,-79.950,273\n"
    text += "Date (MM/DD/YYYY),Time (HH:MM),DNI (W/m^2),Dry-bulb (C),Wspd (m/s)\n"
    text += "01/01/1988,01:00" + String(repeating: ",0", count: 10_050) + "\n"
    #expect {
        try WeatherReader.read(data: Data(text.utf8), path: "wide.csv")
    } throws: { ($0 as? WeatherError)?.kind == .tooManyColumns && ($0 as? WeatherError)?.line == 3 }
}

@Test func hugeSparseFilesAreRejectedQuickly() throws {
    let dir = FileManager.default.temporaryDirectory
    let header = "723170,\"X\",NC,-5.0,36.100,-79.950,273\nDate (MM/DD/YYYY),Time (HH:MM),DNI (W/m^2),Dry-bulb (C),Wspd (m/s)\n"
    // (1) 2 GiB of zeros; (2) a valid header, 8 KiB of text without a line end, then zeros to 2 GiB.
    let cases: [(String, Data, WeatherError.Kind)] = [
        ("solartower-zeros-\(UUID().uuidString).bin", Data(), .unreadable),
        ("solartower-padded-\(UUID().uuidString).csv",
         Data((header + String(repeating: "x", count: 8192)).utf8), .lineTooLong),
    ]
    for (name, head, kind) in cases {
        let url = dir.appendingPathComponent(name)
        #expect(FileManager.default.createFile(atPath: url.path, contents: head))
        defer { try? FileManager.default.removeItem(at: url) }
        let handle = try FileHandle(forWritingTo: url)
        try handle.truncate(atOffset: 2 << 30)
        try handle.close()
        let clock = ContinuousClock()
        let started = clock.now
        #expect {
            try WeatherReader.read(path: url.path)
        } throws: { ($0 as? WeatherError)?.kind == kind }
        #expect(clock.now - started < .seconds(2))
    }
}

@Test func missingFileAndDirectory() {
    #expect {
        try WeatherReader.read(path: "/nonexistent/weather.csv")
    } throws: { ($0 as? WeatherError)?.kind == .unreadable }
    #expect {
        try WeatherReader.read(path: FileManager.default.temporaryDirectory.path)
    } throws: { ($0 as? WeatherError)?.kind == .unreadable }
}

// MARK: - Number scanning

@Test(arguments: [
    ("12", 12.0), ("-3.5", -3.5), (".5", 0.5), ("+7", 7.0), ("1e3", 1000.0), ("2.5E-2", 0.025),
    (" 42 ", 42.0), ("0.1", 0.1), ("1013.25", 1013.25), ("-9900", -9900.0), ("123456789.123456789", 123456789.123456789),
])
func numbersParse(_ text: String, _ expected: Double) {
    let bytes = Array(text.utf8)
    let v = bytes.withUnsafeBytes { TextBytes.number(0..<bytes.count, in: $0) }
    #expect(v == expected)
}

@Test(arguments: ["", " ", "abc", "1.2.3", "nan", "inf", "1e", "-", "1e400", "12a", "0x10", "--1"])
func nonNumbersAreRejected(_ text: String) {
    let bytes = Array(text.utf8)
    let v = bytes.withUnsafeBytes { TextBytes.number(0..<bytes.count, in: $0) }
    #expect(v == nil)
}
