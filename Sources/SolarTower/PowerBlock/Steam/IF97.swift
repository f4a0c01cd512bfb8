import Foundation

/// Single-phase state of water or steam from IAPWS-IF97, all in SI units.
public struct SteamState: Sendable, Equatable {
    /// IF97 region the state was computed in (1, 2, 3 or 5).
    public var region: Int
    /// Pressure. [Pa]
    public var pressure: Double
    /// Temperature. [K]
    public var temperature: Double
    /// Specific volume. [m³/kg]
    public var specificVolume: Double
    /// Specific enthalpy. [J/kg]
    public var enthalpy: Double
    /// Specific entropy. [J/(kg·K)]
    public var entropy: Double
    /// Specific internal energy. [J/kg]
    public var internalEnergy: Double
    /// Specific isobaric heat capacity. [J/(kg·K)]
    public var cp: Double
    /// Specific isochoric heat capacity. [J/(kg·K)]
    public var cv: Double
    /// Speed of sound. [m/s]
    public var speedOfSound: Double
    /// Density. [kg/m³]
    public var density: Double { 1 / specificVolume }
}

/// A point that may lie in the two-phase region (IF97 region 4): the properties a cycle calculation needs.
public struct SteamPoint: Sendable, Equatable {
    /// Pressure. [Pa]
    public var pressure: Double
    /// Temperature. [K]
    public var temperature: Double
    /// Specific volume. [m³/kg]
    public var specificVolume: Double
    /// Specific enthalpy. [J/kg]
    public var enthalpy: Double
    /// Specific entropy. [J/(kg·K)]
    public var entropy: Double
    /// Vapour mass fraction in the two-phase region; nil for a single-phase state. [-]
    public var quality: Double?

    init(_ s: SteamState) {
        pressure = s.pressure
        temperature = s.temperature
        specificVolume = s.specificVolume
        enthalpy = s.enthalpy
        entropy = s.entropy
        quality = nil
    }

    init(pressure: Double, temperature: Double, specificVolume: Double, enthalpy: Double, entropy: Double,
         quality: Double?) {
        self.pressure = pressure
        self.temperature = temperature
        self.specificVolume = specificVolume
        self.enthalpy = enthalpy
        self.entropy = entropy
        self.quality = quality
    }
}

/// Input outside the range an IF97 equation is valid for.
public struct IF97Error: Error, Sendable, Equatable, CustomStringConvertible {
    /// Which function was called, e.g. "IF97.region1(pressure:temperature:)".
    public var function: String
    /// What was wrong and what was expected.
    public var message: String
    public var description: String { "\(function): \(message)" }
}

/// IAPWS Industrial Formulation 1997 for water and steam: regions 1–5, saturation line, boundaries and the
/// backward equations T(p,h), T(p,s) of regions 1 and 2.
/// Source: IAPWS R7-97(2012), Revised Release on the IAPWS Industrial Formulation 1997 for the Thermodynamic
/// Properties of Water and Steam (equation and table numbers below refer to it).
/// Every function takes and returns SI units (Pa, K, J/kg, J/(kg·K), m³/kg).
public enum IF97 {
    /// Specific gas constant of water used by IF97 (eq. 1). [J/(kg·K)]
    public static let gasConstant = 461.526
    /// Critical temperature (eq. 3). [K]
    public static let criticalTemperature = 647.096
    /// Critical pressure (eq. 4). [Pa]
    public static let criticalPressure = 22.064e6
    /// Critical density (eq. 2). [kg/m³]
    public static let criticalDensity = 322.0
    /// Saturation pressure at 623.15 K, where regions 1, 3 and 4 meet. [Pa]
    public static var saturationPressureAt623K: Double { saturationPressureUnchecked(623.15) }

    static let mpa = 1e6
    static let kJ = 1e3

    // MARK: - Forward equations

    /// Region 1 (compressed liquid) from the Gibbs free energy, eq. 7 and Table 3.
    /// Valid for 273.15 K ≤ T ≤ 623.15 K and p_sat(T) ≤ p ≤ 100 MPa.
    /// - Parameters: pressure [Pa], temperature [K].
    public static func region1(pressure p: Double, temperature t: Double) throws(IF97Error) -> SteamState {
        try require(p > 0 && p <= 100 * mpa, "region1(pressure:temperature:)", "pressure \(p) Pa outside (0, 100 MPa]")
        try require(t >= 273.15 && t <= 623.15, "region1(pressure:temperature:)",
                    "temperature \(t) K outside [273.15, 623.15] K")
        try require(p >= saturationPressureUnchecked(t) * (1 - 1e-9), "region1(pressure:temperature:)",
                    "pressure \(p) Pa below the saturation pressure at \(t) K (vapour: region 2)")
        return try finite(region1Unchecked(p, t), "region1(pressure:temperature:)")
    }

