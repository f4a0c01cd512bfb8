import Foundation

/// External cylindrical molten-salt receiver: steady-state energy balance per hour with startup, turndown,
/// flow and flux limits, outlet temperature control by salt mass flow, and defocus.
///
/// Model (after NREL SAM/ssc `C_mspt_receiver_222`, Wagner 2008 MS thesis "Simulation and predictive
/// performance modeling of utility-scale central receiver system power plants", Univ. Wisconsin, ch. 4):
/// - absorbed = absorptance × incident (uniform around the circumference; no flux map);
/// - each flow path runs `panels/flowPaths` panels in series; a panel's surface temperature is
///   T_salt + q_net·(R_wall + R_inner) (Gnielinski inner film, cylindrical wall);
/// - radiation: ½·σ·ε·A·(2T_s⁴ − T_amb⁴ − T_sky⁴) (half the view to ground at ambient, half to sky);
///   sky temperature: Berdahl & Martin (1984) from dew point, or T_amb − 20 K without one;
/// - convection: Siebers & Kraabel (1984, SAND84-8717) forced (roughness ks/D = tube radius / D) and natural
///   (Nu = 0.098·Gr^⅓·(T_s/T_amb)^−0.14) mixed with exponent 3.2, times `convectionMultiplier`
///   (SAM uses 4 to match Solar Two losses, G. Kolb), driven by T_s − T_film, T_film = (T_s + T_amb)/2;
/// - wind at the receiver from the 10 m value with a log profile, roughness 3 mm (as ssc);
/// - riser/downcomer piping loss: constant loss per metre while flowing;
/// - startup needs both `startupTime` and `startupEnergy` of collected heat; turndown: off below
///   `minTurndownFraction` of maximum flow; over-flow and over-flux are defocused.
public struct ExternalCylindricalReceiver: Sendable, Equatable {
    /// Fixed design of the receiver. SI units.
    public struct Spec: Sendable, Equatable, Codable {
        /// Absorber cylinder and its optical height. [m]
        public var geometry: ReceiverGeometry
        /// Number of tube panels around the circumference.
        public var panels: Int
        /// Number of parallel flow paths (each runs panels/flowPaths panels in series).
        public var flowPaths: Int
        /// Tube outer diameter. [m]
        public var tubeOuterDiameter: Double
        /// Tube wall thickness. [m]
        public var tubeWallThickness: Double
        /// Tube wall thermal conductivity. [W/(m·K)]
        public var tubeConductivity: Double
        /// Solar absorptance of the tube coating. [0–1]
        public var absorptance: Double
        /// Thermal emittance of the tube coating. [0–1]
        public var emissivity: Double
        /// Salt outlet temperature set point. [K]
        public var hotTemperature: Double
        /// Design salt inlet (cold tank) temperature. [K]
        public var coldTemperature: Double
        /// Design thermal output to the salt. [W]
        public var designThermalPower: Double
        /// Minimum absorbed power for operation, as a fraction of the design thermal power (ssc
        /// `m_q_dot_inc_min = f_rec_min · q_rec_des`). [0–1]
        public var minTurndownFraction: Double
        /// Maximum salt flow as a multiple of the design flow. [-]
        public var maxFlowFraction: Double
        /// Minimum startup duration. [s]
        public var startupTime: Double
        /// Startup energy as a multiple of one hour at design thermal power. [h]
        public var startupEnergyFraction: Double
        /// Absorbed flux on the tubes' projected area needed to begin preheating. [W/m²]
        public var preheatFlux: Double
        /// Maximum allowed mean incident flux; more is defocused. [W/m²]
        public var maxFlux: Double
        /// Riser + downcomer heat loss per metre of piping while salt flows. [W/m]
        public var pipingLossPerLength: Double
        /// Riser + downcomer piping length. [m]
        public var pipingLength: Double
        /// Multiplier on mixed convection (SAM: 4.0). [-]
        public var convectionMultiplier: Double
        /// Receiver pump efficiency. [0–1]
        public var pumpEfficiency: Double
        /// Salt pressure drop through the receiver tubes at design flow (scaled with flow²). [Pa]
        public var tubePressureDropDesign: Double

