import Foundation

/// Weather and field input for one thermal step. SI units.
public struct ThermalInput: Sendable, Equatable {
    /// Calendar month of the step (1–12), for monthly sums.
    public var month: Int
    /// Hour of day at the step's middle, local time (0–24). [h]
    public var hourOfDay: Double
    /// Step length. [s]
    public var interval: Double
    /// Power the field puts on the receiver (before absorptance). [W]
    public var receiverIncident: Double
    /// Direct normal irradiance × total mirror area, if known (for the loss chain). [W]
    public var fieldIncident: Double?
    /// Dry-bulb temperature. [K]
    public var dryBulb: Double
    /// Dew point, if known. [K]
    public var dewPoint: Double?
    /// Relative humidity, if known. [0–1]
    public var relativeHumidity: Double?
    /// Wind speed at 10 m. [m/s]
    public var windSpeed: Double
    /// Station pressure. [Pa]
    public var pressure: Double

    public init(month: Int, hourOfDay: Double, interval: Double, receiverIncident: Double, fieldIncident: Double? = nil,
                dryBulb: Double, dewPoint: Double? = nil, relativeHumidity: Double? = nil, windSpeed: Double,
                pressure: Double) {
        self.month = month; self.hourOfDay = hourOfDay; self.interval = interval
        self.receiverIncident = receiverIncident; self.fieldIncident = fieldIncident; self.dryBulb = dryBulb
        self.dewPoint = dewPoint; self.relativeHumidity = relativeHumidity; self.windSpeed = windSpeed
        self.pressure = pressure
    }

    /// Wet-bulb temperature: Stull (2011, J. Appl. Meteor. Climatol. 50, 2267) from dry bulb and relative
    /// humidity (RH from dew point by the Magnus formula if only that is known); dry bulb if neither. [K]
    public var wetBulb: Double {
        var rh = relativeHumidity
        if rh == nil, let dp = dewPoint {
            let a = 17.625, b = 243.04, t = dryBulb - 273.15, d = dp - 273.15
            rh = exp(a * d / (b + d)) / exp(a * t / (b + t))
        }
        guard let r = rh else { return dryBulb }
        let t = dryBulb - 273.15, p = min(100, max(1, r * 100))
        let tw = t * atan(0.151977 * (p + 8.313659).squareRoot()) + atan(t + p) - atan(p - 1.676331)
            + 0.00391838 * pow(p, 1.5) * atan(0.023101 * p) - 4.686035
        return min(dryBulb, tw + 273.15)
    }
}

/// Plant operating mode in a step (what the dispatch did).
public enum OperatingMode: String, Sendable, Equatable, Codable {
    /// Nothing running.
    case idle
    /// Receiver collecting, cycle off: charging storage.
    case charging
    /// Cycle generating from storage only.
    case discharging
    /// Receiver collecting and cycle generating.
    case collectingAndGenerating
    /// Receiver or cycle starting up, not generating.
    case startingUp
}

