import ArgumentParser
import Foundation
import HDF5

/// `solartower h5 …`: look inside HDF5 results files.
struct H5Command: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "h5",
        abstract: "Inspect HDF5 results files.",
        subcommands: [Info.self, SelfTestWrite.self, Bench.self]
    )
}

extension H5Command {
    /// Lists groups, datasets (shape, type, units, description) and attributes of a file.
    struct Info: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "info",
            abstract: "List the groups, datasets and attributes in an HDF5 file.",
            discussion: "Like h5ls -r, with units and descriptions on each line and storage details on request."
        )

        @Argument(help: "HDF5 file to inspect.")
        var file: String

        @Flag(name: .long, help: "Show chunking, filters and stored size of each dataset.")
        var storage = false

        @Flag(name: .long, help: "Show long attribute values in full (default: first line, 100 characters).")
        var full = false

        func run() throws {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory), !isDirectory.boolValue else {
                fail("\(file): no such file")
            }
            guard H5File.isHDF5(file) else {
                fail("\(file): not an HDF5 file (no HDF5 signature found)")
            }
            do {
                let h5 = try H5File.open(file)
                let text = try H5InfoReport(file: h5, showStorage: storage, fullValues: full).render()
                print(text, terminator: "")
            } catch let error as HDF5Error {
                fail(error.description)
            }
        }
    }

    /// Hidden: writes a file slowly through `AtomicH5Writer`, for the kill-mid-write test.
    struct SelfTestWrite: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "selftest-write",
            abstract: "Write a test file slowly and atomically (for tests).",
            shouldDisplay: false
        )

        @Argument(help: "Target file.")
        var target: String

        @Option(help: "Rows of the 2-D float32 test matrix.")
        var rows = 200

        @Option(help: "Columns of the matrix.")
        var columns = 1000

        @Option(help: "Pause between rows. [ms]")
        var delayMs = 10

        @Option(help: "Throw an error after writing this row (tests the error path).")
        var failAt: Int?

        func validate() throws {
            guard rows > 0, columns > 0, delayMs >= 0 else { throw ValidationError("rows, columns must be > 0, delay >= 0") }
        }

        func run() throws {
            do {
                try AtomicH5Writer.write(to: target) { file in
                    try file.setAttribute("description", "selftest-write output")
                    try file.setAttribute("rows", rows)
                    let matrix = try file.root.createDataset(
                        "slow/matrix", of: Float.self, shape: [rows, columns],
                        options: .compressed(level: 1, chunk: [1, columns]))
                    try matrix.describe(units: "1", description: "row r holds r + column / columns")
                    for row in 0..<rows {
                        let values = (0..<columns).map { Float(row) + Float($0) / Float(columns) }
                        try matrix.writeRows(values, startingAt: row)
                        if row == 0 {
                            try file.flush()
                            let line = "writing \(AtomicH5Writer.temporaryPath(for: target))\n"
                            FileHandle.standardOutput.write(Data(line.utf8))
                        }
                        if row == failAt { throw SelfTestFailure(row: row) }
                        if delayMs > 0 { usleep(UInt32(delayMs) * 1000) }
                    }
                }
                print("done")
            } catch let error as HDF5Error {
                fail(error.description)
            }
        }
    }
}

