import Foundation

/// Clear-sky irradiance from the Ineichen & Perez model with Linke turbidity.
///
/// Ineichen, P. & Perez, R. (2002), "A new airmass independent formulation for the Linke turbidity
/// coefficient", Solar Energy 73(3), 151–157: global and beam clear-sky formulas with the altitude terms
/// fh1 = exp(−h/8000), fh2 = exp(−h/1250), and the empirical upper limit of the beam from the global
/// (Solar Energy 73, 157 and 312), in the form of pvlib's `clearsky.ineichen` (verified against it in
/// SunClearSkyTests). Relative optical air mass from Kasten & Young (1989), Applied Optics 28(22),
/// 4735–4738, on the apparent (refracted) zenith. The Perez high-air-mass enhancement exp(0.01·AM^1.8) is
/// not applied (pvlib's default).
public struct ClearSkyIrradiance: Sendable, Equatable {
    /// Direct normal irradiance. [W/m²]
    public var dni: Double
    /// Global horizontal irradiance. [W/m²]
    public var ghi: Double
    /// Diffuse horizontal irradiance. [W/m²]
    public var dhi: Double

    public init(dni: Double, ghi: Double, dhi: Double) {
        self.dni = dni
        self.ghi = ghi
        self.dhi = dhi
    }

    /// Solar constant (total solar irradiance at 1 AU), Kopp & Lean (2011), GRL 38, L01706. [W/m²]
    public static let solarConstant = 1361.0

    /// Relative optical air mass, Kasten & Young (1989); nil with the sun below the horizon. [-]
    /// - Parameter zenith: apparent zenith angle. [rad]
    public static func airMassKastenYoung(zenith: Double) -> Double? {
        let zDeg = zenith * 180 / Double.pi
        guard zDeg < 90 else { return nil }
        return 1 / (cos(zenith) + 0.50572 * pow(96.07995 - zDeg, -1.6364))
    }

    /// Ineichen & Perez (2002) clear-sky irradiance; zero with the sun below the horizon.
    /// - Parameters:
    ///   - zenith: apparent sun zenith angle. [rad]
    ///   - linkeTurbidity: Linke turbidity factor at air mass 2. [-]
    ///   - elevation: site elevation above sea level. [m]
    ///   - earthSunDistance: Earth–sun distance. [AU]
    public static func ineichenPerez(zenith: Double, linkeTurbidity tl: Double, elevation: Double,
                                     earthSunDistance: Double) -> ClearSkyIrradiance {
        guard let am = airMassKastenYoung(zenith: zenith) else { return ClearSkyIrradiance(dni: 0, ghi: 0, dhi: 0) }
        let cosZ = cos(zenith)
        let i0 = solarConstant / (earthSunDistance * earthSunDistance)
        let fh1 = exp(-elevation / 8000), fh2 = exp(-elevation / 1250)
        let cg1 = 5.09e-5 * elevation + 0.868, cg2 = 3.92e-5 * elevation + 0.0387
        let ghi = max(0, cg1 * i0 * cosZ * exp(-cg2 * am * (fh1 + fh2 * (tl - 1))))
        let b = 0.664 + 0.163 / fh1
        let beam = max(0, b * i0 * exp(-0.09 * am * (tl - 1)))
        // Empirical upper limit of the beam from the global.
        let limit = ghi * max(0, (1 - (0.1 - 0.2 * exp(-tl)) / (0.1 + 0.882 / fh1)) / cosZ)
        let dni = min(beam, limit)
        return ClearSkyIrradiance(dni: dni, ghi: ghi, dhi: max(0, ghi - dni * cosZ))
    }
}
