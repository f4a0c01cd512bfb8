import Foundation
@testable import SolarTower

/// A deterministic toy plant for tracker tests (NOT a physical model): field power = DNI × area × efficiency
/// into a storage tank, a turbine drawing from it. It honours every `OperatingAdjustments` field the way the
/// real model must, so the tracker's bookkeeping can be checked against known answers.
struct ToyPlant: PlantModel {
    let ratedNetPower = 10e6                 // [W]
    let fieldArea = 60_000.0                 // [m²]
    let fieldEfficiency = 0.55               // [-]
    let cycleEfficiency = 0.40               // [-]
    let storageHours = 4.0                   // [h] at rated thermal input
    let minimumLoad = 0.25                   // [fraction of rated thermal]
    let runningParasitic = 0.6e6             // [W]
    let idleParasitic = 0.1e6                // [W]

    var ratedThermal: Double { (ratedNetPower + runningParasitic) / cycleEfficiency }

    func simulate(period weather: WeatherYear, adjustments adj: OperatingAdjustments) throws -> [IntervalNet] {
        let capacity = ratedThermal * storageHours * 3600
        var stored = 0.2 * capacity
        var out: [IntervalNet] = []
        out.reserveCapacity(weather.records.count)
        // First record of each local day with sun: the normal start of the power block.
        var firstSun: [Int: Double] = [:]
        for r in weather.records where r.dni > 0 {
            let t = EventSchedule.localSeconds(r)
            let d = Int((t / 86_400).rounded(.down))
            if firstSun[d] == nil { firstSun[d] = t }
        }
        for (i, r) in weather.records.enumerated() {
            let dt = r.interval
            let t = EventSchedule.localSeconds(r)
            let q = r.dni * fieldArea * fieldEfficiency * adj.fieldFactor(at: i) * adj.availability(.receiver, i)
            stored = min(stored + q * dt, capacity * adj.availability(.storage, i))
            let pbCap = ratedThermal * min(adj.availability(.steamGenerator, i), adj.availability(.turbine, i))
            var allowed = true
            if adj.startDelay[i] > 0, let s = firstSun[Int((t / 86_400).rounded(.down))] {
                allowed = t >= s + adj.startDelay[i]
            }
            var draw = allowed ? min(pbCap, stored / dt) : 0
            if draw < minimumLoad * ratedThermal { draw = 0 }
            let netCap = min(adj.availability(.grid, i) * ratedNetPower, adj.curtailmentCap[i])
            if draw > 0, draw * cycleEfficiency - runningParasitic > netCap {
                draw = max(0, (netCap + runningParasitic) / cycleEfficiency)
                if draw < minimumLoad * ratedThermal { draw = 0 }
            }
            stored -= draw * dt
            let net = draw > 0 ? draw * cycleEfficiency - runningParasitic : -idleParasitic
            out.append(IntervalNet(start: r.start, interval: dt, energy: net * dt))
        }
        return out
    }
}

/// Hand-made hourly weather for tracker tests at Delingha (UTC+8): clear and cloudy days, frosty dawns,
/// windy afternoons and a snowy day, so every derived weather event occurs.
enum TrackWeather {
    static let site = Site(name: "Delingha test", latitude: 37.37, longitude: 97.37, elevation: 2_900, utcOffset: 8)

    /// `days` days from 2022-01-01 (local standard time), hourly.
    /// - frost dawn: day 4; wind > 15 m/s: day 7 from 16:00 to 17:00;
    ///   snow depth > 0: day 10 until 10:00; cloudy (DNI × 0.25): day % 6 == 5.
    static func make(days: Int = 28, year: Int = 2022, month: Int = 1) -> WeatherYear {
        var records: [WeatherRecord] = []
        let day0 = CivilCalendar.daysFromCivil(year: year, month: month, day: 1)
        for d in 0..<days {
            let (y, m, dd) = SolarPositionAlgorithm.civilDate(daysSinceEpoch: day0 + d)
            for h in 0..<24 {
                let local = Double(day0 + d) * 86_400 + Double(h) * 3600
                let solar = Double(h) + 0.5 - 1.5          // Delingha is 1.5 h west of the UTC+8 meridian
                var dni = max(0, 900 * sin(Double.pi * (solar - 7.5) / 9))
                if d % 6 == 5 { dni *= 0.25 }
                if d == 10 { dni *= 0.6 }
                let frosty = d == 4
                let t = (frosty ? -8.0 : -2.0) + 10 * max(0, sin(Double.pi * (solar - 8) / 12))
                let dew = frosty && h < 10 ? t : t - 6
                let wind = d == 7 && h == 16 ? 18.0 : 4.0
                records.append(WeatherRecord(
                    start: local - 8 * 3600, interval: 3600,
                    local: LocalTime(year: y, month: m, day: dd, hour: h),
                    dni: (dni * 10).rounded() / 10, dryBulb: t + 273.15, dewPoint: dew + 273.15,
                    pressure: 72_000, windSpeed: wind, snowDepth: d == 10 && h < 10 ? 0.05 : 0))
            }
        }
        return WeatherYear(site: site, records: records, format: .samCSV, sourcePath: "toy-weather.csv")
    }
}
