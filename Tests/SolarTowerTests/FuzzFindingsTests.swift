import Foundation
import Testing
import TOMLKit
@testable import SolarTower

/// Findings of the fuzz harnesses and of the code review done while writing them, beyond the regression
/// files (FuzzRegressionTests.swift).
///
/// `TOMLGuard` (Plant/PlantFile.swift) keeps text that TOMLKit's toml++ aborts on away from it (found by the
/// plant-toml fuzz harness: `[.`, `[` + a non-ASCII letter, `D=[}`).
@Suite struct FuzzFindingsTests {
    /// Headers toml++ would enter its key parser with a character that cannot start a key: flagged, with the
    /// line and column of that character.
    @Test(arguments: [
        ("[.", 1, 2, "."), ("[[+a]]", 1, 3, "+"), ("a = 1\n[ {x}]", 2, 3, "{"), ("\u{FEFF}[=", 1, 2, "="),
        ("x = [\n 1,\n]\n  [[  *", 4, 7, "*"), ("s = '''\n'''\n[.]", 3, 2, "."), ("[\u{492}", 1, 2, "\u{492}"),
        ("D=[}", 1, 4, "}"), ("x = [\n  1,\n  [ {a = [2]}, }", 3, 16, "}"),
    ])
    func flagsHeadersWithoutAKey(_ text: String, _ line: Int, _ column: Int, _ found: String) throws {
        let bad = try #require(TOMLGuard.firstProblem(text))
        #expect(bad.line == line && bad.column == column && bad.found == found)
    }

    /// Valid TOML with `[` that are not headers (arrays over several lines, strings, comments), and headers
    /// with quoted or spaced keys: not flagged, and TOMLKit reads them.
    @Test(arguments: [
        "x = [\n  [+1, 2],\n  {a = 1},\n  # [. comment\n]\n",
        "s = \"\"\"\n[.not a header\n\"\"\"\nt = '''\n[{\n'''\n",
        "q = \"\\\"[\"\n[ \"quoted key\" ]\n[[ a . b ]]\n[c]  # [.\n",
        "m = \"\"\"a\"\"\"\"\n[d]\n",
        "\u{FEFF}[e]\nx = 1\r\n[f]\r\n",
        "t = { a = [1, { b = 2 }], c = \"}\" }\nu = [ { v = 1 }, { w = [] } ]\n",
    ])
    func passesValidTOML(_ text: String) throws {
        #expect(TOMLGuard.firstProblem(text) == nil)
        _ = try TOMLTable(string: text)
    }

    /// The plant reader and the optics file reader reject such a header with a syntax error naming the line.
    @Test func readersRejectWithASyntaxError() throws {
        let text = "[plant]\nname = \"x\"\n[.site]\n"
        #expect {
            _ = try PlantFile.parse(text, path: "p.toml")
        } throws: { error in
            let e = error as? PlantFileError
            return e?.kind == .syntax && e?.line == 3 && e?.column == 2
        }
        #expect {
            _ = try FieldOpticsFile.decode(toml: text, path: "o.toml")
        } throws: { error in (error as? FieldError)?.line == 3 }
    }

    /// CR LF line ends (found while writing the harnesses' line checks): the tracker's readers split lines on
    /// the LF scalar, so a CR LF file reads like its LF twin (before, a String split on "\n" left CR LF pairs
    /// unsplit: the whole file was one header line, "header but no data rows").
    @Test(arguments: ["actual-daily-valid.csv", "actual-utc-offsets-valid.csv", "events-valid.csv"])
    func trackingReadersReadCRLFFiles(_ name: String) throws {
        let lf = try String(contentsOfFile: SharedData.corpus("tracking/" + name), encoding: .utf8)
        #expect(!lf.contains("\r"))
        let crlf = lf.replacingOccurrences(of: "\n", with: "\r\n")
        if name.hasPrefix("events") {
            let a = try EventLogReader.parse(lf, path: name, utcOffset: 8)
            let b = try EventLogReader.parse(crlf, path: name, utcOffset: 8)
            #expect(!a.isEmpty && a == b)
        } else {
            let a = try ActualGenerationReader.parse(lf, path: name, ratedNetPower: 10e6, utcOffset: 8)
            let b = try ActualGenerationReader.parse(crlf, path: name, ratedNetPower: 10e6, utcOffset: 8)
            #expect(!a.intervals.isEmpty && a.intervals == b.intervals && a.step == b.step)
        }
    }

    /// A plant-file error in a CR LF file names the key's line (before: no line, the text was one "line").
    @Test func plantFileErrorLinesInCRLFFiles() throws {
        let lf = try String(contentsOfFile: SharedData.corpus("plants/negative-storage-hours.toml"), encoding: .utf8)
        func errorLine(_ text: String) -> Int? {
            do { _ = try PlantFile.parse(text, path: "p.toml"); return nil } catch { return (error as? PlantFileError)?.line }
        }
        let line = try #require(errorLine(lf))
        #expect(errorLine(lf.replacingOccurrences(of: "\n", with: "\r\n")) == line)
    }
}
