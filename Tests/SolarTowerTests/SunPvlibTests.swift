import Foundation
import Testing
@testable import SolarTower

/// pvlib (an independent SPA implementation) as oracle, through tools/check-spa-pvlib.py.
enum PvlibOracle {
    static let script = SharedData.packageRoot.appendingPathComponent("tools/check-spa-pvlib.py").path

    /// Runs python3 with arguments; returns the exit status (nil when python3 cannot be started).
    static func run(_ arguments: [String]) -> Int32? {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3"] + arguments
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        do { try p.run() } catch { return nil }
        p.waitUntilExit()
        return p.terminationStatus
    }

    /// True when python3 runs and imports pvlib.
    static let available: Bool = run(["-c", "import pvlib"]) == 0
}

@Test(.enabled(if: PvlibOracle.available, "python3 with pvlib not importable"))
func spaAgreesWithPvlibOn10000RandomInstants() throws {
    var rng = SunTestRandom(state: 2003)
    let t1950 = Double(SolarPositionAlgorithm.daysSinceEpoch(year: 1950, month: 1, day: 1)) * 86_400
    let t2100 = Double(SolarPositionAlgorithm.daysSinceEpoch(year: 2101, month: 1, day: 1)) * 86_400
    struct Case { var utc, lat, lon, elev, pressure, temperature, deltaT: Double }
    let cases: [Case] = (0..<10_000).map { _ in
        let utc = (rng.uniform(t1950, t2100)).rounded()
        return Case(utc: utc, lat: rng.uniform(-89, 89), lon: rng.uniform(-180, 180), elev: rng.uniform(-100, 5000),
                    pressure: rng.uniform(50_000, 105_000), temperature: rng.uniform(233, 323),
                    deltaT: SolarPositionAlgorithm.deltaTEspenakMeeus(utc: utc))
    }
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("spa-pvlib-\(getpid())")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let input = dir.appendingPathComponent("in.csv"), output = dir.appendingPathComponent("out.csv")
    var text = "utc,latitude,longitude,elevation,pressure,temperature,delta_t\n"
    for c in cases {
        text += "\(c.utc),\(c.lat),\(c.lon),\(c.elev),\(c.pressure),\(c.temperature),\(c.deltaT)\n"
    }
    try text.write(to: input, atomically: true, encoding: .utf8)
    let status = PvlibOracle.run([PvlibOracle.script, input.path, output.path])
    try #require(status == 0)
    let lines = try String(contentsOf: output, encoding: .utf8).split(whereSeparator: \.isNewline).dropFirst()
    try #require(lines.count == cases.count)
    var worstZenith = 0.0, worstAzimuth = 0.0, worstEoT = 0.0
    let deg = 180 / Double.pi
    for (c, line) in zip(cases, lines) {
        let f = line.split(separator: ",").map { Double($0)! }
        let sun = SolarPositionAlgorithm.position(utc: c.utc, latitude: c.lat, longitude: c.lon, elevation: c.elev,
                                                  pressure: c.pressure, temperature: c.temperature, deltaT: c.deltaT)
        worstZenith = max(worstZenith, abs(sun.zenith * deg - f[0]))
        worstAzimuth = max(worstAzimuth, abs(remainder(sun.azimuth * deg - f[1], 360)))
        worstEoT = max(worstEoT, abs(sun.equationOfTime / 60 - f[2]))
    }
    print("SPA vs pvlib on \(cases.count) instants: max |Δzenith| \(worstZenith)°, max |Δazimuth| \(worstAzimuth)°, "
          + "max |ΔEoT| \(worstEoT) min")
    #expect(worstZenith <= 0.0003)
    #expect(worstAzimuth <= 0.0003)
    #expect(worstEoT <= 0.001)
}

@Test(.enabled(if: PvlibOracle.available, "python3 with pvlib not importable"))
func deltaTPolynomialMatchesPvlib() throws {
    // pvlib.spa.calculate_deltat implements the same Espenak & Meeus polynomials.
    let years = [1955, 1970, 1990, 2003, 2019, 2049, 2080, 2100]
    let code = "from pvlib import spa\nfor y in \(years): print(repr(float(spa.calculate_deltat(y, 7))))"
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["python3", "-c", code]
    let pipe = Pipe()
    p.standardOutput = pipe
    p.standardError = FileHandle.nullDevice
    try p.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    let values = String(decoding: data, as: UTF8.self).split(separator: "\n").map { Double($0)! }
    try #require(values.count == years.count)
    for (y, v) in zip(years, values) {
        #expect(abs(SolarPositionAlgorithm.deltaTEspenakMeeus(year: y, month: 7) - v) < 1e-9)
    }
}
