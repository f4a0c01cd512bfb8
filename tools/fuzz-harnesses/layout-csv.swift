// fuzz: heliostat layout CSV (FieldLayout.csv, 2 heliostat classes)
// fuzz-sources: Sources/SolarTower/Field/FieldSpec.swift Sources/SolarTower/Field/SunShapeSampling.swift Sources/SolarTower/Field/FieldLayoutGeneration.swift Sources/SolarTower/Receiver/ReceiverGeometry.swift
// fuzz-seeds: Tests/SolarTowerTests/Corpus/layouts/* Plants/*.csv
// fuzz-dict: weather-common.dict layout-csv.dict
// fuzz-flags: -max_len=16384

import Foundation

/// An accepted layout: at least one heliostat, x, y, z and class arrays of one length, every position
/// finite and within the reader's bounds (|x|, |y| ≤ 100 km, |z| ≤ 10 km), every class index in 0..<2.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLayoutCSV(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    fuzzInput(start, count, rejecting: FieldError.self) { data in
        let layout: FieldLayout
        do {
            layout = try FieldLayout.csv(data: data, path: "fuzz.csv", classCount: 2)
        } catch let e as FieldError {
            fuzzExpect(e.path == "fuzz.csv" && !e.message.isEmpty, "error \(e)")
            if let line = e.line {
                let lines = String(decoding: data, as: UTF8.self).split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).count
                fuzzExpect(line >= 1 && line <= lines, "error on line \(line) of \(lines): \(e)")
            }
            throw e
        }
        let n = layout.count
        fuzzExpect(n > 0, "accepted an empty layout")
        fuzzExpect(layout.y.count == n && layout.z.count == n && layout.classIndex.count == n,
                   "array lengths \(n), \(layout.y.count), \(layout.z.count), \(layout.classIndex.count)")
        for i in 0..<n {
            let x = layout.x[i], y = layout.y[i], z = layout.z[i]
            fuzzExpect(x.isFinite && y.isFinite && z.isFinite && abs(x) <= 1e5 && abs(y) <= 1e5 && abs(z) <= 1e4,
                       "heliostat \(i): (\(x), \(y), \(z))")
            fuzzExpect((0..<2).contains(layout.classIndex[i]), "heliostat \(i): class \(layout.classIndex[i])")
        }
    }
}
