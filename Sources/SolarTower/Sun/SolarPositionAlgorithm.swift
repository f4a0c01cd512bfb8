import Foundation

/// NREL Solar Position Algorithm: topocentric sun position for a place and instant.
///
/// Reda, I. & Andreas, A. (2003, rev. 2008), "Solar Position Algorithm for Solar Radiation Applications",
/// NREL/TP-560-34302. Stated uncertainty ±0.0003° for years −2000…6000. Section numbers (§) below refer
/// to that report. Complete: Earth periodic terms L/B/R (Table A4.2), nutation (Table A4.3),
/// aberration, topocentric parallax, refraction from pressure and temperature, incidence (§3.16, see
/// `SunPosition.incidence`), equation of time (Appendix A.1).
///
/// Angles are taken in degrees at this boundary (latitude, longitude) and returned in radians.
public enum SolarPositionAlgorithm {
    /// Sun's apparent radius used by SPA in the refraction switch (§3.14). [deg]
    static let sunRadius = 0.26667
    /// Atmospheric refraction at sunrise and sunset assumed by SPA. [deg]
    static let refractionAtHorizon = 0.5667
    /// Unix time of J2000.0 (JD 2451545.0 = 2000-01-01T12:00:00). [s]
    static let j2000Unix = 946_728_000.0

    /// Topocentric sun position, full SPA (every periodic term evaluated at this instant).
    ///
    /// Reda & Andreas (2003), NREL/TP-560-34302, §3.1–3.15.
    /// - Parameters:
    ///   - utc: instant, seconds since 1970-01-01T00:00:00Z (UT1 ≈ UTC). [s]
    ///   - latitude: geodetic latitude, north positive. [deg]
    ///   - longitude: longitude, east positive. [deg]
    ///   - elevation: observer elevation above sea level. [m]
    ///   - pressure: local annual-average or actual air pressure, used for refraction. [Pa]
    ///   - temperature: local air temperature, used for refraction. [K]
    ///   - deltaT: ΔT = TT − UT; see `deltaTEspenakMeeus(year:month:)`. [s]
    public static func position(utc: Double, latitude: Double, longitude: Double, elevation: Double,
                                pressure: Double, temperature: Double, deltaT: Double) -> SunPosition {
        let day = utc / 86_400 - j2000Unix / 86_400
        let dayTT = day + deltaT / 86_400
        let observer = SPAObserver(latitude: latitude, longitude: longitude, elevation: elevation,
                                   pressure: pressure, temperature: temperature)
        return apparentPosition(SunEphemeris(daysSinceJ2000TT: dayTT), dayUT: day, dayTT: dayTT, observer: observer)
    }

