import Foundation
import Testing
@testable import HDF5

@Suite("Errors")
struct ErrorTests {
    @Test func openingANonHDF5FileNamesH5Fopen() throws {
        let scratch = try Scratch(); defer { scratch.remove() }
        let path = scratch.path("not.h5")
        try "just text\n".write(toFile: path, atomically: false, encoding: .utf8)
        do {
            _ = try H5File.open(path)
            Issue.record("opening a text file succeeded")
        } catch let error as HDF5Error {
            #expect(error.call == "H5Fopen")
            #expect(error.path == path)
            #expect(error.message.contains("signature"), "message: \(error.message)")
        }
        #expect(H5File.isHDF5(path) == false)
    }

    @Test func missingFileAndMissingObjects() throws {
        let scratch = try Scratch(); defer { scratch.remove() }
        #expect { try H5File.open(scratch.path("missing.h5")) } throws: { ($0 as? HDF5Error)?.call == "H5Fopen" }
        let file = try H5File.create(scratch.path("o.h5"))
        #expect { try file.dataset("weather/dni") } throws: {
            guard let e = $0 as? HDF5Error else { return false }
            return e.call == "H5Dopen2" && e.path.hasSuffix(":/weather/dni")
        }
        #expect { try file.group("nope") } throws: { ($0 as? HDF5Error)?.call == "H5Gopen2" }
        #expect { try file.attribute("nope") } throws: { ($0 as? HDF5Error)?.call == "H5Aopen" }
    }

    @Test func creatingOverAnExistingFileWithoutOverwriteFails() throws {
        let scratch = try Scratch(); defer { scratch.remove() }
        let path = scratch.path("x.h5")
        try H5File.create(path).close()
        #expect { try H5File.create(path, overwrite: false) } throws: { ($0 as? HDF5Error)?.call == "H5Fcreate" }
    }

    @Test func wrongShapesAndTypesAreTypedErrors() throws {
        let scratch = try Scratch(); defer { scratch.remove() }
        let file = try H5File.create(scratch.path("w.h5"))
        let dataset = try file.root.createDataset("m", of: Double.self, shape: [4, 3])
        #expect { try dataset.write([1.0, 2.0]) } throws: { ($0 as? HDF5Error)?.call == "H5Dataset.write" }
        #expect { try dataset.writeRows([1.0, 2.0], startingAt: 0) } throws: { ($0 as? HDF5Error)?.call == "H5Dataset.writeRows" }
        #expect { try dataset.writeRows([Double](repeating: 0, count: 6), startingAt: 3) } throws: {
            ($0 as? HDF5Error)?.message.contains("outside") == true
        }
        #expect { try dataset.readStrings() } throws: { ($0 as? HDF5Error)?.call == "H5Dataset.readStrings" }
        let text = try file.root.writeStrings("t", ["a"])
        #expect { try text.read(Double.self) } throws: { ($0 as? HDF5Error)?.call == "H5Dataset.read" }
        #expect { try file.root.writeStrings("nul", ["a\u{0}b"]) } throws: { ($0 as? HDF5Error)?.message.contains("NUL") == true }
        let fixed = try file.root.createStringDataset("f", shape: [1], fixedLength: 2)
        #expect { try fixed.writeStrings(["abc"]) } throws: { ($0 as? HDF5Error)?.message.contains("longer") == true }
        #expect { try file.root.write("bad", [1.0], options: .compressed(level: 12)) } throws: {
            ($0 as? HDF5Error)?.message.contains("gzip level") == true
        }
        #expect { try file.root.write("badchunk", [1.0, 2.0], options: .init(chunk: [3])) } throws: { $0 is HDF5Error }
        #expect { try file.root.createDataset("huge", of: Float.self, shape: [Int.max / 2, 4]) } throws: {
            ($0 as? HDF5Error)?.message.contains("too many elements") == true
        }
        #expect { try file.root.createDataset("negative", of: Float.self, shape: [-1]) } throws: { $0 is HDF5Error }
    }

    @Test func objectsOfAClosedFileThrowInsteadOfCrashing() throws {
        let scratch = try Scratch(); defer { scratch.remove() }
        let file = try H5File.create(scratch.path("c.h5"))
        let dataset = try file.root.write("x", [1.0])
        try file.close()
        try file.close()  // second close is a no-op
        #expect { try dataset.read(Double.self) } throws: { ($0 as? HDF5Error)?.call == "H5File.isOpen" }
    }

    @Test func errorDescriptionNamesPathCallAndReason() {
        let error = HDF5Error(call: "H5Dopen2", path: "r.h5:/x", message: "object 'x' doesn't exist")
        #expect(error.description == "r.h5:/x: H5Dopen2 failed: object 'x' doesn't exist")
    }
}
