import Foundation
import Testing
@testable import SolarTower

/// Values typed from the IAPWS R7-97(2012) release itself (tables named per case), so IF97 is checked without
/// ../shared. Each is printed there to 9 significant digits: tolerance 1e-8 relative.
struct IAPWSTableValue: Sendable, CustomTestStringConvertible {
    var table: String
    var compute: @Sendable () throws -> Double
    var expected: Double
    var testDescription: String { table }
}

enum IAPWSDocument {
    static let mpa = 1e6, kJ = 1e3
    static let values: [IAPWSTableValue] = [
        // Table 5, region 1.
        .init(table: "T5 R1 300 K 3 MPa v", compute: { try IF97.region1(pressure: 3 * mpa, temperature: 300).specificVolume }, expected: 0.100215168e-2),
        .init(table: "T5 R1 300 K 3 MPa h", compute: { try IF97.region1(pressure: 3 * mpa, temperature: 300).enthalpy }, expected: 0.115331273e3 * kJ),
        .init(table: "T5 R1 300 K 3 MPa u", compute: { try IF97.region1(pressure: 3 * mpa, temperature: 300).internalEnergy }, expected: 0.112324818e3 * kJ),
        .init(table: "T5 R1 300 K 3 MPa s", compute: { try IF97.region1(pressure: 3 * mpa, temperature: 300).entropy }, expected: 0.392294792 * kJ),
        .init(table: "T5 R1 300 K 3 MPa cp", compute: { try IF97.region1(pressure: 3 * mpa, temperature: 300).cp }, expected: 0.417301218e1 * kJ),
        .init(table: "T5 R1 300 K 3 MPa w", compute: { try IF97.region1(pressure: 3 * mpa, temperature: 300).speedOfSound }, expected: 0.150773921e4),
        .init(table: "T5 R1 300 K 80 MPa h", compute: { try IF97.region1(pressure: 80 * mpa, temperature: 300).enthalpy }, expected: 0.184142828e3 * kJ),
        .init(table: "T5 R1 500 K 3 MPa w", compute: { try IF97.region1(pressure: 3 * mpa, temperature: 500).speedOfSound }, expected: 0.124071337e4),
        // Tables 7 and 9, region 1 backward equations.
        .init(table: "T7 R1 T(3 MPa, 500 kJ/kg)", compute: { IF97.region1Temperature(pressure: 3 * mpa, enthalpy: 500 * kJ) }, expected: 0.391798509e3),
        .init(table: "T7 R1 T(80 MPa, 1500 kJ/kg)", compute: { IF97.region1Temperature(pressure: 80 * mpa, enthalpy: 1500 * kJ) }, expected: 0.611041229e3),
        .init(table: "T9 R1 T(3 MPa, 0.5 kJ/kgK)", compute: { IF97.region1Temperature(pressure: 3 * mpa, entropy: 0.5 * kJ) }, expected: 0.307842258e3),
        // Table 15, region 2.
        .init(table: "T15 R2 300 K 3.5 kPa v", compute: { try IF97.region2(pressure: 0.0035 * mpa, temperature: 300).specificVolume }, expected: 0.394913866e2),
        .init(table: "T15 R2 300 K 3.5 kPa h", compute: { try IF97.region2(pressure: 0.0035 * mpa, temperature: 300).enthalpy }, expected: 0.254991145e4 * kJ),
        .init(table: "T15 R2 700 K 30 MPa v", compute: { try IF97.region2(pressure: 30 * mpa, temperature: 700).specificVolume }, expected: 0.542946619e-2),
        .init(table: "T15 R2 700 K 30 MPa w", compute: { try IF97.region2(pressure: 30 * mpa, temperature: 700).speedOfSound }, expected: 0.480386523e3),
        // Tables 24 and 29, region 2 backward equations.
        .init(table: "T24 R2a T(1 kPa, 3000 kJ/kg)", compute: { IF97.region2Temperature(pressure: 0.001 * mpa, enthalpy: 3000 * kJ, subregion: .a) }, expected: 0.534433241e3),
        .init(table: "T24 R2b T(5 MPa, 3500 kJ/kg)", compute: { IF97.region2Temperature(pressure: 5 * mpa, enthalpy: 3500 * kJ, subregion: .b) }, expected: 0.801299102e3),
        .init(table: "T24 R2c T(40 MPa, 2700 kJ/kg)", compute: { IF97.region2Temperature(pressure: 40 * mpa, enthalpy: 2700 * kJ, subregion: .c) }, expected: 0.743056411e3),
        .init(table: "T29 R2a T(0.1 MPa, 7.5 kJ/kgK)", compute: { IF97.region2Temperature(pressure: 0.1 * mpa, entropy: 7.5 * kJ, subregion: .a) }, expected: 0.399517097e3),
        .init(table: "T29 R2b T(8 MPa, 6 kJ/kgK)", compute: { IF97.region2Temperature(pressure: 8 * mpa, entropy: 6 * kJ, subregion: .b) }, expected: 0.600484040e3),
        .init(table: "T29 R2c T(20 MPa, 5.75 kJ/kgK)", compute: { IF97.region2Temperature(pressure: 20 * mpa, entropy: 5.75 * kJ, subregion: .c) }, expected: 0.697992849e3),
        // Eq. 5 check value, B23.
        .init(table: "B23 p(623.15 K)", compute: { IF97.boundary23Pressure(temperature: 623.15) }, expected: 0.165291643e2 * mpa),
        // Table 33, region 3.
        .init(table: "T33 R3 650 K 500 kg/m3 p", compute: { try IF97.region3(density: 500, temperature: 650).pressure }, expected: 0.255837018e2 * mpa),
        .init(table: "T33 R3 650 K 500 kg/m3 h", compute: { try IF97.region3(density: 500, temperature: 650).enthalpy }, expected: 0.186343019e4 * kJ),
        .init(table: "T33 R3 650 K 200 kg/m3 cp", compute: { try IF97.region3(density: 200, temperature: 650).cp }, expected: 0.446579342e2 * kJ),
        .init(table: "T33 R3 750 K 500 kg/m3 w", compute: { try IF97.region3(density: 500, temperature: 750).speedOfSound }, expected: 0.760696041e3),
        // Tables 35 and 36, region 4.
        .init(table: "T35 p_sat(300 K)", compute: { try IF97.saturationPressure(temperature: 300) }, expected: 0.353658941e-2 * mpa),
        .init(table: "T35 p_sat(600 K)", compute: { try IF97.saturationPressure(temperature: 600) }, expected: 0.123443146e2 * mpa),
        .init(table: "T36 T_sat(0.1 MPa)", compute: { try IF97.saturationTemperature(pressure: 0.1 * mpa) }, expected: 0.372755919e3),
        .init(table: "T36 T_sat(10 MPa)", compute: { try IF97.saturationTemperature(pressure: 10 * mpa) }, expected: 0.584149488e3),
        // Table 42, region 5.
        .init(table: "T42 R5 1500 K 0.5 MPa v", compute: { try IF97.region5(pressure: 0.5 * mpa, temperature: 1500).specificVolume }, expected: 0.138455090e1),
        .init(table: "T42 R5 1500 K 0.5 MPa h", compute: { try IF97.region5(pressure: 0.5 * mpa, temperature: 1500).enthalpy }, expected: 0.521976855e4 * kJ),
        .init(table: "T42 R5 2000 K 30 MPa w", compute: { try IF97.region5(pressure: 30 * mpa, temperature: 2000).speedOfSound }, expected: 0.106736948e4),
    ]
}

