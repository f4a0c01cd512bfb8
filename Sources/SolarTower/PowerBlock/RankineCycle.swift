import Foundation

/// Steam Rankine power block driven by hot salt: gross efficiency vs load, hot-salt and condenser temperature;
/// minimum load, startup time and energy, optional standby; condenser (cooling) parasitic.
///
/// A normalized-performance model in the spirit of NREL SAM's Type 224 (Wagner & Gilman 2011, NREL/TP-5500-49368,
/// §5): η = η_des · f_load(L) · C(T_cond, T_H)/C(T_cond,des, T_H,des), where
/// - f_load is the Willans line: gross power linear in heat input with a no-load heat fraction L₀,
///   so f_load = (L − L₀)/(L·(1 − L₀)) (Willans 1888; e.g. Cotton, *Operation of Steam Turbines*);
/// - C = 1 − T_cond/T_H is a Carnot factor between the condensing temperature and an equivalent mean
///   heat-addition temperature T_H, which moves by half the hot-salt temperature change;
/// - the condenser follows ssc `CSP::ACC` / `CSP::evap_tower`: dry (air-cooled) T_cond = T_db + 3 K + (ITD − 3 K)·L;
///   wet (evaporative) T_cond = T_wb + ΔT_cw·L + 3 K + approach; never below the saturation temperature of
///   the minimum condenser pressure (IAPWS-IF97 region 4); fans/pumps throttle back when that limit binds.
public struct RankineCycle: Sendable, Equatable {
    /// Condenser cooling type.
    public enum Cooling: String, Sendable, Equatable, Codable { case dry, wet }

    /// Fixed design of the power block. SI units.
    public struct Spec: Sendable, Equatable, Codable {
        /// Rated gross electric output. [W]
        public var grossRating: Double
        /// Gross efficiency at design (rated load, design salt and ambient). [0–1]
        public var designEfficiency: Double
        /// Design hot-salt inlet temperature. [K]
        public var hotTemperature: Double
        /// Salt return (cold) temperature. [K]
        public var coldTemperature: Double
        /// Condenser cooling type.
        public var cooling: Cooling
        /// Design ambient (dry bulb for dry cooling, wet bulb for wet). [K]
        public var designAmbient: Double
        /// Dry: initial temperature difference at design; wet: cooling-water range ΔT_cw at design. [K]
        public var condenserDeltaT: Double
        /// Wet cooling tower approach to wet bulb (unused for dry). [K]
        public var approach: Double
        /// Minimum condenser pressure. [Pa]
        public var minCondenserPressure: Double
        /// Equivalent mean heat-addition temperature of the steam cycle at design. [K]
        public var heatAdditionTemperature: Double
        /// Willans no-load heat as a fraction of design heat input. [0–1)
        public var noLoadFraction: Double
        /// Minimum load (cut-off) as a fraction of design heat input. [0–1]
        public var minLoadFraction: Double
        /// Maximum load as a fraction of design heat input (and of design salt flow). [-]
        public var maxLoadFraction: Double
        /// Minimum startup duration. [s]
        public var startupTime: Double
        /// Startup heat as a multiple of one hour at design heat input. [h]
        public var startupEnergyFraction: Double
        /// Standby heat as a fraction of design heat input. [0–1]
        public var standbyFraction: Double
        /// Condenser fans/pumps electric power at design, as a fraction of gross rating. [0–1]
        public var coolingPowerFraction: Double

        public init(grossRating: Double, designEfficiency: Double, hotTemperature: Double, coldTemperature: Double,
                    cooling: Cooling, designAmbient: Double, condenserDeltaT: Double, approach: Double,
                    minCondenserPressure: Double, heatAdditionTemperature: Double, noLoadFraction: Double,
                    minLoadFraction: Double, maxLoadFraction: Double, startupTime: Double,
                    startupEnergyFraction: Double, standbyFraction: Double, coolingPowerFraction: Double) {
            self.grossRating = grossRating; self.designEfficiency = designEfficiency
            self.hotTemperature = hotTemperature; self.coldTemperature = coldTemperature; self.cooling = cooling
            self.designAmbient = designAmbient; self.condenserDeltaT = condenserDeltaT; self.approach = approach
            self.minCondenserPressure = minCondenserPressure; self.heatAdditionTemperature = heatAdditionTemperature
            self.noLoadFraction = noLoadFraction; self.minLoadFraction = minLoadFraction
            self.maxLoadFraction = maxLoadFraction; self.startupTime = startupTime
            self.startupEnergyFraction = startupEnergyFraction; self.standbyFraction = standbyFraction
            self.coolingPowerFraction = coolingPowerFraction
        }

