import Foundation
import TOMLKit

/// Installed cost and levelized cost of electricity from a plant file's optional `[costs]` table (USD).
///
/// Installed cost = (direct) × (1 + contingency) × (1 + EPC & owner's costs), with
/// direct = (heliostats + site improvements) per m² of mirror + tower + receiver per kW_t of design thermal power
/// + storage per kWh_t of capacity + power block and balance of plant per kW_e gross — the cost categories of
/// NREL SAM's molten-salt tower model (Wagner & Gilman 2011, NREL/TP-5500-49368; SAM cost defaults).
/// LCOE by the fixed-charge-rate method (Short, Packey & Holt 1995, NREL/TP-462-5173, "simple LCOE"):
/// LCOE = (FCR · installed + O&M fixed · P_net + O&M variable · E) / E, with FCR given or the capital recovery
/// factor r(1+r)ⁿ / ((1+r)ⁿ − 1) of the real discount rate r over n years (no taxes, no degradation).
public struct SweepCosts: Sendable, Equatable {
    /// Heliostats, installed. [USD/m² of mirror]
    public var heliostatPerSquareMetre: Double
    /// Site improvements. [USD/m² of mirror]
    public var siteImprovementPerSquareMetre: Double
    /// Tower (fixed for the sweep: height is not varied). [USD]
    public var tower: Double
    /// Receiver. [USD/kW_t of design thermal power]
    public var receiverPerKilowattThermal: Double
    /// Two-tank storage. [USD/kWh_t of capacity]
    public var storagePerKilowattHourThermal: Double
    /// Power block. [USD/kW_e gross]
    public var powerBlockPerKilowatt: Double
    /// Balance of plant. [USD/kW_e gross]
    public var balanceOfPlantPerKilowatt: Double
    /// Contingency on direct costs. [0–1]
    public var contingencyFraction: Double
    /// EPC and owner's costs on direct + contingency. [0–1]
    public var epcFraction: Double
    /// Fixed O&M per kW_e net nameplate per year. [USD/(kW·yr)]
    public var fixedOMPerKilowattYear: Double
    /// Variable O&M per MWh net. [USD/MWh]
    public var variableOMPerMegawattHour: Double
    /// Fixed charge rate per year. [1/yr]
    public var fixedChargeRate: Double

    /// Capital recovery factor r(1+r)ⁿ / ((1+r)ⁿ − 1); 1/n when r = 0. [1/yr] — rate [1/yr], years [yr]
    public static func capitalRecoveryFactor(rate r: Double, years n: Double) -> Double {
        if r == 0 { return 1 / n }
        let g = pow(1 + r, n)
        return r * g / (g - 1)
    }

    /// Installed cost of a sweep case. [USD] — mirrorArea [m²], receiverPower [W_t], storageCapacity [J], gross [W_e]
    public func installedCost(mirrorArea: Double, receiverPower: Double, storageCapacity: Double, grossRating: Double) -> Double {
        let direct = (heliostatPerSquareMetre + siteImprovementPerSquareMetre) * mirrorArea + tower
            + receiverPerKilowattThermal * receiverPower / 1e3
            + storagePerKilowattHourThermal * storageCapacity / 3.6e6
            + (powerBlockPerKilowatt + balanceOfPlantPerKilowatt) * grossRating / 1e3
        return direct * (1 + contingencyFraction) * (1 + epcFraction)
    }

    /// LCOE. [USD/MWh] — installed [USD], netRating [W_e], annualNet [J per year]; nil when the energy is ≤ 0.
    public func lcoe(installed: Double, netRating: Double, annualNet: Double) -> Double? {
        let mwh = annualNet / 3.6e9
        guard mwh > 0 else { return nil }
        return (fixedChargeRate * installed + fixedOMPerKilowattYear * netRating / 1e3 + variableOMPerMegawattHour * mwh) / mwh
    }

    static let keys: Set<String> = ["heliostat_USD_per_m2", "site_improvement_USD_per_m2", "tower_USD",
                                    "receiver_USD_per_kWt", "storage_USD_per_kWht", "power_block_USD_per_kWe",
                                    "bop_USD_per_kWe", "contingency_fraction", "epc_fraction", "om_fixed_USD_per_kW_yr",
                                    "om_variable_USD_per_MWh", "fixed_charge_rate", "discount_rate", "life_years"]

    /// Reads the optional `[costs]` table of a plant file's text; nil when the file has none. Every key of the
    /// table is required except that either `fixed_charge_rate` or (`discount_rate` and `life_years`) is given.
    public static func parse(toml text: String, path: String) throws -> SweepCosts? {
        let root: TOMLTable
        do { root = try TOMLTable(string: text) } catch {
            throw SweepError(path: path, "cannot read the plant file as TOML: \(error)")
        }
        guard let node = root["costs"] else { return nil }
        guard let t = node.table else { throw SweepError(path: path, "costs: expected a [costs] table") }
        let lines = text.components(separatedBy: "\n")
        func line(_ key: String) -> Int? {
            var inCosts = false
            for (i, l) in lines.enumerated() {
                let s = l.trimmingCharacters(in: .whitespaces)
                if s.hasPrefix("[") { inCosts = s.hasPrefix("[costs]") }
                if inCosts, s.hasPrefix(key), s.dropFirst(key.count).trimmingCharacters(in: .whitespaces).hasPrefix("=") { return i + 1 }
            }
            return nil
        }
        for k in t.keys.sorted() where !keys.contains(k) {
            throw SweepError(path: path, line: line(k), "unknown key costs.\(k); expected one of: \(keys.sorted().joined(separator: ", "))")
        }
        func num(_ k: String, _ range: ClosedRange<Double>, optional: Bool = false) throws -> Double? {
            guard let v = t[k] else {
                if optional { return nil }
                throw SweepError(path: path, line: line("[costs]"), "missing key costs.\(k)")
            }
            guard let d = v.double ?? v.int.map(Double.init), d.isFinite, range.contains(d) else {
                throw SweepError(path: path, line: line(k), "costs.\(k): expected a number in \(range.lowerBound)…\(range.upperBound)")
            }
            return d
        }
        let big = 0.0...1e12
        var fcr = try num("fixed_charge_rate", 0.0...1, optional: true)
        if fcr == nil {
            guard let r = try num("discount_rate", 0.0...0.5, optional: true), let n = try num("life_years", 1...100, optional: true) else {
                throw SweepError(path: path, line: line("[costs]"), "costs: give fixed_charge_rate, or discount_rate and life_years")
            }
            fcr = capitalRecoveryFactor(rate: r, years: n)
        }
        return SweepCosts(
            heliostatPerSquareMetre: try num("heliostat_USD_per_m2", big)!, siteImprovementPerSquareMetre: try num("site_improvement_USD_per_m2", big)!,
            tower: try num("tower_USD", big)!, receiverPerKilowattThermal: try num("receiver_USD_per_kWt", big)!,
            storagePerKilowattHourThermal: try num("storage_USD_per_kWht", big)!, powerBlockPerKilowatt: try num("power_block_USD_per_kWe", big)!,
            balanceOfPlantPerKilowatt: try num("bop_USD_per_kWe", big)!, contingencyFraction: try num("contingency_fraction", 0...1)!,
            epcFraction: try num("epc_fraction", 0...1)!, fixedOMPerKilowattYear: try num("om_fixed_USD_per_kW_yr", big)!,
            variableOMPerMegawattHour: try num("om_variable_USD_per_MWh", big)!, fixedChargeRate: fcr!)
    }
}