/// One step of a thermal run. Powers are step averages [W]; temperatures [K]; charge [J].
public struct ThermalStep: Sendable, Equatable {
    public var month: Int = 0
    /// Field incident DNI × mirror area, 0 if unknown. [W]
    public var fieldIncident: Double = 0
    /// Power offered on the receiver. [W]
    public var receiverIncident: Double = 0
    /// Offered power not focused (over-flux/over-flow, full storage, receiver off). [W]
    public var defocused: Double = 0
    /// Reflected + convective + radiative + piping losses. [W]
    public var receiverLosses: Double = 0
    /// Heat used to start the receiver. [W]
    public var receiverStartup: Double = 0
    /// Heat delivered to the salt. [W]
    public var receiverOutput: Double = 0
    /// Usable stored heat at the end of the step. [J]
    public var storageCharge: Double = 0
    /// Hot-tank temperature at the end of the step. [K]
    public var hotTankTemperature: Double = 0
    /// Cold-tank temperature at the end of the step. [K]
    public var coldTankTemperature: Double = 0
    /// Tank heat losses. [W]
    public var tankLosses: Double = 0
    /// Tank heater heat. [W]
    public var tankHeaterHeat: Double = 0
    /// Heat into the power block (incl. startup/standby). [W]
    public var cycleHeat: Double = 0
    /// Power block startup heat. [W]
    public var cycleStartup: Double = 0
    /// Heat rejected by the power block (condenser, startup, standby). [W]
    public var cycleRejected: Double = 0
    /// Gross electric output. [W]
    public var gross: Double = 0
    /// Receiver pump. [W]
    public var receiverPump: Double = 0
    /// Steam-generator salt pump. [W]
    public var cyclePump: Double = 0
    /// Condenser fans/pumps. [W]
    public var cooling: Double = 0
    /// Heliostat tracking and field startup. [W]
    public var tracking: Double = 0
    /// Tank heaters (electric). [W]
    public var heaters: Double = 0
    /// Fixed and balance-of-plant loads. [W]
    public var fixedAndBOP: Double = 0
    /// Net output after parasitics and availability. [W]
    public var net: Double = 0
    /// Cycle load while generating. [-]
    public var cycleLoad: Double = 0
    public var receiverMode: ExternalCylindricalReceiver.Mode = .off
    public var cycleMode: RankineCycle.Mode = .off
    public var mode: OperatingMode = .idle
    public init() {}
    /// Sum of parasitic loads. [W]
    public var parasitics: Double { receiverPump + cyclePump + cooling + tracking + heaters + fixedAndBOP }
}

/// Annual (whole-run) sums and figures of merit. Energies [J].
public struct ThermalSummary: Sendable, Equatable {
    public var fieldIncident: Double = 0
    public var receiverIncident: Double = 0
    public var defocused: Double = 0
    public var receiverLosses: Double = 0
    public var receiverStartup: Double = 0
    public var receiverOutput: Double = 0
    public var tankLosses: Double = 0
    public var tankHeaterHeat: Double = 0
    public var cycleHeat: Double = 0
    public var cycleStartup: Double = 0
    public var cycleRejected: Double = 0
    public var gross: Double = 0
    public var parasitics: Double = 0
    /// Net before the availability factor. [J]
    public var netBeforeAvailability: Double = 0
    public var net: Double = 0
    /// Stored salt enthalpy at the start and end of the run. [J]
    public var initialStoredEnthalpy: Double = 0
    public var finalStoredEnthalpy: Double = 0
    /// Net energy per calendar month (index 0 = January). [J]
    public var monthlyNet: [Double] = Array(repeating: 0, count: 12)
    /// Net energy / (design net rating × duration). [0–1]
    public var capacityFactor: Double = 0
    /// Net energy / design net rating. [h]
    public var fullLoadHours: Double = 0
    /// Duration of the run. [s]
    public var duration: Double = 0
    public init() {}
}

/// Result of a thermal run: hourly series and the whole-run summary.
public struct PlantResult: Sendable {
    public var plant: PlantSpec
    public var steps: [ThermalStep]
    public var summary: ThermalSummary
    public init(plant: PlantSpec, steps: [ThermalStep], summary: ThermalSummary) {
        self.plant = plant; self.steps = steps; self.summary = summary
    }

    /// Annual loss chain as (stage, energy [J], efficiency of the stage relative to the previous one).
    public var lossChain: [(stage: String, energy: Double, efficiency: Double?)] { summary.lossChain }
}

extension ThermalSummary {
    /// Whole-run loss chain as (stage, energy [J], efficiency of the stage relative to the previous one).
    public var lossChain: [(stage: String, energy: Double, efficiency: Double?)] {
        let s = self
        var rows: [(String, Double, Double?)] = []
        if s.fieldIncident > 0 { rows.append(("DNI x mirror area", s.fieldIncident, nil)) }
        rows.append(("incident on receiver", s.receiverIncident, s.fieldIncident > 0 ? s.receiverIncident / s.fieldIncident : nil))
        rows.append(("into salt", s.receiverOutput, s.receiverOutput / max(s.receiverIncident, 1)))
        rows.append(("cycle heat", s.cycleHeat, s.cycleHeat / max(s.receiverOutput, 1)))
        rows.append(("gross electricity", s.gross, s.gross / max(s.cycleHeat, 1)))
        rows.append(("net electricity", s.net, s.net / max(s.gross, 1)))
        return rows
    }
}