    /// Region 2 (superheated vapour) from the Gibbs free energy, eqs. 15–17 and Table 12.
    /// Valid for 273.15 K ≤ T ≤ 1073.15 K and 0 < p ≤ p_sat(T) (below 623.15 K) or p_B23(T) (above).
    /// - Parameters: pressure [Pa], temperature [K].
    public static func region2(pressure p: Double, temperature t: Double) throws(IF97Error) -> SteamState {
        try require(p > 0 && p <= 100 * mpa, "region2(pressure:temperature:)", "pressure \(p) Pa outside (0, 100 MPa]")
        try require(t >= 273.15 && t <= 1073.15, "region2(pressure:temperature:)",
                    "temperature \(t) K outside [273.15, 1073.15] K")
        let limit = t <= 623.15 ? saturationPressureUnchecked(t) : t <= 863.15 ? boundary23Pressure(temperature: t) : 100 * mpa
        try require(p <= limit * (1 + 1e-9), "region2(pressure:temperature:)",
                    "pressure \(p) Pa above the region-2 limit \(limit) Pa at \(t) K (saturation or B23 line)")
        return try finite(region2Unchecked(p, t), "region2(pressure:temperature:)")
    }

    /// Region 3 (near-critical) from the Helmholtz free energy as a function of density and temperature,
    /// eq. 28 and Table 31. Valid for 623.15 K ≤ T ≤ T_B23(p), p_B23(T) ≤ p ≤ 100 MPa.
    /// - Parameters: density [kg/m³], temperature [K].
    public static func region3(density rho: Double, temperature t: Double) throws(IF97Error) -> SteamState {
        try require(rho > 0 && rho < 1000, "region3(density:temperature:)", "density \(rho) kg/m³ outside (0, 1000)")
        try require(t >= 623.15 && t <= 1073.15, "region3(density:temperature:)",
                    "temperature \(t) K outside [623.15, 1073.15] K")
        return try finite(region3Unchecked(rho, t), "region3(density:temperature:)")
    }

    /// Region 5 (high-temperature steam) from the Gibbs free energy, eqs. 32–34 and Table 40.
    /// Valid for 1073.15 K ≤ T ≤ 2273.15 K and 0 < p ≤ 50 MPa.
    /// - Parameters: pressure [Pa], temperature [K].
    public static func region5(pressure p: Double, temperature t: Double) throws(IF97Error) -> SteamState {
        try require(p > 0 && p <= 50 * mpa, "region5(pressure:temperature:)", "pressure \(p) Pa outside (0, 50 MPa]")
        try require(t >= 1073.15 && t <= 2273.15, "region5(pressure:temperature:)",
                    "temperature \(t) K outside [1073.15, 2273.15] K")
        return try finite(region5Unchecked(p, t), "region5(pressure:temperature:)")
    }

    // MARK: - Saturation line (region 4) and boundaries

    /// Saturation pressure, eq. 30. Valid for 273.15 K ≤ T ≤ 647.096 K.
    /// - Parameter temperature: [K]. - Returns: [Pa]
    public static func saturationPressure(temperature t: Double) throws(IF97Error) -> Double {
        try require(t >= 273.15 && t <= criticalTemperature, "saturationPressure(temperature:)",
                    "temperature \(t) K outside [273.15, 647.096] K")
        return saturationPressureUnchecked(t)
    }

    /// Saturation temperature, eq. 31. Valid for 611.213 Pa ≤ p ≤ 22.064 MPa.
    /// - Parameter pressure: [Pa]. - Returns: [K]
    public static func saturationTemperature(pressure p: Double) throws(IF97Error) -> Double {
        try require(p >= 611.212677 && p <= criticalPressure, "saturationTemperature(pressure:)",
                    "pressure \(p) Pa outside [611.213 Pa, 22.064 MPa]")
        return saturationTemperatureUnchecked(p)
    }

    /// Boundary between regions 2 and 3, p_B23(T), eq. 5. Valid for 623.15 K ≤ T ≤ 863.15 K.
    /// - Parameter temperature: [K]. - Returns: [Pa]
    public static func boundary23Pressure(temperature t: Double) -> Double {
        let n = IF97Table.b23
        return (n[0] + n[1] * t + n[2] * t * t) * mpa
    }

    /// Boundary between regions 2 and 3, T_B23(p), eq. 6. Valid for 16.529 MPa ≤ p ≤ 100 MPa.
    /// - Parameter pressure: [Pa]. - Returns: [K]
    public static func boundary23Temperature(pressure p: Double) -> Double {
        let n = IF97Table.b23
        return n[3] + ((p / mpa - n[4]) / n[2]).squareRoot()
    }

    /// Saturated liquid (x = 0) at a pressure, from region 1. Valid for 611.213 Pa ≤ p ≤ p_sat(623.15 K).
    /// - Parameter pressure: [Pa]
    public static func saturatedLiquid(pressure p: Double) throws(IF97Error) -> SteamState {
        try require(p >= 611.212677 && p <= saturationPressureAt623K, "saturatedLiquid(pressure:)",
                    "pressure \(p) Pa outside [611.213 Pa, 16.529 MPa] (regions 1/2 side of the saturation line)")
        return region1Unchecked(p, saturationTemperatureUnchecked(p))
    }

