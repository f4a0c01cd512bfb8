import Foundation

/// Two-tank direct molten-salt thermal storage: a hot and a cold fully mixed tank.
///
/// Each step: mass balance per tank; energy balance on salt enthalpy (Zavoico 2001 via `SolarSalt`); heat loss
/// UA·(T − T_amb) with UA = U·(floor + full wall area) as in NREL ssc `C_storage_tank` (tank sized for the whole
/// inventory, height fixed, diameter from volume); electric heaters hold each tank at or above its set point
/// (freeze protection); a minimum heel (tank bottom level) stays in each tank. Capacity from storage hours ×
/// cycle thermal input (SAM convention, Wagner & Gilman 2011 NREL/TP-5500-49368 §4).
public struct TwoTankStorage: Sendable, Equatable {
    /// Fixed design of the storage. SI units.
    public struct Spec: Sendable, Equatable, Codable {
        /// Usable thermal capacity between the design cold and hot temperatures. [J]
        public var capacity: Double
        /// Design hot-tank temperature. [K]
        public var hotTemperature: Double
        /// Design cold-tank temperature. [K]
        public var coldTemperature: Double
        /// Tank height (salt column when full). [m]
        public var tankHeight: Double
        /// Minimum salt level kept in each tank (heel), as a fraction of the tank height. [0–1)
        public var heelFraction: Double
        /// Heat-loss coefficient of the tank walls and floor. [W/(m²·K)]
        public var lossCoefficient: Double
        /// Hot-tank heater set point. [K]
        public var hotHeaterSetPoint: Double
        /// Cold-tank heater set point. [K]
        public var coldHeaterSetPoint: Double
        /// Hot-tank heater maximum thermal power. [W]
        public var hotHeaterPower: Double
        /// Cold-tank heater maximum thermal power. [W]
        public var coldHeaterPower: Double
        /// Electric-to-heat efficiency of the tank heaters. [0–1]
        public var heaterEfficiency: Double

        public init(capacity: Double, hotTemperature: Double, coldTemperature: Double, tankHeight: Double,
                    heelFraction: Double, lossCoefficient: Double, hotHeaterSetPoint: Double,
                    coldHeaterSetPoint: Double, hotHeaterPower: Double, coldHeaterPower: Double,
                    heaterEfficiency: Double) {
            self.capacity = capacity; self.hotTemperature = hotTemperature; self.coldTemperature = coldTemperature
            self.tankHeight = tankHeight; self.heelFraction = heelFraction; self.lossCoefficient = lossCoefficient
            self.hotHeaterSetPoint = hotHeaterSetPoint; self.coldHeaterSetPoint = coldHeaterSetPoint
            self.hotHeaterPower = hotHeaterPower; self.coldHeaterPower = coldHeaterPower
            self.heaterEfficiency = heaterEfficiency
        }

        /// Enthalpy difference between design hot and cold salt. [J/kg]
        public var designEnthalpyRise: Double {
            SolarSalt.enthalpy(hotTemperature) - SolarSalt.enthalpy(coldTemperature)
        }
        /// Salt mass that carries `capacity` between the design temperatures. [kg]
        public var activeMass: Double { capacity / designEnthalpyRise }
        /// Heel mass in each tank: active × f/(1 − f), as ssc's V_total = V_avail·H/(H − H_min). [kg]
        public var heelMass: Double { activeMass * heelFraction / (1 - heelFraction) }
        /// Total salt inventory (active + both heels). [kg]
        public var totalMass: Double { activeMass + 2 * heelMass }
        /// Volume of one tank, from the full inventory at the mean design temperature. [m³]
        public var tankVolume: Double {
            (activeMass + heelMass) / SolarSalt.density(0.5 * (hotTemperature + coldTemperature))
        }
        /// Tank diameter from volume and height. [m]
        public var tankDiameter: Double { (4 * tankVolume / (Double.pi * tankHeight)).squareRoot() }
        /// UA of one tank: U·(π D²/4 + π D H). [W/K]
        public var tankUA: Double {
            let d = tankDiameter
            return lossCoefficient * (Double.pi * d * d / 4 + Double.pi * d * tankHeight)
        }
    }

