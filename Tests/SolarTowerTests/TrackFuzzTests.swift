import Foundation
import Testing
@testable import SolarTower

/// Seeded random edits of valid tracker inputs: every outcome is a parsed file or a TrackingError that
/// points inside the file — never a crash, never a non-finite energy.
@Suite struct TrackFuzzTests {
    static let bases = ["actual-gap.csv", "actual-daily-valid.csv", "actual-utc-offsets-valid.csv", "events-valid.csv"]

    static func mutate(_ text: String, _ rng: inout SplitMix64) -> String {
        var bytes = Array(text.utf8)
        let alphabet = Array("0123456789-:,. TZ+e\n\"abc".utf8)
        for _ in 0..<(1 + Int(rng.next() % 4)) where !bytes.isEmpty {
            let i = Int(rng.next() % UInt64(bytes.count))
            switch rng.next() % 4 {
            case 0: bytes[i] = alphabet[Int(rng.next() % UInt64(alphabet.count))]
            case 1: bytes.remove(at: i)
            case 2: bytes.insert(alphabet[Int(rng.next() % UInt64(alphabet.count))], at: i)
            default:
                let j = Int(rng.next() % UInt64(bytes.count))
                bytes.swapAt(i, j)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test(arguments: bases)
    func mutatedFilesNeverCrash(_ base: String) throws {
        let text = try String(contentsOfFile: SharedData.corpus("tracking/" + base), encoding: .utf8)
        var rng = SplitMix64(seed: UInt64(base.utf8.count) &* 7919)
        var errors = 0
        for _ in 0..<150 {
            let m = Self.mutate(text, &rng)
            let lines = m.split(separator: "\n", omittingEmptySubsequences: false).count
            do {
                if base.hasPrefix("actual") {
                    let a = try ActualGenerationReader.parse(m, path: base, ratedNetPower: 10e6, utcOffset: 8)
                    #expect(a.intervals.allSatisfy { $0.energy.isFinite && $0.start.isFinite })
                } else {
                    let e = try EventLogReader.parse(m, path: base, utcOffset: 8)
                    #expect(e.allSatisfy { $0.end > $0.start && (0...1).contains($0.lostFraction) })
                }
            } catch let e as TrackingError {
                errors += 1
                #expect(e.line.map { $0 >= 1 && $0 <= lines } ?? true, "\(e.description)")
                #expect(!e.message.isEmpty)
            }
        }
        #expect(errors > 0)
    }
}