    /// Saturated vapour (x = 1) at a pressure, from region 2. Valid for 611.213 Pa ≤ p ≤ p_sat(623.15 K).
    /// - Parameter pressure: [Pa]
    public static func saturatedVapour(pressure p: Double) throws(IF97Error) -> SteamState {
        try require(p >= 611.212677 && p <= saturationPressureAt623K, "saturatedVapour(pressure:)",
                    "pressure \(p) Pa outside [611.213 Pa, 16.529 MPa] (regions 1/2 side of the saturation line)")
        return region2Unchecked(p, saturationTemperatureUnchecked(p))
    }

    // MARK: - Region selection

    /// The IF97 region (1, 2, 3 or 5) of a single-phase (p, T) state; on the saturation line, region 1.
    /// - Parameters: pressure [Pa], temperature [K].
    public static func region(pressure p: Double, temperature t: Double) throws(IF97Error) -> Int {
        let f = "region(pressure:temperature:)"
        try require(p.isFinite && t.isFinite, f, "non-finite input p=\(p) Pa, T=\(t) K")
        try require(p > 0, f, "pressure \(p) Pa must be positive")
        if t > 1073.15 {
            try require(t <= 2273.15 && p <= 50 * mpa, f,
                        "T=\(t) K, p=\(p) Pa outside region 5 (1073.15–2273.15 K, ≤ 50 MPa)")
            return 5
        }
        try require(t >= 273.15, f, "temperature \(t) K below 273.15 K")
        try require(p <= 100 * mpa, f, "pressure \(p) Pa above 100 MPa")
        if t <= 623.15 {
            return p >= saturationPressureUnchecked(t) ? 1 : 2
        }
        if t <= 863.15 && p > boundary23Pressure(temperature: t) { return 3 }
        return 2
    }

    /// Single-phase state at (p, T), choosing the region (regions 1, 2, 3, 5). In region 3 the density is solved
    /// from the Helmholtz equation p(ρ, T) = p by safeguarded Newton iteration (relative residual < 1e-13).
    /// - Parameters: pressure [Pa], temperature [K].
    public static func state(pressure p: Double, temperature t: Double) throws(IF97Error) -> SteamState {
        let f = "state(pressure:temperature:)"
        switch try region(pressure: p, temperature: t) {
        case 1: return try finite(region1Unchecked(p, t), f)
        case 2: return try finite(region2Unchecked(p, t), f)
        case 5: return try finite(region5Unchecked(p, t), f)
        default: return try finite(region3Unchecked(try region3Density(pressure: p, temperature: t), t), f)
        }
    }

    /// Density in region 3 at (p, T): root of p(ρ, T) = p by Newton iteration on ln ρ with bisection fallback.
    /// - Parameters: pressure [Pa], temperature [K]. - Returns: [kg/m³]
    public static func region3Density(pressure p: Double, temperature t: Double) throws(IF97Error) -> Double {
        try region3Density(pressure: p, temperature: t, liquid: nil)
    }

    /// Region-3 density on a chosen branch (`liquid` true: densest root, false: least dense root; nil: liquid
    /// below the saturation temperature at subcritical pressure, else vapour).
    static func region3Density(pressure p: Double, temperature t: Double, liquid: Bool?) throws(IF97Error) -> Double {
        let f = "region3Density(pressure:temperature:)"
        try require(p.isFinite && t.isFinite && p > 0, f, "invalid input p=\(p) Pa, T=\(t) K")
        // Liquid-like below the saturation temperature (subcritical pressure): take the densest root;
        // otherwise the least dense one. Scan a grid for the sign change, then refine.
        let liquidLike = liquid ?? (p < criticalPressure && t < saturationTemperatureUnchecked(p))
        let steps = 300, rhoMin = 30.0, rhoMax = 900.0
        func residual(_ rho: Double) -> Double { region3Derivatives(rho, t).pressure - p }
        var lo = 0.0, hi = 0.0
        var found = false
        var previous = liquidLike ? rhoMax : rhoMin
        var previousValue = residual(previous)
        for k in 1...steps {
            let rho = liquidLike ? rhoMax - (rhoMax - rhoMin) * Double(k) / Double(steps)
                                 : rhoMin + (rhoMax - rhoMin) * Double(k) / Double(steps)
            let value = residual(rho)
            if liquidLike ? (previousValue >= 0 && value <= 0) : (previousValue <= 0 && value >= 0) {
                lo = min(rho, previous); hi = max(rho, previous)
                found = true
                break
            }
            previous = rho; previousValue = value
        }
        try require(found, f, "no region-3 density in [30, 900] kg/m³ for p=\(p) Pa, T=\(t) K")
        var rho = 0.5 * (lo + hi)
        for _ in 0..<200 {
            let s = region3Derivatives(rho, t)
            let value = s.pressure - p
            if abs(value) <= 1e-13 * p { return rho }
            if value < 0 { lo = rho } else { hi = rho }
            var next = rho - value / s.dpdrho
            if !(s.dpdrho > 0) || !(next > lo && next < hi) { next = 0.5 * (lo + hi) }
            if abs(next - rho) <= 1e-15 * rho { return next }
            rho = next
        }
        throw IF97Error(function: "IF97." + f, message: "no convergence for p=\(p) Pa, T=\(t) K")
    }

