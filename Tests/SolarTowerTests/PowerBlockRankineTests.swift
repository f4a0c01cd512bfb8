import Foundation
import Numerics
import Testing
@testable import SolarTower

private func samCycle(_ cooling: RankineCycle.Cooling = .dry) -> RankineCycle {
    RankineCycle(spec: .init(grossRating: 115e6, designEfficiency: 0.412, hotTemperature: 847.15, coldTemperature: 563.15,
                             cooling: cooling, designAmbient: 315.15, condenserDeltaT: 16, approach: 5,
                             minCondenserPressure: 6772.8, heatAdditionTemperature: 556.15, noLoadFraction: 0.12,
                             minLoadFraction: 0.2, maxLoadFraction: 1, startupTime: 1800, startupEnergyFraction: 0.5,
                             standbyFraction: 0.2, coolingPowerFraction: 0.029))
}

@Test func cycleEfficiencyAtDesignIsDesignEfficiency() {
    let c = samCycle()
    let op = c.operatingPoint(load: 1, hotSaltTemperature: 847.15, ambient: 315.15)
    #expect(op.efficiency.isApproximatelyEqual(to: 0.412, relativeTolerance: 1e-12))
    #expect((op.condenserTemperature - 273.15).isApproximatelyEqual(to: 58, absoluteTolerance: 1e-9))
    #expect(op.coolingPower.isApproximatelyEqual(to: 0.029 * 115e6, relativeTolerance: 1e-12))
}

@Test func cycleEfficiencyTrends() {
    let c = samCycle()
    func eta(_ l: Double, _ th: Double = 847.15, _ ta: Double = 298.15) -> Double {
        c.operatingPoint(load: l, hotSaltTemperature: th, ambient: ta).efficiency
    }
    // Part load lowers efficiency monotonically (Willans line).
    #expect(eta(0.2) < eta(0.5)); #expect(eta(0.5) < eta(0.8)); #expect(eta(0.8) < eta(1))
    // Cooler air raises it until the condenser reaches its minimum pressure; then it stops changing.
    #expect(eta(1, 847.15, 288.15) > eta(1, 847.15, 313.15))
    #expect(eta(1, 847.15, 263.15).isApproximatelyEqual(to: eta(1, 847.15, 253.15), relativeTolerance: 1e-12))
    // Colder salt lowers it.
    #expect(eta(1, 820) < eta(1, 847.15))
    // Condenser never below saturation at the minimum pressure; fans throttle back in the cold.
    let cold = c.operatingPoint(load: 1, hotSaltTemperature: 847.15, ambient: 253.15)
    #expect(cold.condenserTemperature >= saturationTemperatureIF97(pressure: 6772.8) - 1e-9)
    #expect(cold.coolingPower < 0.029 * 115e6)
}

@Test func cycleStartupNeedsTimeAndHeat() {
    let c = samCycle()
    let qDes = c.spec.designHeatInput
    // Plenty of heat: 0.5 h startup at full heat rate (startup heat 0.5 h × design), then generation.
    let (s1, r1) = c.step(c.coldState, available: 10 * qDes * 3600, hotSaltTemperature: 847.15, ambient: 298.15,
                          wantsToRun: true, dt: 3600)
    #expect(s1.mode == .on)
    #expect((r1.startupHeat * 3600).isApproximatelyEqual(to: 0.5 * qDes * 3600, relativeTolerance: 1e-9))
    #expect(r1.onFraction.isApproximatelyEqual(to: 0.5, relativeTolerance: 1e-9))
    #expect(r1.heatInput.isApproximatelyEqual(to: r1.gross + r1.rejected, relativeTolerance: 1e-12))
    // Too little heat: the startup continues next step.
    let (s2, r2) = c.step(c.coldState, available: 0.2 * qDes * 3600, hotSaltTemperature: 847.15, ambient: 298.15,
                          wantsToRun: true, dt: 3600)
    #expect(s2.mode == .startingUp)
    #expect(r2.gross == 0)
    #expect(s2.startupEnergyRemaining.isApproximatelyEqual(to: 0.3 * qDes * 3600, relativeTolerance: 1e-9))
    // Running, but only 0.1 h of heat at minimum load: runs part of the step, then shuts down.
    let on = RankineCycle.State(mode: .on, startupEnergyRemaining: 0, startupTimeRemaining: 0)
    let (s3, r3) = c.step(on, available: 0.2 * qDes * 360, hotSaltTemperature: 847.15, ambient: 298.15,
                          wantsToRun: true, dt: 3600)
    #expect(s3.mode == .off)
    #expect(r3.onFraction.isApproximatelyEqual(to: 0.1, relativeTolerance: 1e-9))
    #expect(r3.load.isApproximatelyEqual(to: 0.2, relativeTolerance: 1e-12))
}

@Test func wetCoolingUsesWetBulb() {
    let c = samCycle(.wet)
    let hot = c.operatingPoint(load: 1, hotSaltTemperature: 847.15, ambient: 300)
    #expect(hot.condenserTemperature.isApproximatelyEqual(to: 300 + 16 + 3 + 5, absoluteTolerance: 1e-9))
    let input = ThermalInput(month: 7, hourOfDay: 14, interval: 3600, receiverIncident: 0, dryBulb: 303.15,
                             relativeHumidity: 0.5, windSpeed: 3, pressure: 101_325)
    // Stull (2011) example: 20 °C, RH 50 % → T_wb ≈ 13.7 °C; here 30 °C, 50 % → ≈ 22.3 °C.
    #expect((input.wetBulb - 273.15).isApproximatelyEqual(to: 22.3, absoluteTolerance: 0.3))
}

@Test func standbyKeepsCycleWarm() {
    let c = samCycle()
    let q = c.spec.designHeatInput
    let on = RankineCycle.State(mode: .on, startupEnergyRemaining: 0, startupTimeRemaining: 0)
    let (s1, r1) = c.step(on, available: 0.5 * q * 3600, hotSaltTemperature: 847.15, ambient: 290,
                          wantsToRun: false, standby: true, dt: 3600)
    #expect(s1.mode == .standby && r1.gross == 0)
    #expect(r1.standbyHeat.isApproximatelyEqual(to: 0.2 * q, relativeTolerance: 1e-12))
    // From standby the cycle generates at once, without startup heat.
    let (s2, r2) = c.step(s1, available: 2 * q * 3600, hotSaltTemperature: 847.15, ambient: 290, wantsToRun: true, dt: 3600)
    #expect(s2.mode == .on && r2.startupHeat == 0 && r2.onFraction == 1)
    // Without standby it shuts down and must start again.
    let (s3, _) = c.step(on, available: 0.5 * q * 3600, hotSaltTemperature: 847.15, ambient: 290, wantsToRun: false, dt: 3600)
    #expect(s3 == c.coldState)
}
