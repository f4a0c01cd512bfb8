import Foundation

/// Apparent (topocentric, refracted) position of the sun seen from a site.
///
/// Produced by `SolarPositionAlgorithm` (NREL SPA, Reda & Andreas 2003); the fields beyond zenith and
/// azimuth are zero when a position is built from zenith and azimuth alone.
public struct SunPosition: Sendable, Equatable {
    /// Topocentric zenith angle including refraction. [rad]
    public var zenith: Double
    /// Topocentric azimuth, eastward from north (0 = N, π/2 = E). [rad]
    public var azimuth: Double
    /// Topocentric zenith angle without atmospheric refraction (geometric). [rad]
    public var geometricZenith: Double
    /// Topocentric declination of the sun. [rad]
    public var declination: Double
    /// Topocentric local hour angle, westward from the meridian, in (−π, π]. [rad]
    public var hourAngle: Double
    /// Equation of time: apparent minus mean solar time. [s]
    public var equationOfTime: Double
    /// Earth–sun distance. [AU] (1 AU = 149,597,870,700 m)
    public var earthSunDistance: Double

    public init(zenith: Double, azimuth: Double) {
        self.init(zenith: zenith, azimuth: azimuth, geometricZenith: zenith, declination: 0, hourAngle: 0,
                  equationOfTime: 0, earthSunDistance: 1)
    }

    public init(zenith: Double, azimuth: Double, geometricZenith: Double, declination: Double, hourAngle: Double,
                equationOfTime: Double, earthSunDistance: Double) {
        self.zenith = zenith
        self.azimuth = azimuth
        self.geometricZenith = geometricZenith
        self.declination = declination
        self.hourAngle = hourAngle
        self.equationOfTime = equationOfTime
        self.earthSunDistance = earthSunDistance
    }

    /// Elevation above the horizon. [rad]
    public var elevation: Double { Double.pi / 2 - zenith }

    /// Unit vector towards the sun in the local frame x = east, y = north, z = up. [-]
    public var direction: (x: Double, y: Double, z: Double) {
        let s = sin(zenith)
        return (s * sin(azimuth), s * cos(azimuth), cos(zenith))
    }

    /// Angle of incidence of the sun's rays on a plane surface. [rad]
    ///
    /// Reda & Andreas (2003), NREL/TP-560-34302, §3.16, written with the surface azimuth measured like
    /// the sun's (eastward from north): SPA's "azimuth rotation" γ (from south, westward positive)
    /// is `surfaceAzimuth − π`.
    /// - Parameters:
    ///   - slope: tilt of the surface from horizontal. [rad]
    ///   - surfaceAzimuth: azimuth the surface faces, eastward from north (π = facing south). [rad]
    public func incidence(slope: Double, surfaceAzimuth: Double) -> Double {
        let c = cos(zenith) * cos(slope) + sin(slope) * sin(zenith) * cos(azimuth - surfaceAzimuth)
        return acos(min(1, max(-1, c)))
    }
}