extension H5Command {
    /// Hidden: times writing a synthetic (hours × heliostats) float32 matrix, chunked + shuffle + gzip.
    struct Bench: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "bench",
            abstract: "Time writing a synthetic hours × heliostats float32 matrix (run a release build).",
            shouldDisplay: false
        )

        @Option(help: "Output file (written atomically; deleted afterwards unless --keep).")
        var out = "solartower-bench.h5"
        @Option(help: "Rows (hours).")
        var hours = 8760
        @Option(help: "Columns (heliostats).")
        var heliostats = 27_135
        @Option(help: "Chunk rows.")
        var chunkRows = 24
        @Option(help: "Chunk columns (0 = all columns).")
        var chunkColumns = 4096
        @Option(help: "gzip level 0…9, or -1 for no compression.")
        var gzip = 1
        @Flag(inversion: .prefixedEnableDisable, help: "Byte shuffle before gzip.")
        var shuffle = true
        @Option(help: "Rows generated and written per call (a multiple of --chunk-rows avoids re-compression).")
        var blockRows = 168
        @Flag(help: "Keep the output file.")
        var keep = false
        @Flag(help: "Compress with HDF5's own single-threaded filter pipeline only (for comparison).")
        var serial = false
        @Flag(help: "zlib run-length strategy for the chunks compressed in parallel (faster, slightly larger).")
        var rle = false

        func validate() throws {
            guard hours > 0, heliostats > 0, chunkRows > 0, chunkRows <= hours, chunkColumns >= 0,
                  chunkColumns <= heliostats, blockRows > 0, (-1...9).contains(gzip) else {
                throw ValidationError("sizes must be positive, chunks within the matrix, gzip in -1…9")
            }
        }

        func run() throws {
            let columns = chunkColumns == 0 ? heliostats : chunkColumns
            let options = H5DatasetOptions(chunk: [chunkRows, columns], shuffle: shuffle,
                                           deflateLevel: gzip >= 0 ? gzip : nil)
            let matrix = SyntheticFieldMatrix(heliostats: heliostats)
            var block = [Float](repeating: 0, count: blockRows * heliostats)
            var generateSeconds = 0.0
            var writeSeconds = 0.0
            let start = Date()
            do {
                try AtomicH5Writer.write(to: out) { file in
                    let dataset = try file.root.createDataset("field/heliostats/hourly_efficiency", of: Float.self,
                                                              shape: [hours, heliostats], options: options)
                    try dataset.describe(units: "1", description: "synthetic per-heliostat hourly optical efficiency")
                    dataset.parallelCompression = !serial
                    dataset.deflateStrategy = rle ? .runLength : .standard
                    var row = 0
                    while row < hours {
                        let rows = min(blockRows, hours - row)
                        let t0 = Date()
                        matrix.fill(&block, firstHour: row, hours: rows)
                        let t1 = Date()
                        try block.withUnsafeBufferPointer {
                            try dataset.writeRows(UnsafeBufferPointer(rebasing: $0[0..<(rows * heliostats)]), startingAt: row)
                        }
                        writeSeconds += Date().timeIntervalSince(t1)
                        generateSeconds += t1.timeIntervalSince(t0)
                        row += rows
                    }
                }
            } catch let error as HDF5Error {
                fail(error.description)
            }
            let total = Date().timeIntervalSince(start)
            let size = (try? FileManager.default.attributesOfItem(atPath: out)[.size] as? Int) ?? 0
            let raw = Double(hours) * Double(heliostats) * 4
            print("matrix: \(hours) × \(heliostats) float32 (\(H5InfoReport.size(Int(raw))) raw)")
            print("chunk: \(chunkRows) × \(columns), shuffle: \(shuffle), gzip: \(gzip), block rows: \(blockRows), "
                  + (serial ? "HDF5 filter pipeline (1 thread)" : "parallel chunk compression") + (rle && !serial ? ", zlib RLE" : ""))
            print(String(format: "generate: %.2f s, write (H5Dwrite calls): %.2f s, total incl. close+fsync+rename: %.2f s",
                         generateSeconds, writeSeconds, total))
            print("file: \(H5InfoReport.size(size)) (" + String(format: "%.1f", 100 * Double(size) / raw) + "% of raw)")
            if !keep { unlink(out) }
        }
    }
}

/// Synthetic but plausible per-heliostat hourly efficiencies: zero at night (hours 18–6), a smooth
/// day curve × a smooth field pattern by heliostat, plus ±0.2 % noise.
struct SyntheticFieldMatrix {
    let heliostats: Int
    let pattern: [Float]

    init(heliostats: Int) {
        self.heliostats = heliostats
        pattern = (0..<heliostats).map { c in
            let x = Double(c)
            return Float(0.55 + 0.15 * sin(x * 0.0021) + 0.05 * cos(x * 0.037))
        }
    }

    func fill(_ block: inout [Float], firstHour: Int, hours: Int) {
        block.withUnsafeMutableBufferPointer { buffer in
            for r in 0..<hours {
                let hour = firstHour + r
                let hourOfDay = hour % 24
                let row = UnsafeMutableBufferPointer(rebasing: buffer[(r * heliostats)..<((r + 1) * heliostats)])
                guard (6..<18).contains(hourOfDay) else {
                    row.update(repeating: 0)
                    continue
                }
                let sun = Float(sin(Double.pi * (Double(hourOfDay - 6) + 0.5) / 12))
                let season = Float(0.9 + 0.1 * cos(2 * Double.pi * Double(hour / 24) / 365))
                var state = UInt64(truncatingIfNeeded: hour) &* 0x9E37_79B9_7F4A_7C15 | 1
                for c in 0..<heliostats {
                    state ^= state << 13; state ^= state >> 7; state ^= state << 17
                    let noise = Float(Int64(state >> 40) - (1 << 23)) / Float(1 << 23) * 0.002
                    row[c] = pattern[c] * sun * season * (0.9 + 0.1 * sun) + noise
                }
            }
        }
    }
}

/// The deliberate error `selftest-write --fail-at` raises.
struct SelfTestFailure: Error, CustomStringConvertible {
    let row: Int
    var description: String { "selftest-write: failing on purpose after row \(row)" }
}