    // MARK: - Backward equations (regions 1 and 2)

    /// Region 1 backward equation T(p,h), eq. 11 and Table 6 (consistent with eq. 7 to about 25 mK).
    /// - Parameters: pressure [Pa], enthalpy [J/kg]. - Returns: [K]
    public static func region1Temperature(pressure p: Double, enthalpy h: Double) -> Double {
        polynomial(IF97Table.region1TPH, p / mpa, h / (2500 * kJ) + 1)
    }

    /// Region 1 backward equation T(p,s), eq. 13 and Table 8.
    /// - Parameters: pressure [Pa], entropy [J/(kg·K)]. - Returns: [K]
    public static func region1Temperature(pressure p: Double, entropy s: Double) -> Double {
        polynomial(IF97Table.region1TPS, p / mpa, s / kJ + 2)
    }

    /// Subregions of region 2 used by the backward equations (Fig. 2 of the release).
    public enum Region2Subregion: String, Sendable { case a = "2a", b = "2b", c = "2c" }

    /// Subregion of a region-2 (p, h) point: 2a for p ≤ 4 MPa, else 2b/2c split by the B2bc line, eq. 21.
    /// - Parameters: pressure [Pa], enthalpy [J/kg].
    public static func region2Subregion(pressure p: Double, enthalpy h: Double) -> Region2Subregion {
        if p <= 4 * mpa { return .a }
        let n = IF97Table.b2bc
        let hbc = (n[3] + ((p / mpa - n[4]) / n[2]).squareRoot()) * kJ
        return h >= hbc ? .b : .c
    }

    /// Subregion of a region-2 (p, s) point: 2a for p ≤ 4 MPa, else 2b for s ≥ 5.85 kJ/(kg·K), else 2c.
    /// - Parameters: pressure [Pa], entropy [J/(kg·K)].
    public static func region2Subregion(pressure p: Double, entropy s: Double) -> Region2Subregion {
        if p <= 4 * mpa { return .a }
        return s >= 5.85 * kJ ? .b : .c
    }

    /// Region 2 backward equation T(p,h) of a given subregion: eqs. 22 (2a), 23 (2b), 24 (2c).
    /// - Parameters: pressure [Pa], enthalpy [J/kg]. - Returns: [K]
    public static func region2Temperature(pressure p: Double, enthalpy h: Double,
                                          subregion: Region2Subregion) -> Double {
        let pi = p / mpa, eta = h / (2000 * kJ)
        switch subregion {
        case .a: return polynomial(IF97Table.region2aTPH, pi, eta - 2.1)
        case .b: return polynomial(IF97Table.region2bTPH, pi - 2, eta - 2.6)
        case .c: return polynomial(IF97Table.region2cTPH, pi + 25, eta - 1.8)
        }
    }

    /// Region 2 backward equation T(p,s) of a given subregion: eqs. 25 (2a), 26 (2b), 27 (2c).
    /// - Parameters: pressure [Pa], entropy [J/(kg·K)]. - Returns: [K]
    public static func region2Temperature(pressure p: Double, entropy s: Double,
                                          subregion: Region2Subregion) -> Double {
        let pi = p / mpa, sk = s / kJ
        switch subregion {
        case .a: return polynomial(IF97Table.region2aTPS, pi, sk / 2 - 2)
        case .b: return polynomial(IF97Table.region2bTPS, pi, 10 - sk / 0.7853)
        case .c: return polynomial(IF97Table.region2cTPS, pi, 2 - sk / 2.9251)
        }
    }

    /// Subregions of region 3 used by the backward equations of IAPWS SR3-03(2014).
    public enum Region3Subregion: String, Sendable { case a = "3a", b = "3b" }

    /// Region 3 subregion of a (p, h) point: 3a when h ≤ h_3ab(p) (SR3-03 eq. 1), else 3b.
    /// - Parameters: pressure [Pa], enthalpy [J/kg].
    public static func region3Subregion(pressure p: Double, enthalpy h: Double) -> Region3Subregion {
        let n = IF97Table.b3ab, pi = p / mpa
        return h <= (n[0] + pi * (n[1] + pi * (n[2] + pi * n[3]))) * kJ ? .a : .b
    }

