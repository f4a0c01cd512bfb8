import Foundation
import Testing
@testable import HDF5

@Suite("Round trips")
struct RoundTripTests {
    @Test func doublesBitExactIncludingSignedZeroAndInfinities() throws {
        let scratch = try Scratch(); defer { scratch.remove() }
        let values: [Double] = [0, -0.0, 1, -1, .pi, .infinity, -.infinity, .greatestFiniteMagnitude,
                                -.greatestFiniteMagnitude, .leastNonzeroMagnitude, .leastNormalMagnitude, 1e-300, 6.02214076e23]
        let path = scratch.path("d.h5")
        do {
            let file = try H5File.create(path)
            try file.root.write("x", values)
            try file.close()
        }
        let back: [Double] = try H5File.open(path).dataset("x").read()
        #expect(back.map(\.bitPattern) == values.map(\.bitPattern))
    }

    @Test func floatsBitExact() throws {
        let scratch = try Scratch(); defer { scratch.remove() }
        let values: [Float] = [0, -0.0, 1.5, -2.25, .infinity, -.infinity, .greatestFiniteMagnitude,
                               .leastNonzeroMagnitude, .ulpOfOne, 0.1]
        let path = scratch.path("f.h5")
        let file = try H5File.create(path)
        try file.root.write("x", values)
        try file.close()
        let dataset = try H5File.open(path).dataset("x")
        #expect(try dataset.elementType() == .float(bits: 32))
        let back: [Float] = try dataset.read()
        #expect(back.map(\.bitPattern) == values.map(\.bitPattern))
    }

    @Test func integersExactAtTheirLimits() throws {
        let scratch = try Scratch(); defer { scratch.remove() }
        let path = scratch.path("i.h5")
        let i32: [Int32] = [.min, -1, 0, 1, .max]
        let i64: [Int64] = [.min, -1, 0, 1, .max]
        let int: [Int] = [.min, 42, .max]
        let file = try H5File.create(path)
        try file.root.write("i32", i32)
        try file.root.write("i64", i64)
        try file.root.write("int", int)
        try file.close()
        let reopened = try H5File.open(path)
        #expect(try reopened.dataset("i32").read(Int32.self) == i32)
        #expect(try reopened.dataset("i32").elementType() == .integer(bits: 32, signed: true))
        #expect(try reopened.dataset("i64").read(Int64.self) == i64)
        #expect(try reopened.dataset("int").read(Int.self) == int)
        #expect(try reopened.dataset("int").elementType() == .integer(bits: 64, signed: true))
    }

    @Test func stringsVariableAndFixedLengthUTF8() throws {
        let scratch = try Scratch(); defer { scratch.remove() }
        let path = scratch.path("s.h5")
        let values = ["2019-01-01T01:00:00+08:00", "", "Delingha 德令哈", "°C", "a"]
        let file = try H5File.create(path)
        try file.root.writeStrings("variable", values)
        try file.root.writeStrings("fixed", values, fixedLength: true)
        try file.close()
        let reopened = try H5File.open(path)
        #expect(try reopened.dataset("variable").readStrings() == values)
        #expect(try reopened.dataset("fixed").readStrings() == values)
        #expect(try reopened.dataset("variable").elementType() == .string(variableLength: true, length: 0))
        let longest = values.map(\.utf8.count).max()!
        #expect(try reopened.dataset("fixed").elementType() == .string(variableLength: false, length: longest))
    }

    @Test func twoDimensionalShapeRowsAndColumns() throws {
        let scratch = try Scratch(); defer { scratch.remove() }
        let path = scratch.path("m.h5")
        let rows = 7, columns = 5
        let values = (0..<(rows * columns)).map { Double($0) * 0.5 - 3 }
        let file = try H5File.create(path)
        try file.root.write("m", values, shape: [rows, columns], options: .compressed(level: 1, chunk: [3, 2]))
        try file.close()
        let dataset = try H5File.open(path).dataset("m")
        #expect(try dataset.shape() == [rows, columns])
        #expect(try dataset.read(Double.self) == values)
        #expect(try dataset.readRows(2..<4, as: Double.self) == Array(values[(2 * columns)..<(4 * columns)]))
        #expect(try dataset.readColumn(3, as: Double.self) == (0..<rows).map { values[$0 * columns + 3] })
        let info = try dataset.info()
        #expect(info.chunk == [3, 2])
        #expect(info.filters == ["shuffle", "gzip(1)"])
    }

