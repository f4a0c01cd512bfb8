import Foundation
import Testing
@testable import SolarTower

/// Reda & Andreas (2003), NREL/TP-560-34302, Table A4.1 (also reference/facts.md).
@Test func spaReproducesPublishedTestVector() {
    // 2003-10-17 12:30:30 local, UTC−7 → 19:30:30 UTC.
    let days = SolarPositionAlgorithm.daysSinceEpoch(year: 2003, month: 10, day: 17)
    let utc = Double(days) * 86_400 + 19 * 3600 + 30 * 60 + 30
    let sun = SolarPositionAlgorithm.position(utc: utc, latitude: 39.742476, longitude: -105.1786,
                                              elevation: 1830.14, pressure: 82_000, temperature: 284.15,
                                              deltaT: 67)
    let deg = 180 / Double.pi
    #expect(abs(sun.zenith * deg - 50.11162) <= 0.0003)
    #expect(abs(sun.azimuth * deg - 194.34024) <= 0.0003)
    // Surface slope 30°, SPA azimuth rotation −10° (from south, westward) = 170° eastward from north.
    let incidence = sun.incidence(slope: 30 / deg, surfaceAzimuth: 170 / deg)
    #expect(abs(incidence * deg - 25.18700) <= 0.0003)
    // Intermediate values printed by NREL's spa_tester for this example: equation of time 14.641503 min,
    // topocentric declination −9.316179°.
    #expect(abs(sun.equationOfTime / 60 - 14.641503) <= 0.0001)
    #expect(abs(sun.declination * deg - -9.316179) <= 0.00001)
}