    /// Region 3 subregion of a (p, s) point: 3a when s ≤ s_c = 4.41202148223476 kJ/(kg·K), else 3b.
    /// - Parameters: pressure [Pa], entropy [J/(kg·K)].
    public static func region3Subregion(pressure p: Double, entropy s: Double) -> Region3Subregion {
        s <= 4.41202148223476 * kJ ? .a : .b
    }

    /// Region 3 backward equation T(p,h): IAPWS SR3-03(2014) eqs. 2 (3a) and 3 (3b). Subregion chosen by
    /// `region3Subregion(pressure:enthalpy:)` unless given.
    /// - Parameters: pressure [Pa], enthalpy [J/kg]. - Returns: [K]
    public static func region3Temperature(pressure p: Double, enthalpy h: Double,
                                          subregion: Region3Subregion? = nil) -> Double {
        let pi = p / (100 * mpa)
        switch subregion ?? region3Subregion(pressure: p, enthalpy: h) {
        case .a: return 760 * polynomial(IF97Table.region3aTPH, pi + 0.240, h / (2300 * kJ) - 0.615)
        case .b: return 860 * polynomial(IF97Table.region3bTPH, pi + 0.298, h / (2800 * kJ) - 0.720)
        }
    }

    /// Region 3 backward equation T(p,s): IAPWS SR3-03(2014) eqs. 6 (3a) and 7 (3b).
    /// - Parameters: pressure [Pa], entropy [J/(kg·K)]. - Returns: [K]
    public static func region3Temperature(pressure p: Double, entropy s: Double,
                                          subregion: Region3Subregion? = nil) -> Double {
        let pi = p / (100 * mpa)
        switch subregion ?? region3Subregion(pressure: p, entropy: s) {
        case .a: return 760 * polynomial(IF97Table.region3aTPS, pi + 0.240, s / (4.4 * kJ) - 0.703)
        case .b: return 860 * polynomial(IF97Table.region3bTPS, pi + 0.760, s / (5.3 * kJ) - 0.818)
        }
    }

    /// Temperature at (p, h): region 1 or 2 backward equation refined by Newton iteration on the forward equation
    /// (to 1e-12 relative), the saturation temperature in the two-phase region, and Newton iteration on the
    /// forward equations in regions 3 and 5.
    /// - Parameters: pressure [Pa], enthalpy [J/kg]. - Returns: [K]
    public static func temperature(pressure p: Double, enthalpy h: Double) throws(IF97Error) -> Double {
        try state(pressure: p, enthalpy: h).temperature
    }

    /// State at (p, h), two-phase included (see `temperature(pressure:enthalpy:)`).
    /// - Parameters: pressure [Pa], enthalpy [J/kg].
    public static func state(pressure p: Double, enthalpy h: Double) throws(IF97Error) -> SteamPoint {
        try solve(pressure: p, target: h, name: "state(pressure:enthalpy:)", value: { $0.enthalpy },
                  slope: { $0.cp }, backward1: { region1Temperature(pressure: p, enthalpy: h) },
                  backward2: { region2Temperature(pressure: p, enthalpy: h,
                                                  subregion: region2Subregion(pressure: p, enthalpy: h)) })
    }

    /// State at (p, s), two-phase included: backward equations refined by Newton iteration to 1e-12 relative.
    /// - Parameters: pressure [Pa], entropy [J/(kg·K)].
    public static func state(pressure p: Double, entropy s: Double) throws(IF97Error) -> SteamPoint {
        try solve(pressure: p, target: s, name: "state(pressure:entropy:)", value: { $0.entropy },
                  slope: { $0.cp / $0.temperature }, backward1: { region1Temperature(pressure: p, entropy: s) },
                  backward2: { region2Temperature(pressure: p, entropy: s,
                                                  subregion: region2Subregion(pressure: p, entropy: s)) })
    }

