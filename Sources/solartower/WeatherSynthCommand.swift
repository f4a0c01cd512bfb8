import ArgumentParser
import Foundation
import SolarTower

/// `solartower weather synth`: writes the synthetic Delingha typical year as a SAM CSV file.
struct WeatherSynth: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synth",
        abstract: "Generate the SYNTHETIC Delingha typical weather year (SAM CSV).",
        discussion: """
            Clear-sky DNI (Ineichen & Perez 2002, monthly Linke turbidity) with NREL SPA sun, a seeded persistent sequence of
            clear/partly cloudy/overcast days calibrated (cloudiness scale, never a DNI scale) to the target annual DNI,
            and a plausible Qaidam-basin temperature, humidity, pressure and wind climate. Same seed → same file, bit for bit.
            """
    )

    @Option(name: .shortAndLong, help: "Output file (SAM CSV).")
    var output: String = "WeatherData/delingha-synthetic-tmy.csv"

    @Option(help: "Random seed.")
    var seed: UInt64 = 20_430

    @Option(help: "Target annual DNI [kWh/m²].")
    var annualDni: Double = 2043

    @Option(help: "Calendar year written in the file (not a leap year).")
    var year: Int = 2001

    func validate() throws {
        guard annualDni.isFinite, (100...4000).contains(annualDni) else {
            throw ValidationError("--annual-dni must be within 100…4000 kWh/m², got \(annualDni)")
        }
    }

    func run() throws {
        let generator = SyntheticWeather(seed: seed, year: year)
        let result: SyntheticWeather.Calibrated
        do {
            result = try generator.calibrated(annualDNI: annualDni * 3.6e6)
        } catch let e as SyntheticWeather.InputError {
            throw ValidationError(e.description)
        }
        let writer = SAMCSVWriter(source: "SYNTHETIC SolarTower weather synth seed \(seed)", locationID: "SYNTHETIC",
                                  city: "Delingha SYNTHETIC", state: "Qinghai", country: "China")
        do {
            try writer.write(result.weather, albedo: result.albedo, to: output)
        } catch let e as SAMCSVWriter.WriteError {
            FileHandle.standardError.write(Data((e.description + "\n").utf8))
            throw ExitCode(1)
        }
        let r = result.weather.records
        let ghi = r.reduce(0) { $0 + ($1.ghi ?? 0) } / 1000
        let tMean = r.reduce(0) { $0 + $1.dryBulb } / Double(r.count) - 273.15
        let wMean = r.reduce(0) { $0 + $1.windSpeed } / Double(r.count)
        print("wrote \(output): SYNTHETIC Delingha year, seed \(seed), cloudiness scale "
              + String(format: "%.6f", result.cloudiness))
        print(String(format: "  annual DNI %.1f kWh/m² (target %.0f), GHI %.1f kWh/m², mean %.2f °C, mean wind %.2f m/s",
                     result.annualDNI / 3.6e6, annualDni, ghi, tMean, wMean))
    }
}