    /// ΔT = TT − UT from the polynomial expressions of Espenak & Meeus (NASA "Five Millennium Canon of
    /// Solar Eclipses", NASA/TP-2006-214141; eclipse.gsfc.nasa.gov/SEcat5/deltatpoly.html). [s]
    ///
    /// This is SolarTower's default ΔT (the same expressions pvlib's `spa.calculate_deltat` uses). Observed
    /// ΔT (IERS) differs by a few seconds after 2010 (e.g. 69.2 s in 2020 vs 72.1 s here), worth < 0.0001° in
    /// sun position. Valid roughly −1999…3000; outside it the long-term parabola is returned.
    /// - Parameters:
    ///   - year: calendar year (astronomical numbering). [-]
    ///   - month: month 1–12. [-]
    public static func deltaTEspenakMeeus(year: Int, month: Int) -> Double {
        let y = Double(year) + (Double(month) - 0.5) / 12
        func poly(_ t: Double, _ c: [Double]) -> Double { c.reversed().reduce(0) { $0 * t + $1 } }
        switch year {
        case ..<(-500):
            let u = (y - 1820) / 100
            return -20 + 32 * u * u
        case -500..<500:
            return poly(y / 100, [10583.6, -1014.41, 33.78311, -5.952053, -0.1798452, 0.022174192, 0.0090316521])
        case 500..<1600:
            return poly((y - 1000) / 100,
                        [1574.2, -556.01, 71.23472, 0.319781, -0.8503463, -0.005050998, 0.0083572073])
        case 1600..<1700:
            return poly(y - 1600, [120, -0.9808, -0.01532, 1.0 / 7129])
        case 1700..<1800:
            return poly(y - 1700, [8.83, 0.1603, -0.0059285, 0.00013336, -1.0 / 1_174_000])
        case 1800..<1860:
            return poly(y - 1800, [13.72, -0.332447, 0.0068612, 0.0041116, -0.00037436, 0.0000121272,
                                   -0.0000001699, 0.000000000875])
        case 1860..<1900:
            return poly(y - 1860, [7.62, 0.5737, -0.251754, 0.01680668, -0.0004473624, 1.0 / 233_174])
        case 1900..<1920:
            return poly(y - 1900, [-2.79, 1.494119, -0.0598939, 0.0061966, -0.000197])
        case 1920..<1941:
            return poly(y - 1920, [21.20, 0.84493, -0.076100, 0.0020936])
        case 1941..<1961:
            return poly(y - 1950, [29.07, 0.407, -1.0 / 233, 1.0 / 2547])
        case 1961..<1986:
            return poly(y - 1975, [45.45, 1.067, -1.0 / 260, -1.0 / 718])
        case 1986..<2005:
            return poly(y - 2000, [63.86, 0.3345, -0.060374, 0.0017275, 0.000651814, 0.00002373599])
        case 2005..<2050:
            return poly(y - 2000, [62.92, 0.32217, 0.005589])
        case 2050..<2150:
            let u = (y - 1820) / 100
            return -20 + 32 * u * u - 0.5628 * (2150 - y)
        default:
            let u = (y - 1820) / 100
            return -20 + 32 * u * u
        }
    }

    /// ΔT for an instant, from `deltaTEspenakMeeus` at the instant's UTC year and month. [s]
    /// - Parameter utc: seconds since 1970-01-01T00:00:00Z. [s]
    /// Non-finite or absurd instants (beyond ±10⁸ days) give NaN rather than trapping.
    public static func deltaTEspenakMeeus(utc: Double) -> Double {
        let day = (utc / 86_400).rounded(.down)
        guard day.isFinite, abs(day) < 1e8 else { return .nan }
        let (y, m, _) = civilDate(daysSinceEpoch: Int(day))
        return deltaTEspenakMeeus(year: y, month: m)
    }

