import Foundation

/// Rows for the sun position: the NREL SPA report's test vector, and agreement with pvlib's SPA.
public enum SunValidation {
    static let degree = Double.pi / 180
    /// SPA's stated accuracy, used as the tolerance of every sun row. [deg]
    public static let tolerance = 0.0003
    static let spaSource = "Reda & Andreas 2003, NREL/TP-560-34302, Table A4.1 (reference/facts.md)"

    /// The SPA test-vector group (no ../shared data needed: the values are the published report's).
    public static var testVectorGroup: ValidationGroup {
        ValidationGroup(name: "SPA",
                        summary: "NREL SPA (SolarTower `SolarPositionAlgorithm`) against the SPA report's test "
                            + "vector: topocentric zenith, azimuth and surface incidence.") { _ in testVectorRows() }
    }

    /// Rows of the SPA test vector: 2003-10-17 12:30:30 local (UTC−7), 39.742476 N, −105.1786 E, 1830.14 m,
    /// 820 mbar, 11 °C, ΔT 67 s, surface slope 30°, azimuth rotation −10° (from south).
    public static func testVectorRows() -> [ValidationRow] {
        let days = SolarPositionAlgorithm.daysSinceEpoch(year: 2003, month: 10, day: 17)
        let utc = Double(days) * 86_400 + 19 * 3600 + 30 * 60 + 30
        let sun = SolarPositionAlgorithm.position(utc: utc, latitude: 39.742476, longitude: -105.1786,
                                                  elevation: 1830.14, pressure: 82_000, temperature: 284.15,
                                                  deltaT: 67)
        // SPA's azimuth rotation −10° (measured from south, westward) is 170° eastward from north.
        let incidence = sun.incidence(slope: 30 * degree, surfaceAzimuth: 170 * degree)
        let name = "2003-10-17 12:30:30 −7 h, Golden CO"
        func row(_ q: String, _ ours: Double, _ ref: Double, _ note: String) -> ValidationRow {
            ValidationRow(caseName: name, quantity: q, unit: "deg", ours: ours, reference: ref, tolerance: tolerance,
                          toleranceKind: .absolute, source: spaSource, note: note)
        }
        return [
            row("topocentric zenith", sun.zenith / degree, 50.11162, "refraction at 820 mbar, 11 °C"),
            row("topocentric azimuth (E of N)", sun.azimuth / degree, 194.34024, ""),
            row("incidence (slope 30°, azimuth 170° E of N)", incidence / degree, 25.18700,
                "SPA's azimuth rotation −10° from south = 170° east of north"),
        ]
    }

    /// pvlib agreement group: max deviation of our SPA from pvlib's over `count` random instants and sites;
    /// a skipped row when python3 with pvlib cannot run.
    public static func pvlibGroup(count: Int = 10_000, seed: UInt64 = 2003) -> ValidationGroup {
        ValidationGroup(name: "SPA vs pvlib",
                        summary: "Our SPA against pvlib's independent SPA implementation (pvlib.spa.solar_position, "
                            + "the kernel of spa_python) on \(count) random instants 1950–2100 and random sites.") {
            context in try pvlibRows(count: count, seed: seed, python: context.python)
        }
    }

    static let pvlibScript = """
        import sys
        try:
            import numpy as np
            from pvlib import spa
            import pvlib
        except ImportError as e:
            print("pvlib not importable: %s" % e, file=sys.stderr); sys.exit(2)
        rows = [list(map(float, l.split(","))) for l in sys.stdin.read().split()]
        a = np.array(rows).T
        r = spa.solar_position(a[0], a[1], a[2], a[3], a[4] / 100.0, a[5] - 273.15, a[6], 0.5667,
                               numthreads=1, sst=False, esd=False)
        print("pvlib " + pvlib.__version__)
        for z, az in zip(r[0], r[4]):
            print(repr(float(z)) + "," + repr(float(az)))
        """

