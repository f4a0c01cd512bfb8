import Foundation
import Testing
@testable import SolarTower

/// One malformed file of `Corpus/weather/` and the error it must raise.
struct MalformedWeatherCase: Sendable, CustomTestStringConvertible {
    let file: String
    let kind: WeatherError.Kind
    /// Expected 1-based line (nil: whole-file error).
    let line: Int?
    /// Expected 1-based column (field or character), nil when not asserted.
    let column: Int?

    init(_ file: String, _ kind: WeatherError.Kind, line: Int?, column: Int? = nil) {
        self.file = file
        self.kind = kind
        self.line = line
        self.column = column
    }

    var testDescription: String { file }
}

let malformedWeatherCases: [MalformedWeatherCase] = [
    // TMY3 (48 hours of Greensboro with one defect each)
    .init("tmy3-dni-not-a-number.csv", .notANumber, line: 10, column: 8),
    .init("tmy3-missing-fields.csv", .missingField, line: 12, column: 21),
    .init("tmy3-month-13.csv", .badTimestamp, line: 15, column: 1),
    .init("tmy3-hour-25.csv", .badTimestamp, line: 20, column: 2),
    .init("tmy3-feb-30.csv", .badTimestamp, line: 8, column: 1),
    .init("tmy3-non-monotonic.csv", .nonMonotonicTime, line: 21, column: 1),
    .init("tmy3-duplicate-stamp.csv", .duplicateTime, line: 30, column: 1),
    .init("tmy3-too-short.csv", .tooShort, line: nil),
    .init("tmy3-dni-above-extraterrestrial.csv", .dniAboveExtraterrestrial, line: 25, column: 8),
    .init("tmy3-negative-ghi.csv", .impossibleValue, line: 18, column: 5),
    .init("tmy3-dry-bulb-75C.csv", .impossibleValue, line: 33, column: 32),
    .init("tmy3-dry-bulb-minus-95C.csv", .impossibleValue, line: 34, column: 32),
    .init("tmy3-pressure-2000mbar.csv", .impossibleValue, line: 43, column: 41),
    .init("tmy3-wind-negative.csv", .impossibleValue, line: 6, column: 47),
    .init("tmy3-wind-150.csv", .impossibleValue, line: 7, column: 47),
    .init("tmy3-dni-sentinel.csv", .missingValue, line: 14, column: 8),
    .init("tmy3-no-dni-column.csv", .missingColumn, line: 2),
    .init("tmy3-bad-latitude.csv", .badHeader, line: 1, column: 5),
    .init("tmy3-blank-line-inside.csv", .missingField, line: 23, column: 1),
    // TMY2 (48 hours of Miami)
    .init("tmy2-dni-not-a-number.tm2", .notANumber, line: 12, column: 24),
    .init("tmy2-hour-25.tm2", .badTimestamp, line: 7, column: 8),
    .init("tmy2-year-minus-1.tm2", .badTimestamp, line: 9, column: 2),
    .init("tmy2-dry-bulb-missing.tm2", .missingValue, line: 22, column: 68),
    .init("tmy2-truncated-line.tm2", .missingField, line: 32, column: 81),
    // EPW (hand-written)
    .init("epw-dni-missing.epw", .missingValue, line: 24, column: 15),
    .init("epw-no-data-periods.epw", .badHeader, line: 8),
    .init("epw-hour-0.epw", .badTimestamp, line: 9, column: 4),
    .init("epw-wind-negative.epw", .impossibleValue, line: 29, column: 22),
    // SAM CSV / PSM3 (synthetic)
    .init("sam-no-dni-column.csv", .missingColumn, line: 3),
    .init("sam-bad-time-zone.csv", .badHeader, line: 2, column: 8),
    .init("sam-hour-24.csv", .badTimestamp, line: 14, column: 4),
    .init("sam-temperature-not-a-number.csv", .notANumber, line: 16, column: 8),
    .init("sam-negative-dni.csv", .impossibleValue, line: 17, column: 6),
    .init("sam-empty-wind-speed.csv", .missingField, line: 18, column: 12),
    .init("sam-rh-150.csv", .impossibleValue, line: 19, column: 10),
    .init("sam-feb-29-non-leap-year.csv", .badTimestamp, line: 28, column: 3),
    .init("sam-irregular-spacing.csv", .badTimestamp, line: 44, column: 1),
    .init("psm3-unknown-pressure-unit.csv", .badHeader, line: 2, column: 16),
    // Not weather files
    .init("binary-garbage.bin", .unreadable, line: nil),
    .init("unknown-format.csv", .unknownFormat, line: 1),
    .init("empty.csv", .unknownFormat, line: nil),
]

@Test(arguments: malformedWeatherCases)
func malformedWeatherFileIsRejected(_ c: MalformedWeatherCase) throws {
    let path = SharedData.corpus("weather/" + c.file)
    #expect(FileManager.default.fileExists(atPath: path), "corpus file missing: \(c.file)")
    do {
        let year = try WeatherReader.read(path: path)
        Issue.record("\(c.file) was accepted (\(year.records.count) records); expected \(c.kind)")
    } catch let error as WeatherError {
        #expect(error.kind == c.kind, "\(error)")
        #expect(error.line == c.line, "\(error)")
        if let column = c.column { #expect(error.column == column, "\(error)") }
        #expect(error.path == path)
        #expect(!error.message.isEmpty)
        #expect(error.description.hasPrefix(path + (c.line.map { ":\($0)" } ?? "")))
    }
}

@Test func corpusHasAtLeast25MalformedFiles() throws {
    let dir = SharedData.corpus("weather")
    let files = try FileManager.default.contentsOfDirectory(atPath: dir)
    let malformed = Set(malformedWeatherCases.map(\.file))
    #expect(malformed.count >= 25)
    #expect(malformed.isSubset(of: Set(files)))
}
