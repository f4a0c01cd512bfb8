import Foundation
import Testing
import TOMLKit
@testable import SolarTower

/// `TOMLHeaderCheck` (Plant/PlantFile.swift) keeps table headers that do not start with a key away from
/// TOMLKit, whose toml++ aborts on them (found by the plant-toml fuzz harness: `[.`).
@Suite struct FuzzTOMLHeaderTests {
    /// Headers toml++ would enter its key parser with a character that cannot start a key: flagged, with the
    /// line and column of that character.
    @Test(arguments: [
        ("[.", 1, 2, "."), ("[[+a]]", 1, 3, "+"), ("a = 1\n[ {x}]", 2, 3, "{"), ("\u{FEFF}[=", 1, 2, "="),
        ("x = [\n 1,\n]\n  [[  *", 4, 7, "*"), ("s = '''\n'''\n[.]", 3, 2, "."), ("[\u{492}", 1, 2, "\u{492}"),
    ])
    func flagsHeadersWithoutAKey(_ text: String, _ line: Int, _ column: Int, _ found: String) throws {
        let bad = try #require(TOMLHeaderCheck.firstBadHeader(text))
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
    ])
    func passesValidTOML(_ text: String) throws {
        #expect(TOMLHeaderCheck.firstBadHeader(text) == nil)
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
}
