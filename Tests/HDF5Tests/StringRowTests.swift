import Foundation
import Testing
@testable import HDF5

@Suite("String datasets written in row blocks")
struct StringRowTests {
    /// Blocks of 7 into a chunked, compressed fixed-length dataset (chunk not a multiple of the block) read back as
    /// the whole list; a variable-length dataset takes blocks too.
    @Test func blocksReadBackAsTheWholeList() throws {
        let scratch = try Scratch(); defer { scratch.remove() }
        let path = scratch.path("s.h5")
        let values = (0..<100).map { String(format: "2001-01-01T%02d:%02d:00", $0 / 60, $0 % 60) }
        let names = ["ä", "", "long name", "x"]
        do {
            let file = try H5File.create(path)
            let fixed = try file.root.createStringDataset("t", shape: [100], fixedLength: 19,
                                                          options: .compressed(level: 6, chunk: [64]))
            for start in stride(from: 0, to: 100, by: 7) {
                try fixed.writeStrings(Array(values[start..<min(100, start + 7)]), startingAt: start)
            }
            let variable = try file.root.createStringDataset("v", shape: [4])
            try variable.writeStrings(Array(names[2...]), startingAt: 2)
            try variable.writeStrings(Array(names[..<2]), startingAt: 0)
            try file.close()
        }
        let file = try H5File.open(path)
        #expect(try file.dataset("t").readStrings() == values)
        #expect(try file.dataset("t").elementType() == .string(variableLength: false, length: 19))
        #expect(try file.dataset("v").readStrings() == names)
    }

    /// Rows outside the dataset, a value longer than the fixed length and a 2-D dataset are typed errors.
    @Test func badBlocksAreTypedErrors() throws {
        let scratch = try Scratch(); defer { scratch.remove() }
        let file = try H5File.create(scratch.path("e.h5"))
        let d = try file.root.createStringDataset("t", shape: [5], fixedLength: 3)
        #expect { try d.writeStrings(["a", "b"], startingAt: 4) } throws: {
            ($0 as? HDF5Error)?.message.contains("rows 4..<6 outside 0..<5") == true
        }
        #expect { try d.writeStrings(["abcd"], startingAt: 0) } throws: {
            ($0 as? HDF5Error)?.message.contains("longer than the fixed length 3") == true
        }
        let matrix = try file.root.createStringDataset("m", shape: [2, 2], fixedLength: 3)
        #expect { try matrix.writeStrings(["a", "b"], startingAt: 0) } throws: {
            ($0 as? HDF5Error)?.message.contains("need a 1-D dataset") == true
        }
        try d.writeStrings(["ok"], startingAt: 4)
        #expect(try d.readStrings() == ["", "", "", "", "ok"])
    }
}
