import Foundation

/// Sunrise, solar noon (transit) and sunset of one day at a site.
public struct SunEvents: Sendable, Equatable {
    /// Sunrise, seconds since 1970-01-01T00:00:00Z; nil when the sun does not rise that day. [s]
    public var sunrise: Double?
    /// Transit (sun on the local meridian), seconds since epoch; nil if not found in the day. [s]
    public var transit: Double?
    /// Sunset, seconds since epoch; nil when the sun does not set that day. [s]
    public var sunset: Double?
    /// True when the sun stays above the sunrise altitude all day (polar day). [-]
    public var alwaysUp: Bool

    public init(sunrise: Double?, transit: Double?, sunset: Double?, alwaysUp: Bool) {
        self.sunrise = sunrise
        self.transit = transit
        self.sunset = sunset
        self.alwaysUp = alwaysUp
    }
}

extension SolarPositionAlgorithm {
    /// Apparent altitude of the sun's upper limb at sunrise/sunset, with standard refraction. [deg]
    /// Reda & Andreas (2003), NREL/TP-560-34302, Appendix A.2 (h0′ = −0.8333°).
    public static let sunriseAltitude = -0.8333

    /// Sunrise, transit and sunset within one local day, by root finding on the full SPA.
    ///
    /// Events are where the topocentric geometric altitude crosses `sunriseAltitude` (SPA Appendix A.2's
    /// h0′ = −0.8333°: 34′ standard refraction plus the sun's 16′ semi-diameter) and where the topocentric
    /// hour angle crosses zero. The day is scanned in 10-minute steps and each crossing bisected to 0.1 s,
    /// so each event is exact for the full SPA. On the SPA example day (2003-10-17, Golden CO) sunrise agrees
    /// with NREL's spa_tester (A.2 method) within 1 s; A.2's interpolated sunset is 88 s later than the
    /// instant at which full SPA puts the sun at h0′.
    /// - Parameters:
    ///   - localMidnight: start of the local day, seconds since epoch (UTC). [s]
    ///   - latitude: north positive. [deg]
    ///   - longitude: east positive. [deg]
    ///   - elevation: above sea level. [m]
    ///   - deltaT: ΔT = TT − UT. [s]
    public static func sunEvents(localMidnight: Double, latitude: Double, longitude: Double, elevation: Double,
                                 deltaT: Double) -> SunEvents {
        func sun(_ t: Double) -> SunPosition {
            position(utc: t, latitude: latitude, longitude: longitude, elevation: elevation,
                     pressure: 101_325, temperature: 283.15, deltaT: deltaT)
        }
        func altitude(_ t: Double) -> Double { 90 - sun(t).geometricZenith * 180 / Double.pi - sunriseAltitude }
        func bisect(_ a0: Double, _ b0: Double, _ f: (Double) -> Double) -> Double {
            var a = a0, b = b0, fa = f(a0)
            while b - a > 0.1 {
                let m = 0.5 * (a + b), fm = f(m)
                if (fm > 0) == (fa > 0) { a = m; fa = fm } else { b = m }
            }
            return 0.5 * (a + b)
        }
        let step = 600.0
        var sunrise: Double?, sunset: Double?, transit: Double?
        var t = localMidnight
        var alt = altitude(t)
        var hour = sun(t).hourAngle
        var alwaysUp = alt > 0
        while t < localMidnight + 86_400 {
            let t2 = t + step
            let alt2 = altitude(t2)
            let hour2 = sun(t2).hourAngle
            if alt <= 0 && alt2 > 0 && sunrise == nil { sunrise = bisect(t, t2, altitude) }
            if alt > 0 && alt2 <= 0 && sunset == nil { sunset = bisect(t, t2, altitude) }
            if hour < 0 && hour2 >= 0 && hour2 - hour < 1 && transit == nil {
                transit = bisect(t, t2) { sun($0).hourAngle }
            }
            if alt2 <= 0 { alwaysUp = false }
            t = t2
            alt = alt2
            hour = hour2
        }
        return SunEvents(sunrise: sunrise, transit: transit, sunset: sunset, alwaysUp: alwaysUp)
    }
}