/// Sequential thermal pass: receiver → two-tank storage → power block, with a forecast-free dispatch.
///
/// Dispatch rules per step (documented in the plant file template):
/// 1. The receiver collects whatever the field offers, subject to its own startup/turndown/flow/flux limits.
/// 2. The cycle runs when it is already on and there is heat, or, when off, once the heat available this step
///    (usable storage + receiver output) covers its startup heat plus `startReserveHours` at minimum load.
/// 3. While running it draws heat at its maximum rate (rated × max load fraction, limited by salt flow at the
///    hot-tank temperature), or less when less is available; below minimum load it runs at minimum load for the
///    part of the step the heat allows, then shuts down.
/// 4. Receiver heat the cycle does not take fills the hot tank; when the hot tank is full the receiver is
///    defocused to what the tank and cycle can take.
/// 5. Optional standby: when `allowStandby`, a running cycle that lacks the heat for a whole step at minimum load
///    but has the standby heat stays in standby (no restart needed) instead of running short and shutting down.
public enum ThermalSimulation {
    /// Carries the plant state from step to step.
    public struct State: Sendable, Equatable {
        public var receiver: ExternalCylindricalReceiver.State
        public var storage: TwoTankStorage.State
        public var cycle: RankineCycle.State
        /// Field was tracking in the previous step.
        public var fieldTracking: Bool
    }

    /// Initial state: cold receiver and cycle, storage at the dispatch's initial charge.
    public static func initialState(_ plant: PlantSpec) -> State {
        State(receiver: ExternalCylindricalReceiver(spec: plant.receiver).coldState,
              storage: TwoTankStorage(spec: plant.storage).initialState(chargeFraction: plant.dispatch.initialChargeFraction),
              cycle: RankineCycle(spec: plant.powerBlock).coldState, fieldTracking: false)
    }

    /// One step of the whole plant. Pure: returns the new state and what happened.
    public static func step(_ plant: PlantSpec, _ state: State, _ input: ThermalInput) -> (State, ThermalStep) {
        step(plant, state, input, limits: .none)
    }

