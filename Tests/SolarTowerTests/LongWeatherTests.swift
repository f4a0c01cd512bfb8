import Foundation
import Testing
@testable import SolarTower

/// Long (multi-year, 1-minute) weather series: compact records, page-releasing reads and the chunked simulation
/// (RELIABILITY.md, "Resource bounds").
@Suite("Long weather series: compact records and chunked simulation")
struct LongWeatherTests {
    static let plantPath = SharedData.corpus("plants/export-50-heliostats.toml")
    static let weatherPath = SharedData.packageRoot.appendingPathComponent("WeatherData/delingha-synthetic-tmy.csv").path

    @Test func recordStridesStayCompact() {
        // 5.3 M records of a 10-year 1-minute file must fit in ≈ 590 MB.
        #expect(MemoryLayout<LocalTime>.stride <= 16)
        #expect(MemoryLayout<WeatherRecord>.stride <= 112)
    }

    @Test func optionalValuesUseANaNSentinel() {
        var r = WeatherRecord(start: 0, interval: 60, local: LocalTime(year: 2001, month: 1, day: 1, hour: 0),
                              dni: 100, ghi: 200, dryBulb: 280, pressure: 90_000, windSpeed: 2)
        #expect(r.ghi == 200)
        #expect(r.dhi == nil && r.dewPoint == nil && r.relativeHumidity == nil && r.windDirection == nil && r.snowDepth == nil)
        r.dhi = 50
        r.snowDepth = 0
        #expect(r.dhi == 50 && r.snowDepth == 0)
        r.ghi = nil
        #expect(r.ghi == nil)
        r.windDirection = .nan          // NaN is "absent"
        #expect(r.windDirection == nil)
        // Records whose optionals are absent compare equal (the stored NaNs do not make them unequal).
        let a = WeatherRecord(start: 0, interval: 60, local: LocalTime(year: 2001, month: 1, day: 1, hour: 0),
                              dni: 1, dryBulb: 280, pressure: 90_000, windSpeed: 2)
        #expect(a == a)
        var b = a
        b.relativeHumidity = 0.5
        #expect(a != b)
    }

    @Test func localTimeKeepsItsValuesOrderAndCodingKeys() throws {
        let t = LocalTime(year: 2010, month: 12, day: 31, hour: 23, minute: 59, second: 30.5)
        #expect(t.year == 2010 && t.month == 12 && t.day == 31 && t.hour == 23 && t.minute == 59 && t.second == 30.5)
        var u = t
        u.hour = 24                      // hour-ending stamps run to 24
        u.minute = 60
        #expect(u.hour == 24 && u.minute == 60)
        #expect(LocalTime(year: 2010, month: 12, day: 31, hour: 23, minute: 58) < t)
        #expect(t < LocalTime(year: 2011, month: 1, day: 1, hour: 0))
        let json = try JSONEncoder().encode(t)
        let object = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        #expect(Set(object.keys) == ["year", "month", "day", "hour", "minute", "second"])
        #expect(try JSONDecoder().decode(LocalTime.self, from: json) == t)
    }

    /// A file read through the memory map, its pages released every 4 KiB behind the parser, gives the same
    /// records as the same bytes read from memory.
    @Test func releasingMappedPagesDoesNotChangeTheRecords() throws {
        var text = "Source,Location ID,City,State,Country,Latitude,Longitude,Time Zone,Elevation\n"
            + "TEST,1,Town,Region,Land,37.37,97.37,8,3000\n"
            + "Year,Month,Day,Hour,Minute,GHI,DNI,DHI,Tdry,Tdew,RH,Pres,Wspd,Wdir\n"
        for k in 0..<(2 * 1440) {
            let d = 1 + k / 1440, h = (k % 1440) / 60, m = k % 60
            let sun = max(0, 700 - abs(h * 60 + m - 780))
            text += "2003,6,\(d),\(h),\(m),\(sun),\(sun / 2),\(sun / 5),\(15 + h % 7),\(2 + m % 3),\(40 + m % 20),"
                + "700,\(m % 9),\(k % 360)\n"
        }
        let path = NSTemporaryDirectory() + "/longweather-\(getpid()).csv"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let mapped = try WeatherReader.read(path: path, releaseStride: 4096)
        let inMemory = try WeatherReader.read(data: Data(text.utf8), path: path)
        #expect(text.utf8.count > 100_000)      // many 4-KiB strides
        #expect(mapped.records.count == 2880)
        #expect(mapped.records == inMemory.records)
        #expect(mapped.records[61].local == LocalTime(year: 2003, month: 6, day: 1, hour: 1, minute: 1))
        #expect(mapped.records[61].interval == 60)
    }

    /// Ten days of hourly weather, as a measured (not typical) series.
    static func tenDays() throws -> WeatherYear {
        let year = try WeatherReader.read(path: weatherPath)
        let slice = AnnualSimulation.prepare(year)
        return WeatherYear(site: slice.site, records: Array(slice.records[(160 * 24)..<(170 * 24)]), format: slice.format,
                           sourcePath: slice.sourcePath)
    }

