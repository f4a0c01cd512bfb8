import Foundation
import Testing
@testable import SolarTower

/// The committed synthetic Delingha year and the generator that makes it.
enum SyntheticFile {
    static let path = SharedData.packageRoot.appendingPathComponent("WeatherData/delingha-synthetic-tmy.csv").path
    static let seed: UInt64 = 20_430
    static let writer = SAMCSVWriter(source: "SYNTHETIC SolarTower weather synth seed \(seed)", locationID: "SYNTHETIC",
                                     city: "Delingha SYNTHETIC", state: "Qinghai", country: "China")

    /// Data rows split into fields (after the 3 header lines).
    static func rows(_ text: String) -> [[Substring]] {
        text.split(whereSeparator: \.isNewline).dropFirst(3).map { $0.split(separator: ",", omittingEmptySubsequences: false) }
    }
}

@Test func committedSyntheticYearHasTargetAnnualDNI() throws {
    let text = try String(contentsOfFile: SyntheticFile.path, encoding: .utf8)
    let lines = text.split(whereSeparator: \.isNewline)
    #expect(lines[0].hasPrefix("Source,Location ID,City,State,Country,Latitude,Longitude,Time Zone,Elevation"))
    #expect(lines[1].hasPrefix("SYNTHETIC"))
    #expect(lines[1].contains("Delingha SYNTHETIC"))
    #expect(lines[2] == "Year,Month,Day,Hour,GHI,DNI,DHI,Tdry,Tdew,RH,Pres,Wspd,Wdir,Albedo")
    let rows = SyntheticFile.rows(text)
    #expect(rows.count == 8760)
    let dni = rows.reduce(0.0) { $0 + Double($1[5])! } / 1000
    #expect(abs(dni - 2043) / 2043 < 0.01)
}

@Test func regeneratedSyntheticYearEqualsCommittedFile() throws {
    let committed = try String(contentsOfFile: SyntheticFile.path, encoding: .utf8)
    let year = try SyntheticWeather(seed: SyntheticFile.seed).calibrated()
    let text = try SyntheticFile.writer.text(year.weather, albedo: year.albedo)
    #expect(text == committed)
    #expect(abs(year.annualDNI / 3.6e6 - 2043) / 2043 < 0.01)
}

@Test func syntheticGeneratorIsDeterministicPerSeed() throws {
    let a = try SyntheticWeather(seed: 7).generate(cloudiness: 1.2, threads: 1)
    let b = try SyntheticWeather(seed: 7).generate(cloudiness: 1.2, threads: 2)
    let c = try SyntheticWeather(seed: 8).generate(cloudiness: 1.2)
    #expect(a.weather.records == b.weather.records)
    #expect(a.weather.records != c.weather.records)
    // More cloudiness never adds DNI (day types are monotone in the scale).
    let clearer = try SyntheticWeather(seed: 7).generate(cloudiness: 0.8)
    #expect(clearer.weather.annualDNI > a.weather.annualDNI)
}

@Test func syntheticYearHasPlausibleDelinghaClimate() throws {
    let (weather, _) = try SyntheticWeather(seed: SyntheticFile.seed).generate(cloudiness: 1)
    let r = weather.records
    #expect(r.count == 8760)
    func mean(_ xs: [WeatherRecord], _ f: (WeatherRecord) -> Double) -> Double { xs.reduce(0) { $0 + f($1) } / Double(xs.count) }
    let jan = r.filter { $0.local.month == 1 }, jul = r.filter { $0.local.month == 7 }
    #expect(abs(mean(r) { $0.dryBulb - 273.15 } - 4.2) < 0.3)
    #expect(abs(mean(jan) { $0.dryBulb - 273.15 } - -10) < 0.3)
    #expect(abs(mean(jul) { $0.dryBulb - 273.15 } - 17) < 0.3)
    // Mean daily swing 12–15 K.
    var swing = 0.0
    for d in 0..<365 {
        let day = r[(d * 24)..<(d * 24 + 24)].map(\.dryBulb)
        swing += day.max()! - day.min()!
    }
    #expect((12...15).contains(swing / 365))
    #expect(abs(mean(r) { $0.pressure } - 70_100) < 1500)
    let wind = mean(r) { $0.windSpeed }
    #expect((3...4).contains(wind))
    #expect(r.contains { (3...5).contains($0.local.month) && $0.windSpeed > 15 })
    for x in r {
        #expect(x.dewPoint! < x.dryBulb)
        #expect(x.dhi! <= x.ghi! + 1e-9)
        #expect(x.dni >= 0 && x.dni < 1361 * 1.04)
    }
    // Summer is cloudier than winter in beam terms relative to the clear sky: fewer clear days in July than January.
    let types = SyntheticWeather(seed: SyntheticFile.seed).dayTypes(
        cloudiness: 1, noise: .init(seed: SyntheticFile.seed, persistence: SyntheticWeather.Climate.delingha.persistence))
    let julClear = types[181..<212].filter { $0 == .clear }.count, janClear = types[0..<31].filter { $0 == .clear }.count
    #expect(julClear < janClear)
}

@Test func syntheticIrradianceIsConsistent() throws {
    // GHI = DNI·cos z + DHI, hour-averaged: check against the generator's own clear-sky hours.
    let gen = SyntheticWeather(seed: 3)
    let sky = try gen.clearSky(threads: nil)
    let (weather, _) = try gen.generate(cloudiness: 1)
    for (h, x) in weather.records.enumerated() where sky.dni[h] > 0 {
        let beamH = sky.beamHorizontal[h] * x.dni / sky.dni[h]
        #expect(abs(x.ghi! - (beamH + x.dhi!)) <= 0.5 + 1e-9)
    }
    for (h, x) in weather.records.enumerated() where sky.ghi[h] == 0 {
        #expect(x.dni == 0 && x.ghi == 0)
    }
}

@Test func samCSVWriterWritesAtomicallyAndRejectsBadMetadata() throws {
    let site = Site(name: "t", latitude: 1, longitude: 2, elevation: 3, utcOffset: 8)
    let rec = WeatherRecord(start: 0, interval: 3600, local: LocalTime(year: 2001, month: 1, day: 1, hour: 0), dni: 12.5,
                            ghi: 10, dhi: nil, dryBulb: 273.15 - 0.04, dewPoint: 260, relativeHumidity: 0.5,
                            pressure: 70_000, windSpeed: 3.25, windDirection: 90)
    let w = WeatherYear(site: site, records: [rec], format: .samCSV)
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("samcsv-\(getpid())")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.appendingPathComponent("out.csv").path
    try SAMCSVWriter(source: "SYNTHETIC", locationID: "x", city: "c", state: "s", country: "k").write(w, to: path)
    let text = try String(contentsOfFile: path, encoding: .utf8)
    #expect(text.split(separator: "\n").last == "2001,1,1,0,10,12.5,,0.0,-13.1,50,700,3.2,90,")
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["out.csv"])
    #expect(throws: SAMCSVWriter.WriteError.self) {
        try SAMCSVWriter(source: "a,b", locationID: "x", city: "c", state: "s", country: "k").write(w, to: path)
    }
    #expect(throws: SAMCSVWriter.WriteError.self) {
        try SAMCSVWriter(source: "a", locationID: "x", city: "c", state: "s", country: "k")
            .write(w, to: dir.appendingPathComponent("missing/out.csv").path)
    }
}