@Test("IF97 reproduces values typed from the IAPWS release", arguments: IAPWSDocument.values)
func if97MatchesIAPWSDocument(_ v: IAPWSTableValue) throws {
    let ours = try v.compute()
    #expect(abs(ours - v.expected) / abs(v.expected) <= 1e-8, "\(v.table): ours \(ours), IAPWS \(v.expected)")
}

/// Every row of ../shared/reference/properties/if97-check-values.csv (empty, and skipped, without ../shared).
enum IF97SharedRows {
    static let all: [IF97CheckValue] = {
        guard SharedData.available else { return [] }
        return (try? IF97CheckValue.load(path: SharedData.path(IF97Validation.checkValueFile))) ?? []
    }()
}

@Test(.enabled(if: SharedData.available, "../shared absent"))
func if97CheckValueFileIsComplete() {
    // The file must load; an unreadable file would make the parametrised test below run on nothing.
    #expect(IF97SharedRows.all.count >= 104)
}

@Test(.enabled(if: SharedData.available, "../shared absent"), arguments: IF97SharedRows.all)
func if97CheckValue(_ c: IF97CheckValue) {
    let row = IF97Validation.row(c, all: IF97SharedRows.all)
    let message = "\(c): ours \(String(describing: row.ours)), reference \(String(describing: row.reference)), "
        + "deviation \(String(describing: row.deviation)), tolerance \(row.tolerance); \(row.note)"
    #expect(row.status == .pass, Comment(rawValue: message))
}

