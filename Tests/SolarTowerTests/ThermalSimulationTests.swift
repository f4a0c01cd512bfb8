import Foundation
import Numerics
import Testing
@testable import SolarTower

private func samReplay(_ plant: PlantSpec) throws -> SAMHourlyReplay {
    try SAMHourlyReplay.load(path: SharedData.path("reference/sam-mspt-greensboro/hourly.csv"),
                             absorptance: plant.receiver.absorptance, mirrorArea: 1_348_316.2572, pressure: 98_100)
}

/// Energy balances of a whole run, each to 1e-6 relative.
private func checkConservation(_ r: PlantResult) {
    let s = r.summary
    let recSide = s.defocused + s.receiverLosses + s.receiverStartup + s.receiverOutput
    #expect(abs(recSide - s.receiverIncident) <= 1e-6 * s.receiverIncident)
    let stored = s.finalStoredEnthalpy - s.initialStoredEnthalpy
    let whole = s.defocused + s.receiverLosses + s.receiverStartup + s.tankLosses - s.tankHeaterHeat + stored + s.cycleHeat
    #expect(abs(whole - s.receiverIncident) <= 1e-6 * s.receiverIncident)
    #expect(abs(s.gross + s.cycleRejected - s.cycleHeat) <= 1e-6 * s.cycleHeat)
    #expect(r.steps.allSatisfy { $0.net.isFinite && $0.hotTankTemperature.isFinite && $0.coldTankTemperature.isFinite })
    // Every step closes too, not just the sum.
    let open = r.steps.filter { st in
        abs(st.defocused + st.receiverLosses + st.receiverStartup + st.receiverOutput - st.receiverIncident)
            > 1e-6 * max(st.receiverIncident, 1e3)
            || abs(st.gross + st.cycleRejected - st.cycleHeat) > 1e-6 * max(st.cycleHeat, 1e3)
    }
    #expect(open.isEmpty)
}

@Test(.enabled(if: SharedData.available)) func thermalYearConservesEnergy() throws {
    let plant = try samPlant()
    let result = plant.runThermal(inputs: try samReplay(plant).inputs)
    #expect(result.steps.count == 8760)
    checkConservation(result)
    #expect(result.summary.cycleStartup > 0 && result.summary.receiverStartup > 0 && result.summary.tankLosses > 0)
    // Same with standby allowed: some steps in standby, balances still closed, fewer cycle starts.
    var standby = plant
    standby.dispatch.allowStandby = true
    standby.powerBlock.standbyFraction = 0.1  // below the 0.2 minimum load, else standby never pays
    let r2 = standby.runThermal(inputs: try samReplay(plant).inputs)
    checkConservation(r2)
    #expect(r2.steps.contains { $0.cycleMode == .standby })
    #expect(r2.summary.cycleStartup < result.summary.cycleStartup)
}