    /// Proleptic Gregorian date of a day counted from 1970-01-01 (H. Hinnant's days-from-civil inverse).
    static func civilDate(daysSinceEpoch z0: Int) -> (year: Int, month: Int, day: Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's days-from-civil). [day]
    public static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The fast, per-instant part of SPA (§3.3 and §3.5–3.15, Appendix A.1) given the Earth's heliocentric
    /// position and nutation.
    static func apparentPosition(_ e: SunEphemeris, dayUT: Double, dayTT: Double,
                                 observer o: SPAObserver) -> SunPosition {
        let deg = Double.pi / 180
        let jce = dayTT / 36_525
        let jme = jce / 10
        let jc = dayUT / 36_525
        // Geocentric longitude and latitude (§3.3), aberration (§3.6), apparent longitude (§3.7).
        let theta = e.heliocentricLongitude + Double.pi
        let beta = -e.heliocentricLatitude
        let aberration = -20.4898 / (3600 * e.radius) * deg
        let lambda = theta + e.nutationLongitude + aberration
        // True obliquity of the ecliptic (§3.5).
        let u = jme / 10
        // Horner form of 84381.448 − 4680.93U − 1.55U² + 1999.25U³ − … + 2.45U¹⁰ (§3.5). [arcsec]
        var eps0 = 2.45
        eps0 = eps0 * u + 5.79
        eps0 = eps0 * u + 27.87
        eps0 = eps0 * u + 7.12
        eps0 = eps0 * u - 39.05
        eps0 = eps0 * u - 249.67
        eps0 = eps0 * u - 51.38
        eps0 = eps0 * u + 1999.25
        eps0 = eps0 * u - 1.55
        eps0 = eps0 * u - 4680.93
        eps0 = eps0 * u + 84381.448
        let eps = eps0 / 3600 * deg + e.nutationObliquity
        let sinEps = sin(eps), cosEps = cos(eps)
        // Apparent sidereal time at Greenwich (§3.8); 360.98564736629·d split for precision.
        let frac = dayUT - dayUT.rounded(.down)
        let nu0 = 280.46061837 + 360 * frac + 0.98564736629 * dayUT + 0.000387933 * jc * jc
            - jc * jc * jc / 38_710_000
        let nu = nu0 * deg + e.nutationLongitude * cosEps
        // Geocentric right ascension and declination (§3.9–3.10).
        let sinLambda = sin(lambda)
        let alpha = atan2(sinLambda * cosEps - tan(beta) * sinEps, cos(lambda))
        let delta = asin(sin(beta) * cosEps + cos(beta) * sinEps * sinLambda)
        // Observer local hour angle (§3.11).
        let h = nu + o.longitude - alpha
        // Topocentric right ascension, declination and hour angle (§3.12–3.13).
        let xi = 8.794 / (3600 * e.radius) * deg
        let sinXi = sin(xi)
        let cosH = cos(h), sinH = sin(h)
        let cosDelta = cos(delta)
        let denom = cosDelta - o.x * sinXi * cosH
        let dAlpha = atan2(-o.x * sinXi * sinH, denom)
        let deltaP = atan2((sin(delta) - o.y * sinXi) * cos(dAlpha), denom)
        let hP = h - dAlpha
        // Topocentric elevation, refraction, zenith (§3.14).
        let cosHP = cos(hP), sinHP = sin(hP)
        let sinE0 = o.sinLat * sin(deltaP) + o.cosLat * cos(deltaP) * cosHP
        let e0 = asin(min(1, max(-1, sinE0))) / deg
        var refraction = 0.0
        if e0 >= -(sunRadius + refractionAtHorizon) {
            refraction = o.pressureMbar / 1010 * 283 / (273 + o.temperatureC)
                * 1.02 / (60 * tan((e0 + 10.3 / (e0 + 5.11)) * deg))
        }
        let zenith = (90 - e0 - refraction) * deg
        // Topocentric azimuth, eastward from north (§3.15).
        let gamma = atan2(sinHP, cosHP * o.sinLat - tan(deltaP) * o.cosLat)
        let azimuth = reduce(gamma + Double.pi, to: 2 * Double.pi)
        // Equation of time (Appendix A.1).
        var m = -1.0 / 2_000_000
        m = m * jme - 1.0 / 15300
        m = m * jme + 1.0 / 49931
        m = m * jme + 0.03032028
        m = m * jme + 360_007.6982779
        m = m * jme + 280.4664567
        let eot = m * deg - 0.0057183 * deg - alpha + e.nutationLongitude * cosEps
        let eotReduced = reduce(eot + Double.pi, to: 2 * Double.pi) - Double.pi
        return SunPosition(zenith: zenith, azimuth: azimuth, geometricZenith: (90 - e0) * deg,
                           declination: deltaP,
                           hourAngle: reduce(hP + Double.pi, to: 2 * Double.pi) - Double.pi,
                           equationOfTime: eotReduced / (2 * Double.pi) * 86_400,
                           earthSunDistance: e.radius)
    }

    /// `x` reduced to [0, period).
    @inline(__always)
    static func reduce(_ x: Double, to period: Double) -> Double {
        let r = x - period * (x / period).rounded(.down)
        return r >= period ? r - period : r
    }
}

/// Observer-dependent constants of SPA (§3.12 parallax terms and refraction inputs), computed once per site.
struct SPAObserver: Sendable {
    /// Longitude, east positive. [rad]
    let longitude: Double
    let sinLat: Double
    let cosLat: Double
    /// Parallax terms x = ρ cos φ′ and y = ρ sin φ′ (§3.12). [Earth radii]
    let x: Double
    let y: Double
    /// Pressure for refraction. [mbar]
    var pressureMbar: Double
    /// Temperature for refraction. [°C]
    var temperatureC: Double