    /// Shared (p, x) → T solver, where x is h or s, increasing with T at fixed p with slope `slope`.
    static func solve(pressure p: Double, target x: Double, name: String, value: (SteamState) -> Double,
                      slope: (SteamState) -> Double, backward1: () -> Double,
                      backward2: () -> Double) throws(IF97Error) -> SteamPoint {
        try require(p.isFinite && x.isFinite, name, "non-finite input p=\(p) Pa, x=\(x)")
        try require(p >= 611.212677 && p <= 100 * mpa, name, "pressure \(p) Pa outside [611.213 Pa, 100 MPa]")
        let f = name
        // Newton refinement on the forward equation of the region, from the backward estimate.
        func refine(_ t0: Double, lowT: Double, highT: Double) throws(IF97Error) -> SteamState {
            var t = min(max(t0, lowT), highT)
            for _ in 0..<50 {
                let st = try state(pressure: p, temperature: t)
                let r = value(st) - x
                if abs(r) <= 1e-12 * max(abs(x), 1) { return st }
                let next = min(max(t - r / slope(st), lowT), highT)
                if abs(next - t) <= 1e-13 * t {
                    let st = try state(pressure: p, temperature: next)
                    if abs(value(st) - x) <= 1e-9 * max(abs(x), 1) { return st }
                    break
                }
                t = next
            }
            throw IF97Error(function: "IF97." + f, message: "no convergence at p=\(p) Pa, target \(x)")
        }
        if p <= saturationPressureAt623K {
            let ts = saturationTemperatureUnchecked(p)
            let liquid = region1Unchecked(p, ts), vapour = region2Unchecked(p, ts)
            let xl = value(liquid), xv = value(vapour)
            if x >= xl && x <= xv {
                let q = (x - xl) / (xv - xl)
                return SteamPoint(pressure: p, temperature: ts,
                                  specificVolume: liquid.specificVolume + q * (vapour.specificVolume - liquid.specificVolume),
                                  enthalpy: liquid.enthalpy + q * (vapour.enthalpy - liquid.enthalpy),
                                  entropy: liquid.entropy + q * (vapour.entropy - liquid.entropy), quality: q)
            }
            if x < xl {
                try require(x >= value(region1Unchecked(p, 273.15)), f, "target \(x) below the state at 273.15 K")
                return SteamPoint(try refine(backward1(), lowT: 273.15, highT: ts))
            }
            let top = region2Unchecked(p, 1073.15)
            if x <= value(top) { return SteamPoint(try refine(backward2(), lowT: ts, highT: 1073.15)) }
            try require(p <= 50 * mpa && x <= value(region5Unchecked(p, 2273.15)), f,
                        "target \(x) above the state at 2273.15 K")
            return SteamPoint(try refine(1073.15 + (x - value(top)) / slope(top), lowT: 1073.15, highT: 2273.15))
        }
        // Above p_sat(623.15 K): region 1 up to 623.15 K, region 3 up to T_B23, region 2 up to 1073.15 K, region 5.
        let x13 = value(region1Unchecked(p, 623.15))
        try require(x >= value(region1Unchecked(p, 273.15)), f, "target \(x) below the state at 273.15 K")
        if x <= x13 { return SteamPoint(try refine(backward1(), lowT: 273.15, highT: 623.15)) }
        let tb23 = min(boundary23Temperature(pressure: p), 863.15)
        let x23 = value(try state(pressure: p, temperature: tb23))
        if x < x23 {
            var lo = 623.15, hi = tb23
            if p < criticalPressure {
                // Two-phase part of region 4 above 623.15 K: saturated states from the region-3 equation.
                let ts = saturationTemperatureUnchecked(p)
                let liquid = region3Unchecked(try region3Density(pressure: p, temperature: ts, liquid: true), ts)
                let vapour = region3Unchecked(try region3Density(pressure: p, temperature: ts, liquid: false), ts)
                let xl = value(liquid), xv = value(vapour)
                if x >= xl && x <= xv {
                    let q = xv > xl ? (x - xl) / (xv - xl) : 0.5
                    return SteamPoint(pressure: p, temperature: ts,
                                      specificVolume: liquid.specificVolume + q * (vapour.specificVolume - liquid.specificVolume),
                                      enthalpy: liquid.enthalpy + q * (vapour.enthalpy - liquid.enthalpy),
                                      entropy: liquid.entropy + q * (vapour.entropy - liquid.entropy), quality: q)
                }
                if x < xl { hi = ts } else { lo = ts }
            }
            // Region 3 single phase: bisection-safeguarded Newton on T.
            var t = 0.5 * (lo + hi)
            for _ in 0..<200 {
                let st = try state(pressure: p, temperature: t)
                let r = value(st) - x
                if abs(r) <= 1e-12 * max(abs(x), 1) { return SteamPoint(st) }
                if r < 0 { lo = t } else { hi = t }
                var next = t - r / slope(st)
                if !(next > lo && next < hi) { next = 0.5 * (lo + hi) }
                if hi - lo <= 1e-12 * t { break }
                t = next
            }
            let st = try state(pressure: p, temperature: t)
            try require(abs(value(st) - x) <= 1e-9 * max(abs(x), 1), f,
                        "no convergence in region 3 at p=\(p) Pa, target \(x)")
            return SteamPoint(st)
        }
        let top = region2Unchecked(p, 1073.15)
        if x <= value(top) { return SteamPoint(try refine(backward2(), lowT: tb23, highT: 1073.15)) }
        try require(p <= 50 * mpa && x <= value(region5Unchecked(p, 2273.15)), f,
                    "target \(x) above the state at 2273.15 K")
        return SteamPoint(try refine(1073.15 + (x - value(top)) / slope(top), lowT: 1073.15, highT: 2273.15))
    }

    // MARK: - Internals

    /// The state, or an error when any property is not finite (e.g. inside the two-phase dome of region 3).
    static func finite(_ s: SteamState, _ function: String) throws(IF97Error) -> SteamState {
        let all = [s.pressure, s.temperature, s.specificVolume, s.enthalpy, s.entropy, s.internalEnergy, s.cp, s.cv,
                   s.speedOfSound]
        try require(all.allSatisfy(\.isFinite) && s.pressure > 0 && s.specificVolume > 0 && s.cp > 0, function,
                    "no stable single-phase state at p=\(s.pressure) Pa, T=\(s.temperature) K "
                        + "(equation evaluated outside its stable domain)")
        return s
    }

