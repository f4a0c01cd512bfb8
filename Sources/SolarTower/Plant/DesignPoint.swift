import Foundation

/// The plant at its design point: spring-equinox solar noon, design DNI, 25 °C, 5 m/s wind.
///
/// Design solar-to-electric efficiency = field optical efficiency (SolarTower's per-heliostat optics at that sun)
/// × receiver thermal efficiency (incl. absorptance) × gross cycle efficiency × net/gross — the definition used for
/// the Delingha 10 MW figure of 15.7–15.9 % (facts.md: "design-point (spring equinox noon) solar-to-electric").
public struct DesignPoint: Sendable {
    /// Sun at solar noon of the spring equinox (20 March) at the plant's site.
    public var sun: SunPosition
    /// Direct normal irradiance assumed at the design point. [W/m²]
    public var dni: Double
    /// Field optics at that instant.
    public var field: FieldEfficiencyComponents
    /// Receiver thermal efficiency (absorbed minus losses over incident). [-]
    public var receiver: Double
    /// Gross cycle efficiency. [-]
    public var cycle: Double
    /// Net over gross electricity. [-]
    public var netToGross: Double
    /// Solar-to-electric (net) efficiency: field × receiver × cycle × net/gross. [-]
    public var solarToElectric: Double

    /// Computes the design point of `plant` (DNI default 950 W/m², NREL SAM's design DNI).
    /// `optics`: the field's precomputed optics, when the caller has them (built here when nil).
    public static func compute(plant: PlantDescription, dni: Double = 950, threads: Int = defaultThreadCount,
                               optics prebuilt: FieldOptics? = nil) throws -> DesignPoint {
        let sun = equinoxNoonSun(site: plant.spec.site)
        let optics = try (prebuilt ?? FieldOptics(spec: plant.field)).designPoint(sun: sun, dni: dni, threads: threads)
        let chain = optics.annual
        let e = plant.spec.designSolarToElectricEfficiency(fieldEfficiency: chain.total, ambient: 298.15, windSpeed: 5)
        return DesignPoint(sun: sun, dni: dni, field: chain, receiver: e.receiver, cycle: e.cycle,
                           netToGross: e.netToGross, solarToElectric: e.total)
    }

    /// Sun at the minimum zenith of 20 March (local standard time, searched minute by minute 09:00–15:00),
    /// standard atmosphere at the site's elevation, 15 °C. NREL SPA.
    public static func equinoxNoonSun(site: Site, year: Int = 2019) -> SunPosition {
        let midnightUTC = CivilCalendar.seconds(year: year, month: 3, day: 20, minuteOfDay: 0) - site.utcOffset * 3600
        let pressure = WeatherLimits.standardPressure(elevation: site.elevation)
        let deltaT = SolarPositionAlgorithm.deltaTEspenakMeeus(year: year, month: 3)
        var best = SunPosition(zenith: .pi, azimuth: 0)
        for minute in (9 * 60)...(15 * 60) {
            let p = SolarPositionAlgorithm.position(utc: midnightUTC + Double(minute) * 60, latitude: site.latitude,
                                                    longitude: site.longitude, elevation: site.elevation,
                                                    pressure: pressure, temperature: 288.15, deltaT: deltaT)
            if p.zenith < best.zenith { best = p }
        }
        return best
    }
}
