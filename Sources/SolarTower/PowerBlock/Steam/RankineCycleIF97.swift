/// Simple (non-reheat, non-regenerative) Rankine cycle with IAPWS-IF97 water properties: pump from saturated
/// liquid at the condenser pressure, boiler to main steam (p, T), turbine expansion with an isentropic
/// efficiency, condensation. Gross cycle efficiency = (turbine work − pump work) / boiler heat.
/// Source: textbook cycle analysis (e.g. Çengel & Boles, Thermodynamics, §10.2–10.3) with properties from
/// IAPWS R7-97(2012). A real plant (feedwater heaters, reheat) does better than this simple cycle at the same
/// steam conditions; it is a bound to justify design-point cycle efficiencies, not a plant model.
public struct RankineCycleIF97: Sendable, Equatable {
    /// Main-steam (turbine inlet) pressure. [Pa]
    public var mainSteamPressure: Double
    /// Main-steam (turbine inlet) temperature. [K]
    public var mainSteamTemperature: Double
    /// Condenser (turbine exhaust) pressure. [Pa]
    public var condenserPressure: Double
    /// Turbine isentropic efficiency (1 = ideal). [-]
    public var turbineIsentropicEfficiency: Double
    /// Feed-pump isentropic efficiency (1 = ideal). [-]
    public var pumpEfficiency: Double

    public init(mainSteamPressure: Double, mainSteamTemperature: Double, condenserPressure: Double,
                turbineIsentropicEfficiency: Double = 1, pumpEfficiency: Double = 1) {
        self.mainSteamPressure = mainSteamPressure
        self.mainSteamTemperature = mainSteamTemperature
        self.condenserPressure = condenserPressure
        self.turbineIsentropicEfficiency = turbineIsentropicEfficiency
        self.pumpEfficiency = pumpEfficiency
    }

    /// The four cycle states and the energy per kilogram of steam.
    public struct Performance: Sendable, Equatable {
        /// Turbine inlet (main steam).
        public var turbineInlet: SteamPoint
        /// Turbine outlet after the isentropic expansion (ideal turbine).
        public var turbineOutletIsentropic: SteamPoint
        /// Turbine outlet with the turbine's isentropic efficiency.
        public var turbineOutlet: SteamPoint
        /// Condensate: saturated liquid at the condenser pressure (pump inlet).
        public var pumpInlet: SteamPoint
        /// Feedwater at main-steam pressure after the pump.
        public var pumpOutlet: SteamPoint
        /// Turbine work. [J/kg]
        public var turbineWork: Double
        /// Pump work. [J/kg]
        public var pumpWork: Double
        /// Heat added in the steam generator. [J/kg]
        public var heatInput: Double
        /// Heat rejected in the condenser. [J/kg]
        public var heatRejected: Double
        /// Gross cycle efficiency (turbine − pump work) / heat input. [-]
        public var efficiency: Double
    }

    /// Solves the cycle. Throws when a state falls outside IF97 or an efficiency is not in (0, 1].
    public func performance() throws(IF97Error) -> Performance {
        let f = "RankineCycleIF97.performance()"
        guard turbineIsentropicEfficiency > 0 && turbineIsentropicEfficiency <= 1,
              pumpEfficiency > 0 && pumpEfficiency <= 1 else {
            throw IF97Error(function: f, message: "efficiencies must be in (0, 1]: turbine "
                            + "\(turbineIsentropicEfficiency), pump \(pumpEfficiency)")
        }
        guard condenserPressure < mainSteamPressure else {
            throw IF97Error(function: f, message: "condenser pressure \(condenserPressure) Pa must be below "
                            + "main-steam pressure \(mainSteamPressure) Pa")
        }
        let inlet = SteamPoint(try IF97.state(pressure: mainSteamPressure, temperature: mainSteamTemperature))
        let outletIdeal = try IF97.state(pressure: condenserPressure, entropy: inlet.entropy)
        let turbineWork = turbineIsentropicEfficiency * (inlet.enthalpy - outletIdeal.enthalpy)
        let outlet = try IF97.state(pressure: condenserPressure, enthalpy: inlet.enthalpy - turbineWork)
        let condensate = SteamPoint(try IF97.saturatedLiquid(pressure: condenserPressure))
        let feedIdeal = try IF97.state(pressure: mainSteamPressure, entropy: condensate.entropy)
        let pumpWork = (feedIdeal.enthalpy - condensate.enthalpy) / pumpEfficiency
        let feed = try IF97.state(pressure: mainSteamPressure, enthalpy: condensate.enthalpy + pumpWork)
        let heatInput = inlet.enthalpy - feed.enthalpy
        return Performance(turbineInlet: inlet, turbineOutletIsentropic: outletIdeal, turbineOutlet: outlet,
                           pumpInlet: condensate, pumpOutlet: feed, turbineWork: turbineWork, pumpWork: pumpWork,
                           heatInput: heatInput, heatRejected: outlet.enthalpy - condensate.enthalpy,
                           efficiency: (turbineWork - pumpWork) / heatInput)
    }
}