@Test func if97Region3DensityRoundTrips() throws {
    // (ρ, T) → p from the Helmholtz equation, then p → ρ by IF97.state(pressure:temperature:).
    for (rho, t) in [(500.0, 650.0), (200.0, 650.0), (500.0, 750.0), (600.0, 630.0), (120.0, 640.0)] {
        let p = try IF97.region3(density: rho, temperature: t).pressure
        try #require(try IF97.region(pressure: p, temperature: t) == 3, "ρ=\(rho), T=\(t): p=\(p) not in region 3")
        let back = try IF97.state(pressure: p, temperature: t)
        #expect(back.region == 3)
        #expect(abs(back.density - rho) / rho <= 1e-10, "ρ=\(rho), T=\(t): got \(back.density)")
    }
}

@Test func if97EnthalpyAndEntropyInversionsRoundTrip() throws {
    // Regions 1, 2, 3, 5: T → h (or s) → T.
    for (p, t) in [(3e6, 300.0), (13.2e6, 813.15), (8e3, 400.0), (25.5837018e6, 650.0), (0.5e6, 1500.0), (90e6, 500.0),
                   (20e6, 630.0), (20e6, 645.0)] {
        let st = try IF97.state(pressure: p, temperature: t)
        let fromH = try IF97.state(pressure: p, enthalpy: st.enthalpy)
        let fromS = try IF97.state(pressure: p, entropy: st.entropy)
        #expect(abs(fromH.temperature - t) <= 1e-8 * t, "p=\(p) T=\(t): from h \(fromH.temperature)")
        #expect(abs(fromS.temperature - t) <= 1e-8 * t, "p=\(p) T=\(t): from s \(fromS.temperature)")
        #expect(fromH.quality == nil)
    }
    // Two-phase: the lever rule between the saturated states.
    let liquid = try IF97.saturatedLiquid(pressure: 8e3), vapour = try IF97.saturatedVapour(pressure: 8e3)
    let wet = try IF97.state(pressure: 8e3, enthalpy: 0.3 * liquid.enthalpy + 0.7 * vapour.enthalpy)
    #expect(abs(try #require(wet.quality) - 0.7) < 1e-12)
    #expect(wet.temperature == liquid.temperature)
    // Two-phase above 623.15 K (saturated states from region 3): between the 630 K liquid and 645 K vapour.
    let below = try IF97.state(pressure: 20e6, temperature: 630), above = try IF97.state(pressure: 20e6, temperature: 645)
    let mid = try IF97.state(pressure: 20e6, enthalpy: 0.5 * (below.enthalpy + above.enthalpy))
    let q = try #require(mid.quality)
    #expect(q > 0 && q < 1)
    #expect(abs(mid.temperature - (try IF97.saturationTemperature(pressure: 20e6))) < 1e-9)
}

@Test func if97RejectsOutOfRangeInput() {
    #expect(throws: IF97Error.self) { try IF97.region1(pressure: 3e6, temperature: 700) }
    #expect(throws: IF97Error.self) { try IF97.region2(pressure: 3e6, temperature: 1200) }
    #expect(throws: IF97Error.self) { try IF97.region5(pressure: 60e6, temperature: 1500) }
    #expect(throws: IF97Error.self) { try IF97.state(pressure: -1, temperature: 400) }
    #expect(throws: IF97Error.self) { try IF97.state(pressure: .nan, temperature: 400) }
    #expect(throws: IF97Error.self) { try IF97.state(pressure: 1e6, temperature: 3000) }
    #expect(throws: IF97Error.self) { try IF97.saturationTemperature(pressure: 30e6) }
    #expect(throws: IF97Error.self) { try IF97.saturationPressure(temperature: 700) }
    #expect(throws: IF97Error.self) { try IF97.state(pressure: 1e6, enthalpy: 1e9) }
}

@Test func if97RegionSelection() throws {
    #expect(try IF97.region(pressure: 13.2e6, temperature: 813.15) == 2)
    #expect(try IF97.region(pressure: 13.2e6, temperature: 500) == 1)
    #expect(try IF97.region(pressure: 30e6, temperature: 650) == 3)
    #expect(try IF97.region(pressure: 30e6, temperature: 900) == 2)
    #expect(try IF97.region(pressure: 1e6, temperature: 1500) == 5)
}