    /// The chunked run (chunks of 7 and of 1 record) gives the one-shot run's thermal summary bit for bit, and its
    /// field chain to 1e-12 (combined from the chunks' ratios; see `runSummary`).
    @Test func chunkedSummaryEqualsTheOneShotRun() throws {
        let plant = try PlantDescription.load(path: Self.plantPath)
        let weather = try Self.tenDays()
        let optics = try FieldOptics(spec: plant.field)
        let oneShot = try AnnualSimulation.run(plant: plant, weather: weather, threads: 2, optics: optics)
        #expect(oneShot.thermal.summary.net != 0)
        let whole = try AnnualSimulation.runSummary(plant: plant, weather: weather, threads: 2, optics: optics)
        #expect(whole.chunks == 1)
        #expect(whole.thermal == oneShot.thermal.summary)
        #expect(whole.fieldChain == oneShot.field.annual)
        for size in [7, 1] {
            let chunked = try AnnualSimulation.runSummary(plant: plant, weather: weather, threads: 2, optics: optics,
                                                          chunkRecords: size)
            #expect(chunked.chunks == (240 + size - 1) / size)
            #expect(chunked.thermal == oneShot.thermal.summary)
            #expect(chunked.stowedRecords == oneShot.field.stowed.filter { $0 }.count)
            #expect(chunked.recordCount == 240 && chunked.dniSum == oneShot.weather.annualDNI)
            let a = chunked.fieldChain, b = oneShot.field.annual
            for (x, y) in [(a.cosine, b.cosine), (a.shading, b.shading), (a.blocking, b.blocking),
                           (a.attenuation, b.attenuation), (a.intercept, b.intercept), (a.reflectance, b.reflectance),
                           (a.availability, b.availability), (chunked.energyOnReceiver, oneShot.field.energyOnReceiver),
                           (chunked.energyOnMirrors, oneShot.field.energyOnMirrors)] {
                #expect(abs(x - y) <= 1e-12 * abs(y))
            }
            #expect(SimulationReport(summary: chunked).text.contains("loss chain over the period"))
        }
    }

    /// The hourly CSV streamed chunk by chunk (`simulate --csv` without `--hdf5`) is the one-shot run's CSV, byte for
    /// byte; until `commit()` the target keeps its old content, and a stream dropped without commit leaves no file.
    @Test func streamedHourlyCSVEqualsTheOneShotCSV() throws {
        let plant = try PlantDescription.load(path: Self.plantPath)
        let weather = try Self.tenDays()
        let optics = try FieldOptics(spec: plant.field)
        let expected = try AnnualSimulation.run(plant: plant, weather: weather, threads: 2, optics: optics).hourlyCSV()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("solartower-stream-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("hourly.csv").path
        try AtomicFile.write("old\n", to: path)
        let stream = try AtomicFile.Stream(path: path)
        _ = try AnnualSimulation.runSummary(plant: plant, weather: weather, threads: 2, optics: optics, chunkRecords: 7,
                                            hourlyCSV: stream)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "old\n")
        try stream.commit()
        let streamed = try String(contentsOfFile: path, encoding: .utf8)
        #expect(streamed == expected)
        #expect(streamed.split(separator: "\n").count == 241)
        do {
            let abandoned = try AtomicFile.Stream(path: folder.appendingPathComponent("never.csv").path)
            try abandoned.write("partial")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["hourly.csv"])
    }

    /// One year is reported as annual; any other period as totals over the period with per-year averages.
    @Test func reportLabelsThePeriod() throws {
        let plant = try PlantDescription.load(path: Self.plantPath)
        var thermal = ThermalSummary()
        thermal.net = 3.6e12 * 20          // 20 GWh
        thermal.monthlyNet[0] = 3.6e12 * 20
        thermal.fullLoadHours = 2000
        func summary(days: Double) -> SimulationSummary {
            var t = thermal
            t.duration = days * 86_400
            return SimulationSummary(plant: plant, weatherSource: "w.csv", site: Site(name: "S", latitude: 0, longitude: 0,
                                     elevation: 0, utcOffset: 0), recordCount: 10, firstLocal: nil, lastLocal: nil,
                                     dniSum: 0, thermal: t, fieldChain: FieldEfficiencyComponents(), energyOnReceiver: 0,
                                     energyOnMirrors: 0, stowedRecords: 0, chunks: 1, timings: [])
        }
        let year = SimulationReport(summary: summary(days: 365)).text
        #expect(year.contains("annual loss chain") && year.contains("  year     20.00"))
        #expect(!year.contains("per year"))
        let decade = SimulationReport(summary: summary(days: 3652.5)).text
        #expect(!decade.contains("annual"))
        #expect(decade.contains("loss chain over the period") && decade.contains("10.000 years"))
        #expect(decade.contains("  total    20.00                       2.00"))
        #expect(decade.contains("full-load hours 2000 h over the period, 200 h per year"))
    }
}
