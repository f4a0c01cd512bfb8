import Foundation

/// Reads weather files into a `WeatherYear` (SI units, interval starts in UTC), detecting the format from
/// the content: NREL TMY3 CSV, NREL TMY2, EnergyPlus EPW, SAM CSV / NSRDB PSM3 CSV (see each reader for its
/// layout and time convention).
///
/// Every problem is a `WeatherError` with the path, 1-based line and column and what was expected; the
/// reader never crashes and never returns NaN. Before reading a whole file it checks that the first 4 KiB
/// are text and the first 64 KiB match a known layout, so a large binary or foreign file is rejected
/// at once; files are memory-mapped, not copied, and the mapped pages already parsed are released as parsing
/// goes (a 284 MB file does not stay resident beside its records).
public enum WeatherReader {
    /// Bytes examined to recognise the format. [bytes]
    static let sniffLength = 65_536
    /// Bytes checked for binary content. [bytes]
    static let textCheckLength = 4096

    /// Reads and validates the weather file at `path`.
    public static func read(path: String) throws -> WeatherYear {
        try read(path: path, releaseStride: LineCursor.defaultReleaseStride)
    }

    /// `read(path:)` releasing the parsed pages of the map every `releaseStride` bytes (tests use a small one).
    static func read(path: String, releaseStride: Int) throws -> WeatherYear {
        if let problem = InputFile.problem(at: path) {
            throw WeatherError(.unreadable, path: path, problem + "; expected a weather file")
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw WeatherError(.unreadable, path: path, "cannot be opened for reading")
        }
        let prefix: Data
        do {
            prefix = try handle.read(upToCount: sniffLength) ?? Data()
            try handle.close()
        } catch {
            throw WeatherError(.unreadable, path: path, "cannot be read: \(error.localizedDescription)")
        }
        let format = try detectFormat(data: prefix, path: path)
        // Memory-map the file (read-only, private) so that its pages can be released behind the parser.
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw WeatherError(.unreadable, path: path, "cannot be opened for reading: \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw WeatherError(.unreadable, path: path, "cannot be read: \(String(cString: strerror(errno)))")
        }
        let size = Int(info.st_size)
        guard size > 0 else { return try parse(Data(), format: format, path: path) }
        guard let map = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), map != UnsafeMutableRawPointer(bitPattern: -1) else {
            throw WeatherError(.unreadable, path: path, "cannot be mapped into memory: \(String(cString: strerror(errno)))")
        }
        defer { munmap(map, size) }
        _ = madvise(map, size, Int32(MADV_SEQUENTIAL))
        return try parse(UnsafeRawBufferPointer(start: map, count: size), format: format, path: path, releaseStride: releaseStride)
    }

    /// Reads and validates weather file content; `path` names it in errors and provenance.
    public static func read(data: Data, path: String) throws -> WeatherYear {
        let format = try detectFormat(data: data.prefix(sniffLength), path: path)
        return try parse(data, format: format, path: path)
    }

    /// The format of weather file content, judged from its first lines (not from the file name).
    /// - Throws: `unreadable` for binary content, `unknownFormat` when no supported layout matches.
    public static func detectFormat(data: Data, path: String) throws -> WeatherFormat {
        try data.prefix(sniffLength).withUnsafeBytes { (buf: UnsafeRawBufferPointer) throws -> WeatherFormat in
            try detect(buf, path: path)
        }
    }

    static func parse(_ data: Data, format: WeatherFormat, path: String) throws -> WeatherYear {
        try data.withUnsafeBytes { (text: UnsafeRawBufferPointer) throws -> WeatherYear in
            try parse(text, format: format, path: path, releaseStride: nil)
        }
    }

    /// Parses `text`; a `releaseStride` only for a private read-only memory map (see `LineCursor`).
    static func parse(_ text: UnsafeRawBufferPointer, format: WeatherFormat, path: String,
                      releaseStride: Int?) throws -> WeatherYear {
        switch format {
        case .tmy3: return try TMY3Reader.parse(text, path: path, releaseStride: releaseStride)
        case .tmy2: return try TMY2Reader.parse(text, path: path, releaseStride: releaseStride)
        case .epw: return try EPWReader.parse(text, path: path, releaseStride: releaseStride)
        case .samCSV: return try SAMCSVReader.parse(text, path: path, releaseStride: releaseStride)
        }
    }

    static func detect(_ text: UnsafeRawBufferPointer, path: String) throws -> WeatherFormat {
        guard !text.isEmpty else {
            throw WeatherError(.unknownFormat, path: path, "empty file; expected a TMY3, TMY2, EPW or SAM CSV weather file")
        }
        // Binary content: a NUL byte or more than 1 % control characters in the first 4 KiB.
        let head = min(text.count, textCheckLength)
        var controls = 0
        for i in 0..<head {
            let b = text[i]
            if b == 0 {
                throw WeatherError(.unreadable, path: path,
                                   "binary data (NUL byte at offset \(i)); expected a text weather file")
            }
            if (b < 0x20 && b != 0x09 && b != 0x0A && b != 0x0D) || b == 0x7F { controls += 1 }
        }
        if controls * 100 > head {
            throw WeatherError(.unreadable, path: path,
                               "binary data (\(controls) control bytes in the first \(head)); expected a text weather file")
        }
        var cursor = LineCursor(text: text, path: path)
        var lines: [Range<Int>] = []
        while lines.count < 3, let l = try? cursor.next() { lines.append(l) }
        guard let first = lines.first else {
            throw WeatherError(.unknownFormat, path: path, "no text lines; expected a weather file")
        }
        var fs = FieldSplitter()
        if lines.count >= 3, (try? fs.split(lines[2], in: text, path: path, lineNumber: 3)) != nil {
            let names = (0..<fs.count).map { ColumnName.normalized(TextBytes.string(fs[$0], in: text)) }
            if SAMCSVReader.looksLikeColumnHeader(names) { return .samCSV }
        }
        // EPW's first keyword is upper case ("Location," starts the old SAM/SWERA CSV header).
        if first.count >= 9, String(decoding: UnsafeRawBufferPointer(rebasing: text[first.lowerBound..<(first.lowerBound + 9)]),
                                    as: UTF8.self) == "LOCATION," { return .epw }
        if TMY2Reader.looksLikeHeader(first, in: text) { return .tmy2 }
        if lines.count >= 2, (try? fs.split(lines[1], in: text, path: path, lineNumber: 2)) != nil, fs.count >= 2 {
            let a = ColumnName.normalized(TextBytes.string(fs[0], in: text))
            let b = ColumnName.normalized(TextBytes.string(fs[1], in: text))
            if a == "date", b == "time" { return .tmy3 }
        }
        throw WeatherError(.unknownFormat, path: path, line: 1,
                           "content matches no supported weather format; expected TMY3 CSV (line 2 'Date (MM/DD/YYYY),Time (HH:MM),…'), "
                           + "TMY2 (fixed-width header), EPW ('LOCATION,…') or SAM CSV (line 3 'Year,Month,Day,Hour,…')")
    }
}

extension WeatherFormat {
    /// Human-readable name of the format.
    public var displayName: String {
        switch self {
        case .tmy3: return "NREL TMY3 CSV"
        case .tmy2: return "NREL TMY2 fixed-width"
        case .epw: return "EnergyPlus EPW"
        case .samCSV: return "SAM CSV / NSRDB PSM3 CSV"
        }
    }
}