/// Simple Rankine cycle at Delingha 50 MW main steam (13.2 MPa, 540 °C) and an 8 kPa condenser.
@Test func rankineCycleIdealMatchesStatesFromTheCheckValues() throws {
    let cycle = RankineCycleIF97(mainSteamPressure: 13.2e6, mainSteamTemperature: 813.15, condenserPressure: 8e3)
    let r = try cycle.performance()
    // Energy balance of the cycle.
    #expect(abs(r.efficiency - (1 - r.heatRejected / r.heatInput)) < 1e-12)
    // States published in if97-check-values.csv (computed there with the iapws package): turbine inlet h,
    // isentropic outlet h and quality, condensate h, pump outlet h [kJ/kg].
    let h1 = 3442.89282, h2s = 2053.91437, hf = 173.851769, h4s = 187.118415
    #expect(abs(r.turbineInlet.enthalpy / 1e3 - h1) < 1e-5)
    #expect(abs(r.turbineOutletIsentropic.enthalpy / 1e3 - h2s) < 1e-5)
    #expect(abs(try #require(r.turbineOutletIsentropic.quality) - 0.782581) < 1e-6)
    #expect(abs(r.pumpInlet.enthalpy / 1e3 - hf) < 1e-6)
    #expect(abs(r.pumpOutlet.enthalpy / 1e3 - h4s) < 1e-6)
    let expected = ((h1 - h2s) - (h4s - hf)) / (h1 - h4s)
    #expect(abs(r.efficiency - expected) < 1e-8, "ideal efficiency \(r.efficiency) vs \(expected)")
    // Below Carnot between main steam and condenser temperatures.
    #expect(r.efficiency < 1 - r.pumpInlet.temperature / 813.15)
}

@Test func rankineCycleLossesLowerEfficiency() throws {
    let ideal = try RankineCycleIF97(mainSteamPressure: 8.83e6, mainSteamTemperature: 783.15,
                                     condenserPressure: 15e3).performance()
    let real = try RankineCycleIF97(mainSteamPressure: 8.83e6, mainSteamTemperature: 783.15, condenserPressure: 15e3,
                                    turbineIsentropicEfficiency: 0.85, pumpEfficiency: 0.8).performance()
    #expect(real.efficiency < ideal.efficiency)
    #expect(abs(real.turbineWork - 0.85 * ideal.turbineWork) < 1e-6 * ideal.turbineWork)
    #expect(abs(real.pumpWork - ideal.pumpWork / 0.8) < 1e-6 * ideal.pumpWork)
    // Wetter expansion is less wet with turbine losses.
    #expect(try #require(real.turbineOutlet.quality) > (try #require(ideal.turbineOutlet.quality)))
    #expect(throws: IF97Error.self) {
        try RankineCycleIF97(mainSteamPressure: 8.83e6, mainSteamTemperature: 783.15, condenserPressure: 15e3,
                             turbineIsentropicEfficiency: 1.2).performance()
    }
}

/// Random inputs, in range and far out of it: every call returns finite properties or throws IF97Error.
@Test func if97NeverReturnsNonFiniteValues() {
    var rng = SplitMix64(seed: 97)
    func u(_ a: Double, _ b: Double) -> Double { a + (b - a) * rng.uniform() }
    func finite(_ s: SteamState) -> Bool {
        [s.specificVolume, s.enthalpy, s.entropy, s.internalEnergy, s.cp, s.cv, s.speedOfSound].allSatisfy(\.isFinite)
    }
    var evaluated = 0
    for _ in 0..<400 {
        let p = Foundation.pow(10, u(1, 8.3)), t = u(200, 2500)
        if let s = try? IF97.state(pressure: p, temperature: t) {
            evaluated += 1
            #expect(finite(s), "p=\(p) T=\(t)")
        }
        if let s = try? IF97.region3(density: u(1, 999), temperature: u(623.15, 1073.15)) {
            #expect(finite(s) && s.pressure > 0)
        }
        if let s = try? IF97.state(pressure: p, enthalpy: u(-1e5, 8e6)) {
            #expect(s.temperature.isFinite && s.enthalpy.isFinite && s.entropy.isFinite && s.specificVolume > 0)
        }
        if let s = try? IF97.state(pressure: p, entropy: u(-100, 14e3)) {
            #expect(s.temperature.isFinite && s.enthalpy.isFinite && s.specificVolume > 0)
        }
    }
    #expect(evaluated > 100)
}