        /// Design heat input = gross rating / design efficiency. [W]
        public var designHeatInput: Double { grossRating / designEfficiency }
        /// Design salt flow through the steam generator. [kg/s]
        public var designMassFlow: Double {
            designHeatInput / (SolarSalt.enthalpy(hotTemperature) - SolarSalt.enthalpy(coldTemperature))
        }
        /// Startup heat. [J]
        public var startupEnergy: Double { startupEnergyFraction * designHeatInput * 3600 }
    }

    /// Operating mode.
    public enum Mode: String, Sendable, Equatable, Codable { case off, startingUp, standby, on }

    /// Cycle state carried between steps.
    public struct State: Sendable, Equatable {
        public var mode: Mode
        /// Startup heat still required. [J]
        public var startupEnergyRemaining: Double
        /// Startup time still required. [s]
        public var startupTimeRemaining: Double
        public init(mode: Mode, startupEnergyRemaining: Double, startupTimeRemaining: Double) {
            self.mode = mode; self.startupEnergyRemaining = startupEnergyRemaining
            self.startupTimeRemaining = startupTimeRemaining
        }
    }

    /// Operating point at steady load.
    public struct OperatingPoint: Sendable, Equatable {
        /// Gross efficiency. [0–1]
        public var efficiency: Double
        /// Condensing temperature. [K]
        public var condenserTemperature: Double
        /// Condenser fans/pumps electric power. [W]
        public var coolingPower: Double
    }

    public var spec: Spec
    public init(spec: Spec) { self.spec = spec }

    /// State of a cold cycle.
    public var coldState: State {
        State(mode: .off, startupEnergyRemaining: spec.startupEnergy, startupTimeRemaining: spec.startupTime)
    }

    /// Condensing temperature at load `L` [-] and cooling-side ambient [K], before the minimum-pressure limit. [K]
    func unclampedCondenserTemperature(load: Double, ambient: Double) -> Double {
        switch spec.cooling {
        case .dry: return ambient + 3 + (spec.condenserDeltaT - 3) * load
        case .wet: return ambient + spec.condenserDeltaT * load + 3 + spec.approach
        }
    }

    /// Design condensing temperature (no minimum-pressure limit at design). [K]
    public var designCondenserTemperature: Double {
        max(unclampedCondenserTemperature(load: 1, ambient: spec.designAmbient),
            saturationTemperatureIF97(pressure: spec.minCondenserPressure))
    }

    /// Gross efficiency, condensing temperature and cooling power at load fraction `load` [-] (heat input over
    /// design heat input), hot-salt temperature [K] and cooling-side ambient [K] (dry bulb, or wet bulb for wet).
    public func operatingPoint(load: Double, hotSaltTemperature: Double, ambient: Double) -> OperatingPoint {
        let l = max(load, 1e-6)
        let tMin = saturationTemperatureIF97(pressure: spec.minCondenserPressure)
        let raw = unclampedCondenserTemperature(load: l, ambient: ambient)
        let tCond = max(raw, tMin)
        // Fans/pumps throttle so that the condenser stays at the minimum pressure (ssc: bays switched off).
        var flowRatio = 1.0
        if raw < tMin {
            let available = tMin - ambient - 3 - (spec.cooling == .wet ? spec.approach : 0)
            let needed = (raw - ambient - 3 - (spec.cooling == .wet ? spec.approach : 0))
            flowRatio = available > 0 ? min(1, max(0, needed / available)) : 0
        }
        let tH = spec.heatAdditionTemperature + 0.5 * (hotSaltTemperature - spec.hotTemperature)
        let tHDes = spec.heatAdditionTemperature
        let carnot = (1 - tCond / tH) / (1 - designCondenserTemperature / tHDes)
        let l0 = spec.noLoadFraction
        let willans = max(0, (l - l0) / (l * (1 - l0)))
        return OperatingPoint(efficiency: max(0, spec.designEfficiency * willans * carnot), condenserTemperature: tCond,
                              coolingPower: spec.coolingPowerFraction * spec.grossRating * flowRatio)
    }

    /// Largest heat input at hot-salt temperature `T` [K]: salt flow limited to `maxLoadFraction` × design flow. [W]
    public func maxHeatInput(hotSaltTemperature t: Double) -> Double {
        let dh = max(0, SolarSalt.enthalpy(t) - SolarSalt.enthalpy(spec.coldTemperature))
        return min(spec.maxLoadFraction * spec.designHeatInput, spec.maxLoadFraction * spec.designMassFlow * dh)
    }

