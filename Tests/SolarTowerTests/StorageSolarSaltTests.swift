import Foundation
import Numerics
import Testing
@testable import SolarTower

// Property table of ../shared/reference/properties/solar-salt.md (Zavoico 2001 via NREL ssc), typed in here.
@Test func solarSaltMatchesZavoicoTable() {
    let k = 273.15
    #expect(SolarSalt.density(290 + k).isApproximatelyEqual(to: 1905.6, absoluteTolerance: 0.05))
    #expect(SolarSalt.density(565 + k).isApproximatelyEqual(to: 1730.7, absoluteTolerance: 0.05))
    #expect(SolarSalt.specificHeat(290 + k).isApproximatelyEqual(to: 1492.9, absoluteTolerance: 0.05))
    #expect(SolarSalt.specificHeat(565 + k).isApproximatelyEqual(to: 1540.2, absoluteTolerance: 0.05))
    #expect((SolarSalt.viscosity(400 + k) * 1000).isApproximatelyEqual(to: 1.776, absoluteTolerance: 0.0005))
    #expect((SolarSalt.viscosity(565 + k) * 1000).isApproximatelyEqual(to: 1.144, absoluteTolerance: 0.0005))
    #expect(SolarSalt.conductivity(500 + k).isApproximatelyEqual(to: 0.5380, absoluteTolerance: 5e-5))
    // Δh(290 → 565 °C) = 417.05 kJ/kg; 10,093 t hold 1169 MWh_t.
    let dh = SolarSalt.enthalpy(565 + k) - SolarSalt.enthalpy(290 + k)
    #expect((dh / 1000).isApproximatelyEqual(to: 417.05, absoluteTolerance: 0.01))
    #expect((10_093e3 * dh / 3.6e9).isApproximatelyEqual(to: 1169, absoluteTolerance: 0.5))
}

@Test func solarSaltEnthalpyInverseAndDerivative() {
    for tc in stride(from: 240.0, through: 600.0, by: 20) {
        let t = tc + 273.15
        #expect(SolarSalt.temperature(enthalpy: SolarSalt.enthalpy(t)).isApproximatelyEqual(to: t, absoluteTolerance: 1e-9))
        // enthalpy is the integral of cp: central difference equals cp
        let d = (SolarSalt.enthalpy(t + 0.5) - SolarSalt.enthalpy(t - 0.5))
        #expect(d.isApproximatelyEqual(to: SolarSalt.specificHeat(t), relativeTolerance: 1e-9))
    }
    #expect(SolarSalt.isValid(290 + 273.15))
    #expect(!SolarSalt.isValid(230 + 273.15))
    #expect(!SolarSalt.isValid(600 + 273.15))
}

// IAPWS-IF97 Table 35/36 check values (also in ../shared/reference/properties/if97-check-values.csv).
@Test func saturationTemperatureIF97CheckValues() {
    #expect(saturationTemperatureIF97(pressure: 0.1e6).isApproximatelyEqual(to: 372.755919, absoluteTolerance: 1e-6))
    #expect(saturationTemperatureIF97(pressure: 1e6).isApproximatelyEqual(to: 453.035632, absoluteTolerance: 1e-6))
    #expect(saturationTemperatureIF97(pressure: 10e6).isApproximatelyEqual(to: 584.149488, absoluteTolerance: 1e-6))
    #expect(saturationTemperatureIF97(pressure: 8e3).isApproximatelyEqual(to: 314.660053, absoluteTolerance: 1e-6))
}