    init(latitude: Double, longitude: Double, elevation: Double, pressure: Double, temperature: Double) {
        let phi = latitude * Double.pi / 180
        self.longitude = longitude * Double.pi / 180
        sinLat = sin(phi)
        cosLat = cos(phi)
        let u = atan(0.99664719 * tan(phi))
        x = cos(u) + elevation / 6_378_140 * cosLat
        y = 0.99664719 * sin(u) + elevation / 6_378_140 * sinLat
        pressureMbar = pressure / 100
        temperatureC = temperature - 273.15
    }

    /// Same site with other weather (refraction inputs). [Pa], [K]
    func with(pressure: Double, temperature: Double) -> SPAObserver {
        var o = self
        o.pressureMbar = pressure / 100
        o.temperatureC = temperature - 273.15
        return o
    }
}

/// Earth's heliocentric position and the nutation at one instant: the slowly varying, expensive part of
/// SPA (hundreds of periodic terms).
///
/// Reda & Andreas (2003), NREL/TP-560-34302, §3.2 (Table A4.2) and §3.4 (Table A4.3).
public struct SunEphemeris: Sendable, Equatable {
    /// Heliocentric longitude of the Earth, not reduced to one turn (continuous in time). [rad]
    public var heliocentricLongitude: Double
    /// Heliocentric latitude of the Earth. [rad]
    public var heliocentricLatitude: Double
    /// Earth–sun distance. [AU]
    public var radius: Double
    /// Nutation in longitude Δψ. [rad]
    public var nutationLongitude: Double
    /// Nutation in obliquity Δε. [rad]
    public var nutationObliquity: Double

    public init(heliocentricLongitude: Double, heliocentricLatitude: Double, radius: Double,
                nutationLongitude: Double, nutationObliquity: Double) {
        self.heliocentricLongitude = heliocentricLongitude
        self.heliocentricLatitude = heliocentricLatitude
        self.radius = radius
        self.nutationLongitude = nutationLongitude
        self.nutationObliquity = nutationObliquity
    }

    /// Evaluates every periodic term at an instant given in Terrestrial Time.
    /// - Parameter dayTT: days since J2000.0 (JDE − 2451545). [day]
    public init(daysSinceJ2000TT dayTT: Double) {
        let jce = dayTT / 36_525
        let jme = jce / 10
        @inline(__always)
        func series(_ table: [(a: Double, b: Double, c: Double)]) -> Double {
            var s = 0.0
            for t in table { s += t.a * cos(t.b + t.c * jme) }
            return s
        }
        let l = [series(spaL0), series(spaL1), series(spaL2), series(spaL3), series(spaL4), series(spaL5)]
        let b = [series(spaB0), series(spaB1)]
        let r = [series(spaR0), series(spaR1), series(spaR2), series(spaR3), series(spaR4)]
        func horner(_ c: [Double]) -> Double { c.reversed().reduce(0) { $0 * jme + $1 } }
        heliocentricLongitude = horner(l) / 1e8
        heliocentricLatitude = horner(b) / 1e8
        radius = horner(r) / 1e8
        // Fundamental arguments X0…X4 (§3.4). [deg]
        let x0 = 297.85036 + 445_267.111480 * jce - 0.0019142 * jce * jce + jce * jce * jce / 189_474
        let x1 = 357.52772 + 35_999.050340 * jce - 0.0001603 * jce * jce - jce * jce * jce / 300_000
        let x2 = 134.96298 + 477_198.867398 * jce + 0.0086972 * jce * jce + jce * jce * jce / 56_250
        let x3 = 93.27191 + 483_202.017538 * jce - 0.0036825 * jce * jce + jce * jce * jce / 327_270
        let x4 = 125.04452 - 1934.136261 * jce + 0.0020708 * jce * jce + jce * jce * jce / 450_000
        var dPsi = 0.0, dEps = 0.0
        let deg = Double.pi / 180
        for i in 0..<spaNutationY.count {
            let y = spaNutationY[i]
            let arg = (y.0 * x0 + y.1 * x1 + y.2 * x2 + y.3 * x3 + y.4 * x4) * deg
            let k = spaNutationABCD[i]
            dPsi += (k.a + k.b * jce) * sin(arg)
            dEps += (k.c + k.d * jce) * cos(arg)
        }
        nutationLongitude = dPsi / 36_000_000 * deg
        nutationObliquity = dEps / 36_000_000 * deg
    }
}
