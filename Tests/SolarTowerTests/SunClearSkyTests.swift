import Foundation
import Testing
@testable import SolarTower

@Test func kastenYoungAirMass() throws {
    // AM = 1 at zenith; ≈ 2 at 60°; ≈ 38 at the horizon (Kasten & Young 1989); none below it.
    let deg = Double.pi / 180
    #expect(abs(try #require(ClearSkyIrradiance.airMassKastenYoung(zenith: 0)) - 1) < 0.001)
    #expect(abs(try #require(ClearSkyIrradiance.airMassKastenYoung(zenith: 60 * deg)) - 2) < 0.01)
    #expect(abs(try #require(ClearSkyIrradiance.airMassKastenYoung(zenith: 89.999 * deg)) - 37.9) < 0.2)
    #expect(ClearSkyIrradiance.airMassKastenYoung(zenith: 90.5 * deg) == nil)
}

/// Same formulas as pvlib's `clearsky.ineichen` (perez_enhancement=False), fed our air mass.
@Test(.enabled(if: PvlibOracle.available, "python3 with pvlib not importable"))
func ineichenPerezMatchesPvlib() throws {
    let zeniths = [0.0, 20, 45, 60, 75, 85, 89.5]
    let turbidities = [1.6, 2.05, 3.5]
    let elevations = [0.0, 3000]
    var cases: [(z: Double, tl: Double, h: Double, am: Double)] = []
    for z in zeniths { for tl in turbidities { for h in elevations {
        cases.append((z, tl, h, ClearSkyIrradiance.airMassKastenYoung(zenith: z * Double.pi / 180)!))
    } } }
    let list = cases.map { "(\($0.z),\($0.am),\($0.tl),\($0.h))" }.joined(separator: ",")
    let code = """
        from pvlib import clearsky
        for z, am, tl, h in [\(list)]:
            r = clearsky.ineichen(z, am, tl, altitude=h, dni_extra=1361.0 / 0.99 ** 2, perez_enhancement=False)
            print(repr(float(r['ghi'])), repr(float(r['dni'])), repr(float(r['dhi'])))
        """
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["python3", "-c", code]
    let pipe = Pipe()
    p.standardOutput = pipe
    p.standardError = FileHandle.nullDevice
    try p.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    let lines = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline)
    try #require(lines.count == cases.count)
    for (c, line) in zip(cases, lines) {
        let v = line.split(separator: " ").map { Double($0)! }
        let ours = ClearSkyIrradiance.ineichenPerez(zenith: c.z * Double.pi / 180, linkeTurbidity: c.tl,
                                                    elevation: c.h, earthSunDistance: 0.99)
        #expect(abs(ours.ghi - v[0]) < 1e-6 * max(1, v[0]))
        #expect(abs(ours.dni - v[1]) < 1e-6 * max(1, v[1]))
        #expect(abs(ours.dhi - v[2]) < 1e-6 * max(1, v[2]))
    }
}