    static func require(_ condition: Bool, _ function: String, _ message: @autoclosure () -> String) throws(IF97Error) {
        if !condition { throw IF97Error(function: "IF97." + function, message: message()) }
    }

    /// x^e for a real exponent; integer exponents by repeated multiplication (exact for negative bases).
    @inline(__always) static func power(_ x: Double, _ e: Double) -> Double {
        if e == e.rounded() && abs(e) < 64 {
            var n = Int(e), base = x, result = 1.0
            if n < 0 { base = 1 / x; n = -n }
            while n > 0 {
                if n & 1 == 1 { result *= base }
                base *= base
                n >>= 1
            }
            return result
        }
        return Foundation.pow(x, e)
    }

    /// Σ n_i a^I_i b^J_i.
    static func polynomial(_ t: IF97Terms, _ a: Double, _ b: Double) -> Double {
        var sum = 0.0
        for k in 0..<t.n.count { sum += t.n[k] * power(a, t.i[k]) * power(b, t.j[k]) }
        return sum
    }

    static func saturationPressureUnchecked(_ t: Double) -> Double {
        let n = IF97Table.region4
        let theta = t + n[8] / (t - n[9])
        let a = theta * theta + n[0] * theta + n[1]
        let b = n[2] * theta * theta + n[3] * theta + n[4]
        let c = n[5] * theta * theta + n[6] * theta + n[7]
        let ratio = 2 * c / (-b + (b * b - 4 * a * c).squareRoot())
        return ratio * ratio * ratio * ratio * mpa
    }

    static func saturationTemperatureUnchecked(_ p: Double) -> Double {
        let n = IF97Table.region4
        let beta = Foundation.pow(p / mpa, 0.25)
        let e = beta * beta + n[2] * beta + n[5]
        let f = n[0] * beta * beta + n[3] * beta + n[6]
        let g = n[1] * beta * beta + n[4] * beta + n[7]
        let d = 2 * g / (-f - (f * f - 4 * e * g).squareRoot())
        return (n[9] + d - ((n[9] + d) * (n[9] + d) - 4 * (n[8] + n[9] * d)).squareRoot()) / 2
    }

    /// Dimensionless Gibbs free energy γ and its derivatives.
    struct Gibbs {
        var g = 0.0, gp = 0.0, gpp = 0.0, gt = 0.0, gtt = 0.0, gpt = 0.0
    }

    static func region1Unchecked(_ p: Double, _ t: Double) -> SteamState {
        let pi = p / (16.53 * mpa), tau = 1386 / t
        let a = 7.1 - pi, b = tau - 1.222
        let tab = IF97Table.region1
        var g = Gibbs()
        for k in 0..<tab.n.count {
            let i = tab.i[k], j = tab.j[k], n = tab.n[k]
            let ai = power(a, i), bj = power(b, j)
            let ai1 = power(a, i - 1), bj1 = power(b, j - 1)
            g.g += n * ai * bj
            g.gp -= n * i * ai1 * bj
            g.gpp += n * i * (i - 1) * power(a, i - 2) * bj
            g.gt += n * ai * j * bj1
            g.gtt += n * ai * j * (j - 1) * power(b, j - 2)
            g.gpt -= n * i * ai1 * j * bj1
        }
        let rt = gasConstant * t
        let w2 = rt * g.gp * g.gp / ((g.gp - tau * g.gpt) * (g.gp - tau * g.gpt) / (tau * tau * g.gtt) - g.gpp)
        return SteamState(region: 1, pressure: p, temperature: t, specificVolume: pi * g.gp * rt / p,
                          enthalpy: rt * tau * g.gt, entropy: gasConstant * (tau * g.gt - g.g),
                          internalEnergy: rt * (tau * g.gt - pi * g.gp), cp: -gasConstant * tau * tau * g.gtt,
                          cv: gasConstant * (-tau * tau * g.gtt + (g.gp - tau * g.gpt) * (g.gp - tau * g.gpt) / g.gpp),
                          speedOfSound: w2.squareRoot())
    }

