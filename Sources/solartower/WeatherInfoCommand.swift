import ArgumentParser
import Foundation
import SolarTower

/// `solartower weather info FILE`: reads a weather file and prints its site, period and totals.
struct WeatherInfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Read a weather file (TMY3, TMY2, EPW, SAM CSV / NSRDB PSM3) and summarise it.",
        discussion: "Errors are printed as path:line:column: message and the command exits with status 1."
    )

    @Argument(help: "Weather file to read.")
    var file: String

    @Flag(help: "Also print how long reading and validating the file took (best of 5 reads).")
    var timing = false

    func run() throws {
        let year: WeatherYear
        do {
            year = try WeatherReader.read(path: file)
        } catch let error as WeatherError {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            throw ExitCode(1)
        }
        print(Self.report(year, path: file), terminator: "")
        if timing {
            let clock = ContinuousClock()
            var best = Duration.seconds(1_000_000)
            for _ in 0..<5 {
                let t0 = clock.now
                _ = try? WeatherReader.read(path: file)
                best = min(best, clock.now - t0)
            }
            let ms = Double(best.components.seconds) * 1e3 + Double(best.components.attoseconds) * 1e-15
            print("read:      \(String(format: "%.2f", ms)) ms (best of 5)")
        }
    }

    static func report(_ year: WeatherYear, path: String) -> String {
        guard let s = WeatherSummary(year) else { return "\(path): no records\n" }
        let site = year.site
        func f(_ v: Double, _ d: Int) -> String { String(format: "%.\(d)f", v) }
        func stamp(_ t: LocalTime) -> String { String(t.iso8601.prefix(16)) }
        let lat = "\(f(abs(site.latitude), 3))° \(site.latitude >= 0 ? "N" : "S")"
        let lon = "\(f(abs(site.longitude), 3))° \(site.longitude >= 0 ? "E" : "W")"
        let utc = site.utcOffset == 0 ? "UTC" : "UTC\(site.utcOffset > 0 ? "+" : "−")\(f(abs(site.utcOffset), site.utcOffset == site.utcOffset.rounded() ? 0 : 1))"
        let spanDays = Double(s.recordCount) * s.interval / 86_400
        // One year (364–367 days): "annual"; shorter: "period"; longer: the total plus the mean per year.
        let perYear = spanDays > 367 ? 365.25 / spanDays : nil
        let label = perYear != nil ? "total over the period" : spanDays >= 364 ? "annual" : "period"
        func yearly(_ sum: Double) -> String { perYear.map { ", \(f(sum * $0 / 3.6e6, 1)) kWh/m² per year" } ?? "" }
        var out = ""
        out += "file:      \(path)\n"
        out += "format:    \(year.format.displayName)\n"
        out += "site:      \(site.name.isEmpty ? "(unnamed)" : site.name)\n"
        out += "location:  \(lat), \(lon), \(f(site.elevation, 0)) m, \(utc)\n"
        out += "period:    \(stamp(s.firstLocal)) to \(stamp(s.lastLocal)) (interval starts, local standard time)\n"
        if year.isTypicalYear {
            out += "           typical year: records keep their source years\n"
        }
        out += "records:   \(s.recordCount) × \(f(s.interval / 60, 0)) min (\(f(spanDays, 2)) days)\n"
        out += "DNI:       \(f(s.dniSum / 3.6e6, 1)) kWh/m² (\(label)\(yearly(s.dniSum)))\n"
        if let g = s.ghiSum {
            let note = s.recordsWithoutGHI > 0 ? " (\(s.recordsWithoutGHI) records without GHI)" : ""
            out += "GHI:       \(f(g / 3.6e6, 1)) kWh/m² (\(label)\(yearly(g)))\(note)\n"
        } else {
            out += "GHI:       not in file\n"
        }
        out += "dry bulb:  min \(f(s.minDryBulb - 273.15, 1)) °C, max \(f(s.maxDryBulb - 273.15, 1)) °C\n"
        out += "wind:      mean \(f(s.meanWindSpeed, 2)) m/s\n"
        if year.gaps.isEmpty {
            out += "gaps:      none\n"
        } else {
            out += "gaps:      \(year.gaps.count), \(f(s.missingTime / 3600, 1)) h missing\n"
            for g in year.gaps.prefix(10) {
                out += "           before line \(g.line): \(f((g.to - g.from) / 3600, 2)) h\n"
            }
            if year.gaps.count > 10 { out += "           …\n" }
        }
        return out
    }
}
