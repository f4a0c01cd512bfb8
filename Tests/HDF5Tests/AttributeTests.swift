import Foundation
import Testing
@testable import HDF5

@Suite("Attributes and listings")
struct AttributeTests {
    @Test func everyAttributeKindOnFileGroupAndDataset() throws {
        let scratch = try Scratch(); defer { scratch.remove() }
        let path = scratch.path("a.h5")
        let plantText = "[plant]\nname = \"Delingha 50\"\n# ünïcode\n"
        do {
            let file = try H5File.create(path)
            try file.setAttribute("schema_version", 1)
            try file.setAttribute("plant_file", plantText)
            try file.setAttribute("weights", [0.25, -0.0, .infinity])
            let group = try file.createGroup("field/heliostats")
            try group.setAttribute("counts", [2, 20, 27_135])
            try group.setAttribute("names", ["small", "large"])
            try group.setAttribute("empty", [Double]())
            let dataset = try group.write("x", [1.0, 2.0])
            try dataset.describe(units: "m", description: "East coordinate")
            try dataset.setAttribute("scale", 0.5)
            try dataset.setAttribute("units", "km")  // replaces
            try file.close()
        }
        let file = try H5File.open(path)
        #expect(try file.attribute("schema_version") == .int(1))
        #expect(try file.stringAttribute("plant_file") == plantText)
        guard case .doubles(let weights) = try file.attribute("weights") else {
            Issue.record("weights not read as doubles"); return
        }
        #expect(weights.map(\.bitPattern) == [0.25, -0.0, Double.infinity].map(\.bitPattern))
        let group = try file.group("field/heliostats")
        #expect(try group.attribute("counts") == .ints([2, 20, 27_135]))
        #expect(try group.attribute("names") == .strings(["small", "large"]))
        #expect(try group.attribute("empty") == .doubles([]))
        let dataset = try group.dataset("x")
        #expect(try dataset.attributes().map(\.name) == ["description", "scale", "units"])
        #expect(try dataset.attribute("units") == "km")
        #expect(try dataset.attribute("scale").doubleValue == 0.5)
        #expect(try dataset.hasAttribute("nope") == false)
    }

    @Test func listingShowsTreeInCreationOrderWithShapesAndAttributes() throws {
        let scratch = try Scratch(); defer { scratch.remove() }
        let path = scratch.path("l.h5")
        do {
            let file = try H5File.create(path)
            let weather = try file.createGroup("weather")
            try weather.setAttribute("description", "Weather actually used")
            try weather.write("ghi", [Double](repeating: 1, count: 10)).describe(units: "W/m2", description: "Global")
            try weather.write("dni", [Float](repeating: 2, count: 10)).describe(units: "W/m2", description: "Direct")
            try file.root.write("field/eta", [Float](repeating: 0.5, count: 6), shape: [2, 3],
                                options: .compressed(level: 1))
            try file.close()
        }
        let contents = try H5File.open(path).contents()
        #expect(contents.map(\.path) == ["/weather", "/weather/ghi", "/weather/dni", "/field", "/field/eta"])
        #expect(contents[0].kind == .group)
        #expect(contents[0].attribute("description") == "Weather actually used")
        guard case .dataset(let dni) = contents[2].kind, case .dataset(let eta) = contents[4].kind else {
            Issue.record("expected datasets"); return
        }
        #expect(dni.shape == [10])
        #expect(dni.element == .float(bits: 32))
        #expect(contents[2].attribute("units") == "W/m2")
        #expect(eta.shape == [2, 3])
        #expect(eta.chunk == [2, 3])
        #expect(eta.filters == ["shuffle", "gzip(1)"])
        let shallow = try H5File.open(path).contents(recursive: false)
        #expect(shallow.map(\.path) == ["/weather", "/field"])
    }

    @Test func groupsCreateNestedPathsAndReportMembership() throws {
        let scratch = try Scratch(); defer { scratch.remove() }
        let file = try H5File.create(scratch.path("g.h5"))
        let deep = try file.createGroup("a/b/c")
        #expect(deep.path == "/a/b/c")
        #expect(try file.contains("a/b/c"))
        #expect(try file.contains("a/x/c") == false)
        #expect(try file.group("a").memberNames() == ["b"])
        let again = try file.root.groupCreatingIfNeeded("a/b")
        #expect(again.path == "/a/b")
        #expect(throws: HDF5Error.self) { try file.createGroup("a/b/c") }
        let dataset = try deep.write("flow", [1.5, 2.5], units: "kg/s", description: "Salt mass flow")
        #expect(try dataset.attributes() == [H5NamedAttribute(name: "units", value: "kg/s"),
                                             H5NamedAttribute(name: "description", value: "Salt mass flow")])
        #expect(try file.contains("a/b/c/flow/below") == false)
    }
}
