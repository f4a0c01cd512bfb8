import ArgumentParser
import Dispatch
import Foundation
import SolarTower

/// `solartower sun`: position of the sun for a place and time (NREL SPA), or a benchmark of a year of SPA.
struct Sun: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sun",
        abstract: "Sun position (NREL SPA) for a place and time.",
        discussion: """
            Example (the SPA report's test case):
              solartower sun --latitude 39.742476 --longitude -105.1786 --elevation 1830.14 \\
                --time 2003-10-17T12:30:30 --utc-offset -7 --pressure 820 --temperature 11 --delta-t 67
            --bench times a year (8760 h) of full SPA against the per-day interpolated fast path.
            """
    )

    @Option(parsing: .unconditional, help: "Latitude, north positive [deg] (--bench default: Delingha, 37.37).")
    var latitude: Double?

    @Option(parsing: .unconditional, help: "Longitude, east positive [deg] (--bench default: Delingha, 97.37).")
    var longitude: Double?

    @Option(parsing: .unconditional, help: "Elevation above sea level [m].")
    var elevation: Double = 0

    @Option(help: "Local time, ISO 8601 (YYYY-MM-DDTHH:MM[:SS[.s]][Z|±HH:MM]); a zone in the text overrides --utc-offset.")
    var time: String?

    @Option(parsing: .unconditional, help: "Offset of the local time from UTC [h].")
    var utcOffset: Double = 0

    @Option(help: "Air pressure for refraction [hPa] (default: standard atmosphere at --elevation).")
    var pressure: Double?

    @Option(parsing: .unconditional, help: "Air temperature for refraction [°C].")
    var temperature: Double = 10

    @Option(parsing: .unconditional, help: "ΔT = TT − UT [s] (default: Espenak & Meeus polynomial for the date).")
    var deltaT: Double?

    @Option(help: "Surface slope for the incidence angle [deg].")
    var slope: Double?

    @Option(parsing: .unconditional, help: "Azimuth the surface faces, eastward from north [deg] (180 = south).")
    var surfaceAzimuth: Double = 180

    @Flag(help: "Benchmark a year (8760 h) of full SPA vs the fast path (build with -c release).")
    var bench = false

    @Option(help: "Year for --bench.")
    var year: Int = 2019

    @Option(help: "Concurrent slices for --bench's parallel run (default: active processor count).")
    var threads: Int?

    func validate() throws {
        if !bench && (latitude == nil || longitude == nil) {
            throw ValidationError("--latitude and --longitude are required")
        }
        guard site.latitude.isFinite, (-90...90).contains(site.latitude) else {
            throw ValidationError("--latitude must be within -90…90 degrees, got \(site.latitude)")
        }
        guard site.longitude.isFinite, (-180...180).contains(site.longitude) else {
            throw ValidationError("--longitude must be within -180…180 degrees, got \(site.longitude)")
        }
        guard elevation.isFinite, (-500...9000).contains(elevation) else {
            throw ValidationError("--elevation must be within -500…9000 m, got \(elevation)")
        }
        guard utcOffset.isFinite, (-14...14).contains(utcOffset) else {
            throw ValidationError("--utc-offset must be within -14…14 h, got \(utcOffset)")
        }
        if let pressure, !(pressure.isFinite && (100...1200).contains(pressure)) {
            throw ValidationError("--pressure must be within 100…1200 hPa, got \(pressure)")
        }
        guard temperature.isFinite, (-90...70).contains(temperature) else {
            throw ValidationError("--temperature must be within -90…70 °C, got \(temperature)")
        }
        if let deltaT, !(deltaT.isFinite && abs(deltaT) < 10_000) {
            throw ValidationError("--delta-t must be a finite number of seconds below 10000, got \(deltaT)")
        }
        if let slope, !(slope.isFinite && (0...180).contains(slope)) {
            throw ValidationError("--slope must be within 0…180 degrees, got \(slope)")
        }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
        if !bench {
            guard let time else { throw ValidationError("--time is required (or use --bench)") }
            _ = try Self.parseTime(time, defaultOffsetHours: utcOffset)
        }
    }

    /// Parses `YYYY-MM-DDTHH:MM[:SS[.s]][Z|±HH:MM]` (a space may replace T) into (UTC seconds, offset hours).
    static func parseTime(_ text: String, defaultOffsetHours: Double) throws -> (utc: Double, offset: Double) {
        let fail = ValidationError("--time '\(text)': expected ISO 8601 YYYY-MM-DDTHH:MM[:SS][Z|±HH:MM]")
        var s = Substring(text.trimmingCharacters(in: .whitespaces))
        var offset = defaultOffsetHours
        if s.hasSuffix("Z") {
            offset = 0
            s = s.dropLast()
        } else if s.count > 16, let sign = s.dropFirst(16).lastIndex(where: { $0 == "+" || $0 == "-" }) {
            let zone = s[s.index(after: sign)...].split(separator: ":")
            guard (1...2).contains(zone.count), let h = Int(zone[0]), zone.count == 1 || Int(zone[1]) != nil
            else { throw fail }
            let m = zone.count == 2 ? Int(zone[1])! : 0
            offset = (Double(h) + Double(m) / 60) * (s[sign] == "-" ? -1 : 1)
            s = s[..<sign]
        }
        let parts = s.split(whereSeparator: { $0 == "T" || $0 == " " })
        guard parts.count == 2 else { throw fail }
        let date = parts[0].split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
        let clock = parts[1].split(separator: ":", omittingEmptySubsequences: false)
        guard date.count == 3, let y = date[0], let mo = date[1], let d = date[2], (2...3).contains(clock.count),
              let h = Int(clock[0]), let mi = Int(clock[1]) else { throw fail }
        let sec = clock.count == 3 ? Double(clock[2]) : 0
        guard let sec, (1...12).contains(mo), (0...23).contains(h), (0...59).contains(mi), sec >= 0, sec < 61
        else { throw fail }
        let days = SolarPositionAlgorithm.daysSinceEpoch(year: y, month: mo, day: d)
        // Reject impossible days (e.g. 02-30) by round-tripping through the day count.
        guard d >= 1, SolarPositionAlgorithm.daysSinceEpoch(year: y, month: mo, day: 1) + d - 1 == days,
              d <= Self.daysIn(year: y, month: mo) else { throw fail }
        let local = Double(days) * 86_400 + Double(h) * 3600 + Double(mi) * 60 + sec
        return (local - offset * 3600, offset)
    }

    static func daysIn(year: Int, month: Int) -> Int {
        let next = month == 12 ? (year + 1, 1) : (year, month + 1)
        return SolarPositionAlgorithm.daysSinceEpoch(year: next.0, month: next.1, day: 1)
            - SolarPositionAlgorithm.daysSinceEpoch(year: year, month: month, day: 1)
    }

    /// Latitude and longitude given, or Delingha's for --bench. [deg]
    var site: (latitude: Double, longitude: Double) { (latitude ?? 37.37, longitude ?? 97.37) }

    /// Standard-atmosphere pressure at an elevation (ISO 2533 troposphere). [Pa]
    static func standardPressure(elevation: Double) -> Double {
        101_325 * pow(1 - 2.25577e-5 * elevation, 5.25588)
    }

    func run() throws {
        if bench { return try runBench() }
        let (latitude, longitude) = site
        let (utc, offset) = try Self.parseTime(time!, defaultOffsetHours: utcOffset)
        let pressurePa = pressure.map { $0 * 100 } ?? Self.standardPressure(elevation: elevation)
        let dT = deltaT ?? SolarPositionAlgorithm.deltaTEspenakMeeus(utc: utc)
        let sun = SolarPositionAlgorithm.position(utc: utc, latitude: latitude, longitude: longitude,
                                                  elevation: elevation, pressure: pressurePa,
                                                  temperature: temperature + 273.15, deltaT: dT)
        let deg = 180 / Double.pi
        func f(_ x: Double, _ digits: Int = 5) -> String { String(format: "%.\(digits)f", x) }
        func clock(_ t: Double?) -> String {
            guard let t else { return "none" }
            let local = t + offset * 3600
            let s = Int((local - 86_400 * (local / 86_400).rounded(.down)).rounded())
            return String(format: "%02d:%02d:%02d", s / 3600 % 24, s / 60 % 60, s % 60)
        }
        print("Sun (NREL SPA) at \(time!) (UTC\(offset >= 0 ? "+" : "")\(offset) h), "
              + "\(latitude)° N \(longitude)° E, \(elevation) m")
        print("  zenith            \(f(sun.zenith * deg))°  (refracted; geometric \(f(sun.geometricZenith * deg))°)")
        print("  elevation         \(f(sun.elevation * deg))°")
        print("  azimuth           \(f(sun.azimuth * deg))°  (eastward from north)")
        print("  declination       \(f(sun.declination * deg))°  (topocentric)")
        print("  hour angle        \(f(sun.hourAngle * deg))°")
        print("  equation of time  \(f(sun.equationOfTime / 60, 4)) min")
        print("  earth-sun dist.   \(f(sun.earthSunDistance, 6)) AU")
        if let slope {
            let i = sun.incidence(slope: slope / deg, surfaceAzimuth: surfaceAzimuth / deg)
            print("  incidence         \(f(i * deg))°  (slope \(slope)°, facing \(surfaceAzimuth)°)")
        }
        print("  refraction input  \(f(pressurePa / 100, 1)) hPa, \(f(temperature, 1)) °C;  ΔT \(f(dT, 1)) s"
              + (deltaT == nil ? " (Espenak & Meeus)" : ""))
        let localDay = ((utc + offset * 3600) / 86_400).rounded(.down) * 86_400 - offset * 3600
        let ev = SolarPositionAlgorithm.sunEvents(localMidnight: localDay, latitude: latitude, longitude: longitude,
                                                  elevation: elevation, deltaT: dT)
        let note = ev.alwaysUp ? " (sun up all day)" : (ev.sunrise == nil && ev.sunset == nil ? " (sun down all day)" : "")
        print("  sunrise \(clock(ev.sunrise))  transit \(clock(ev.transit))  sunset \(clock(ev.sunset))  local\(note)")
    }

    /// 1-minute load average (other processes share the cores), or −1 when unknown.
    static func loadAverage() -> Double {
        var loads = [Double](repeating: -1, count: 3)
        return getloadavg(&loads, 3) > 0 ? loads[0] : -1
    }

    /// Times a year of hourly midpoints: full SPA one by one, then the fast path on 1 and on N threads.
    func runBench() throws {
        let (latitude, longitude) = site
        let start = Double(SolarPositionAlgorithm.daysSinceEpoch(year: year, month: 1, day: 1)) * 86_400
        let p = pressure.map { $0 * 100 } ?? Self.standardPressure(elevation: elevation)
        let instants = (0..<8760).map { h in
            SunTable.Instant(utc: start + Double(h) * 3600 + 1800, pressure: p,
                             temperature: temperature + 273.15 + 8 * sin(Double(h) / 24 * 2 * Double.pi),
                             deltaT: deltaT ?? SolarPositionAlgorithm.deltaTEspenakMeeus(year: year, month: 7))
        }
        let workers = threads ?? ProcessInfo.processInfo.activeProcessorCount
        /// Best wall time of several runs, with the process CPU time of that run (all threads).
        func best<T>(_ repeats: Int, _ body: () throws -> T) rethrows -> (seconds: Double, cpu: Double, result: T) {
            func cpuNow() -> Double {
                var ts = timespec()
                clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
                return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
            }
            var bestTime = Double.infinity, bestCPU = 0.0
            var result: T? = nil
            for _ in 0..<repeats {
                let c0 = cpuNow()
                let t0 = DispatchTime.now().uptimeNanoseconds
                let r = try body()
                let dt = Double(DispatchTime.now().uptimeNanoseconds - t0) * 1e-9
                if dt < bestTime { bestTime = dt; bestCPU = cpuNow() - c0; result = r }
            }
            return (bestTime, bestCPU, result!)
        }
        let full = best(5) {
            instants.map {
                SolarPositionAlgorithm.position(utc: $0.utc, latitude: latitude, longitude: longitude,
                                                elevation: elevation, pressure: $0.pressure,
                                                temperature: $0.temperature, deltaT: $0.deltaT)
            }
        }
        let fast1 = try best(20) { try SunTable.positions(instants, latitude: latitude, longitude: longitude,
                                                 elevation: elevation, threads: 1) }
        let fastN = try best(20) { try SunTable.positions(instants, latitude: latitude, longitude: longitude,
                                                 elevation: elevation, threads: workers) }
        var worst = 0.0
        for (a, b) in zip(full.result, fastN.result) {
            worst = max(worst, abs(a.zenith - b.zenith),
                        abs(remainder(a.azimuth - b.azimuth, 2 * Double.pi)) * sin(a.zenith))
        }
        let identical = fast1.result == fastN.result
        func row(_ name: String, _ run: (seconds: Double, cpu: Double)) -> String {
            "  " + name.padding(toLength: 36, withPad: " ", startingAt: 0)
                + String(format: "%8.3f ms wall %8.0f ns/position  ×%5.1f   CPU %8.3f ms", run.seconds * 1e3,
                         run.seconds / 8760 * 1e9, full.seconds / run.seconds, run.cpu * 1e3)
        }
        print("(best wall time of 5/20/20 runs; CPU = process CPU time of that run, all threads; load average "
              + String(format: "%.2f", Self.loadAverage()) + ")")
        print("SPA benchmark: 8760 hourly midpoints of \(year) at \(latitude)° N \(longitude)° E \(elevation) m")
        print(row("full SPA, 1 thread", (full.seconds, full.cpu)))
        print(row("fast path (SunTable), 1 thread", (fast1.seconds, fast1.cpu)))
        print(row("fast path (SunTable), \(workers) thread\(workers == 1 ? "" : "s")", (fastN.seconds, fastN.cpu)))
        print(String(format: "  max |fast − full| %.2e° (zenith, azimuth·sin z); 1-thread and %d-thread results "
                     + "bit-identical: %@", worst * 180 / Double.pi, workers, identical ? "yes" : "NO"))
    }
}
