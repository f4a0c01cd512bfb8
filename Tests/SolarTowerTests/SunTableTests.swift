import Foundation
import Testing
@testable import SolarTower

/// Deterministic pseudo-random numbers for tests (SplitMix64).
struct SunTestRandom {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func uniform(_ a: Double, _ b: Double) -> Double {
        a + (b - a) * Double(next() >> 11) / Double(1 << 53)
    }
}

/// Instants spread over two years at random times, in random order, with random weather.
private func randomInstants(_ n: Int, seed: UInt64) -> [SunTable.Instant] {
    var rng = SunTestRandom(state: seed)
    let t0 = Double(SolarPositionAlgorithm.daysSinceEpoch(year: 2019, month: 1, day: 1)) * 86_400
    return (0..<n).map { _ in
        SunTable.Instant(utc: t0 + rng.uniform(0, 2 * 365 * 86_400), pressure: rng.uniform(60_000, 105_000),
                         temperature: rng.uniform(240, 320), deltaT: rng.uniform(60, 75))
    }
}

@Test func sunTableMatchesFullSPA() throws {
    let instants = randomInstants(400, seed: 7)
    let (lat, lon, elev) = (37.37, 97.37, 3000.0)
    let fast = try SunTable.positions(instants, latitude: lat, longitude: lon, elevation: elev)
    var worst = 0.0
    for (i, p) in zip(instants, fast) {
        let full = SolarPositionAlgorithm.position(utc: i.utc, latitude: lat, longitude: lon, elevation: elev,
                                                   pressure: i.pressure, temperature: i.temperature,
                                                   deltaT: i.deltaT)
        let dAz = abs(remainder(p.azimuth - full.azimuth, 2 * Double.pi)) * sin(full.zenith)
        worst = max(worst, abs(p.zenith - full.zenith), dAz, abs(p.declination - full.declination))
    }
    #expect(worst * 180 / Double.pi < 0.0001)
    print("SunTable vs full SPA: worst difference \(worst * 180 / Double.pi)°")
}

@Test func sunTableIsIdenticalForAnyThreadCount() throws {
    let instants = randomInstants(300, seed: 11)
    let one = try SunTable.positions(instants, latitude: -33.9, longitude: 18.4, elevation: 10, threads: 1)
    let three = try SunTable.positions(instants, latitude: -33.9, longitude: 18.4, elevation: 10, threads: 3)
    #expect(one == three)
    #expect(one.count == 300)
}

@Test func weatherYearSunUsesIntervalMidpoint() throws {
    let site = Site(name: "test", latitude: 36.1, longitude: -79.95, elevation: 273, utcOffset: -5)
    let start = Double(SolarPositionAlgorithm.daysSinceEpoch(year: 1990, month: 6, day: 21)) * 86_400 + 15 * 3600
    let record = WeatherRecord(start: start, interval: 3600, local: LocalTime(year: 1990, month: 6, day: 21, hour: 10),
                               dni: 800, dryBulb: 300, pressure: 98_000, windSpeed: 2)
    let weather = WeatherYear(site: site, records: [record], format: .samCSV)
    let sun = try sunPositions(for: weather, deltaT: 57)
    let expected = SolarPositionAlgorithm.position(utc: start + 1800, latitude: 36.1, longitude: -79.95,
                                                   elevation: 273, pressure: 98_000, temperature: 300, deltaT: 57)
    // Fast path vs full SPA: interpolation differences are ~1e-9 rad; a wrong instant would be ~0.1 rad off.
    #expect(abs(sun[0].zenith - expected.zenith) < 1e-7)
    #expect(abs(sun[0].azimuth - expected.azimuth) < 1e-7)
}

@Test func sunTableRejectsBadInputWithIndex() {
    var instants = randomInstants(5, seed: 3)
    instants[3].utc = .nan
    #expect(throws: SunTable.InputError.self) {
        try SunTable.positions(instants, latitude: 10, longitude: 10, elevation: 0)
    }
    do {
        _ = try SunTable.positions(instants, latitude: 10, longitude: 10, elevation: 0)
    } catch {
        #expect((error as? SunTable.InputError)?.index == 3)
    }
    instants[3].utc = 1e9
    instants[1].pressure = -5
    #expect(throws: SunTable.InputError(index: 1, message: "pressure -5.0 Pa: expected 0…200,000 Pa")) {
        try SunTable.positions(instants, latitude: 10, longitude: 10, elevation: 0)
    }
    #expect(throws: SunTable.InputError.self) {
        try SunTable.positions(randomInstants(2, seed: 1), latitude: 91, longitude: 10, elevation: 0)
    }
}