    /// Gibbs-form state for regions 2 and 5 (ideal-gas part + residual part), eqs. 15–17 / 32–34.
    static func gibbsGas(region: Int, p: Double, t: Double, tStar: Double, tauShift: Double, idealJ: [Double],
                         idealN: [Double], residual: IF97Terms) -> SteamState {
        let pi = p / mpa, tau = tStar / t
        var o = Gibbs()
        o.g = Foundation.log(pi)
        o.gp = 1 / pi
        o.gpp = -1 / (pi * pi)
        for k in 0..<idealN.count {
            let j = idealJ[k], n = idealN[k]
            o.g += n * power(tau, j)
            o.gt += n * j * power(tau, j - 1)
            o.gtt += n * j * (j - 1) * power(tau, j - 2)
        }
        var r = Gibbs()
        let b = tau - tauShift
        for k in 0..<residual.n.count {
            let i = residual.i[k], j = residual.j[k], n = residual.n[k]
            let pii = power(pi, i), pii1 = power(pi, i - 1)
            let bj = power(b, j), bj1 = power(b, j - 1)
            r.g += n * pii * bj
            r.gp += n * i * pii1 * bj
            r.gpp += n * i * (i - 1) * power(pi, i - 2) * bj
            r.gt += n * pii * j * bj1
            r.gtt += n * pii * j * (j - 1) * power(b, j - 2)
            r.gpt += n * i * pii1 * j * bj1
        }
        let rt = gasConstant * t
        let gtt = o.gtt + r.gtt
        let x = 1 + pi * r.gp - tau * pi * r.gpt
        let w2 = rt * (1 + 2 * pi * r.gp + pi * pi * r.gp * r.gp)
            / ((1 - pi * pi * r.gpp) + x * x / (tau * tau * gtt))
        return SteamState(region: region, pressure: p, temperature: t,
                          specificVolume: pi * (o.gp + r.gp) * rt / p, enthalpy: rt * tau * (o.gt + r.gt),
                          entropy: gasConstant * (tau * (o.gt + r.gt) - (o.g + r.g)),
                          internalEnergy: rt * (tau * (o.gt + r.gt) - pi * (o.gp + r.gp)),
                          cp: -gasConstant * tau * tau * gtt,
                          cv: gasConstant * (-tau * tau * gtt - x * x / (1 - pi * pi * r.gpp)),
                          speedOfSound: w2.squareRoot())
    }

    static func region2Unchecked(_ p: Double, _ t: Double) -> SteamState {
        gibbsGas(region: 2, p: p, t: t, tStar: 540, tauShift: 0.5, idealJ: IF97Table.region2IdealJ,
                 idealN: IF97Table.region2IdealN, residual: IF97Table.region2Residual)
    }

    static func region5Unchecked(_ p: Double, _ t: Double) -> SteamState {
        gibbsGas(region: 5, p: p, t: t, tStar: 1000, tauShift: 0, idealJ: IF97Table.region5IdealJ,
                 idealN: IF97Table.region5IdealN, residual: IF97Table.region5Residual)
    }

    /// Dimensionless Helmholtz free energy φ(δ, τ) of region 3 and its derivatives.
    struct Helmholtz {
        var f = 0.0, fd = 0.0, fdd = 0.0, ft = 0.0, ftt = 0.0, fdt = 0.0
    }

    static func region3Helmholtz(_ rho: Double, _ t: Double) -> (Helmholtz, delta: Double, tau: Double) {
        let delta = rho / criticalDensity, tau = criticalTemperature / t
        let n1 = IF97Table.region3LogN
        var h = Helmholtz(f: n1 * Foundation.log(delta), fd: n1 / delta, fdd: -n1 / (delta * delta))
        let tab = IF97Table.region3
        for k in 0..<tab.n.count {
            let i = tab.i[k], j = tab.j[k], n = tab.n[k]
            let di = power(delta, i), di1 = power(delta, i - 1)
            let tj = power(tau, j), tj1 = power(tau, j - 1)
            h.f += n * di * tj
            h.fd += n * i * di1 * tj
            h.fdd += n * i * (i - 1) * power(delta, i - 2) * tj
            h.ft += n * di * j * tj1
            h.ftt += n * di * j * (j - 1) * power(tau, j - 2)
            h.fdt += n * i * di1 * j * tj1
        }
        return (h, delta, tau)
    }

    static func region3Derivatives(_ rho: Double, _ t: Double) -> (pressure: Double, dpdrho: Double) {
        let (h, d, _) = region3Helmholtz(rho, t)
        let rt = gasConstant * t
        return (rho * rt * d * h.fd, rt * (2 * d * h.fd + d * d * h.fdd))
    }

    static func region3Unchecked(_ rho: Double, _ t: Double) -> SteamState {
        let (h, d, tau) = region3Helmholtz(rho, t)
        let rt = gasConstant * t
        let x = d * h.fd - d * tau * h.fdt
        let y = 2 * d * h.fd + d * d * h.fdd
        let w2 = rt * (y - x * x / (tau * tau * h.ftt))
        return SteamState(region: 3, pressure: rho * rt * d * h.fd, temperature: t, specificVolume: 1 / rho,
                          enthalpy: rt * (tau * h.ft + d * h.fd), entropy: gasConstant * (tau * h.ft - h.f),
                          internalEnergy: rt * tau * h.ft, cp: gasConstant * (-tau * tau * h.ftt + x * x / y),
                          cv: -gasConstant * tau * tau * h.ftt, speedOfSound: w2.squareRoot())
    }
}
