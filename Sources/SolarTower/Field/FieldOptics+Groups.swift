import Foundation

/// Power on the receiver per hour, split by groups of heliostats (consecutive index ranges).
public struct FieldGroupPower: Sendable {
    /// Exclusive end index of each group: group g holds heliostats `ends[g-1]..<ends[g]` (ends[-1] = 0).
    public var groupEnds: [Int]
    /// Per group, per record: power the group puts on the receiver. [W]
    public var power: [[Double]]
    /// True where the field was stowed (sun up but below the stow elevation, or wind above the stow speed).
    public var stowed: [Bool]

    /// Power on the receiver of the first `groups` groups (sum of buckets 0..<groups, in group order). [W]
    public func cumulativePower(groups: Int) -> [Double] {
        let nh = power.first?.count ?? 0
        var out = [Double](repeating: 0, count: nh)
        for g in 0..<min(groups, power.count) {
            let p = power[g]
            for h in 0..<nh { out[h] += p[h] }
        }
        return out
    }
}

extension FieldOptics {
    /// Same optics as `run(sun:dni:windSpeed:interval:threads:)`, but the power on the receiver is accumulated
    /// per heliostat group (consecutive index ranges ending at `groupEnds`) in one pass. Work chunks never straddle
    /// a group boundary, so each chunk's hourly sums belong to one group; chunks are reduced in index order, so the
    /// result does not depend on the thread count. Per-hour power of group g: DNI × Σ(A·cos·f_s·f_b·τ·η_int·ρ) × availability. [W]
    public func runGrouped(weather: WeatherYear, sun: [SunPosition], groupEnds: [Int],
                           threads: Int = defaultThreadCount) throws -> FieldGroupPower {
        let nh = sun.count
        guard nh == weather.records.count else {
            throw FieldError(.mismatchedInputs, path: weather.sourcePath ?? "weather",
                             "\(nh) sun positions for \(weather.records.count) weather records")
        }
        let n = spec.layout.count
        guard !groupEnds.isEmpty, groupEnds.last == n, zip(groupEnds, groupEnds.dropFirst()).allSatisfy({ $0 <= $1 }),
              groupEnds[0] >= 0 else {
            throw FieldError(.mismatchedInputs, path: "FieldOptics.runGrouped",
                             "group ends \(groupEnds) must be non-decreasing and end at the heliostat count \(n)")
        }
        let dni = weather.records.map(\.dni), wind = weather.records.map(\.windSpeed), interval = weather.records.map(\.interval)
        let tracked = try trackingHours(0..<nh, sun: sun, dni: dni, windSpeed: wind, interval: interval,
                                        caller: "FieldOptics.runGrouped")
        let (active, stowed, sx, sy, sz, w) = (tracked.active, tracked.stowed, tracked.sx, tracked.sy, tracked.sz, tracked.weight)
        let na = active.count
        // Chunks of at most 512 heliostats inside each group.
        let chunkSize = 512
        var chunks: [(range: Range<Int>, group: Int)] = []
        var lo = 0
        for (g, end) in groupEnds.enumerated() {
            while lo < end { let hi = min(end, lo + chunkSize); chunks.append((lo..<hi, g)); lo = hi }
        }
        let stages = 7
        let hourSums = SliceBuffer<Double>(chunks.count * na * stages, initial: 0)
        let helio = SliceBuffer<Double>(n * stages, initial: 0)
        defer { hourSums.free(); helio.free() }
        let (csx, csy, csz, cw, cch) = (sx, sy, sz, w, chunks)
        parallelSlices(chunks.count, threads: threads) { c in
            self.kernel(range: cch[c].range, sx: csx, sy: csy, sz: csz, weight: cw,
                        hourSums: hourSums.base + c * na * stages, helio: helio.base)
        }
        let avail = spec.availability
        var power = [[Double]](repeating: [Double](repeating: 0, count: nh), count: groupEnds.count)
        for g in 0..<groupEnds.count {
            var s6 = [Double](repeating: 0, count: na)
            for (c, chunk) in chunks.enumerated() where chunk.group == g {
                let p = hourSums.base + c * na * stages
                for k in 0..<na { s6[k] += p[k * stages + 6] }
            }
            for (k, h) in active.enumerated() { power[g][h] = dni[h] * s6[k] * avail }
        }
        return FieldGroupPower(groupEnds: groupEnds, power: power, stowed: stowed)
    }
}
