import Foundation

/// Properties of "solar salt" (60 wt% NaNO3 / 40 wt% KNO3), liquid phase, as functions of temperature.
///
/// Correlations of Zavoico (2001), *Solar Power Tower Design Basis Document*, SAND2001-2100, as coded in
/// NREL ssc `tcs/htf_props.cpp` (fluid 18, `Nitrate_Salt`). Temperatures in and out are kelvin; the fits are
/// written in °C internally. Fit range 300–600 °C (Zavoico); ssc clamps use 238 °C (liquidus) and 593 °C
/// (nitrate decomposition). Values outside `validRange` are extrapolations: callers check `isValid`.
public enum SolarSalt {
    /// Offset between kelvin and degrees Celsius. [K]
    public static let zeroCelsius = 273.15
    /// Liquidus ("begins to freeze") temperature used by ssc as the salt's minimum. [K]
    public static let freezingTemperature = 238.0 + 273.15
    /// Upper limit (onset of nitrate → nitrite decomposition) used by ssc. [K]
    public static let maximumTemperature = 593.0 + 273.15
    /// Range in which the correlations may be used (ssc limits). [K]
    public static let validRange: ClosedRange<Double> = freezingTemperature...maximumTemperature

    /// True when `temperature` lies inside `validRange`. [K]
    public static func isValid(_ temperature: Double) -> Bool { validRange.contains(temperature) }

    /// Density ρ = 2090 − 0.636·T[°C] (Zavoico 2001). [kg/m³]
    public static func density(_ temperature: Double) -> Double {
        let t = temperature - zeroCelsius
        return max(1000, 2090 - 0.636 * t)
    }

    /// Isobaric specific heat cp = 1443 + 0.172·T[°C] (Zavoico 2001). [J/(kg·K)]
    public static func specificHeat(_ temperature: Double) -> Double {
        1443 + 0.172 * (temperature - zeroCelsius)
    }

    /// Specific enthalpy, zero at 0 °C: h = 1443·T + 0.086·T² (T in °C), the exact integral of `specificHeat`. [J/kg]
    public static func enthalpy(_ temperature: Double) -> Double {
        let t = temperature - zeroCelsius
        return 1443 * t + 0.086 * t * t
    }

    /// Temperature at which `enthalpy` equals `h`: the exact inverse of the quadratic (not ssc's fit). [K]
    /// `h` is specific enthalpy relative to 0 °C. [J/kg]
    public static func temperature(enthalpy h: Double) -> Double {
        // 0.086 t² + 1443 t − h = 0  →  t = (−1443 + √(1443² + 4·0.086·h)) / (2·0.086)
        let disc = max(0, 1443.0 * 1443.0 + 4 * 0.086 * h)
        return (-1443 + disc.squareRoot()) / (2 * 0.086) + zeroCelsius
    }

    /// Dynamic viscosity μ = (22.714 − 0.120·T + 2.281e-4·T² − 1.474e-7·T³)/1000, T in °C (Zavoico 2001). [Pa·s]
    public static func viscosity(_ temperature: Double) -> Double {
        let t = temperature - zeroCelsius
        return max(1e-4, (22.714 - 0.120 * t + 2.281e-4 * t * t - 1.474e-7 * t * t * t) / 1000)
    }

    /// Thermal conductivity k = 0.443 + 1.9e-4·T[°C] (Zavoico 2001). [W/(m·K)]
    public static func conductivity(_ temperature: Double) -> Double {
        0.443 + 1.9e-4 * (temperature - zeroCelsius)
    }
}
