import Foundation
import Testing
@testable import HDF5

@Suite("solartower h5 info")
struct InfoCommandTests {
    @Test func listsDatasetsWithUnitsAndRootAttributes() throws {
        let tool = try #require(Built.solartower, "solartower executable not found beside the test bundle")
        let scratch = try Scratch(); defer { scratch.remove() }
        let path = scratch.path("r.h5")
        try AtomicH5Writer.write(to: path) { file in
            try file.setAttribute("schema_version", 1)
            try file.setAttribute("plant_file", "line one\nline two\n")
            try file.root.write("weather/dni", [Double](repeating: 800, count: 24))
                .describe(units: "W/m2", description: "Direct normal irradiance")
            try file.root.write("field/eta", [Float](repeating: 0.5, count: 12), shape: [3, 4])
        }
        let result = try Built.run(tool, ["h5", "info", path])
        #expect(result.status == 0)
        let lines = result.out.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasSuffix("2 groups, 2 datasets") == true, "\(lines.first ?? "")")
        #expect(lines.contains { $0.contains("schema_version = 1") })
        #expect(lines.contains { $0.contains("plant_file = \"line one …\" (3 lines") })
        #expect(lines.contains { $0.hasPrefix("/weather/dni") && $0.contains("24") && $0.contains("float64")
                && $0.contains("[W/m2]") && $0.contains("Direct normal irradiance") })
        #expect(lines.contains { $0.hasPrefix("/field/eta") && $0.contains("3 × 4") && $0.contains("[units missing]") })
    }

    @Test func notHDF5AndMissingFilesFailWithAMessage() throws {
        let tool = try #require(Built.solartower, "solartower executable not found beside the test bundle")
        let scratch = try Scratch(); defer { scratch.remove() }
        let text = scratch.path("notes.txt")
        try "hello".write(toFile: text, atomically: false, encoding: .utf8)
        let notHDF5 = try Built.run(tool, ["h5", "info", text])
        #expect(notHDF5.status != 0)
        #expect(notHDF5.err.contains("not an HDF5 file"))
        let missing = try Built.run(tool, ["h5", "info", scratch.path("nope.h5")])
        #expect(missing.status != 0)
        #expect(missing.err.contains("no such file"))
    }
}
