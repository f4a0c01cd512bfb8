import Foundation
import HDF5

/// Writes output files atomically: the bytes go to a temporary file in the same folder (`.NAME.tmp-PID`), which
/// is flushed and renamed over the target, so a killed run leaves the old file or none, never a partial one.
/// A run killed mid-write leaves its temporary file; the next write to the same target removes it (temporaries of
/// processes that no longer exist, the same naming and rule as `AtomicH5Writer`).
public enum AtomicFile {
    /// Why an output file could not be written.
    public struct WriteError: Error, Sendable, CustomStringConvertible {
        public var path: String
        public var message: String
        public var description: String { "\(path): \(message)" }
    }

    /// Temporary path used while writing `path`.
    public static func temporaryPath(for path: String) -> String {
        let url = URL(fileURLWithPath: path)
        return url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).tmp-\(ProcessInfo.processInfo.processIdentifier)").path
    }

    /// Writes `data` to `path` atomically.
    public static func write(_ data: Data, to path: String) throws {
        AtomicH5Writer.removeStaleTemporaries(for: path)
        let tmp = temporaryPath(for: path)
        guard FileManager.default.createFile(atPath: tmp, contents: nil),
              let handle = FileHandle(forWritingAtPath: tmp) else {
            throw WriteError(path: path, message: "cannot create \(tmp): \(String(cString: strerror(errno)))")
        }
        do {
            try handle.write(contentsOf: data)
            try handle.synchronize()
            try handle.close()
        } catch {
            try? handle.close()
            try? FileManager.default.removeItem(atPath: tmp)
            throw WriteError(path: path, message: "cannot write: \(error.localizedDescription)")
        }
        guard rename(tmp, path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: tmp)
            throw WriteError(path: path, message: "cannot rename the temporary file into place: \(reason)")
        }
    }

    /// Writes UTF-8 text to `path` atomically.
    public static func write(_ text: String, to path: String) throws {
        try write(Data(text.utf8), to: path)
    }
}