    /// One step under operating limits (outages, curtailment, held start; see `StepLimits`). With `.none` it is
    /// the plain step, bit for bit. Pure.
    public static func step(_ plant: PlantSpec, _ state: State, _ input: ThermalInput,
                            limits: StepLimits) -> (State, ThermalStep) {
        let dt = input.interval
        let receiver = ExternalCylindricalReceiver(spec: plant.receiver)
        let storage = TwoTankStorage(spec: plant.storage)
        let cycle = RankineCycle(spec: plant.powerBlock)
        let tCold = state.storage.coldTemperature
        let tRecOut = plant.receiver.hotTemperature
        let dhRec = SolarSalt.enthalpy(tRecOut) - SolarSalt.enthalpy(tCold)
        let hRet = SolarSalt.enthalpy(plant.powerBlock.coldTemperature)
        // Receiver availability: bypassed panels take their share of the incident power (counted as defocused).
        let bypassed = limits.receiverFraction < 1 ? input.receiverIncident * (1 - max(0, limits.receiverFraction)) : 0
        var recInputs = ExternalCylindricalReceiver.Inputs(
            incident: input.receiverIncident - bypassed, ambient: input.dryBulb, dewPoint: input.dewPoint,
            windSpeed: input.windSpeed, pressure: input.pressure, inletTemperature: tCold,
            hourOfDay: input.hourOfDay)
        // 1. Receiver, uncapped.
        var (recState, rec) = receiver.step(state.receiver, recInputs, dt: dt)
        var mRec = rec.output / max(dhRec, 1)
        // 2. Cycle decision with the hot-tank temperature this step would reach.
        let tMixEst = storage.mixedHotTemperature(state.storage, receiverFlow: mRec, receiverOutletTemperature: tRecOut,
                                                  ambient: input.dryBulb, dt: dt)
        let dhCyc = max(1, SolarSalt.enthalpy(tMixEst) - hRet)
        let hotUsable = limits.storageFraction < 1
            ? min(storage.hotAvailable(state.storage), max(0, limits.storageFraction) * storage.spec.activeMass)
            : storage.hotAvailable(state.storage)
        let availMass = hotUsable + mRec * dt
        let available = availMass * dhCyc * 0.999_999
        let pb = plant.powerBlock
        let needToStart = state.cycle.startupEnergyRemaining
            + plant.dispatch.startReserveHours * pb.minLoadFraction * pb.designHeatInput * 3600
        let running = state.cycle.mode == .on || state.cycle.mode == .startingUp || state.cycle.mode == .standby
        var wants = running ? available > 0 : available >= needToStart && available > 0
        // Rule 5: with standby allowed, a running cycle that cannot run the whole step at minimum load waits in
        // standby (keeping warm on storage heat) instead of running short and shutting down.
        if plant.dispatch.allowStandby && running && available < pb.minLoadFraction * pb.designHeatInput * dt
            && available >= pb.standbyFraction * pb.designHeatInput * dt {
            wants = false
        }
        if limits.cycleFraction <= 0 || (limits.holdCycleStart && !running) { wants = false }
        // Steam-generator/turbine availability and the caller's heat cap limit the heat offered to the cycle.
        var cycleAvailable = available
        if limits.cycleFraction < 1 {
            let qCap = max(0, limits.cycleFraction) * cycle.maxHeatInput(hotSaltTemperature: tMixEst)
            if qCap < pb.minLoadFraction * pb.designHeatInput { wants = false }
            cycleAvailable = min(cycleAvailable, qCap * dt)
        }
        if limits.cycleHeatCap < .infinity { cycleAvailable = min(cycleAvailable, max(0, limits.cycleHeatCap)) }
        let coolingAmbient = pb.cooling == .wet ? input.wetBulb : input.dryBulb
        var (cycState, cyc) = cycle.step(state.cycle, available: cycleAvailable, hotSaltTemperature: tMixEst,
                                         ambient: coolingAmbient, wantsToRun: wants,
                                         standby: plant.dispatch.allowStandby, dt: dt)
        // 3. Hot-tank room: defocus the receiver if the tank would overflow.
        let mDrawEst = cyc.heatInput * dt / dhCyc
        let hotRoom = limits.storageFraction < 1
            ? max(0, min(storage.hotRoom(state.storage),
                         storage.spec.heelMass + max(0, limits.storageFraction) * storage.spec.activeMass - state.storage.hotMass))
            : storage.hotRoom(state.storage)
        let room = hotRoom + mDrawEst
        if mRec * dt > room + 1e-9 {
            recInputs.maxOutput = room / dt * dhRec
            (recState, rec) = receiver.step(state.receiver, recInputs, dt: dt)
            mRec = rec.output / max(dhRec, 1)
        }
        // 4. Storage with the final flows; salt to the cycle leaves at the final mixed temperature.
        let tMix = storage.mixedHotTemperature(state.storage, receiverFlow: mRec, receiverOutletTemperature: tRecOut,
                                               ambient: input.dryBulb, dt: dt)
        let mCyc = cyc.heatInput / max(1, SolarSalt.enthalpy(tMix) - hRet)
        let (stoState, sto) = storage.step(state.storage, TwoTankStorage.Inputs(
            receiverFlow: mRec, receiverOutletTemperature: tRecOut, cycleFlow: mCyc,
            cycleReturnTemperature: pb.coldTemperature, ambient: input.dryBulb), dt: dt)
        // Heel reached earlier than estimated: scale the cycle's step to the heat actually delivered.
        if cyc.heatInput > 0 && abs(sto.cycleHeat - cyc.heatInput) > 1e-9 * cyc.heatInput {
            let k = sto.cycleHeat / cyc.heatInput
            cyc.heatInput *= k; cyc.startupHeat *= k; cyc.standbyHeat *= k; cyc.gross *= k
            cyc.rejected *= k; cyc.coolingPower *= k; cyc.onFraction *= k
        }
        // 5. Parasitics and net.
        var out = ThermalStep()
        out.month = input.month
        out.fieldIncident = input.fieldIncident ?? 0
        out.receiverIncident = rec.incident + bypassed
        out.defocused = rec.defocused + bypassed
        out.receiverLosses = rec.losses
        out.receiverStartup = rec.startup
        out.receiverOutput = sto.receiverHeat
        // Any receiver heat the cold tank could not supply salt for counts as defocused (never below zero: when the
        // tank takes it all, the difference is rounding, ~1e-9 W, and would make a negative energy).
        out.defocused += max(0, rec.output - sto.receiverHeat)
        out.storageCharge = storage.charge(stoState)
        out.hotTankTemperature = stoState.hotTemperature
        out.coldTankTemperature = stoState.coldTemperature
        out.tankLosses = sto.heatLoss
        out.tankHeaterHeat = sto.heaterHeat
        out.cycleHeat = sto.cycleHeat
        out.cycleStartup = cyc.startupHeat
        out.cycleRejected = cyc.rejected  // from the cycle's own balance; the test checks it against the salt side
        out.gross = cyc.gross
        out.cycleLoad = cyc.load
        out.receiverPump = rec.pumpPower
        out.cyclePump = plant.parasitics.cyclePumpPerFlow * mCyc
        out.cooling = cyc.coolingPower
        // The field tracks whenever it offers power (sun above stow, wind below limit), used or not.
        let tracking = rec.incident > 0
        out.tracking = tracking ? plant.parasitics.trackingPower : 0
        if tracking && !state.fieldTracking { out.tracking += plant.parasitics.fieldStartupEnergy / dt }
        out.heaters = sto.heaterElectric
        out.fixedAndBOP = plant.parasitics.fixedFraction * pb.grossRating
            + plant.parasitics.balanceOfPlantFraction * pb.grossRating * cyc.load * cyc.onFraction
        out.net = (out.gross - out.parasitics) * plant.availability
        out.receiverMode = rec.mode
        out.cycleMode = cycState.mode
        if cyc.gross > 0 {
            out.mode = rec.output > 0 ? .collectingAndGenerating : .discharging
        } else if rec.output > 0 {
            out.mode = .charging
        } else if rec.startup > 0 || cyc.startupHeat > 0 {
            out.mode = .startingUp
        } else {
            out.mode = .idle
        }
        return (State(receiver: recState, storage: stoState, cycle: cycState, fieldTracking: tracking), out)
    }