    @Test func scalarAndEmptyDatasets() throws {
        let scratch = try Scratch(); defer { scratch.remove() }
        let path = scratch.path("e.h5")
        let file = try H5File.create(path)
        try file.root.write("scalar", [2.5], shape: [])
        try file.root.write("empty", [Double](), options: .compressed())
        try file.close()
        let reopened = try H5File.open(path)
        #expect(try reopened.dataset("scalar").shape() == [])
        #expect(try reopened.dataset("scalar").read(Double.self) == [2.5])
        #expect(try reopened.dataset("empty").shape() == [0])
        #expect(try reopened.dataset("empty").read(Double.self) == [])
    }

    @Test func readingFloat32AsDoubleConverts() throws {
        let scratch = try Scratch(); defer { scratch.remove() }
        let path = scratch.path("c.h5")
        let values: [Float] = [0.1, 1e30, -7]
        let file = try H5File.create(path)
        try file.root.write("x", values)
        try file.close()
        #expect(try H5File.open(path).dataset("x").read(Double.self) == values.map(Double.init))
    }

    /// A year of hourly columns (8760 rows) of every type, compressed, read back bit-exact.
    @Test func yearOfHourlyColumnsBitExact() throws {
        let scratch = try Scratch(); defer { scratch.remove() }
        let path = scratch.path("year.h5")
        let hours = 8760
        var state: UInt64 = 0x1234_5678
        func next() -> UInt64 { state ^= state << 13; state ^= state >> 7; state ^= state << 17; return state }
        let dni = (0..<hours).map { h -> Double in
            let hod = h % 24
            return (6..<18).contains(hod) ? 900 * sin(Double.pi * Double(hod - 6) / 12) + Double(next() % 1000) / 7 : 0
        }
        let temperature = (0..<hours).map { _ in Float(Double(next() % 60_000) / 1000 - 20 + 273.15) }
        let mode = (0..<hours).map { _ in Int32(next() % 5) }
        let epoch = (0..<hours).map { Int64(1_546_300_800 + 3600 * $0) }
        let stamps = epoch.map { seconds -> String in
            let date = Date(timeIntervalSince1970: TimeInterval(seconds))
            return ISO8601DateFormatter().string(from: date)
        }
        do {
            let file = try H5File.create(path)
            let weather = try file.createGroup("weather")
            try weather.write("dni", dni, options: .compressed(level: 4)).describe(units: "W/m2", description: "Direct normal irradiance")
            try weather.write("temperature", temperature, options: .compressed(level: 4)).describe(units: "K", description: "Dry bulb")
            try file.root.write("plant/mode", mode, options: .compressed()).describe(units: "1", description: "Operating mode")
            try file.root.write("time/epoch", epoch, options: .compressed())
            try file.root.writeStrings("time/iso8601", stamps, options: .compressed())
            try file.close()
        }
        let file = try H5File.open(path)
        #expect(try file.dataset("weather/dni").read(Double.self).map(\.bitPattern) == dni.map(\.bitPattern))
        #expect(try file.dataset("/weather/temperature").read(Float.self).map(\.bitPattern) == temperature.map(\.bitPattern))
        #expect(try file.dataset("plant/mode").read(Int32.self) == mode)
        #expect(try file.dataset("time/epoch").read(Int64.self) == epoch)
        #expect(try file.dataset("time/iso8601").readStrings() == stamps)
        #expect(try file.dataset("weather/dni").stringAttribute("units") == "W/m2")
    }

    @Test func compressionShrinksASmoothSeries() throws {
        let scratch = try Scratch(); defer { scratch.remove() }
        let path = scratch.path("z.h5")
        let series = (0..<8760).map { h -> Double in
            let hod = h % 24
            return (6..<18).contains(hod) ? 0.6 * sin(Double.pi * Double(hod - 6) / 12) : 0
        }
        let file = try H5File.create(path)
        let plain = try file.root.write("plain", series)
        let packed = try file.root.write("packed", series, options: .compressed(level: 4))
        try file.flush()
        let plainBytes = try plain.info().storageBytes
        let packedBytes = try packed.info().storageBytes
        #expect(plainBytes == 8760 * 8)
        #expect(packedBytes * 4 < plainBytes, "gzip+shuffle stored \(packedBytes) of \(plainBytes) bytes")
        #expect(try packed.read(Double.self) == series)
    }

