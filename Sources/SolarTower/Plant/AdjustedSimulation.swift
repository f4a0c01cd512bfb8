import Foundation

/// Operating limits on one thermal step: component outages, a heat cap on the power block and a held start.
/// `StepLimits.none` changes nothing (the plain step, bit for bit).
///
/// Semantics (the tracker's `OperatingAdjustments`, applied inside the thermal chain):
/// - `receiverFraction`: share of the receiver in service; the rest of the incident power falls on bypassed
///   panels and is counted as defocused. [fraction 0–1]
/// - `storageFraction`: share of the usable (above-heel) storage mass in service: the hot tank may hold at most
///   heel + fraction × active mass and the cycle may draw at most fraction × active mass of stored salt per
///   step; 0 = direct operation, receiver to cycle. [fraction 0–1]
/// - `cycleFraction`: share of the power block's heat rate in service (steam generator × turbine); below its
///   minimum load the block is tripped. [fraction 0–1]
/// - `cycleHeatCap`: most heat the power block may take this step (used to hold net power under a cap). [J]
/// - `holdCycleStart`: a cold power block may not start this step (delayed start).
public struct StepLimits: Sendable, Equatable {
    public var receiverFraction: Double
    public var storageFraction: Double
    public var cycleFraction: Double
    public var cycleHeatCap: Double
    public var holdCycleStart: Bool

    public init(receiverFraction: Double = 1, storageFraction: Double = 1, cycleFraction: Double = 1,
                cycleHeatCap: Double = .infinity, holdCycleStart: Bool = false) {
        self.receiverFraction = receiverFraction
        self.storageFraction = storageFraction
        self.cycleFraction = cycleFraction
        self.cycleHeatCap = cycleHeatCap
        self.holdCycleStart = holdCycleStart
    }

    /// No limit.
    public static let none = StepLimits()
}

/// The thermal pass under the tracker's counterfactual adjustments (outages, derates, caps, delayed starts).
///
/// Per record `i` of `inputs` (see `OperatingAdjustments` for the contract):
/// - the field's power on the receiver is multiplied by `fieldFactor(at: i)` (heliostat availability and
///   soiling/frost/snow/wind-stow derates: that power never reaches the receiver);
/// - receiver, storage and power-block availability become `StepLimits` (power block: min of steam generator
///   and turbine);
/// - net power is held at or under the cap min(curtailment cap, grid availability × rated net power) (the grid
///   term only when grid availability < 1): the power block's heat is reduced (bisection on its heat cap) until
///   the step's net fits; heat it does not take stays in storage, and when the tank is full the receiver
///   defocuses — so the energy balance still closes. A cap ≤ 0 trips the power block;
/// - delayed start: on a local day with `startDelay > 0`, the day's first start of the power block (the first
///   step in which the plain dispatch would start the cold block) is held off until that step's start plus the
///   delay (the block may start in the first step whose midpoint is at or after that instant). A block already
///   running at midnight has no start to delay until it stops.
/// With `OperatingAdjustments.none` every step is the plain `ThermalSimulation.step`, so the result is that of
/// `ThermalSimulation.run` bit for bit.
public enum AdjustedSimulation {
    /// Bisection steps on the power block's heat cap when net power must fit under a cap.
    static let capIterations = 40

    /// Runs the thermal pass.
    /// - Parameters:
    ///   - inputs: the unadjusted thermal inputs (field power on the receiver as the plan sees it).
    ///   - adjustments: one entry per input.
    ///   - localStarts: each record's start in local standard seconds (for the local day of delayed starts). [s]
    ///   - ratedNetPower: for grid availability caps. [W]
    /// - Throws: `TrackingError(.modelOutput)` when the three series differ in length.
    public static func run(plant: PlantSpec, inputs: [ThermalInput], adjustments adj: OperatingAdjustments,
                           localStarts: [Double], ratedNetPower: Double) throws -> PlantResult {
        guard adj.count == inputs.count && localStarts.count == inputs.count else {
            throw TrackingError(.modelOutput, path: "AdjustedSimulation.run",
                                "\(inputs.count) thermal inputs, \(adj.count) adjustments and \(localStarts.count) record starts: expected one of each per record")
        }
        var state = ThermalSimulation.initialState(plant)
        var steps: [ThermalStep] = []
        steps.reserveCapacity(inputs.count)
        let initialEnthalpy = state.storage.enthalpy
        var day = Int.min
        var startedToday = false
        var release: Double?
        for (i, raw) in inputs.enumerated() {
            var input = raw
            let field = adj.fieldFactor(at: i)
            if field != 1 { input.receiverIncident = raw.receiverIncident * max(0, field) }
            var limits = StepLimits(
                receiverFraction: adj.availability(.receiver, i),
                storageFraction: adj.availability(.storage, i),
                cycleFraction: min(adj.availability(.steamGenerator, i), adj.availability(.turbine, i)))
            let grid = adj.availability(.grid, i)
            let cap = min(adj.curtailmentCap[i], grid < 1 ? max(0, grid) * ratedNetPower : .infinity)
            if cap <= 0 { limits.cycleFraction = 0 }

            // Delayed start.
            let t0 = localStarts[i], dt = input.interval
            let d = Int((t0 / 86_400).rounded(.down))
            if d != day { day = d; startedToday = false; release = nil }
            let cold = state.cycle.mode == .off
            if adj.startDelay[i] > 0 && !startedToday && cold {
                if release == nil {
                    let (_, trial) = ThermalSimulation.step(plant, state, input, limits: limits)
                    if trial.cycleHeat > 0 { release = t0 + adj.startDelay[i] }
                }
                if let r = release, t0 + 0.5 * dt < r { limits.holdCycleStart = true }
            }

            var (next, out) = ThermalSimulation.step(plant, state, input, limits: limits)
            if cap < .infinity && out.net > cap {
                // Largest heat cap whose net fits: net(0) ≤ 0 ≤ cap, net(hi) > cap.
                var lo = 0.0, hi = out.cycleHeat * dt
                var best = ThermalSimulation.step(plant, state, input, limits: with(limits, heatCap: lo))
                for _ in 0..<capIterations where hi - lo > 1e-9 * max(hi, 1) {
                    let mid = 0.5 * (lo + hi)
                    let trial = ThermalSimulation.step(plant, state, input, limits: with(limits, heatCap: mid))
                    if trial.1.net <= cap { lo = mid; best = trial } else { hi = mid }
                }
                (next, out) = best
            }
            if cold && next.cycle.mode != .off || cold && out.cycleHeat > 0 { startedToday = true }
            state = next
            steps.append(out)
        }
        return PlantResult(plant: plant, steps: steps,
                           summary: ThermalSimulation.summary(plant: plant, inputs: inputs, steps: steps,
                                            initialEnthalpy: initialEnthalpy, finalEnthalpy: state.storage.enthalpy))
    }

    static func with(_ l: StepLimits, heatCap: Double) -> StepLimits {
        var c = l
        c.cycleHeatCap = heatCap
        return c
    }
}
