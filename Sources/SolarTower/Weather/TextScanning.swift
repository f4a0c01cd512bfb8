import Foundation

/// Byte-level scanning of text weather files: lines, comma-separated fields and ASCII numbers,
/// without building a `String` per field. All functions work on a borrowed byte buffer.
enum TextLimits {
    /// Longest accepted line (1 MiB). [bytes]
    static let maxLineLength = 1 << 20
    /// Most fields accepted on one line.
    static let maxColumns = 10_000
}

/// Walks the lines of a text buffer. Accepts `\n` and `\r\n` endings; a UTF-8 byte-order mark is skipped.
///
/// With a `releaseStride` (only for a buffer that is a read-only private memory map of a file, as
/// `WeatherReader.read(path:)` makes), the pages before the current line are handed back to the kernel every
/// `releaseStride` bytes (`madvise(MADV_DONTNEED)`), so a long file does not stay resident while its records are
/// built: 284 MB for a 10-year 1-minute file. The map stays valid; a released page touched again is read back from
/// the file. (On heap memory `MADV_DONTNEED` would zero the bytes, hence the flag.)
struct LineCursor {
    let text: UnsafeRawBufferPointer
    let path: String
    private(set) var position = 0
    /// 1-based number of the line last returned (0 before the first).
    private(set) var lineNumber = 0
    /// Release pages every this many consumed bytes; nil = never (any buffer that is not a private file map).
    let releaseStride: Int?
    /// Bytes before this offset were released (page-aligned).
    private var released = 0
    /// Default for `releaseStride` on a memory-mapped file. [bytes]
    static let defaultReleaseStride = 8 << 20

    init(text: UnsafeRawBufferPointer, path: String, releaseStride: Int? = nil) {
        self.text = text
        self.path = path
        self.releaseStride = releaseStride.map { max(1, $0) }
        if text.count >= 3, text[0] == 0xEF, text[1] == 0xBB, text[2] == 0xBF { position = 3 }
    }

    /// Releases the whole pages before `offset` (see the type's documentation).
    private mutating func release(before offset: Int) {
        guard let base = text.baseAddress else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        guard page > 0 else { return }
        // The buffer starts on a page boundary (it is a memory map).
        let end = offset / page * page
        guard end > released else { return }
        _ = madvise(UnsafeMutableRawPointer(mutating: base + released), end - released, Int32(MADV_DONTNEED))
        released = end
    }

    var atEnd: Bool { position >= text.count }

    /// Rough number of lines left: the bytes left divided by the length of the next line (with its ending).
    /// For sizing arrays up front; 0 at the end.
    func estimatedRemainingLines() -> Int {
        guard position < text.count, let base = text.baseAddress else { return 0 }
        let window = min(text.count - position, 65_536)
        let length = memchr(base + position, 0x0A, window).map { base.distance(to: UnsafeRawPointer($0)) - position + 1 }
            ?? window
        return (text.count - position) / max(1, length)
    }

    /// Call on a blank line inside the data: returns normally when only blank lines follow (at most
    /// 64 KiB of them, so a file padded with gigabytes of newlines is still rejected at once); otherwise
    /// throws `missingField`, since a record was expected.
    func expectOnlyTrailingBlanks() throws {
        let limit = 65_536
        let rest = text.count - position
        var i = position
        while i < text.count, i - position < limit {
            let b = text[i]
            guard b == 0x0A || b == 0x0D || b == 0x20 || b == 0x09 else { break }
            i += 1
        }
        if i == text.count && rest <= limit { return }
        throw WeatherError(.missingField, path: path, line: lineNumber, column: 1,
                           "blank line inside the data; expected a record")
    }

