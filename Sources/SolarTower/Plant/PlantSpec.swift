import Foundation

/// Electric loads that turn gross into net output. SI units.
///
/// Categories and SAM defaults from NREL ssc `cmod_tcsmolten_salt.cpp` (pb_fixed_par, bop_par, pb_pump_coef,
/// p_track, p_start); receiver pump power comes from `ExternalCylindricalReceiver.pumpPower`, condenser fans from
/// `RankineCycle`, tank heaters from `TwoTankStorage`.
public struct ParasiticSpec: Sendable, Equatable, Codable {
    /// Fixed load, all hours, as a fraction of gross rating. [0–1]
    public var fixedFraction: Double
    /// Balance-of-plant load while generating, fraction of gross rating × load. [0–1]
    public var balanceOfPlantFraction: Double
    /// Steam-generator salt pump power per salt flow. [W/(kg/s)]
    public var cyclePumpPerFlow: Double
    /// Heliostat tracking power while the field is in use. [W]
    public var trackingPower: Double
    /// Electric energy for one field start (all heliostats leaving stow). [J]
    public var fieldStartupEnergy: Double

    public init(fixedFraction: Double, balanceOfPlantFraction: Double, cyclePumpPerFlow: Double,
                trackingPower: Double, fieldStartupEnergy: Double) {
        self.fixedFraction = fixedFraction; self.balanceOfPlantFraction = balanceOfPlantFraction
        self.cyclePumpPerFlow = cyclePumpPerFlow; self.trackingPower = trackingPower
        self.fieldStartupEnergy = fieldStartupEnergy
    }
}

/// Dispatch rules (forecast-free heuristic, see `ThermalSimulation`).
public struct DispatchSpec: Sendable, Equatable, Codable {
    /// Hot-tank charge at the start of the run, fraction of the active salt. [0–1]
    public var initialChargeFraction: Double
    /// Whether the cycle may idle in standby instead of shutting down. 
    public var allowStandby: Bool
    /// Heat available (storage + receiver this step) needed to start the cycle, in hours at minimum load on
    /// top of the startup heat. [h]
    public var startReserveHours: Double

    public init(initialChargeFraction: Double, allowStandby: Bool, startReserveHours: Double) {
        self.initialChargeFraction = initialChargeFraction; self.allowStandby = allowStandby
        self.startReserveHours = startReserveHours
    }
}

/// A whole plant as described by a plant file (`Plants/*.toml`). SI units.
public struct PlantSpec: Sendable, Equatable, Codable {
    /// Plant name.
    public var name: String
    /// One-line description.
    public var description: String
    /// Default weather file, relative to the plant file's repository root (nil if none).
    public var weather: String?
    /// Plant site.
    public var site: Site
    /// Receiver design.
    public var receiver: ExternalCylindricalReceiver.Spec
    /// Storage design.
    public var storage: TwoTankStorage.Spec
    /// Power block design.
    public var powerBlock: RankineCycle.Spec
    /// Parasitic loads.
    public var parasitics: ParasiticSpec
    /// Dispatch rules.
    public var dispatch: DispatchSpec
    /// Fraction of net output actually delivered (outages, curtailment; SAM `adjust_constant`). [0–1]
    public var availability: Double
    /// Plant file this spec was read from, if any.
    public var sourcePath: String?

    public init(name: String, description: String, weather: String?, site: Site,
                receiver: ExternalCylindricalReceiver.Spec, storage: TwoTankStorage.Spec,
                powerBlock: RankineCycle.Spec, parasitics: ParasiticSpec, dispatch: DispatchSpec,
                availability: Double, sourcePath: String? = nil) {
        self.name = name; self.description = description; self.weather = weather; self.site = site
        self.receiver = receiver; self.storage = storage; self.powerBlock = powerBlock
        self.parasitics = parasitics; self.dispatch = dispatch; self.availability = availability
        self.sourcePath = sourcePath
    }

    /// Receiver geometry (for the field model).
    public var receiverGeometry: ReceiverGeometry { receiver.geometry }

    /// Design-point net rating: gross minus parasitics at design (receiver pump at design flow, cycle pump,
    /// cooling, tracking, fixed, BOP), as SAM's estimated nameplate. [W]
    public var designNetRating: Double {
        let pb = powerBlock
        let rec = ExternalCylindricalReceiver(spec: receiver)
        let par = rec.pumpPower(massFlow: receiver.designMassFlow)
            + parasitics.cyclePumpPerFlow * pb.designMassFlow
            + pb.coolingPowerFraction * pb.grossRating
            + parasitics.trackingPower
            + (parasitics.fixedFraction + parasitics.balanceOfPlantFraction) * pb.grossRating
        return pb.grossRating - par
    }

    /// Design-point solar-to-electric efficiency (net) for a given field optical efficiency: field × receiver
    /// thermal (incl. absorptance, design conditions: 950 W/m²-class flux at design power, 25 °C, 5 m/s) ×
    /// gross cycle × net/gross. `fieldEfficiency` [0–1], ambient [K], wind [m/s] → [0–1]
    public func designSolarToElectricEfficiency(fieldEfficiency: Double, ambient: Double = 298.15,
                                                windSpeed: Double = 5) -> (total: Double, receiver: Double, cycle: Double, netToGross: Double) {
        let rec = ExternalCylindricalReceiver(spec: receiver)
        // Incident power that gives the design thermal output.
        var inc = receiver.designThermalPower / (receiver.absorptance * 0.95)
        for _ in 0..<6 {
            let s = rec.steadyState(focused: inc, inletTemperature: receiver.coldTemperature, ambient: ambient,
                                    dewPoint: nil, windSpeed: windSpeed, pressure: 101_325, hourOfDay: 12)
            inc += (receiver.designThermalPower - s.output) / receiver.absorptance
        }
        let etaRec = receiver.designThermalPower / inc
        let etaCycle = powerBlock.designEfficiency
        let netToGross = designNetRating / powerBlock.grossRating
        return (fieldEfficiency * etaRec * etaCycle * netToGross, etaRec, etaCycle, netToGross)
    }
}

extension PlantSpec {
    /// The plant's default weather file as a path: absolute as written, else relative to the repository root
    /// (the folder above `Plants/`), else relative to the plant file's folder; nil when the file names none.
    public var defaultWeatherPath: String? {
        guard let w = weather, !w.isEmpty else { return nil }
        if w.hasPrefix("/") { return w }
        guard let src = sourcePath else { return w }
        let dir = URL(fileURLWithPath: src).deletingLastPathComponent()
        let fromRoot = dir.deletingLastPathComponent().appendingPathComponent(w).path
        if FileManager.default.fileExists(atPath: fromRoot) || dir.lastPathComponent == "Plants" { return fromRoot }
        return dir.appendingPathComponent(w).path
    }
}
