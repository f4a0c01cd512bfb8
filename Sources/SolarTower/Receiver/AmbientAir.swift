import Foundation

/// Dry air properties near atmospheric pressure, for receiver convection.
///
/// Ideal gas density; Sutherland's law for viscosity (White, *Viscous Fluid Flow*, 3rd ed., eq. 1-36);
/// conductivity by Sutherland's form with k₀ = 0.0241 W/(m·K), S = 194 K (White, Table 1-3).
enum Air {
    /// Specific gas constant of dry air. [J/(kg·K)]
    static let gasConstant = 287.05
    /// Density ρ = p/(R·T). `temperature` [K], `pressure` [Pa] → [kg/m³]
    static func density(_ temperature: Double, pressure: Double) -> Double { pressure / (gasConstant * temperature) }
    /// Dynamic viscosity, Sutherland: μ₀ = 1.716e-5 Pa·s at 273.15 K, S = 110.4 K. [Pa·s]
    static func viscosity(_ temperature: Double) -> Double {
        1.716e-5 * pow(temperature / 273.15, 1.5) * (273.15 + 110.4) / (temperature + 110.4)
    }
    /// Thermal conductivity, Sutherland form: k₀ = 0.0241 W/(m·K) at 273.15 K, S = 194 K. [W/(m·K)]
    static func conductivity(_ temperature: Double) -> Double {
        0.0241 * pow(temperature / 273.15, 1.5) * (273.15 + 194) / (temperature + 194)
    }
}
