import Foundation

extension FieldOptics {
    /// Optical efficiency of every heliostat in each hour of `hours`: the power it puts on the receiver over
    /// DNI × its reflective area, availability included — the same chain (cosine × shading × blocking ×
    /// attenuation × intercept × reflectance × availability) and the same stow rule as `run`, computed by the
    /// same kernel one heliostat at a time. 0 where the sun is down, DNI is 0 or the field is stowed. [-]
    ///
    /// Σᵢ efficiency[h, i] × Aᵢ × DNI[h] equals `run(…).powerOnReceiver[h]` (to float32 rounding).
    /// - Parameters:
    ///   - sun: sun position per record (all records of the series). [rad]
    ///   - dni: direct normal irradiance per record. [W/m²]
    ///   - windSpeed: per record (stow rule). [m/s]
    ///   - interval: record lengths (checked like `run`). [s]
    ///   - hours: the records to compute, a sub-range of the series.
    ///   - threads: workers; the result does not depend on it.
    /// - Returns: row-major `hours.count × heliostats` float32 efficiencies. [-]
    public func heliostatHourly(sun: [SunPosition], dni: [Double], windSpeed: [Double], interval: [Double],
                                hours: Range<Int>, threads: Int = defaultThreadCount) throws -> [Float] {
        let n = spec.layout.count
        var out = [Float](repeating: 0, count: hours.count * n)
        try out.withUnsafeMutableBufferPointer { buffer in
            try heliostatHourly(sun: sun, dni: dni, windSpeed: windSpeed, interval: interval, hours: hours,
                                threads: threads, into: buffer)
        }
        return out
    }

    /// `heliostatHourly` into a caller's buffer of at least `hours.count × heliostats` floats (zeroed here first).
    public func heliostatHourly(sun: [SunPosition], dni: [Double], windSpeed: [Double], interval: [Double],
                                hours: Range<Int>, threads: Int = defaultThreadCount,
                                into output: UnsafeMutableBufferPointer<Float>) throws {
        let nh = sun.count, n = spec.layout.count
        guard dni.count == nh, windSpeed.count == nh, interval.count == nh else {
            throw FieldError(.mismatchedInputs, path: "FieldOptics.heliostatHourly",
                             "sun (\(nh)), dni (\(dni.count)), windSpeed (\(windSpeed.count)) and interval (\(interval.count)) must have the same length")
        }
        guard hours.lowerBound >= 0, hours.upperBound <= nh else {
            throw FieldError(.mismatchedInputs, path: "FieldOptics.heliostatHourly",
                             "hours \(hours) outside the series of \(nh) records")
        }
        guard output.count >= hours.count * n, let base = output.baseAddress else {
            if hours.isEmpty || n == 0 { return }
            throw FieldError(.mismatchedInputs, path: "FieldOptics.heliostatHourly",
                             "output holds \(output.count) values, needs \(hours.count) × \(n)")
        }
        base.update(repeating: 0, count: hours.count * n)
        let tracked = try trackingHours(hours, sun: sun, dni: dni, windSpeed: windSpeed, interval: interval,
                                        caller: "FieldOptics.heliostatHourly")
        let (active, sx, sy, sz, w) = (tracked.active, tracked.sx, tracked.sy, tracked.sz, tracked.weight)
        let na = active.count
        guard na > 0 else { return }
        let rows = active.map { $0 - hours.lowerBound }
        let chunk = 64
        let nChunks = (n + chunk - 1) / chunk
        let helio = SliceBuffer<Double>(n * 7, initial: 0)   // each heliostat owns its 7 slots
        defer { helio.free() }
        let out = FloatSlots(base: base)
        let avail = spec.availability
        let (csx, csy, csz, cw) = (sx, sy, sz, w)
        parallelSlices(nChunks, threads: threads) { c in
            let sums = UnsafeMutablePointer<Double>.allocate(capacity: na * 7)
            defer { sums.deallocate() }
            for i in (c * chunk)..<min(n, c * chunk + chunk) {
                sums.initialize(repeating: 0, count: na * 7)
                self.kernel(range: i..<(i + 1), sx: csx, sy: csy, sz: csz, weight: cw, hourSums: sums,
                            helio: helio.base)
                let scale = avail / self.area[i]
                for k in 0..<na {
                    out.base[rows[k] * n + i] = Float(sums[k * 7 + 6] * scale)
                }
            }
        }
    }
}

/// Output slots that parallel slices write disjointly (each heliostat its own column).
private struct FloatSlots: @unchecked Sendable {
    let base: UnsafeMutablePointer<Float>
}
