import Foundation
import Testing
@testable import SolarTower

/// The real weather files in ../shared/weather (skipped when ../shared is absent).
struct SharedWeatherFile: Sendable, CustomTestStringConvertible {
    let file: String
    let format: WeatherFormat
    let name: String
    let latitude: Double
    let longitude: Double
    let elevation: Double
    let utcOffset: Double
    let typical: Bool
    let hasGHI: Bool
    var testDescription: String { file }
}

let sharedWeatherFiles: [SharedWeatherFile] = [
    .init(file: "723170TYA.CSV", format: .tmy3, name: "GREENSBORO PIEDMONT TRIAD INT, NC", latitude: 36.1,
          longitude: -79.95, elevation: 273, utcOffset: -5, typical: true, hasGHI: true),
    .init(file: "703165TY.csv", format: .tmy3, name: "SAND POINT, AK", latitude: 55.317, longitude: -160.517,
          elevation: 7, utcOffset: -9, typical: true, hasGHI: true),
    .init(file: "12839.tm2", format: .tmy2, name: "MIAMI, FL", latitude: 25 + 48.0 / 60, longitude: -(80 + 16.0 / 60),
          elevation: 2, utcOffset: -5, typical: true, hasGHI: true),
    .init(file: "daggett-tmy3-sam.csv", format: .samCSV, name: "Daggett Barstow-daggett Ap, CA", latitude: 34.85,
          longitude: -116.8, elevation: 586, utcOffset: -8, typical: true, hasGHI: true),
    .init(file: "mangnai-swera.csv", format: .samCSV, name: "Mangnai, CHN", latitude: 38.25, longitude: 90.85,
          elevation: 2945, utcOffset: 8, typical: true, hasGHI: false),
    .init(file: "tucson-nsrdb-psm3.csv", format: .samCSV, name: "NSRDB 67345", latitude: 32.13, longitude: -110.94,
          elevation: 773, utcOffset: -7, typical: true, hasGHI: true),
]