    /// The next line's byte range without its line ending, or nil at the end of the buffer.
    mutating func next() throws -> Range<Int>? {
        guard position < text.count, let base = text.baseAddress else { return nil }
        lineNumber += 1
        let start = position
        if let stride = releaseStride, start - released >= stride { release(before: start) }
        // Search at most one byte more than the limit (plus room for "\r").
        let window = min(text.count - start, TextLimits.maxLineLength + 2)
        var end: Int
        if let hit = memchr(base + start, 0x0A, window) {
            end = base.distance(to: UnsafeRawPointer(hit))
            position = end + 1
        } else if start + window == text.count {
            end = text.count
            position = end
        } else {
            throw WeatherError(.lineTooLong, path: path, line: lineNumber,
                               "line is longer than \(TextLimits.maxLineLength) bytes; expected a weather record")
        }
        if end > start, text[end - 1] == 0x0D { end -= 1 }
        if end - start > TextLimits.maxLineLength {
            throw WeatherError(.lineTooLong, path: path, line: lineNumber,
                               "line is \(end - start) bytes long; at most \(TextLimits.maxLineLength) expected")
        }
        return start..<end
    }
}

/// Splits one line into fields at a separator; double-quoted fields lose their quotes.
struct FieldSplitter {
    private(set) var fields: [Range<Int>] = []

    init() { fields.reserveCapacity(96) }

    mutating func split(_ line: Range<Int>, in text: UnsafeRawBufferPointer, separator: UInt8 = UInt8(ascii: ","),
                        path: String, lineNumber: Int) throws {
        fields.removeAll(keepingCapacity: true)
        var i = line.lowerBound
        let end = line.upperBound
        while true {
            if fields.count >= TextLimits.maxColumns {
                throw WeatherError(.tooManyColumns, path: path, line: lineNumber, column: fields.count + 1,
                                   "more than \(TextLimits.maxColumns) fields on one line")
            }
            var start = i
            var stop: Int
            if i < end, text[i] == UInt8(ascii: "\"") {
                // Quoted field: runs to the closing quote ("" inside is kept as text).
                start = i + 1
                var j = start
                while j < end {
                    if text[j] == UInt8(ascii: "\"") {
                        if j + 1 < end, text[j + 1] == UInt8(ascii: "\"") { j += 2; continue }
                        break
                    }
                    j += 1
                }
                stop = j
                i = j < end ? j + 1 : end
                while i < end, text[i] != separator { i += 1 }
            } else {
                while i < end, text[i] != separator { i += 1 }
                stop = i
            }
            fields.append(start..<stop)
            if i >= end { break }
            i += 1  // skip separator
            if i == end {  // trailing separator: one more empty field
                fields.append(end..<end)
                break
            }
        }
    }

    var count: Int { fields.count }
    subscript(i: Int) -> Range<Int> { fields[i] }
}

