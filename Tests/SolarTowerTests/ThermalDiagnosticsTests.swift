import Foundation
import Testing
@testable import SolarTower

@Test(.enabled(if: SharedData.available)) func receiverLossDiagnostics() throws {
    let plant = try PlantFile.load(path: SharedData.packageRoot.appendingPathComponent("Plants/sam-default-mspt.toml").path)
    let rec = ExternalCylindricalReceiver(spec: plant.receiver)
    let text = try String(contentsOfFile: SharedData.path("reference/sam-mspt-greensboro/hourly.csv"), encoding: .utf8)
    let rows = text.split(whereSeparator: \.isNewline).dropFirst().map { $0.split(separator: ",").map { Double($0)! } }
    var samLoss = 0.0, ourLoss = 0.0, n = 0
    var byFlux: [Int: (Double, Double, Int)] = [:]
    for i in 1..<rows.count {
        let r = rows[i], p = rows[i - 1]
        // full-on hours: no startup this or previous hour, SAM incident equals field offer
        let inc = r[10], offer = r[9] * r[8]
        guard inc > 0, r[22] == 0, p[22] == 0, p[10] > 0, abs(inc - offer) < 1e-3 * offer else { continue }
        let s = rec.steadyState(focused: inc * 1e6 / 0.94, inletTemperature: r[15] + 273.15, ambient: r[4] + 273.15,
                                dewPoint: nil, windSpeed: r[5], pressure: 98_100, hourOfDay: r[2] + 0.5)
        let ours = (s.convection + s.radiation) / 1e6
        samLoss += r[12]; ourLoss += ours; n += 1
        let k = Int(inc / 100)
        let e = byFlux[k] ?? (0, 0, 0)
        byFlux[k] = (e.0 + r[12], e.1 + ours, e.2 + 1)
    }
    print("full-on hours \(n): SAM conv+rad \(samLoss / Double(n)) MW, ours \(ourLoss / Double(n)) MW")
    for k in byFlux.keys.sorted() { let e = byFlux[k]!; print("inc \(k * 100)+ MW: n \(e.2) SAM \(e.0 / Double(e.2)) ours \(e.1 / Double(e.2))") }
    #expect(n > 100)
}