    /// Masses and temperatures of both tanks.
    public struct State: Sendable, Equatable {
        /// Hot-tank salt mass. [kg]
        public var hotMass: Double
        /// Hot-tank temperature. [K]
        public var hotTemperature: Double
        /// Cold-tank salt mass. [kg]
        public var coldMass: Double
        /// Cold-tank temperature. [K]
        public var coldTemperature: Double
        public init(hotMass: Double, hotTemperature: Double, coldMass: Double, coldTemperature: Double) {
            self.hotMass = hotMass; self.hotTemperature = hotTemperature
            self.coldMass = coldMass; self.coldTemperature = coldTemperature
        }
        /// Salt enthalpy of both tanks (relative to 0 °C). [J]
        public var enthalpy: Double {
            hotMass * SolarSalt.enthalpy(hotTemperature) + coldMass * SolarSalt.enthalpy(coldTemperature)
        }
    }

    /// Flows into and out of the tanks during one step.
    public struct Inputs: Sendable, Equatable {
        /// Salt from the receiver into the hot tank. [kg/s]
        public var receiverFlow: Double
        /// Temperature of that salt. [K]
        public var receiverOutletTemperature: Double
        /// Salt drawn from the hot tank by the cycle. [kg/s]
        public var cycleFlow: Double
        /// Temperature at which the cycle returns salt to the cold tank. [K]
        public var cycleReturnTemperature: Double
        /// Ambient temperature. [K]
        public var ambient: Double
        public init(receiverFlow: Double, receiverOutletTemperature: Double, cycleFlow: Double,
                    cycleReturnTemperature: Double, ambient: Double) {
            self.receiverFlow = receiverFlow; self.receiverOutletTemperature = receiverOutletTemperature
            self.cycleFlow = cycleFlow; self.cycleReturnTemperature = cycleReturnTemperature; self.ambient = ambient
        }
    }

    /// Step averages. Identity: Δenthalpy/dt = receiverHeat − cycleHeat − heatLoss + heaterHeat.
    public struct Report: Sendable, Equatable {
        /// Heat brought by the receiver salt relative to the cold-tank temperature it left at. [W]
        public var receiverHeat: Double = 0
        /// Heat delivered to the cycle: flow × (h(T_hot) − h(T_return)). [W]
        public var cycleHeat: Double = 0
        /// Heat lost from both tanks. [W]
        public var heatLoss: Double = 0
        /// Heat added by the tank heaters. [W]
        public var heaterHeat: Double = 0
        /// Electric power of the tank heaters. [W]
        public var heaterElectric: Double = 0
        /// Temperature at which salt left the hot tank for the cycle. [K]
        public var hotOutletTemperature: Double = 0
        public init() {}
    }

    public var spec: Spec
    public init(spec: Spec) { self.spec = spec }

    /// State with both tanks at design temperature and `fraction` of the active salt hot.
    public func initialState(chargeFraction fraction: Double) -> State {
        let f = min(1, max(0, fraction))
        return State(hotMass: spec.heelMass + f * spec.activeMass, hotTemperature: spec.hotTemperature,
                     coldMass: spec.heelMass + (1 - f) * spec.activeMass, coldTemperature: spec.coldTemperature)
    }

    /// Hot salt above the heel. [kg]
    public func hotAvailable(_ s: State) -> Double { max(0, s.hotMass - spec.heelMass) }
    /// Room left in the hot tank (its capacity is active + heel). [kg]
    public func hotRoom(_ s: State) -> Double { max(0, spec.activeMass + spec.heelMass - s.hotMass) }
    /// Cold salt above the heel. [kg]
    public func coldAvailable(_ s: State) -> Double { max(0, s.coldMass - spec.heelMass) }

    /// Usable stored heat: hot salt above the heel relative to the design cold temperature. [J]
    public func charge(_ s: State) -> Double {
        hotAvailable(s) * max(0, SolarSalt.enthalpy(s.hotTemperature) - SolarSalt.enthalpy(spec.coldTemperature))
    }

    /// Temperature the hot tank reaches this step when `receiverFlow` mixes in (heat loss and heater included);
    /// salt drawn by the cycle leaves at this mixed temperature. [K]
    public func mixedHotTemperature(_ s: State, receiverFlow: Double, receiverOutletTemperature: Double,
                                    ambient: Double, dt: Double) -> Double {
        mix(mass: s.hotMass, temperature: s.hotTemperature, inflow: receiverFlow * dt,
            inflowTemperature: receiverOutletTemperature, ambient: ambient, setPoint: spec.hotHeaterSetPoint,
            heaterPower: spec.hotHeaterPower, dt: dt).temperature
    }