/// Byte helpers over a text buffer.
enum TextBytes {
    static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }

    /// Range with leading and trailing blanks removed.
    static func trimmed(_ r: Range<Int>, in text: UnsafeRawBufferPointer) -> Range<Int> {
        var a = r.lowerBound, b = r.upperBound
        while a < b, isSpace(text[a]) { a += 1 }
        while b > a, isSpace(text[b - 1]) { b -= 1 }
        return a..<b
    }

    static func isBlank(_ r: Range<Int>, in text: UnsafeRawBufferPointer) -> Bool {
        trimmed(r, in: text).isEmpty
    }

    /// Text of a byte range (UTF-8, invalid bytes replaced), trimmed.
    static func string(_ r: Range<Int>, in text: UnsafeRawBufferPointer) -> String {
        let t = trimmed(r, in: text)
        guard !t.isEmpty else { return "" }
        return String(decoding: UnsafeRawBufferPointer(rebasing: text[t]), as: UTF8.self)
    }

    /// A short, printable excerpt of a field for error messages.
    static func excerpt(_ r: Range<Int>, in text: UnsafeRawBufferPointer) -> String {
        let t = trimmed(r, in: text)
        if t.isEmpty { return "an empty field" }
        let cut = t.lowerBound..<min(t.upperBound, t.lowerBound + 24)
        var s = ""
        for i in cut {
            let b = text[i]
            s.append(b >= 0x20 && b < 0x7F ? Character(UnicodeScalar(b)) : "?")
        }
        return "'" + s + (cut.upperBound < t.upperBound ? "…'" : "'")
    }

    private static let exactPowers: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    /// Parses a decimal number (`-12`, `3.5`, `.5`, `1e3`), surrounding blanks allowed.
    /// Returns nil for anything else, including empty text, `nan`, `inf` and values that overflow.
    /// Up to 15 significant digits with a power of ten within 10^±22 are converted exactly-rounded by one
    /// multiplication or division; other forms fall back to the standard library's conversion.
    static func number(_ r: Range<Int>, in text: UnsafeRawBufferPointer) -> Double? {
        let t = trimmed(r, in: text)
        var i = t.lowerBound
        let end = t.upperBound
        guard i < end else { return nil }
        var negative = false
        if text[i] == UInt8(ascii: "-") || text[i] == UInt8(ascii: "+") {
            negative = text[i] == UInt8(ascii: "-")
            i += 1
        }
        var mantissa: UInt64 = 0
        var significant = 0
        var digits = 0
        var scale = 0
        while i < end, text[i] >= 0x30, text[i] <= 0x39 {
            if mantissa != 0 || text[i] != 0x30 { significant += 1 }
            if significant <= 18 { mantissa = mantissa * 10 + UInt64(text[i] - 0x30) } else { scale += 1 }
            digits += 1
            i += 1
        }
        if i < end, text[i] == UInt8(ascii: ".") {
            i += 1
            while i < end, text[i] >= 0x30, text[i] <= 0x39 {
                if mantissa != 0 || text[i] != 0x30 { significant += 1 }
                if significant <= 18 {
                    mantissa = mantissa * 10 + UInt64(text[i] - 0x30)
                    scale -= 1
                }
                digits += 1
                i += 1
            }
        }
        guard digits > 0 else { return nil }
        if i < end, text[i] == UInt8(ascii: "e") || text[i] == UInt8(ascii: "E") {
            i += 1
            var expNegative = false
            if i < end, text[i] == UInt8(ascii: "-") || text[i] == UInt8(ascii: "+") {
                expNegative = text[i] == UInt8(ascii: "-")
                i += 1
            }
            var exp = 0
            var expDigits = 0
            while i < end, text[i] >= 0x30, text[i] <= 0x39 {
                if exp < 100_000 { exp = exp * 10 + Int(text[i] - 0x30) }
                expDigits += 1
                i += 1
            }
            guard expDigits > 0 else { return nil }
            scale += expNegative ? -exp : exp
        }
        guard i == end else { return nil }
        var value: Double
        if significant <= 15, abs(scale) <= 22 {
            value = Double(mantissa)
            value = scale >= 0 ? value * exactPowers[scale] : value / exactPowers[-scale]
        } else {
            guard let v = Double(string(t, in: text)) else { return nil }
            return v.isFinite ? v : nil
        }
        if negative { value = -value }
        return value.isFinite ? value : nil
    }

    /// Parses an unsigned or signed integer made of ASCII digits only (blanks around allowed).
    static func integer(_ r: Range<Int>, in text: UnsafeRawBufferPointer) -> Int? {
        let t = trimmed(r, in: text)
        var i = t.lowerBound
        guard i < t.upperBound else { return nil }
        var negative = false
        if text[i] == UInt8(ascii: "-") || text[i] == UInt8(ascii: "+") {
            negative = text[i] == UInt8(ascii: "-")
            i += 1
        }
        guard i < t.upperBound, t.upperBound - i <= 9 else { return nil }
        var v = 0
        while i < t.upperBound {
            let b = text[i]
            guard b >= 0x30, b <= 0x39 else { return nil }
            v = v * 10 + Int(b - 0x30)
            i += 1
        }
        return negative ? -v : v
    }

    /// Like `integer` but also accepts a decimal form with a zero fraction (`7.0`), as some writers emit.
    static func wholeNumber(_ r: Range<Int>, in text: UnsafeRawBufferPointer) -> Int? {
        if let i = integer(r, in: text) { return i }
        guard let v = number(r, in: text), v == v.rounded(), abs(v) < 1e9 else { return nil }
        return Int(v)
    }

    /// Case-insensitive ASCII prefix test.
    static func hasPrefix(_ r: Range<Int>, in text: UnsafeRawBufferPointer, _ prefix: String) -> Bool {
        let p = Array(prefix.utf8)
        guard r.count >= p.count else { return false }
        for (k, b) in p.enumerated() where lower(text[r.lowerBound + k]) != lower(b) { return false }
        return true
    }

    static func lower(_ b: UInt8) -> UInt8 { (b >= 0x41 && b <= 0x5A) ? b + 32 : b }
}
