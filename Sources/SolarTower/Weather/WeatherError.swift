/// Why a weather file was rejected. Every case names the file and, where it applies, line and column.
public struct WeatherError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of problem it is (tests assert on this).
    public enum Kind: String, Sendable, Equatable {
        case unreadable          // file cannot be opened or is not text
        case unknownFormat       // content matches no supported format
        case badHeader           // site metadata missing or malformed
        case missingColumn       // a required column is absent
        case missingField        // a row has fewer fields than required, or a required field is empty
        case missingValue        // a required field holds the format's missing-data sentinel (e.g. -9900)
        case notANumber          // a field is not a number
        case badTimestamp        // date/time field malformed or impossible
        case nonMonotonicTime    // time does not increase
        case duplicateTime       // the same stamp twice
        case tooShort            // fewer records than a usable series
        case dniAboveExtraterrestrial
        case impossibleValue     // negative irradiance, temperature out of range, …
        case lineTooLong
        case tooManyColumns
    }

    public var kind: Kind
    public var path: String
    /// 1-based line, or nil for whole-file problems.
    public var line: Int?
    /// 1-based column (field index for CSV, character column for fixed width), or nil.
    public var column: Int?
    /// What was found and what was expected.
    public var message: String

    public init(_ kind: Kind, path: String, line: Int? = nil, column: Int? = nil, _ message: String) {
        self.kind = kind
        self.path = path
        self.line = line
        self.column = column
        self.message = message
    }

    /// `path:line:column: message`, the form compilers use.
    public var description: String {
        var s = path
        if let line { s += ":\(line)" }
        if let column { s += ":\(column)" }
        return s + ": " + message
    }
}