    /// Fully mixed tank: enthalpy of contents + inflow − loss (+ heater to hold the set point); outflow leaves
    /// at the resulting temperature, so it does not change it.
    private func mix(mass: Double, temperature: Double, inflow: Double, inflowTemperature: Double, ambient: Double,
                     setPoint: Double, heaterPower: Double, dt: Double) -> (temperature: Double, loss: Double, heater: Double) {
        let m = mass + inflow
        guard m > 1e-6 else { return (temperature, 0, 0) }
        let contents = mass * SolarSalt.enthalpy(temperature) + inflow * SolarSalt.enthalpy(inflowTemperature)
        // Loss UA·(T − T_amb)·dt, but a nearly empty tank cannot cool below ambient.
        let loss = min(spec.tankUA * (temperature - ambient) * dt, max(0, contents - m * SolarSalt.enthalpy(ambient)))
        var h = (contents - loss) / m
        var heater = 0.0
        let hSet = SolarSalt.enthalpy(setPoint)
        if h < hSet {
            heater = min((hSet - h) * m, heaterPower * dt)
            h += heater / m
        }
        return (SolarSalt.temperature(enthalpy: h), loss, heater)
    }

    /// Advances both tanks by `dt` [s]. Flows must respect `hotAvailable`/`hotRoom` (the dispatch ensures it);
    /// they are clamped here so a tank never goes below its heel.
    public func step(_ s: State, _ inputs: Inputs, dt: Double) -> (State, Report) {
        var r = Report()
        let mRec = max(0, min(inputs.receiverFlow * dt, coldAvailable(s) + inputs.cycleFlow * dt))
        // Hot tank: receiver inflow mixes; cycle outflow leaves at the mixed temperature.
        let hot = mix(mass: s.hotMass, temperature: s.hotTemperature, inflow: mRec,
                      inflowTemperature: inputs.receiverOutletTemperature, ambient: inputs.ambient,
                      setPoint: spec.hotHeaterSetPoint, heaterPower: spec.hotHeaterPower, dt: dt)
        let mCyc = max(0, min(inputs.cycleFlow * dt, s.hotMass + mRec - spec.heelMass))
        // Cold tank: cycle return mixes; the receiver draws the salt in the tank at the start-of-step cold
        // temperature first, and any more from this step's cycle return (at the return temperature). Drawing it all
        // at the tank temperature left a nearly empty tank with contents that do not match its mass, and so an
        // absurd temperature (−8000 K with a 0.1 h tank: found by the property tests).
        let hColdStart = SolarSalt.enthalpy(s.coldTemperature)
        let hReturn = SolarSalt.enthalpy(inputs.cycleReturnTemperature)
        let fromTank = min(mRec, max(0, s.coldMass)), fromReturn = mRec - fromTank
        let coldMass = s.coldMass + mCyc - mRec
        let coldContents = (s.coldMass - fromTank) * hColdStart + (mCyc - fromReturn) * hReturn
        let hDrawn = mRec > 0 ? (fromTank * hColdStart + fromReturn * hReturn) / mRec : hColdStart
        let lossCold = coldMass > 1e-6
            ? min(spec.tankUA * (s.coldTemperature - inputs.ambient) * dt,
                  max(0, coldContents - coldMass * SolarSalt.enthalpy(inputs.ambient)))
            : 0
        var hCold = coldMass > 1e-6 ? (coldContents - lossCold) / coldMass : hColdStart
        var heaterCold = 0.0
        let hSetCold = SolarSalt.enthalpy(spec.coldHeaterSetPoint)
        if coldMass > 1e-6 && hCold < hSetCold {
            heaterCold = min((hSetCold - hCold) * coldMass, spec.coldHeaterPower * dt)
            hCold += heaterCold / coldMass
        }
        let next = State(hotMass: s.hotMass + mRec - mCyc, hotTemperature: hot.temperature,
                         coldMass: coldMass, coldTemperature: SolarSalt.temperature(enthalpy: hCold))
        r.receiverHeat = mRec * (SolarSalt.enthalpy(inputs.receiverOutletTemperature) - hDrawn) / dt
        r.cycleHeat = mCyc * (SolarSalt.enthalpy(hot.temperature) - SolarSalt.enthalpy(inputs.cycleReturnTemperature)) / dt
        r.heatLoss = (hot.loss + lossCold) / dt
        r.heaterHeat = (hot.heater + heaterCold) / dt
        r.heaterElectric = r.heaterHeat / spec.heaterEfficiency
        r.hotOutletTemperature = hot.temperature
        return (next, r)
    }
}
