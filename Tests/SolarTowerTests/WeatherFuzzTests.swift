import Foundation
import Testing
@testable import SolarTower

/// SplitMix64: a small seeded generator so the mutations are the same on every run.
private struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Byte edits that keep a file mostly intact: overwrite, insert, delete, duplicate a slice, truncate.
private func mutate(_ data: [UInt8], _ rng: inout SplitMix64) -> [UInt8] {
    var d = data
    let alphabet = Array("0123456789-.,:/ \n\"eE9x".utf8) + [0, 0xFF, 0x0D]
    for _ in 0..<Int.random(in: 1...4, using: &rng) {
        guard !d.isEmpty else { break }
        let i = Int.random(in: 0..<d.count, using: &rng)
        switch Int.random(in: 0..<5, using: &rng) {
        case 0: d[i] = alphabet.randomElement(using: &rng)!
        case 1: d.insert(alphabet.randomElement(using: &rng)!, at: i)
        case 2: d.removeSubrange(i..<min(d.count, i + Int.random(in: 1...40, using: &rng)))
        case 3:
            let j = min(d.count, i + Int.random(in: 1...200, using: &rng))
            d.insert(contentsOf: d[i..<j], at: Int.random(in: 0...d.count, using: &rng))
        default: d.removeSubrange(i..<d.count)
        }
    }
    return d
}

/// Mutated copies of the well-formed corpus files either load or fail with a `WeatherError` — never a
/// crash, never another error type, never a NaN or infinity in a loaded series.
/// `SOLARTOWER_FUZZ_ROUNDS` sets the number of mutations per file (default 120).
@Test(arguments: ["tmy3-valid.csv", "tmy2-valid.tm2", "epw-valid.epw", "sam-valid.csv", "psm3-minute-30.csv"])
func mutatedFilesNeverCrash(_ file: String) throws {
    let original = Array(try Data(contentsOf: URL(fileURLWithPath: SharedData.corpus("weather/" + file))))
    var rng = SplitMix64(state: UInt64(file.utf8.count) &* 7919)
    var rejected = 0
    let rounds = ProcessInfo.processInfo.environment["SOLARTOWER_FUZZ_ROUNDS"].flatMap { Int($0) } ?? 120
    for _ in 0..<rounds {
        let bytes = mutate(original, &rng)
        do {
            let y = try WeatherReader.read(data: Data(bytes), path: file)
            let finite = y.records.allSatisfy {
                $0.start.isFinite && $0.dni.isFinite && $0.dryBulb.isFinite && $0.pressure.isFinite && $0.windSpeed.isFinite
            }
            #expect(finite)
        } catch let error as WeatherError {
            rejected += 1
            #expect(!error.message.isEmpty)
        } catch {
            Issue.record("unexpected error type: \(error)")
        }
    }
    #expect(rejected > 0)
}
