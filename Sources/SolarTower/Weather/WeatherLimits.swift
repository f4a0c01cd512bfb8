import Foundation

/// Physical plausibility limits applied by the weather readers, and the defaults they use.
public enum WeatherLimits {
    /// Solar constant (total solar irradiance at 1 AU). [W/m²]
    /// Source: Kopp & Lean 2011, "A new, lower value of total solar irradiance", GRL 38, L01706.
    public static let solarConstant = 1361.0

    /// Relative margin allowed above the extraterrestrial normal irradiance before DNI is rejected:
    /// 2 %, covering other solar-constant choices in source data (1367–1373 W/m², +0.4–0.9 %) and the
    /// ±0.1 % error of the one-term eccentricity formula. [fraction]
    public static let dniMargin = 0.02

    /// Extraterrestrial normal irradiance on a day of the year. [W/m²]
    /// E0 = 1361 · (1 + 0.033 cos(2π·doy/365)); Spencer 1971 / Duffie & Beckman, Solar Engineering of
    /// Thermal Processes (4th ed.), eq. 1.4.1a.
    public static func extraterrestrialNormal(dayOfYear doy: Int) -> Double {
        solarConstant * (1 + 0.033 * cos(2 * Double.pi * Double(doy) / 365))
    }

    /// Largest accepted DNI on a day of the year: E0 × (1 + `dniMargin`). [W/m²]
    public static func maximumDNI(dayOfYear doy: Int) -> Double {
        extraterrestrialNormal(dayOfYear: doy) * (1 + dniMargin)
    }

    /// Accepted air and dew-point temperature range (record low −89.2 °C, record high 56.7 °C). [K]
    public static let temperatureRange = (273.15 - 90)...(273.15 + 60)
    /// Accepted station pressure range, 300–1100 hPa (summit of Everest ≈ 330 hPa). [Pa]
    public static let pressureRange = 30_000.0...110_000.0
    /// Accepted wind speed range. [m/s]
    public static let windSpeedRange = 0.0...100.0
    /// Accepted wind direction range. [deg]
    public static let windDirectionRange = 0.0...360.0
    /// Accepted relative humidity range. [fraction]
    public static let relativeHumidityRange = 0.0...1.0
    /// Accepted snow depth range. [m]
    public static let snowDepthRange = 0.0...30.0
    /// Accepted site elevation range. [m]
    public static let elevationRange = -500.0...9000.0

    /// Station pressure of the ICAO/ISO 2533 standard atmosphere at an elevation (troposphere), used when a
    /// file gives no pressure: p = 101 325 · (1 − 2.25577·10⁻⁵ · z)^5.25588. [Pa]
    /// - Parameter elevation: height above mean sea level. [m]
    public static func standardPressure(elevation: Double) -> Double {
        101_325 * pow(1 - 2.25577e-5 * elevation, 5.25588)
    }
}