        public init(geometry: ReceiverGeometry, panels: Int, flowPaths: Int, tubeOuterDiameter: Double,
                    tubeWallThickness: Double, tubeConductivity: Double, absorptance: Double, emissivity: Double,
                    hotTemperature: Double, coldTemperature: Double, designThermalPower: Double,
                    minTurndownFraction: Double, maxFlowFraction: Double, startupTime: Double,
                    startupEnergyFraction: Double, preheatFlux: Double, maxFlux: Double,
                    pipingLossPerLength: Double, pipingLength: Double, convectionMultiplier: Double,
                    pumpEfficiency: Double, tubePressureDropDesign: Double) {
            self.geometry = geometry; self.panels = panels; self.flowPaths = flowPaths
            self.tubeOuterDiameter = tubeOuterDiameter; self.tubeWallThickness = tubeWallThickness
            self.tubeConductivity = tubeConductivity; self.absorptance = absorptance; self.emissivity = emissivity
            self.hotTemperature = hotTemperature; self.coldTemperature = coldTemperature
            self.designThermalPower = designThermalPower; self.minTurndownFraction = minTurndownFraction
            self.maxFlowFraction = maxFlowFraction; self.startupTime = startupTime
            self.startupEnergyFraction = startupEnergyFraction; self.preheatFlux = preheatFlux
            self.maxFlux = maxFlux; self.pipingLossPerLength = pipingLossPerLength; self.pipingLength = pipingLength
            self.convectionMultiplier = convectionMultiplier; self.pumpEfficiency = pumpEfficiency
            self.tubePressureDropDesign = tubePressureDropDesign
        }

        /// Tubes per panel: ⌊π·D / panels / d_o⌋.
        public var tubesPerPanel: Int { max(1, Int(Double.pi * geometry.diameter / Double(panels) / tubeOuterDiameter)) }
        /// Design salt mass flow. [kg/s]
        public var designMassFlow: Double {
            designThermalPower / (SolarSalt.enthalpy(hotTemperature) - SolarSalt.enthalpy(coldTemperature))
        }
        /// Maximum salt mass flow. [kg/s]
        public var maxMassFlow: Double { maxFlowFraction * designMassFlow }
        /// Startup energy requirement. [J]
        public var startupEnergy: Double { startupEnergyFraction * designThermalPower * 3600 }
        /// Projected tube area (d_o × H per tube) over all panels. [m²]
        public var projectedTubeArea: Double {
            tubeOuterDiameter * geometry.height * Double(tubesPerPanel * panels)
        }
    }

    /// Operating mode of the receiver.
    public enum Mode: String, Sendable, Equatable, Codable { case off, startingUp, on }

    /// Receiver state carried between steps.
    public struct State: Sendable, Equatable {
        public var mode: Mode
        /// Startup energy still required. [J]
        public var startupEnergyRemaining: Double
        /// Startup time still required. [s]
        public var startupTimeRemaining: Double
        public init(mode: Mode, startupEnergyRemaining: Double, startupTimeRemaining: Double) {
            self.mode = mode; self.startupEnergyRemaining = startupEnergyRemaining
            self.startupTimeRemaining = startupTimeRemaining
        }
    }

    /// Conditions for one step.
    public struct Inputs: Sendable, Equatable {
        /// Power the field delivers onto the receiver surface (before absorptance). [W]
        public var incident: Double
        /// Ambient dry-bulb temperature. [K]
        public var ambient: Double
        /// Dew-point temperature, nil if unknown. [K]
        public var dewPoint: Double?
        /// Wind speed at 10 m. [m/s]
        public var windSpeed: Double
        /// Ambient pressure. [Pa]
        public var pressure: Double
        /// Salt inlet temperature (cold tank). [K]
        public var inletTemperature: Double
        /// Hour of day for the sky-temperature diurnal term (0–24). [h]
        public var hourOfDay: Double
        /// Largest thermal output the plant can take this step (storage + cycle); more is defocused. [W]
        public var maxOutput: Double
        public init(incident: Double, ambient: Double, dewPoint: Double? = nil, windSpeed: Double, pressure: Double,
                    inletTemperature: Double, hourOfDay: Double = 12, maxOutput: Double = .infinity) {
            self.incident = incident; self.ambient = ambient; self.dewPoint = dewPoint; self.windSpeed = windSpeed
            self.pressure = pressure; self.inletTemperature = inletTemperature; self.hourOfDay = hourOfDay
            self.maxOutput = maxOutput
        }
    }

