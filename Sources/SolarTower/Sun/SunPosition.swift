import Foundation

/// Apparent (topocentric, refracted) position of the sun seen from a site.
public struct SunPosition: Sendable, Equatable {
    /// Topocentric zenith angle including refraction. [rad]
    public var zenith: Double
    /// Topocentric azimuth, eastward from north (0 = N, π/2 = E). [rad]
    public var azimuth: Double

    public init(zenith: Double, azimuth: Double) {
        self.zenith = zenith
        self.azimuth = azimuth
    }

    /// Elevation above the horizon. [rad]
    public var elevation: Double { Double.pi / 2 - zenith }

    /// Unit vector towards the sun in the local frame x = east, y = north, z = up. [-]
    public var direction: (x: Double, y: Double, z: Double) {
        let s = sin(zenith)
        return (s * sin(azimuth), s * cos(azimuth), cos(zenith))
    }
}