    /// Runs the thermal pass over `inputs` in order and sums the results.
    public static func run(plant: PlantSpec, inputs: [ThermalInput]) -> PlantResult {
        var state = initialState(plant)
        var steps: [ThermalStep] = []
        steps.reserveCapacity(inputs.count)
        let initialEnthalpy = state.storage.enthalpy
        for input in inputs {
            let (next, out) = step(plant, state, input)
            state = next
            steps.append(out)
        }
        return PlantResult(plant: plant, steps: steps,
                           summary: summary(plant: plant, inputs: inputs, steps: steps,
                                            initialEnthalpy: initialEnthalpy, finalEnthalpy: state.storage.enthalpy))
    }

    /// Whole-run sums of `steps` (energies [J], monthly net, capacity factor, full-load hours).
    static func summary(plant: PlantSpec, inputs: [ThermalInput], steps: [ThermalStep],
                        initialEnthalpy: Double, finalEnthalpy: Double) -> ThermalSummary {
        var s = ThermalSummary()
        s.initialStoredEnthalpy = initialEnthalpy
        for (input, out) in zip(inputs, steps) { s.add(out, of: input) }
        s.finish(plant: plant, finalEnthalpy: finalEnthalpy)
        return s
    }
}

extension ThermalSummary {
    /// Adds one step's energies (its powers × the input's interval) to the running sums, in the order
    /// `ThermalSimulation.summary` uses, so summing step by step (e.g. chunk by chunk) gives the same bits.
    mutating func add(_ out: ThermalStep, of input: ThermalInput) {
        let dt = input.interval
        duration += dt
        fieldIncident += out.fieldIncident * dt
        receiverIncident += out.receiverIncident * dt
        defocused += out.defocused * dt
        receiverLosses += out.receiverLosses * dt
        receiverStartup += out.receiverStartup * dt
        receiverOutput += out.receiverOutput * dt
        tankLosses += out.tankLosses * dt
        tankHeaterHeat += out.tankHeaterHeat * dt
        cycleHeat += out.cycleHeat * dt
        cycleStartup += out.cycleStartup * dt
        cycleRejected += out.cycleRejected * dt
        gross += out.gross * dt
        parasitics += out.parasitics * dt
        netBeforeAvailability += (out.gross - out.parasitics) * dt
        net += out.net * dt
        if (1...12).contains(input.month) { monthlyNet[input.month - 1] += out.net * dt }
    }

