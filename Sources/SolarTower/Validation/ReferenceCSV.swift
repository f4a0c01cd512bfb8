import Foundation

/// A reference data file that cannot be read as expected: file, line, column and what was expected.
public struct ReferenceDataError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var line: Int
    public var column: Int
    public var message: String
    public var description: String { "\(path):\(line):\(column): \(message)" }
}

/// Minimal RFC 4180 reader for the reference CSV files (quoted fields, doubled quotes inside quotes).
enum ReferenceCSV {
    /// Header names and the records, each with its 1-based line number.
    static func read(path: String) throws -> (header: [String], records: [(line: Int, fields: [String])]) {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw ReferenceDataError(path: path, line: 0, column: 0, message: "cannot read: \(error.localizedDescription)")
        }
        return try parse(text, path: path)
    }

    static func parse(_ text: String, path: String) throws -> (header: [String], records: [(line: Int, fields: [String])]) {
        var records: [(line: Int, fields: [String])] = []
        var lineNumber = 0
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: { $0.isNewline }) {
            lineNumber += 1
            var line = Substring(rawLine)
            if line.hasSuffix("\r") { line = line.dropLast() }
            if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            records.append((lineNumber, try split(line, path: path, line: lineNumber)))
        }
        guard let first = records.first else {
            throw ReferenceDataError(path: path, line: 1, column: 1, message: "empty file: expected a header row")
        }
        return (first.fields, Array(records.dropFirst()))
    }

    static func split(_ line: Substring, path: String, line number: Int) throws -> [String] {
        var fields: [String] = []
        var field = ""
        var inQuotes = false
        var column = 0
        var iterator = line.makeIterator()
        var pending: Character? = nil
        while true {
            let c: Character
            if let p = pending { c = p; pending = nil } else if let n = iterator.next() { c = n } else { break }
            column += 1
            if inQuotes {
                if c == "\"" {
                    if let n = iterator.next() {
                        if n == "\"" { field.append("\""); column += 1 } else { inQuotes = false; pending = n }
                    } else { inQuotes = false }
                } else { field.append(c) }
            } else if c == "," {
                fields.append(field); field = ""
            } else if c == "\"" && field.isEmpty {
                inQuotes = true
            } else { field.append(c) }
        }
        if inQuotes {
            throw ReferenceDataError(path: path, line: number, column: column, message: "unterminated quoted field")
        }
        fields.append(field)
        return fields
    }
}
