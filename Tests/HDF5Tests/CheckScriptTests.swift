import Foundation
import Testing
@testable import HDF5

/// True when `python3 -c "import h5py"` works (CI installs it; otherwise these tests skip).
let h5pyAvailable: Bool = {
    guard let result = try? Built.run("/usr/bin/env", ["python3", "-c", "import h5py"]) else { return false }
    return result.status == 0
}()

@Suite("tools/check-h5.py reads wrapper output with h5py")
struct CheckScriptTests {
    static let script = Built.packageRoot.appendingPathComponent("tools/check-h5.py").path

    /// Writes a small year file: hourly DNI (float64), efficiency (float32), mode (int32), ISO time stamps.
    func writeYear(_ path: String) throws -> (dni: [Double], eta: [Float], stamps: [String]) {
        let hours = 8760
        let dni = (0..<hours).map { h -> Double in
            let hod = h % 24
            return (6..<18).contains(hod) ? (950 * sin(Double.pi * (Double(hod - 6) + 0.5) / 12)).rounded() / 4 : 0
        }
        let eta = (0..<hours).map { Float(0.5 + 0.1 * sin(Double($0) / 100)) }
        let stamps = (0..<hours).map { String(format: "2019-%03d-%02d", $0 / 24 + 1, $0 % 24) }
        try AtomicH5Writer.write(to: path) { file in
            try file.setAttribute("schema_version", 1)
            try file.setAttribute("tool", "solartower")
            try file.root.write("weather/dni", dni, options: .compressed(level: 1))
                .describe(units: "W/m2", description: "Direct normal irradiance")
            try file.root.write("field/eta", eta, options: .compressed(level: 1))
                .describe(units: "1", description: "Field optical efficiency")
            try file.root.write("plant/mode", (0..<hours).map { Int32($0 % 3) })
                .describe(units: "1", description: "Operating mode code")
            try file.root.writeStrings("time/iso8601", stamps).describe(units: "", description: "Hour-ending time stamps")
            // Per-heliostat matrix written in row blocks (chunks compressed in parallel).
            let matrix = try file.root.createDataset("field/heliostats/eta", of: Float.self, shape: [48, 10],
                                                     options: .compressed(level: 1, chunk: [24, 4]))
            try matrix.describe(units: "1", description: "Per-heliostat efficiency")
            matrix.deflateStrategy = .runLength
            for block in 0..<2 {
                try matrix.writeRows((0..<240).map { Float(block * 240 + $0) / 8 }, startingAt: block * 24)
            }
        }
        return (dni, eta, stamps)
    }

    @Test(.enabled(if: h5pyAvailable))
    func h5pySeesNamesShapesUnitsAndValues() throws {
        let scratch = try Scratch(); defer { scratch.remove() }
        let path = scratch.path("year.h5")
        let (dni, eta, stamps) = try writeYear(path)
        let expectation: [String: Any] = [
            "groups": ["/weather", "/field", "/plant", "/time"],
            "attributes": ["/": ["schema_version": 1, "tool": "solartower"]],
            "datasets": [
                "/weather/dni": ["shape": [8760], "dtype": "float64", "units": "W/m2",
                                 "values": ["0": dni[0], "12": dni[12], "4000": dni[4000]],
                                 "sum": dni.reduce(0, +), "max": dni.max()!, "rtol": 1e-12],
                "/field/eta": ["shape": [8760], "dtype": "float32", "units": "1",
                               "values": ["7": Double(eta[7]), "8759": Double(eta[8759])]],
                "/plant/mode": ["shape": [8760], "dtype": "int32", "values": ["5": 2]],
                "/field/heliostats/eta": ["shape": [48, 10], "dtype": "float32", "units": "1",
                                          "values": ["0": 0, "257": 257.0 / 8, "479": 479.0 / 8], "sum": Double((0..<480).reduce(0, +)) / 8],
                "/time/iso8601": ["shape": [8760], "dtype": "string", "values": ["25": stamps[25]]],
            ],
        ]
        let expectPath = scratch.path("expect.json")
        try JSONSerialization.data(withJSONObject: expectation).write(to: URL(fileURLWithPath: expectPath))
        let result = try Built.run("/usr/bin/env", ["python3", Self.script, path, "--expect", expectPath, "--quiet"])
        #expect(result.status == 0, "\(result.out)\(result.err)")
        #expect(result.out.contains("5 groups, 5 datasets"))
        #expect(result.out.contains("0 failures: OK"))
    }

    @Test(.enabled(if: h5pyAvailable))
    func scriptReportsWrongShapeValueAndMissingUnits() throws {
        let scratch = try Scratch(); defer { scratch.remove() }
        let path = scratch.path("year.h5")
        let (dni, _, _) = try writeYear(path)
        try AtomicH5Writer.write(to: scratch.path("bare.h5")) { try $0.root.write("x", [1.0]) }
        let expectation: [String: Any] = [
            "datasets": ["/weather/dni": ["shape": [8761], "values": ["12": dni[12] + 1]]],
        ]
        let expectPath = scratch.path("expect.json")
        try JSONSerialization.data(withJSONObject: expectation).write(to: URL(fileURLWithPath: expectPath))
        let wrong = try Built.run("/usr/bin/env", ["python3", Self.script, path, "--expect", expectPath, "--quiet"])
        #expect(wrong.status == 1)
        #expect(wrong.out.contains("FAIL /weather/dni: shape [8760], expected [8761]"))
        #expect(wrong.out.contains("FAIL /weather/dni[12]"))
        let bare = try Built.run("/usr/bin/env", ["python3", Self.script, scratch.path("bare.h5"), "--quiet"])
        #expect(bare.status == 1)
        #expect(bare.out.contains("FAIL /x: missing attribute 'units'"))
    }

    /// Files from elsewhere (no creation order, soft links, compound types, uint8) list without errors.
    @Test(.enabled(if: h5pyAvailable))
    func listsAFileWrittenByH5py() throws {
        let scratch = try Scratch(); defer { scratch.remove() }
        let path = scratch.path("foreign.h5")
        let script = """
        import h5py, numpy as np, sys
        with h5py.File(sys.argv[1], "w") as f:
            f.attrs["title"] = "made by h5py"
            f.create_group("zeta").create_dataset("a", data=np.arange(10, dtype=np.uint8))
            f.create_group("alpha").create_dataset("t", data=np.array([b"abc", b"de"], dtype="S3"))
            d = f.create_dataset("comp", data=np.zeros(4, dtype=[("x", "f8"), ("n", "i4")]))
            d.attrs["cattr"] = np.zeros(1, dtype=[("x", "f8")])
            f["link"] = h5py.SoftLink("/zeta/a")
        """
        let made = try Built.run("/usr/bin/env", ["python3", "-c", script, path])
        #expect(made.status == 0, "\(made.err)")
        let file = try H5File.open(path)
        let contents = try file.contents()
        #expect(contents.map(\.path) == ["/alpha", "/alpha/t", "/comp", "/link", "/zeta", "/zeta/a"])
        #expect(contents[3].kind == .link("soft link to /zeta/a"))
        #expect(contents[2].attribute("cattr") == .unsupported("compound"))
        #expect(try file.dataset("alpha/t").readStrings() == ["abc", "de"])
        #expect(try file.dataset("zeta/a").read(Int32.self) == Array(0..<10))
        #expect(try file.stringAttribute("title") == "made by h5py")
    }
}