    public static func pvlibRows(count: Int, seed: UInt64, python: String) throws -> [ValidationRow] {
        let name = "\(count) random instants 1950–2100"
        let source = "pvlib-python spa.solar_position (independent NREL SPA implementation)"
        func skipped(_ reason: String) -> [ValidationRow] {
            ["max |Δ zenith|", "max |Δ azimuth|"].map {
                ValidationRow.skipped(caseName: name, quantity: $0, unit: "deg", reference: 0, tolerance: tolerance,
                                      toleranceKind: .absolute, source: source, reason: reason)
            }
        }
        var rng = SplitMix64(seed: seed)
        func uniform(_ a: Double, _ b: Double) -> Double { a + (b - a) * rng.uniform() }
        let t1950 = Double(SolarPositionAlgorithm.daysSinceEpoch(year: 1950, month: 1, day: 1)) * 86_400
        let t2100 = Double(SolarPositionAlgorithm.daysSinceEpoch(year: 2101, month: 1, day: 1)) * 86_400
        struct Case { var utc, lat, lon, elev, pressure, temperature, deltaT: Double }
        let cases: [Case] = (0..<count).map { _ in
            let utc = uniform(t1950, t2100).rounded()
            return Case(utc: utc, lat: uniform(-89, 89), lon: uniform(-180, 180), elev: uniform(-100, 5000),
                        pressure: uniform(50_000, 105_000), temperature: uniform(233, 323),
                        deltaT: SolarPositionAlgorithm.deltaTEspenakMeeus(utc: utc))
        }
        var input = ""
        input.reserveCapacity(count * 120)
        for c in cases {
            input += "\(c.utc),\(c.lat),\(c.lon),\(c.elev),\(c.pressure),\(c.temperature),\(c.deltaT)\n"
        }
        let result: (status: Int32, output: String, error: String)
        do { result = try runProcess([python, "-c", pvlibScript], input: input) } catch {
            return skipped("cannot start \(python): \(error)")
        }
        if result.status == 2 { return skipped(result.error.trimmingCharacters(in: .whitespacesAndNewlines)) }
        guard result.status == 0 else {
            throw ReferenceDataError(path: "pvlib (python)", line: 0, column: 0,
                                     message: "exit status \(result.status): \(result.error.suffix(400))")
        }
        var lines = result.output.split(whereSeparator: \.isNewline)
        let version = lines.isEmpty ? "?" : String(lines.removeFirst())
        guard lines.count == cases.count else {
            throw ReferenceDataError(path: "pvlib (python)", line: 0, column: 0,
                                     message: "expected \(cases.count) result lines, got \(lines.count)")
        }
        var worstZenith = 0.0, worstAzimuth = 0.0
        for (k, (c, line)) in zip(cases, lines).enumerated() {
            let f = line.split(separator: ",").compactMap { Double($0) }
            guard f.count == 2 else {
                throw ReferenceDataError(path: "pvlib (python)", line: k + 2, column: 1,
                                         message: "expected 'zenith,azimuth', found '\(line)'")
            }
            let sun = SolarPositionAlgorithm.position(utc: c.utc, latitude: c.lat, longitude: c.lon, elevation: c.elev,
                                                      pressure: c.pressure, temperature: c.temperature, deltaT: c.deltaT)
            worstZenith = max(worstZenith, abs(sun.zenith / degree - f[0]))
            worstAzimuth = max(worstAzimuth, abs(remainder(sun.azimuth / degree - f[1], 360)))
        }
        let note = "\(version); reference is 0 (perfect agreement); ours is the largest |difference|, "
            + "sites −89…89° lat, −100…5000 m, 500–1050 hPa, −40…50 °C; seed \(seed)"
        return [
            ValidationRow(caseName: name, quantity: "max |Δ zenith|", unit: "deg", ours: worstZenith, reference: 0,
                          tolerance: tolerance, toleranceKind: .absolute, source: source, note: note),
            ValidationRow(caseName: name, quantity: "max |Δ azimuth|", unit: "deg", ours: worstAzimuth, reference: 0,
                          tolerance: tolerance, toleranceKind: .absolute, source: source, note: note),
        ]
    }

    /// Runs a process with `input` on stdin; returns exit status, stdout and stderr.
    static func runProcess(_ arguments: [String], input: String) throws -> (status: Int32, output: String, error: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = arguments
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        p.standardInput = stdin
        p.standardOutput = stdout
        p.standardError = stderr
        try p.run()
        // Read stdout/stderr concurrently with writing stdin so no pipe fills up.
        let box = OutputBox()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            box.setOut(stdout.fileHandleForReading.readDataToEndOfFile())
            group.leave()
        }
        group.enter()
        DispatchQueue.global().async {
            box.setErr(stderr.fileHandleForReading.readDataToEndOfFile())
            group.leave()
        }
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try? stdin.fileHandleForWriting.close()
        group.wait()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: box.out, as: UTF8.self), String(decoding: box.err, as: UTF8.self))
    }

    final class OutputBox: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var out = Data()
        private(set) var err = Data()
        func setOut(_ d: Data) { lock.lock(); out = d; lock.unlock() }
        func setErr(_ d: Data) { lock.lock(); err = d; lock.unlock() }
    }
}