    /// What happened during one step; powers are step averages. Identity:
    /// incident = defocused + reflected + convection + radiation + piping + startup + output.
    public struct Report: Sendable, Equatable {
        /// Power offered by the field. [W]
        public var incident: Double = 0
        /// Offered power not focused on the receiver (over-flux, over-flow, full storage, receiver off). [W]
        public var defocused: Double = 0
        /// Reflected by the coating, (1 − α) of the focused power. [W]
        public var reflected: Double = 0
        /// Convective loss. [W]
        public var convection: Double = 0
        /// Radiative loss. [W]
        public var radiation: Double = 0
        /// Riser/downcomer piping loss. [W]
        public var piping: Double = 0
        /// Heat used to start the receiver. [W]
        public var startup: Double = 0
        /// Thermal power delivered to the hot salt. [W]
        public var output: Double = 0
        /// Salt mass flow, averaged over the step. [kg/s]
        public var massFlow: Double = 0
        /// Receiver pump electric power, averaged over the step. [W]
        public var pumpPower: Double = 0
        /// Fraction of the step the receiver delivered heat. [0–1]
        public var onFraction: Double = 0
        /// Mode at the end of the step.
        public var mode: Mode = .off
        public init() {}
        /// Sum of all loss terms (reflected + convection + radiation + piping). [W]
        public var losses: Double { reflected + convection + radiation + piping }
    }

    /// Steady state at a given focused incident power.
    public struct SteadyState: Sendable, Equatable {
        /// Absorbed power. [W]
        public var absorbed: Double
        /// Convective loss. [W]
        public var convection: Double
        /// Radiative loss. [W]
        public var radiation: Double
        /// Piping loss. [W]
        public var piping: Double
        /// Heat to salt (absorbed − losses), may be ≤ 0. [W]
        public var output: Double
        /// Salt mass flow for the outlet set point. [kg/s]
        public var massFlow: Double
        /// Area-mean outer tube surface temperature. [K]
        public var meanSurfaceTemperature: Double
    }

    public var spec: Spec
    public init(spec: Spec) { self.spec = spec }

    /// State of a cold receiver that must start up.
    public var coldState: State {
        State(mode: .off, startupEnergyRemaining: spec.startupEnergy, startupTimeRemaining: spec.startupTime)
    }

    /// Sky temperature, Berdahl & Martin (1984) as in ssc `CSP::skytemp`; `T_amb − 20 K` without dew point. [K]
    public static func skyTemperature(ambient: Double, dewPoint: Double?, hourOfDay: Double) -> Double {
        guard let dp = dewPoint else { return ambient - 20 }
        let t = dp - 273.15
        let e = 0.711 + 0.0056 * t + 0.000073 * t * t + 0.013 * cos(hourOfDay * .pi / 12)
        return ambient * pow(max(e, 0.1), 0.25)
    }