    /// Sets the final stored enthalpy and the figures of merit once every step was added.
    mutating func finish(plant: PlantSpec, finalEnthalpy: Double) {
        finalStoredEnthalpy = finalEnthalpy
        let rating = plant.designNetRating
        if rating > 0 && duration > 0 {
            capacityFactor = net / (rating * duration)
            fullLoadHours = net / rating / 3600
        }
    }
}

extension PlantSpec {
    /// Runs the thermal pass of this plant (see `ThermalSimulation`).
    public func runThermal(inputs: [ThermalInput]) -> PlantResult { ThermalSimulation.run(plant: self, inputs: inputs) }
}

/// Entry point named in the design guide: `PlantSimulation.runThermal(plant:inputs:)`.
public enum PlantSimulation {
    /// Sequential thermal pass (receiver → storage → power block → dispatch) over the inputs.
    public static func runThermal(plant: PlantSpec, inputs: [ThermalInput]) -> PlantResult {
        ThermalSimulation.run(plant: plant, inputs: inputs)
    }
}

extension ThermalInput {
    /// Thermal inputs for a weather series and the field's power on the receiver per record [W]
    /// (`receiverIncident.count` must equal `weather.records.count`; missing values count as 0).
    /// `mirrorArea` [m²], if given, fills `fieldIncident` = DNI × area for the loss chain.
    public static func series(weather: WeatherYear, receiverIncident: [Double], mirrorArea: Double? = nil) -> [ThermalInput] {
        weather.records.enumerated().map { i, r in
            let hour = Double(r.local.hour) + Double(r.local.minute) / 60 + r.local.second / 3600 + 0.5 * r.interval / 3600
            return ThermalInput(month: r.local.month, hourOfDay: hour.truncatingRemainder(dividingBy: 24),
                                interval: r.interval,
                                receiverIncident: i < receiverIncident.count ? max(0, receiverIncident[i]) : 0,
                                fieldIncident: mirrorArea.map { r.dni * $0 }, dryBulb: r.dryBulb, dewPoint: r.dewPoint,
                                relativeHumidity: r.relativeHumidity, windSpeed: r.windSpeed, pressure: r.pressure)
        }
    }
}

extension PlantResult {
    /// Hourly results as CSV text (header + one row per step), engineering units in the column names.
    public func hourlyCSV() -> String {
        var text = PlantResult.hourlyCSVHeader + "\n"
        for s in steps { text += PlantResult.hourlyCSVRow(s) + "\n" }
        return text
    }