/// Sum of a named CSV column from the file text, by plain string splitting (independent of the reader).
private func columnSum(path: String, headerLine: Int, column: String) throws -> Double {
    let text = try String(contentsOfFile: path, encoding: .utf8)
    let lines = text.split(whereSeparator: \.isNewline)
    let names = lines[headerLine - 1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    let index = try #require(names.firstIndex(of: column))
    return lines.dropFirst(headerLine).reduce(0.0) { sum, line in
        sum + Double(line.split(separator: ",", omittingEmptySubsequences: false)[index])!
    }
}

@Test(.enabled(if: SharedData.available), arguments: sharedWeatherFiles)
func sharedWeatherFileLoads(_ f: SharedWeatherFile) throws {
    let y = try WeatherReader.read(path: SharedData.path("weather/" + f.file))
    #expect(y.format == f.format)
    #expect(y.site.name == f.name)
    #expect(abs(y.site.latitude - f.latitude) < 1e-9)
    #expect(abs(y.site.longitude - f.longitude) < 1e-9)
    #expect(y.site.elevation == f.elevation)
    #expect(y.site.utcOffset == f.utcOffset)
    #expect(y.records.count == 8760)
    #expect(y.records.allSatisfy { $0.interval == 3600 })
    #expect(y.isTypicalYear == f.typical)
    #expect(y.gaps.isEmpty)
    #expect(y.records.allSatisfy { $0.dni.isFinite && $0.dryBulb.isFinite && $0.pressure.isFinite && $0.windSpeed.isFinite })
    #expect(y.records.allSatisfy { ($0.ghi != nil) == f.hasGHI })
    // Calendar coverage: first interval starts 1 January 00:00, last starts 31 December 23:00.
    #expect((y.records[0].local.month, y.records[0].local.day, y.records[0].local.hour) == (1, 1, 0))
    let last = y.records[8759].local
    #expect((last.month, last.day, last.hour) == (12, 31, 23))
    // Every record's UTC start is its local start minus the UTC offset.
    let r = y.records[4000]
    let localSeconds = Double(CivilCalendar.daysFromCivil(year: r.local.year, month: r.local.month, day: r.local.day)
        * 86_400 + r.local.hour * 3600)
    #expect(r.start == localSeconds - f.utcOffset * 3600)
}

@Test(.enabled(if: SharedData.available))
func greensboroAnnualDNIEqualsColumnSum() throws {
    let path = SharedData.path("weather/723170TYA.CSV")
    let y = try WeatherReader.read(path: path)
    let columnKWh = try columnSum(path: path, headerLine: 2, column: "DNI (W/m^2)") / 1000
    let annualKWh = y.annualDNI / 3.6e6
    #expect(abs(annualKWh - columnKWh) < 1e-9 * columnKWh)
    // The figure: 1,476.5 kWh/m² (the column sums to 1,476,550 Wh/m²).
    #expect(abs(annualKWh - 1476.5) < 0.05 + 1e-9)
}

@Test(.enabled(if: SharedData.available), arguments: [
    ("daggett-tmy3-sam.csv", "DNI"), ("mangnai-swera.csv", "Beam"), ("tucson-nsrdb-psm3.csv", "DNI"),
])
func samAnnualDNIEqualsColumnSum(_ file: String, _ column: String) throws {
    let path = SharedData.path("weather/" + file)
    let y = try WeatherReader.read(path: path)
    let columnKWh = try columnSum(path: path, headerLine: 3, column: column) / 1000
    #expect(abs(y.annualDNI / 3.6e6 - columnKWh) < 1e-9 * columnKWh)
}

@Test(.enabled(if: SharedData.available))
func tmy3UnitsConverted() throws {
    let y = try WeatherReader.read(path: SharedData.path("weather/723170TYA.CSV"))
    // First data row: dry bulb 10.0 °C, dew point 6.1 °C, RH 77 %, 993 mbar, wind 200°, 6.2 m/s.
    let r = y.records[0]
    #expect(abs(r.dryBulb - 283.15) < 1e-9)
    #expect(abs(r.dewPoint! - 279.25) < 1e-9)
    #expect(abs(r.relativeHumidity! - 0.77) < 1e-12)
    #expect(r.pressure == 99_300)
    #expect(r.windDirection == 200)
    #expect(r.windSpeed == 6.2)
}

@Test(.enabled(if: SharedData.available))
func summaryOfGreensboro() throws {
    let path = SharedData.path("weather/723170TYA.CSV")
    let y = try WeatherReader.read(path: path)
    let s = try #require(WeatherSummary(y))
    #expect(s.recordCount == 8760)
    #expect(s.interval == 3600)
    // Extremes and sums computed from the file text independently (columns 32, 5, 47).
    let text = try String(contentsOfFile: path, encoding: .utf8)
    let rows = text.split(whereSeparator: \.isNewline).dropFirst(2).map { $0.split(separator: ",", omittingEmptySubsequences: false) }
    let dry = rows.map { Double($0[31])! }
    #expect(abs(s.minDryBulb - 273.15 - dry.min()!) < 1e-9)
    #expect(abs(s.maxDryBulb - 273.15 - dry.max()!) < 1e-9)
    let ghiKWh = rows.reduce(0.0) { $0 + Double($1[4])! } / 1000
    #expect(abs(try #require(s.ghiSum) / 3.6e6 - ghiKWh) < 1e-9 * ghiKWh)
    let meanWind = rows.reduce(0.0) { $0 + Double($1[46])! } / Double(rows.count)
    #expect(abs(s.meanWindSpeed - meanWind) < 1e-9)
    #expect(s.firstLocal == LocalTime(year: 1988, month: 1, day: 1, hour: 0))
    #expect(s.missingTime == 0)
}

@Test(.enabled(if: SharedData.available))
func mangnaiHasNoGHIColumn() throws {
    let y = try WeatherReader.read(path: SharedData.path("weather/mangnai-swera.csv"))
    let s = try #require(WeatherSummary(y))
    #expect(s.ghiSum == nil)
    #expect(s.recordsWithoutGHI == 8760)
    // Pres column: 715 mbar throughout.
    #expect(y.records.allSatisfy { $0.pressure == 71_500 })
}
