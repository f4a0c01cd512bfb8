import Foundation

/// The salt property functions a validation run compares, as closures so any implementation plugs in
/// (e.g. the library's `SolarSalt`): `SaltPropertyFunctions(density: { try SolarSalt.density(temperature: $0) }, …)`.
public struct SaltPropertyFunctions: Sendable {
    /// Which implementation this is, shown in the report (e.g. "SolarSalt (Zavoico 2001)").
    public var label: String
    /// Density at a temperature: T [K] → ρ [kg/m³].
    public var density: @Sendable (Double) throws -> Double
    /// Specific heat at a temperature: T [K] → cp [J/(kg·K)].
    public var specificHeat: @Sendable (Double) throws -> Double
    /// Enthalpy change between two temperatures: (T1 [K], T2 [K]) → h(T2) − h(T1) [J/kg].
    public var enthalpyChange: @Sendable (Double, Double) throws -> Double

    public init(label: String, density: @escaping @Sendable (Double) throws -> Double,
                specificHeat: @escaping @Sendable (Double) throws -> Double,
                enthalpyChange: @escaping @Sendable (Double, Double) throws -> Double) {
        self.label = label
        self.density = density
        self.specificHeat = specificHeat
        self.enthalpyChange = enthalpyChange
    }
}

/// Rows comparing a solar-salt property implementation with Zavoico's correlations (SAND2001-2100, as coded in
/// NREL ssc tcs/htf_props.cpp, code 18 `Nitrate_Salt`) at the check temperatures of
/// reference/properties/solar-salt.md, plus the thermal capacity of Delingha-50's 10,093 t inventory.
public enum SaltValidation {
    /// Check temperatures listed in solar-salt.md's property table. [°C]
    public static let checkTemperaturesCelsius: [Double] = [290, 400, 500, 565, 600]
    /// Tolerance for an implementation of the same correlation (relative): rounding only.
    public static let correlationTolerance = 1e-9
    static let source = "Zavoico 2001 (SAND2001-2100) via NREL ssc htf_props.cpp:312/405/803 "
        + "(reference/properties/solar-salt.md, reference/facts.md)"

    /// Zavoico density ρ = 2090 − 0.636·T[°C]. [kg/m³]
    public static func zavoicoDensity(celsius t: Double) -> Double { 2090 - 0.636 * t }
    /// Zavoico specific heat cp = 1443 + 0.172·T[°C]. [J/(kg·K)]
    public static func zavoicoSpecificHeat(celsius t: Double) -> Double { 1443 + 0.172 * t }
    /// Zavoico enthalpy h = 1443·T + 0.086·T² (T in °C, zero at 0 °C), the integral of cp. [J/kg]
    public static func zavoicoEnthalpy(celsius t: Double) -> Double { 1443 * t + 0.086 * t * t }

    /// The group; `model` nil lists the group as skipped (no implementation wired in yet).
    public static func group(model: SaltPropertyFunctions?) -> ValidationGroup {
        ValidationGroup(name: "Solar salt",
                        summary: "Solar-salt (60/40 NaNO3/KNO3) density, cp and enthalpy of "
                            + "\(model?.label ?? "the library's salt model") against Zavoico's correlations at the "
                            + "check temperatures of solar-salt.md.") { _ in
            guard let model else {
                return [ValidationRow.skipped(caseName: "all check temperatures", quantity: "ρ, cp, Δh", unit: "-",
                                              tolerance: correlationTolerance, toleranceKind: .relative,
                                              source: source,
                                              reason: "no salt property implementation wired into `solartower validate` "
                                                + "yet (pass SolarSalt as SaltPropertyFunctions)")]
            }
            return rows(model)
        }
    }

    /// Density, cp and h(T) − h(290 °C) at each check temperature, and the 10,093 t inventory's capacity.
    public static func rows(_ m: SaltPropertyFunctions) -> [ValidationRow] {
        var rows: [ValidationRow] = []
        let note = "implementation of the same correlation: tolerance covers rounding only"
        func value(_ f: () throws -> Double) -> Double? { try? f() }
        for c in checkTemperaturesCelsius {
            let k = c + 273.15
            let name = "T = \(Int(c)) °C"
            rows.append(ValidationRow(caseName: name, quantity: "density", unit: "kg/m³",
                                      ours: value { try m.density(k) }, reference: zavoicoDensity(celsius: c),
                                      tolerance: correlationTolerance, toleranceKind: .relative, source: source,
                                      note: note))
            rows.append(ValidationRow(caseName: name, quantity: "cp", unit: "J/(kg·K)",
                                      ours: value { try m.specificHeat(k) }, reference: zavoicoSpecificHeat(celsius: c),
                                      tolerance: correlationTolerance, toleranceKind: .relative, source: source,
                                      note: note))
            if c != 290 {
                rows.append(ValidationRow(caseName: name, quantity: "h(T) − h(290 °C)", unit: "J/kg",
                                          ours: value { try m.enthalpyChange(563.15, k) },
                                          reference: zavoicoEnthalpy(celsius: c) - zavoicoEnthalpy(celsius: 290),
                                          tolerance: correlationTolerance, toleranceKind: .relative, source: source,
                                          note: note))
            }
        }
        // 10,093 t between 290 and 565 °C: solar-salt.md gives 1169 MWh_t (4 significant digits).
        let mass = 10_093e3
        let energy = value { try m.enthalpyChange(563.15, 838.15) }.map { $0 * mass / 3.6e9 }
        rows.append(ValidationRow(caseName: "Delingha 50 MW inventory 10,093 t, 290→565 °C", quantity: "thermal capacity",
                                  unit: "MWh", ours: energy, reference: 1169, tolerance: 0.5, toleranceKind: .absolute,
                                  source: "reference/properties/solar-salt.md (storage energy table, Zavoico)",
                                  note: "reference printed to 4 digits: tolerance half a unit in its last digit"))
        return rows
    }
}
