// fuzz: any weather file the readers accept (hourly, no gaps) → SAMCSVWriter → SAM CSV reader: same series
// fuzz-sources: Sources/SolarTower/Weather Sources/SolarTower/Sun Sources/SolarTower/Export/AtomicFile.swift tools/fuzz-harnesses/Support/WeatherInvariants.swift
// fuzz-seeds: Tests/SolarTowerTests/Corpus/weather/*
// fuzz-dict: weather-common.dict weather-tmy3.dict weather-tmy2.dict weather-epw.dict weather-samcsv.dict

import Foundation

/// Writing an accepted hourly series without gaps as SAM CSV and reading it back must give the same
/// stamps, site and values to the writer's rounding (irradiance 0.1 W/m², temperature 0.1 K, pressure
/// 1 mbar, wind 0.1 m/s). A series that reads but does not read back is a writer/reader mismatch.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzWeatherRoundTrip(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    fuzzInput(start, count, rejecting: WeatherError.self) { data in
        let year = try WeatherReader.read(data: data, path: "fuzz.dat")
        checkAccepted(year)
        guard year.gaps.isEmpty, year.records.allSatisfy({ $0.interval == 3600 }) else { return }
        let writer = SAMCSVWriter(source: "fuzz", locationID: "1", city: "C", state: "S", country: "X")
        let text: String
        do { text = try writer.text(year) } catch { fatalError("fuzz: writer refused an accepted series: \(error)") }
        let back: WeatherYear
        do {
            back = try WeatherReader.parse(Data(text.utf8), format: .samCSV, path: "roundtrip.csv")
        } catch {
            fatalError("fuzz: written SAM CSV does not read back: \(error)")
        }
        checkAccepted(back)
        let a = year.site, b = back.site
        fuzzExpect(abs(a.latitude - b.latitude) <= 5e-7 && abs(a.longitude - b.longitude) <= 5e-7
                   && abs(a.elevation - b.elevation) <= 0.5 && a.utcOffset == b.utcOffset,
                   "site \(a) read back as \(b)")
        fuzzExpect(year.records.count == back.records.count,
                   "\(year.records.count) records read back as \(back.records.count)")
        for (r, s) in zip(year.records, back.records) {
            func near(_ x: Double?, _ y: Double?, _ tolerance: Double) -> Bool {
                switch (x, y) {
                case (nil, nil): return true
                case let (x?, y?): return abs(x - y) <= tolerance * (1 + 1e-9)
                default: return false
                }
            }
            let stamp = "\(r.local.iso8601)"
            fuzzExpect(r.local == s.local && r.start == s.start && r.interval == s.interval,
                       "\(stamp): stamp read back as \(s.local.iso8601), start \(r.start) → \(s.start)")
            fuzzExpect(near(r.dni, s.dni, 0.05) && near(r.ghi, s.ghi, 0.05) && near(r.dhi, s.dhi, 0.05),
                       "\(stamp): irradiance \(r.dni)/\(String(describing: r.ghi))/\(String(describing: r.dhi)) → \(s.dni)/\(String(describing: s.ghi))/\(String(describing: s.dhi))")
            fuzzExpect(near(r.dryBulb, s.dryBulb, 0.05) && near(r.dewPoint, s.dewPoint, 0.05),
                       "\(stamp): temperatures \(r.dryBulb)/\(String(describing: r.dewPoint)) → \(s.dryBulb)/\(String(describing: s.dewPoint))")
            fuzzExpect(near(r.relativeHumidity, s.relativeHumidity, 0.005), "\(stamp): RH")
            fuzzExpect(near(r.pressure, s.pressure, 50) && near(r.windSpeed, s.windSpeed, 0.05)
                       && near(r.windDirection, s.windDirection, 0.5),
                       "\(stamp): pressure/wind \(r.pressure)/\(r.windSpeed)/\(String(describing: r.windDirection)) → \(s.pressure)/\(s.windSpeed)/\(String(describing: s.windDirection))")
        }
    }
}
