// fuzz: actual-generation CSV of the tracker (ActualGenerationReader, 10 MW plant, UTC+8)
// fuzz-sources: Sources/SolarTower/Tracking/ActualGeneration.swift Sources/SolarTower/Tracking/TrackingError.swift Sources/SolarTower/Weather Sources/SolarTower/Sun Sources/SolarTower/Export/AtomicFile.swift tools/fuzz-harnesses/Support/TrackingInvariants.swift
// fuzz-seeds: Tests/SolarTowerTests/Corpus/tracking/actual-*
// fuzz-dict: tracking-common.dict tracking-actual.dict

import Foundation

/// The plant the harness reads for (the tracker tests' toy plant: 10 MW net, UTC+8).
let fuzzRatedNetPower = 10e6
let fuzzUTCOffset = 8.0

/// An accepted file: at least one interval; the step one of the allowed ones; every interval that long,
/// starting after the previous one by a whole number of steps, from increasing lines; energies finite, mean
/// power within the reader's bounds (−25 % … 130 % of the rating); warnings only of severity warning.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTrackingActual(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    fuzzInput(start, count, rejecting: TrackingError.self) { data in
        let a = try fuzzTracking(data, path: "fuzz.csv") {
            try ActualGenerationReader.parse($0, path: "fuzz.csv", ratedNetPower: fuzzRatedNetPower, utcOffset: fuzzUTCOffset)
        }
        fuzzExpect(!a.intervals.isEmpty, "accepted with no interval")
        fuzzExpect(ActualGenerationReader.steps.contains(a.step), "step \(a.step) s")
        let lo = -ActualGenerationReader.parasiticMargin * fuzzRatedNetPower * (1 + 1e-9)
        let hi = ActualGenerationReader.ratingMargin * fuzzRatedNetPower * (1 + 1e-9)
        var previous: ActualInterval?
        for r in a.intervals {
            fuzzExpect(r.start.isFinite && r.duration == a.step, "line \(r.line): start \(r.start), duration \(r.duration)")
            fuzzExpect(r.energy.isFinite, "line \(r.line): energy \(r.energy)")
            let power = r.energy / r.duration
            fuzzExpect(power >= lo && power <= hi, "line \(r.line): mean power \(power) W outside \(lo) … \(hi)")
            if let p = previous {
                fuzzExpect(r.start > p.start, "line \(r.line): start \(r.start) not after \(p.start) (line \(p.line))")
                fuzzExpect((r.start - p.start).truncatingRemainder(dividingBy: a.step) == 0,
                           "line \(r.line): \(r.start - p.start) s after line \(p.line), step \(a.step) s")
                fuzzExpect(r.line > p.line, "line \(r.line) after line \(p.line)")
            }
            previous = r
        }
        fuzzExpect(a.total.isFinite, "total \(a.total)")
        for w in a.warnings {
            fuzzExpect(w.severity == .warning && !w.message.isEmpty, "warning \(w)")
        }
    }
}