    /// Column names of `hourlyCSV` (no line end).
    public static let hourlyCSVHeader = "month,field_incident_MW,receiver_incident_MW,defocused_MW,receiver_losses_MW,"
        + "receiver_startup_MW,receiver_output_MW,storage_charge_MWh,T_hot_C,T_cold_C,tank_losses_MW,tank_heaters_MW,"
        + "cycle_heat_MW,cycle_startup_MW,cycle_load,gross_MW,receiver_pump_MW,cycle_pump_MW,cooling_MW,tracking_MW,"
        + "heaters_electric_MW,fixed_bop_MW,net_MW,receiver_mode,cycle_mode,mode"

    /// One step as a `hourlyCSV` row (no line end): powers in MW, stored heat in MWh, temperatures in °C.
    public static func hourlyCSVRow(_ s: ThermalStep) -> String {
        let values = [s.fieldIncident, s.receiverIncident, s.defocused, s.receiverLosses, s.receiverStartup,
                      s.receiverOutput].map { $0 / 1e6 } + [s.storageCharge / 3.6e9, s.hotTankTemperature - 273.15,
                      s.coldTankTemperature - 273.15] + [s.tankLosses, s.tankHeaterHeat, s.cycleHeat,
                      s.cycleStartup].map { $0 / 1e6 } + [s.cycleLoad] + [s.gross, s.receiverPump, s.cyclePump,
                      s.cooling, s.tracking, s.heaters, s.fixedAndBOP, s.net].map { $0 / 1e6 }
        return "\(s.month)," + values.map { String(format: "%.4f", $0) }.joined(separator: ",")
            + ",\(s.receiverMode.rawValue),\(s.cycleMode.rawValue),\(s.mode.rawValue)"
    }
}

/// A thermal input outside what the models accept (NaN, negative power, impossible weather).
public struct ThermalInputError: Error, Sendable, Equatable, CustomStringConvertible {
    /// 0-based index of the step.
    public var index: Int
    /// Name of the offending field.
    public var field: String
    public var message: String
    public var description: String { "thermal input \(index): \(field): \(message)" }
}

extension ThermalInput {
    /// Throws if a field is NaN, infinite or physically impossible (the models would otherwise clamp silently).
    public func check(index: Int) throws {
        func bad(_ field: String, _ value: Double, _ expected: String) -> ThermalInputError {
            ThermalInputError(index: index, field: field, message: "\(value) — expected \(expected)")
        }
        guard (1...12).contains(month) else { throw bad("month", Double(month), "1…12") }
        guard interval.isFinite, interval > 0 else { throw bad("interval", interval, "> 0 s") }
        guard hourOfDay.isFinite else { throw bad("hourOfDay", hourOfDay, "a finite hour") }
        guard receiverIncident.isFinite, receiverIncident >= 0 else { throw bad("receiverIncident", receiverIncident, "≥ 0 W") }
        if let f = fieldIncident, !(f.isFinite && f >= 0) { throw bad("fieldIncident", f, "≥ 0 W") }
        guard dryBulb.isFinite, (180...340).contains(dryBulb) else { throw bad("dryBulb", dryBulb, "180…340 K") }
        if let d = dewPoint, !(d.isFinite && d <= dryBulb + 0.5) { throw bad("dewPoint", d, "≤ dry bulb") }
        if let h = relativeHumidity, !(h.isFinite && (0...1.05).contains(h)) { throw bad("relativeHumidity", h, "0…1") }
        guard windSpeed.isFinite, (0...100).contains(windSpeed) else { throw bad("windSpeed", windSpeed, "0…100 m/s") }
        guard pressure.isFinite, (30_000...110_000).contains(pressure) else { throw bad("pressure", pressure, "30…110 kPa") }
    }
}

extension PlantSimulation {
    /// `runThermal` after checking every input: throws `ThermalInputError` for the first bad one.
    public static func runThermalChecked(plant: PlantSpec, inputs: [ThermalInput]) throws -> PlantResult {
        for (i, input) in inputs.enumerated() { try input.check(index: i) }
        return runThermal(plant: plant, inputs: inputs)
    }
}