    /// A float32 matrix streamed in row blocks that do not line up with chunk rows reads back exactly.
    @Test func streamedRowBlocksReadBackExactly() throws {
        let scratch = try Scratch(); defer { scratch.remove() }
        let path = scratch.path("stream.h5")
        let rows = 100, columns = 300
        func value(_ r: Int, _ c: Int) -> Float { Float(r) * 1000 + Float(c) * 0.25 }
        do {
            let file = try H5File.create(path)
            let dataset = try file.root.createDataset("m", of: Float.self, shape: [rows, columns],
                                                      options: .compressed(level: 1, chunk: [8, 128]))
            var row = 0
            for block in [1, 7, 30, 50, 12] {
                let values = (row..<(row + block)).flatMap { r in (0..<columns).map { value(r, $0) } }
                try dataset.writeRows(values, startingAt: row)
                row += block
            }
            #expect(row == rows)
            try file.close()
        }
        let back: [Float] = try H5File.open(path).dataset("m").read()
        let expected = (0..<rows).flatMap { r in (0..<columns).map { value(r, $0) } }
        #expect(back == expected)
    }

    /// Chunks compressed on all cores (direct chunk writes) decode through HDF5's filters to the
    /// same values, and take the same bytes, as HDF5's own single-threaded pipeline.
    @Test(arguments: [true, false])
    func parallelChunkCompressionMatchesHDF5Pipeline(shuffle: Bool) throws {
        let scratch = try Scratch(); defer { scratch.remove() }
        let rows = 50, columns = 70
        let values = (0..<(rows * columns)).map { i -> Float in
            let r = i / columns, c = i % columns
            return r % 24 < 12 ? 0 : Float(r) * 0.01 + sin(Float(c) * 0.1) + Float(i % 7) * 1e-4
        }
        var stored: [Int] = []
        for parallel in [true, false] {
            let path = scratch.path("p\(parallel).h5")
            do {
                let file = try H5File.create(path)
                let dataset = try file.root.createDataset("m", of: Float.self, shape: [rows, columns],
                                                          options: .compressed(level: 3, shuffle: shuffle, chunk: [8, 32]))
                dataset.parallelCompression = parallel
                let plan = try #require(try H5ParallelChunkWriter.plan(dataset: dataset.id, type: Float.self, location: path))
                #expect(plan.shuffle == shuffle && plan.level == 3 && plan.chunkRows == 8 && plan.chunkColumns == 32)
                #expect(plan.directRows(start: 16, blockRows: 13) == 8)
                #expect(plan.directRows(start: 29, blockRows: 11) == 0)
                #expect(plan.directRows(start: 40, blockRows: 10) == 10)
                // Blocks: aligned (16), aligned but ragged (13 → 8 direct + 5 by HDF5), unaligned (11), to the end (10).
                var row = 0
                for block in [16, 13, 11, 10] {
                    try dataset.writeRows(Array(values[(row * columns)..<((row + block) * columns)]), startingAt: row)
                    row += block
                }
                try file.close()
            }
            let dataset = try H5File.open(path).dataset("m")
            #expect(try dataset.read(Float.self).map(\.bitPattern) == values.map(\.bitPattern))
            stored.append(try dataset.info().storageBytes)
        }
        #expect(stored[0] == stored[1], "parallel \(stored[0]) bytes vs HDF5 pipeline \(stored[1]) bytes")
    }

    /// Chunks deflated with zlib's run-length strategy are ordinary zlib streams HDF5 decodes.
    @Test func runLengthDeflateReadsBackBitExact() throws {
        let scratch = try Scratch(); defer { scratch.remove() }
        let path = scratch.path("rle.h5")
        let rows = 48, columns = 33
        let values = (0..<(rows * columns)).map { i in (i / columns) % 24 < 8 ? 0 : Float(i).squareRoot() * 0.37 }
        do {
            let file = try H5File.create(path)
            let dataset = try file.root.createDataset("m", of: Float.self, shape: [rows, columns],
                                                      options: .compressed(level: 1, chunk: [12, 16]))
            dataset.deflateStrategy = .runLength
            try dataset.writeRows(values, startingAt: 0)
            try file.close()
        }
        let dataset = try H5File.open(path).dataset("m")
        #expect(try dataset.read(Float.self).map(\.bitPattern) == values.map(\.bitPattern))
        #expect(try dataset.info().filters == ["shuffle", "gzip(1)"])
    }
}
