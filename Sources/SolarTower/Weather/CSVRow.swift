import Foundation

/// Reads typed values out of one split CSV line, raising errors that name the line and the 1-based field.
struct CSVRow {
    let text: UnsafeRawBufferPointer
    let fields: FieldSplitter
    let path: String
    let line: Int

    /// A number in field `index` (0-based), or nil when the column is absent from the file, the field is
    /// empty or holds a missing-data sentinel and the value is optional.
    /// - Throws: `missingField` when the row is too short or a required field is empty, `notANumber` when
    ///   the text is not a number, `missingValue` when a required field holds a sentinel.
    func number(_ index: Int?, name: String, required: Bool, isMissing: (Double) -> Bool) throws -> Double? {
        guard let index else { return nil }
        guard index < fields.count else {
            throw WeatherError(.missingField, path: path, line: line, column: fields.count + 1,
                               "row has \(fields.count) fields; expected \(name) in field \(index + 1)")
        }
        let r = fields[index]
        if TextBytes.isBlank(r, in: text) {
            if required {
                throw WeatherError(.missingField, path: path, line: line, column: index + 1,
                                   "\(name) is empty; expected a number")
            }
            return nil
        }
        guard let v = TextBytes.number(r, in: text) else {
            throw WeatherError(.notANumber, path: path, line: line, column: index + 1,
                               "\(name) is \(TextBytes.excerpt(r, in: text)); expected a number")
        }
        if isMissing(v) {
            if required {
                throw WeatherError(.missingValue, path: path, line: line, column: index + 1,
                                   "\(name) is the missing-data marker \(TextBytes.string(r, in: text)); "
                                   + "a measured value is required")
            }
            return nil
        }
        return v
    }

    /// A required number (column known to exist).
    func required(_ index: Int, name: String, isMissing: (Double) -> Bool) throws -> Double {
        // `number` never returns nil for a required value: it throws instead.
        guard let v = try number(index, name: name, required: true, isMissing: isMissing) else {
            throw WeatherError(.missingValue, path: path, line: line, column: index + 1, "\(name) is missing")
        }
        return v
    }

    /// An integer time-stamp part in field `index` (0-based).
    func stampPart(_ index: Int, name: String) throws -> Int {
        guard index < fields.count else {
            throw WeatherError(.missingField, path: path, line: line, column: fields.count + 1,
                               "row has \(fields.count) fields; expected \(name) in field \(index + 1)")
        }
        let r = fields[index]
        guard let v = TextBytes.wholeNumber(r, in: text) else {
            let kind: WeatherError.Kind = TextBytes.isBlank(r, in: text) ? .missingField : .badTimestamp
            throw WeatherError(kind, path: path, line: line, column: index + 1,
                               "\(name) is \(TextBytes.excerpt(r, in: text)); expected a whole number")
        }
        return v
    }
}

/// Column names as written in headers, reduced for matching: lower case, units in parentheses and
/// surrounding blanks removed (`"DNI (W/m^2)"` → `"dni"`).
enum ColumnName {
    static func normalized(_ s: String) -> String {
        var t = s
        if let p = t.firstIndex(of: "(") { t = String(t[..<p]) }
        if let p = t.firstIndex(of: "[") { t = String(t[..<p]) }
        return t.trimmingCharacters(in: .whitespaces).lowercased()
    }

    /// Index of the first header name among `aliases` (already normalized), or nil.
    static func find(_ names: [String], _ aliases: [String]) -> Int? {
        for a in aliases { if let i = names.firstIndex(of: a) { return i } }
        return nil
    }
}