    /// Result of one step of the power block.
    public struct Report: Sendable, Equatable {
        /// Heat taken from the salt. [W]
        public var heatInput: Double = 0
        /// Heat spent on startup (rejected). [W]
        public var startupHeat: Double = 0
        /// Heat spent on standby (rejected). [W]
        public var standbyHeat: Double = 0
        /// Gross electric output. [W]
        public var gross: Double = 0
        /// Heat rejected (condenser, startup and standby). [W]
        public var rejected: Double = 0
        /// Condenser fans/pumps power. [W]
        public var coolingPower: Double = 0
        /// Load fraction while generating. [-]
        public var load: Double = 0
        /// Fraction of the step spent generating. [0–1]
        public var onFraction: Double = 0
        public var mode: Mode = .off
        public init() {}
    }

    /// Advances the cycle by `dt` [s] given the heat `available` over the step [J] at hot-salt temperature [K] and
    /// ambient [K]; `wantsToRun` false shuts the cycle down (or keeps it on standby if `standby` is true).
    /// Startup consumes heat up to the maximum heat rate until both time and heat requirements are met; then
    /// the cycle runs at the highest load the heat allows (≤ max), or at minimum load for part of the step.
    public func step(_ state: State, available: Double, hotSaltTemperature: Double, ambient: Double,
                     wantsToRun: Bool, standby: Bool = false, dt: Double) -> (State, Report) {
        var r = Report()
        var next = state
        let qMax = maxHeatInput(hotSaltTemperature: hotSaltTemperature)
        let qMin = spec.minLoadFraction * spec.designHeatInput
        var energy = max(0, available)
        var time = dt
        if !wantsToRun || qMax < qMin {
            if standby && state.mode != .off && state.mode != .startingUp
                && energy >= spec.standbyFraction * spec.designHeatInput * dt {
                r.standbyHeat = spec.standbyFraction * spec.designHeatInput
                r.heatInput = r.standbyHeat; r.rejected = r.standbyHeat
                next.mode = .standby; r.mode = .standby
                return (next, r)
            }
            r.mode = .off
            return (coldState, r)
        }
        if state.mode == .off || state.mode == .startingUp {
            let eRem = max(0, state.startupEnergyRemaining)
            let tNeed = max(eRem / qMax, state.startupTimeRemaining)
            if tNeed >= dt || energy < eRem {
                // Startup not finished within this step: heat goes to warming the turbine and is rejected.
                let used = min(energy, qMax * dt, eRem)
                next.startupEnergyRemaining = eRem - used
                next.startupTimeRemaining = max(0, state.startupTimeRemaining - dt)
                let done = next.startupEnergyRemaining <= 0 && next.startupTimeRemaining <= 0
                next.mode = done ? .on : .startingUp
                r.startupHeat = used / dt
                r.heatInput = r.startupHeat; r.rejected = r.startupHeat
                r.mode = next.mode
                return (next, r)
            }
            energy -= eRem
            time -= tNeed
            r.startupHeat = eRem / dt
            next = State(mode: .on, startupEnergyRemaining: 0, startupTimeRemaining: 0)
        }
        if state.mode == .standby { next = State(mode: .on, startupEnergyRemaining: 0, startupTimeRemaining: 0) }
        // Generating for `time` seconds with `energy` joules at most.
        var q = min(qMax, energy / max(time, 1e-9))
        var tOn = time
        if q < qMin {
            q = qMin
            tOn = energy / qMin
        }
        if tOn <= 0 || q <= 0 {
            r.heatInput = r.startupHeat; r.rejected = r.startupHeat
            r.mode = next.mode
            return (next, r)
        }
        let load = q / spec.designHeatInput
        let op = operatingPoint(load: load, hotSaltTemperature: hotSaltTemperature, ambient: ambient)
        let fOn = tOn / dt
        r.gross = q * op.efficiency * fOn
        r.heatInput = r.startupHeat + q * fOn
        r.rejected = r.heatInput - r.gross
        r.coolingPower = op.coolingPower * fOn
        r.load = load
        r.onFraction = fOn
        // Ran out of heat before the end of the step: shut down.
        if tOn < time - 1e-6 { next = coldState; r.mode = .off } else { r.mode = .on }
        if next.mode == .on { r.mode = .on }
        return (next, r)
    }
}
