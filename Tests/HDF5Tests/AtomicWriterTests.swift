import Foundation
import Testing
@testable import HDF5

@Suite("Atomic results file")
struct AtomicWriterTests {
    @Test func successLeavesOnlyTheTarget() throws {
        let scratch = try Scratch(); defer { scratch.remove() }
        let target = scratch.path("results.h5")
        let count = try AtomicH5Writer.write(to: target) { file in
            try file.root.write("x", [1.0, 2.0, 3.0])
            return 3
        }
        #expect(count == 3)
        #expect(scratch.listing() == ["results.h5"])
        #expect(try H5File.open(target).dataset("x").read(Double.self) == [1, 2, 3])
    }

    @Test func errorInBodyKeepsOldTargetAndDeletesTemporary() throws {
        let scratch = try Scratch(); defer { scratch.remove() }
        let target = scratch.path("results.h5")
        try AtomicH5Writer.write(to: target) { try $0.root.write("x", [1.0]) }
        struct Boom: Error {}
        #expect(throws: Boom.self) {
            try AtomicH5Writer.write(to: target) { file in
                try file.root.write("x", [9.0, 9.0])
                throw Boom()
            }
        }
        #expect(scratch.listing() == ["results.h5"])
        #expect(try H5File.open(target).dataset("x").read(Double.self) == [1])
    }

    @Test func staleTemporaryOfADeadProcessIsRemovedOnNextWrite() throws {
        let scratch = try Scratch(); defer { scratch.remove() }
        let target = scratch.path("results.h5")
        // A pid with no process behind it.
        var dead: Int32 = 4_000_000
        while kill(dead, 0) == 0 || errno != ESRCH { dead -= 1 }
        let stale = AtomicH5Writer.temporaryPath(for: target, pid: dead)
        #expect(FileManager.default.createFile(atPath: stale, contents: Data("half a file".utf8)))
        let unrelated = scratch.path(".other.h5.tmp-\(dead)")
        #expect(FileManager.default.createFile(atPath: unrelated, contents: Data()))
        try AtomicH5Writer.write(to: target) { try $0.root.write("x", [1.0]) }
        #expect(scratch.listing() == [".other.h5.tmp-\(dead)", "results.h5"])
    }

    /// The `solartower h5 selftest-write` child is killed with SIGKILL mid-write: no target appears
    /// (first run) and an existing target stays intact (second run); the next write cleans up.
    @Test(.timeLimit(.minutes(1)))
    func sigkillMidWriteLeavesNoHalfFile() throws {
        let tool = try #require(Built.solartower, "solartower executable not found beside the test bundle")
        let scratch = try Scratch(); defer { scratch.remove() }
        let target = scratch.path("results.h5")

        func killMidWrite() throws {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: tool)
            process.arguments = ["h5", "selftest-write", target, "--rows", "400", "--columns", "500", "--delay-ms", "20"]
            let out = Pipe()
            process.standardOutput = out
            process.standardError = FileHandle.nullDevice
            try process.run()
            // Wait for "writing …" (the temporary file exists and holds data), then a little more.
            let line = out.fileHandleForReading.availableLineBlocking()
            #expect(line.hasPrefix("writing "), "child said: \(line)")
            usleep(100_000)
            #expect(process.isRunning, "child finished before it could be killed")
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            #expect(process.terminationReason == .uncaughtSignal)
            #expect(process.terminationStatus == SIGKILL)
            #expect(FileManager.default.fileExists(atPath: AtomicH5Writer.temporaryPath(for: target, pid: process.processIdentifier)))
        }

        try killMidWrite()
        #expect(!FileManager.default.fileExists(atPath: target))

        let good = try Built.run(tool, ["h5", "selftest-write", target, "--rows", "3", "--columns", "4", "--delay-ms", "0"])
        #expect(good.status == 0)
        #expect(scratch.listing() == ["results.h5"], "stale temporary should be gone")
        let before = try Data(contentsOf: URL(fileURLWithPath: target))

        try killMidWrite()
        let after = try Data(contentsOf: URL(fileURLWithPath: target))
        #expect(after == before)
        #expect(try H5File.open(target).attribute("rows") == .int(3))
    }
}

extension FileHandle {
    /// Reads until a newline or end of file.
    func availableLineBlocking() -> String {
        var bytes: [UInt8] = []
        while true {
            let chunk = readData(ofLength: 1)
            guard let byte = chunk.first, byte != UInt8(ascii: "\n") else { break }
            bytes.append(byte)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