/// Prints `message` to standard error and exits with status 1.
func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    exit(1)
}

/// The text `solartower h5 info` prints.
struct H5InfoReport {
    let file: H5File
    let showStorage: Bool
    let fullValues: Bool

    func render() throws -> String {
        let contents = try file.contents(recursive: true)
        let datasets = contents.filter { if case .dataset = $0.kind { return true } else { return false } }
        let groups = contents.filter { $0.kind == .group }
        let bytes = (try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int) ?? nil
        var out = "\(file.path): HDF5, \(bytes.map(Self.size) ?? "? bytes"), "
            + "\(groups.count) group\(groups.count == 1 ? "" : "s"), \(datasets.count) dataset\(datasets.count == 1 ? "" : "s")\n"
        let rootAttributes = try file.attributes()
        if !rootAttributes.isEmpty {
            out += "/ attributes:\n"
            for attribute in rootAttributes { out += "    \(attribute.name) = \(value(attribute.value))\n" }
        }
        let pathWidth = min(48, (contents.map { $0.path.count + ($0.kind == .group ? 1 : 0) }.max() ?? 0))
        let shapeWidth = datasets.compactMap { item -> Int? in
            if case .dataset(let info) = item.kind { return Self.shape(info.shape).count } else { return nil }
        }.max() ?? 0
        for item in contents {
            let described = Set(["units", "description"])
            switch item.kind {
            case .group:
                out += item.path + "/"
                if case .string(let d)? = item.attribute("description") {
                    out += String(repeating: " ", count: max(0, pathWidth - item.path.count - 1)) + "  " + oneLine(d)
                }
                out += "\n"
            case .dataset(let info):
                out += pad(item.path, pathWidth) + "  " + pad(Self.shape(info.shape), shapeWidth)
                    + "  " + pad(info.element.description, 8)
                let units = item.attribute("units").map { "[\(plain($0))]" } ?? "[units missing]"
                out += "  " + units
                if let d = item.attribute("description") { out += "  " + oneLine(plain(d)) }
                out += "\n"
                if showStorage {
                    let raw = info.shape.reduce(1, *) * Self.elementBytes(info.element)
                    var line = "      storage: " + (info.chunk.map { "chunk \(Self.shape($0))" } ?? "contiguous")
                    if !info.filters.isEmpty { line += ", " + info.filters.joined(separator: "+") }
                    line += ", \(Self.size(info.storageBytes))"
                    if raw > 0 {
                        line += " (" + String(format: "%.1f", 100 * Double(info.storageBytes) / Double(raw))
                            + "% of " + Self.size(raw) + ")"
                    }
                    out += line + "\n"
                }
            case .link(let kind):
                out += pad(item.path, pathWidth) + "  -> \(kind)\n"
            case .other:
                out += pad(item.path, pathWidth) + "  (named datatype or other object)\n"
            }
            let shownInline: Set<String> = item.kind == .group ? ["description"] : described
            for attribute in item.attributes where !shownInline.contains(attribute.name) {
                out += "      @\(attribute.name) = \(value(attribute.value))\n"
            }
        }
        return out
    }

    private func plain(_ value: H5AttributeValue) -> String {
        if case .string(let s) = value { return s }
        return value.description
    }

    private func oneLine(_ text: String) -> String {
        fullValues ? text : Self.shorten(text)
    }

    private func value(_ value: H5AttributeValue) -> String {
        if fullValues { return value.description }
        if case .string(let s) = value, s.contains("\n") || s.count > 100 {
            let lines = s.split(separator: "\n", omittingEmptySubsequences: false).count
            return "\"" + Self.shorten(s) + "\"" + (lines > 1 ? " (\(lines) lines, \(s.utf8.count) bytes; --full shows all)" : "")
        }
        return Self.shorten(value.description)
    }

    static func shorten(_ text: String) -> String {
        let first = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        if first.count > 100 { return String(first.prefix(99)) + "…" }
        return first.count < text.count ? first + " …" : first
    }

    private func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }

    static func shape(_ shape: [Int]) -> String {
        shape.isEmpty ? "scalar" : shape.map(String.init).joined(separator: " × ")
    }

    static func elementBytes(_ element: H5ElementType) -> Int {
        switch element {
        case .float(let bits), .integer(let bits, _): return bits / 8
        case .string(let variable, let length): return variable ? 0 : length
        case .other: return 0
        }
    }

    static func size(_ bytes: Int) -> String {
        let units = ["bytes", "KiB", "MiB", "GiB", "TiB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1024 && unit < units.count - 1 { value /= 1024; unit += 1 }
        return unit == 0 ? "\(bytes) bytes" : String(format: "%.1f ", value) + units[unit]
    }
}