    /// Forced-convection Nusselt number of a rough cylinder in cross flow, Siebers & Kraabel (1984), linear
    /// interpolation in ks/D between the 0, 75e-5, 300e-5, 900e-5 curves (as ssc `CSP::Nusselt_FC`). [-]
    public static func nusseltForcedSiebersKraabel(roughness ksD: Double, reynolds re: Double) -> Double {
        func smooth(_ re: Double) -> Double { 0.3 + 0.488 * pow(re, 0.5) * pow(1 + pow(re / 282_000, 0.625), 0.8) }
        func curve(_ level: Int) -> Double {
            switch level {
            case 0: return smooth(re)
            case 1: return re <= 7e5 ? smooth(re) : (re < 2.2e7 ? 2.57e-3 * pow(re, 0.98) : 0.0455 * pow(re, 0.81))
            case 2: return re <= 1.8e5 ? smooth(re) : (re < 4e6 ? 0.0135 * pow(re, 0.89) : 0.0455 * pow(re, 0.81))
            default: return re <= 1e5 ? smooth(re) : 0.0455 * pow(re, 0.81)
            }
        }
        let levels = [0.0, 75e-5, 300e-5, 900e-5]
        if ksD >= levels[3] { return curve(3) }
        var i = 0
        while i < 2 && ksD >= levels[i + 1] { i += 1 }
        let chi = (ksD - levels[i]) / (levels[i + 1] - levels[i])
        let lo = curve(i), hi = curve(i + 1)
        return lo + (hi - lo) * chi
    }

    /// Turbulent (Gnielinski 1976, Petukhov friction factor) or laminar (3.66) Nusselt number in a tube, with the
    /// developing-flow factor 1 + (D/L)^0.7. [-]
    static func nusseltTube(reynolds re: Double, prandtl pr: Double, lengthOverDiameter ld: Double) -> Double {
        if re < 2300 { return 3.66 }
        let f = pow(0.79 * log(re) - 1.64, -2)
        let nu = (f / 8) * (re - 1000) * pr / (1 + 12.7 * (f / 8).squareRoot() * (pow(pr, 2.0 / 3.0) - 1))
        return nu * (1 + pow(1 / ld, 0.7))
    }

    /// Steady-state energy balance at `focused` incident power (before absorptance) [W], salt inlet
    /// temperature [K] and ambient conditions. Output is heat to salt after piping loss.
    public func steadyState(focused: Double, inletTemperature tIn: Double, ambient tAmb: Double, dewPoint: Double?,
                            windSpeed: Double, pressure: Double, hourOfDay: Double) -> SteadyState {
        let s = spec
        let g = s.geometry
        let nSeries = max(1, s.panels / max(1, s.flowPaths))
        let nPanels = Double(s.panels)
        let absorbed = max(0, focused) * s.absorptance
        let qPanel = absorbed / nPanels
        let aPanel = g.area / nPanels
        let tOut = s.hotTemperature
        let tSky = Self.skyTemperature(ambient: tAmb, dewPoint: dewPoint, hourOfDay: hourOfDay)
        let sigma = 5.670374419e-8
        // Forced convection (film at mean of ambient and outlet set point).
        let tFilm = 0.5 * (tAmb + tOut)
        let windHeight = g.opticalHeight + 0.5 * g.height
        let wind = max(0, windSpeed) * log(max(windHeight, 10) / 0.003) / log(10 / 0.003)
        let re = Air.density(tFilm, pressure: pressure) * wind * g.diameter / Air.viscosity(tFilm)
        let nuFor = Self.nusseltForcedSiebersKraabel(roughness: 0.5 * s.tubeOuterDiameter / g.diameter, reynolds: re)
        let hFor = nuFor * Air.conductivity(tFilm) / g.diameter
        let nuAmb = Air.viscosity(tAmb) / Air.density(tAmb, pressure: pressure)
        let kAmb = Air.conductivity(tAmb)
        // Tube-side resistances (per panel).
        let tSalt = 0.5 * (tIn + tOut)
        let nt = Double(s.tubesPerPanel)
        let di = s.tubeOuterDiameter - 2 * s.tubeWallThickness
        let rWall = s.tubeWallThickness / (s.tubeConductivity * g.height * g.diameter * Double.pi * Double.pi / 2 / nPanels)
        let rho = SolarSalt.density(tSalt), mu = SolarSalt.viscosity(tSalt)
        let pr = SolarSalt.specificHeat(tSalt) * mu / SolarSalt.conductivity(tSalt)
        let dh = SolarSalt.enthalpy(tOut) - SolarSalt.enthalpy(tIn)
        let piping = s.pipingLossPerLength * s.pipingLength
        var massFlow = max(absorbed * 0.9 - piping, 0.01 * s.designMassFlow * dh) / max(dh, 1)
        var conv = 0.0, rad = 0.0, tsMean = tSalt
        for _ in 0..<4 {
            let mPath = max(massFlow, 1e-3 * s.designMassFlow) / Double(max(1, s.flowPaths))
            let u = mPath / (nt * rho * Double.pi * di * di / 4)
            let reIn = rho * u * di / mu
            let hIn = Self.nusseltTube(reynolds: reIn, prandtl: pr, lengthOverDiameter: g.height / di)
                * SolarSalt.conductivity(tSalt) / di
            let rIn = 1 / (hIn * Double.pi * di / 2 * g.height * nt)
            let r = rWall + rIn
            conv = 0; rad = 0; var tsSum = 0.0
            // Salt temperature rises linearly along each path (equal panels, uniform flux).
            for k in 0..<nSeries {
                let tk = tIn + (Double(k) + 0.5) / Double(nSeries) * (tOut - tIn)
                var ts = tk + qPanel * r
                var cK = 0.0, rK = 0.0
                for _ in 0..<3 {
                    let gr = max(0, 9.81 / tAmb * (ts - tAmb) * pow(g.height, 3) / (nuAmb * nuAmb))
                    let nuNat = 0.098 * pow(gr, 1.0 / 3.0) * pow(ts / tAmb, -0.14)
                    let hNat = nuNat * kAmb / g.height
                    let hMix = pow(pow(hFor, 3.2) + pow(hNat, 3.2), 1 / 3.2) * s.convectionMultiplier
                    cK = hMix * aPanel * (ts - 0.5 * (ts + tAmb))
                    rK = 0.5 * sigma * s.emissivity * aPanel * (2 * pow(ts, 4) - pow(tAmb, 4) - pow(tSky, 4))
                    ts = tk + max(0, qPanel - cK - rK) * r
                }
                conv += cK; rad += rK; tsSum += ts
            }
            let scale = nPanels / Double(nSeries)
            conv *= scale; rad *= scale
            tsMean = tsSum / Double(nSeries)
            let out = absorbed - conv - rad - piping
            massFlow = max(0, out) / max(dh, 1)
        }
        return SteadyState(absorbed: absorbed, convection: conv, radiation: rad, piping: piping,
                           output: absorbed - conv - rad - piping, massFlow: massFlow, meanSurfaceTemperature: tsMean)
    }