@Test(.enabled(if: SharedData.available)) func samCaseMatchesSAM() throws {
    let plant = try samPlant()
    let replay = try samReplay(plant)
    let r = PlantSimulation.runThermal(plant: plant, inputs: replay.inputs)
    let s = r.summary
    let samRec = replay.receiverOutput.reduce(0, +) * 3600
    let samNet = replay.net.reduce(0, +) * 3600
    // SAM's annual net 281.26 GWh (summary.json annual_energy).
    #expect((samNet / 3.6e12).isApproximatelyEqual(to: 281.26, relativeTolerance: 1e-4))
    #expect(s.receiverOutput.isApproximatelyEqual(to: samRec, relativeTolerance: 0.03))
    #expect(s.net.isApproximatelyEqual(to: samNet, relativeTolerance: 0.03))
    var samMonthly = Array(repeating: 0.0, count: 12)
    for (i, m) in replay.month.enumerated() { samMonthly[m - 1] += replay.net[i] * 3600 }
    for m in 0..<12 { #expect(s.monthlyNet[m].isApproximatelyEqual(to: samMonthly[m], relativeTolerance: 0.06), "month \(m + 1)") }
    #expect(pearsonCorrelation(r.steps.map(\.gross), replay.gross) >= 0.95)
    // Capacity factor on SAM's nameplate definition: SAM 31.58 %.
    #expect(s.capacityFactor.isApproximatelyEqual(to: 0.3158, relativeTolerance: 0.03))
    checkConservation(r)
}

@Test(.enabled(if: SharedData.available)) func moreStorageNeverCollectsLess() throws {
    var plant = try samPlant()
    let inputs = try samReplay(plant).inputs
    let base = plant.storage.capacity
    var previous: ThermalSummary?
    for k in [0.25, 0.5, 1, 2] {
        plant.storage.capacity = base * k
        let s = plant.runThermal(inputs: inputs).summary
        if let p = previous {
            // Doubling storage never collects less heat, and net never falls by more than the extra tank heat loss
            // (at Greensboro 10 h is already oversized: 20 h gains nothing but bigger tanks).
            #expect(s.receiverOutput >= p.receiverOutput * (1 - 1e-9))
            #expect(s.net - p.net >= -(s.tankLosses - p.tankLosses))
            if k <= 1 { #expect(s.net > p.net, "storage \(k * 10) h") }
        }
        previous = s
    }
}

@Test func zeroStorageAndDarkYearStayFinite() throws {
    var plant = try samPlant()
    plant.storage.capacity = 0
    var inputs: [ThermalInput] = []
    for h in 0..<72 {
        let sun = max(0, sin(Double(h % 24 - 6) / 12 * .pi))
        inputs.append(ThermalInput(month: 1, hourOfDay: Double(h % 24) + 0.5, interval: 3600,
                                   receiverIncident: sun * 800e6, dryBulb: 263.15, windSpeed: 12, pressure: 98_100))
    }
    let r = plant.runThermal(inputs: inputs)
    checkConservation(r)
    #expect(r.summary.gross > 0)  // without storage the cycle runs straight from the receiver
    let dark = inputs.map { var i = $0; i.receiverIncident = 0; return i }
    let d = plant.runThermal(inputs: dark)
    #expect(d.summary.gross == 0 && d.summary.net < 0)
    checkConservation(d)
}

@Test func designSolarToElectricEfficiencyFromFieldEfficiency() throws {
    let p = try samPlant()
    let e = p.designSolarToElectricEfficiency(fieldEfficiency: 0.579)
    #expect(e.receiver > 0.85 && e.receiver < 0.92)  // SAM: 0.94 × 0.950 ≈ 0.893 incl. reflection
    #expect(e.total.isApproximatelyEqual(to: 0.579 * e.receiver * 0.412 * e.netToGross, relativeTolerance: 1e-12))
    #expect(e.netToGross.isApproximatelyEqual(to: 0.884, absoluteTolerance: 0.01))  // SAM nameplate/gross 0.884
}

@Test func thermalInputsFromWeatherAndCSV() throws {
    let plant = try samPlant()
    let site = Site(name: "t", latitude: 36.1, longitude: -79.95, elevation: 273, utcOffset: -5)
    let recs = (0..<48).map { h in
        WeatherRecord(start: Double(h) * 3600, interval: 3600, local: LocalTime(year: 2001, month: 6, day: 1 + h / 24, hour: h % 24),
                      dni: h % 24 > 6 && h % 24 < 18 ? 800 : 0, dryBulb: 295, relativeHumidity: 0.4, pressure: 98_000,
                      windSpeed: 3)
    }
    let weather = WeatherYear(site: site, records: recs, format: .samCSV)
    let incident = recs.map { $0.dni * 1_348_316 * 0.5 }
    let inputs = ThermalInput.series(weather: weather, receiverIncident: incident, mirrorArea: 1_348_316)
    #expect(inputs.count == 48 && inputs[13].hourOfDay == 13.5 && inputs[13].month == 6)
    #expect(inputs[12].fieldIncident == 800.0 * 1_348_316.0)
    let r = plant.runThermal(inputs: inputs)
    #expect(r.summary.fieldIncident > r.summary.receiverIncident)
    #expect(r.lossChain.first?.stage == "DNI x mirror area")
    let csv = r.hourlyCSV().split(separator: "\n")
    #expect(csv.count == 49)
    #expect(csv[0].split(separator: ",").count == csv[20].split(separator: ",").count)
    // Plant files name their default weather relative to the repository root.
    let d = try PlantFile.load(path: SharedData.packageRoot.appendingPathComponent("Plants/delingha-50mw.toml").path)
    #expect(d.defaultWeatherPath == SharedData.packageRoot.appendingPathComponent("WeatherData/delingha-synthetic-tmy.csv").path)
}

@Test func badThermalInputsAreRejected() throws {
    let plant = try samPlant()
    let good = ThermalInput(month: 3, hourOfDay: 12.5, interval: 3600, receiverIncident: 5e8, dryBulb: 290,
                            windSpeed: 3, pressure: 98_000)
    #expect(throws: Never.self) { try good.check(index: 0) }
    var nan = good; nan.receiverIncident = .nan
    var cold = good; cold.dryBulb = 20  // °C given as K
    var neg = good; neg.receiverIncident = -1
    for (i, bad) in [nan, cold, neg].enumerated() {
        #expect(throws: ThermalInputError.self) { try PlantSimulation.runThermalChecked(plant: plant, inputs: [good, bad]) }
        do { _ = try PlantSimulation.runThermalChecked(plant: plant, inputs: [good, bad]) } catch let e as ThermalInputError {
            #expect(e.index == 1, "case \(i)")
        }
    }
    // PlantSpec round-trips through JSON (for export).
    let data = try JSONEncoder().encode(plant)
    #expect(try JSONDecoder().decode(PlantSpec.self, from: data) == plant)
}