    /// Receiver pump electric power for a salt flow: lift to the receiver plus tube friction. [W]
    public func pumpPower(massFlow: Double) -> Double {
        guard massFlow > 0 else { return 0 }
        let rho = SolarSalt.density(spec.coldTemperature)
        let x = massFlow / spec.designMassFlow
        let head = 9.81 * spec.geometry.opticalHeight
        return massFlow * (head + spec.tubePressureDropDesign * x * x / rho) / spec.pumpEfficiency
    }

    /// Advances the receiver by `dt` [s]: startup, turndown, defocus and heat to salt.
    public func step(_ state: State, _ inputs: Inputs, dt: Double) -> (State, Report) {
        var r = Report()
        r.incident = max(0, inputs.incident)
        let reset = coldState
        func ss(_ focused: Double) -> SteadyState {
            steadyState(focused: focused, inletTemperature: inputs.inletTemperature, ambient: inputs.ambient,
                        dewPoint: inputs.dewPoint, windSpeed: inputs.windSpeed, pressure: inputs.pressure,
                        hourOfDay: inputs.hourOfDay)
        }
        func record(_ s: SteadyState, focused: Double) {
            r.defocused = r.incident - focused
            r.reflected = focused - s.absorbed
            r.convection = s.convection; r.radiation = s.radiation; r.piping = s.piping
        }
        // No sun, or salt arriving too hot to be heated to the set point: receiver off.
        guard r.incident > 0, dt > 0, inputs.inletTemperature < spec.hotTemperature - 1 else {
            r.defocused = r.incident
            r.mode = .off
            return (reset, r)
        }
        // Flux limit on the mean incident flux.
        var focused = min(r.incident, spec.maxFlux * spec.geometry.area)
        var s = ss(focused)
        // Focused power giving `target` heat to salt (Newton steps on the near-linear response).
        func focusedFor(output target: Double, from start: Double) -> (Double, SteadyState) {
            var f = start, st = ss(f)
            for _ in 0..<6 {
                let next = min(start, max(0, f + (target - st.output) / spec.absorptance))
                if abs(next - f) < 1e-6 * max(1, start) { break }
                f = next; st = ss(f)
            }
            return (f, st)
        }
        if s.massFlow > spec.maxMassFlow {
            let target = spec.maxMassFlow * (SolarSalt.enthalpy(spec.hotTemperature)
                                             - SolarSalt.enthalpy(inputs.inletTemperature))
            (focused, s) = focusedFor(output: target, from: focused)
        }
        let feasible = s.output > 0 && s.absorbed >= spec.minTurndownFraction * spec.designThermalPower
        var next = state
        switch state.mode {
        case .on:
            guard feasible else {
                r.defocused = r.incident; r.mode = .off
                return (reset, r)
            }
            if s.output > inputs.maxOutput {
                (focused, s) = focusedFor(output: max(0, inputs.maxOutput), from: focused)
                if s.output <= 0 { // fully defocused: receiver held on standby by the field
                    r.defocused = r.incident; r.mode = .on; r.onFraction = 1
                    return (state, r)
                }
            }
            record(s, focused: focused)
            r.output = s.output; r.massFlow = s.massFlow; r.onFraction = 1
            r.pumpPower = pumpPower(massFlow: s.massFlow)
            r.mode = .on
            return (state, r)
        case .off, .startingUp:
            let canPreheat = s.absorbed >= spec.preheatFlux * spec.projectedTubeArea
            guard feasible || canPreheat else {
                r.defocused = r.incident; r.mode = .off
                return (reset, r)
            }
            record(s, focused: focused)
            let rate = max(0, s.output)
            if rate <= 0 { // losses eat everything: heat goes to warming the hardware (counted as startup)
                r.startup = s.output + s.piping
                r.piping = 0
                if r.startup < 0 { // scale losses down to what was absorbed
                    let k = s.absorbed / max(s.convection + s.radiation, 1e-9)
                    r.convection = s.convection * k; r.radiation = s.radiation * k; r.startup = 0
                }
                next.startupTimeRemaining = max(0, state.startupTimeRemaining - dt)
                next.mode = .startingUp
                r.mode = .startingUp
                return (next, r)
            }
            let tEnergy = state.startupEnergyRemaining / rate
            let tNeed = max(tEnergy, state.startupTimeRemaining)
            // Salt circulates during startup (ssc: startup flow = steady-state flow): the pump runs.
            let startupPump = pumpPower(massFlow: s.massFlow)
            if tNeed >= dt || !feasible {
                r.startup = rate
                r.pumpPower = startupPump
                next.startupEnergyRemaining = max(0, state.startupEnergyRemaining - rate * dt)
                next.startupTimeRemaining = max(0, state.startupTimeRemaining - dt)
                let done = next.startupEnergyRemaining <= 0 && next.startupTimeRemaining <= 0
                next.mode = done ? .on : .startingUp
                if done { next.startupEnergyRemaining = 0; next.startupTimeRemaining = 0 }
                r.mode = next.mode
                return (next, r)
            }
            let fOn = (dt - tNeed) / dt
            r.startup = rate * tNeed / dt
            var out = rate * fOn
            if out > inputs.maxOutput { // cannot be stored: defocus the excess
                let excess = out - max(0, inputs.maxOutput)
                out -= excess
                r.defocused += excess
            }
            r.output = out
            r.massFlow = s.massFlow * fOn
            r.pumpPower = pumpPower(massFlow: s.massFlow) * fOn + startupPump * (1 - fOn)
            r.onFraction = fOn
            r.mode = .on
            return (State(mode: .on, startupEnergyRemaining: 0, startupTimeRemaining: 0), r)
        }
    }
}
