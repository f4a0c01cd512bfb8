import Foundation

/// Writes output files atomically: the bytes go to a temporary file in the same folder (`.NAME.tmp-PID`), which
/// is flushed and renamed over the target, so a killed run leaves the old file or none, never a partial one.
/// A run killed mid-write leaves its temporary file; the next write to the same target removes it (temporaries of
/// processes that no longer exist — the naming and rule of `AtomicH5Writer`, which the HDF5 target keeps for itself so
/// the weather readers and writers here build without HDF5, e.g. in the fuzz harnesses).
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

    /// Removes `.NAME.tmp-PID` files beside `path` whose process is gone; returns the removed paths.
    @discardableResult
    public static func removeStaleTemporaries(for path: String) -> [String] {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        let prefix = "." + url.lastPathComponent + ".tmp-"
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
        var removed: [String] = []
        for name in names where name.hasPrefix(prefix) {
            guard let pid = Int32(name.dropFirst(prefix.count)), pid > 0 else { continue }
            let alive = pid != getpid() && (kill(pid, 0) == 0 || errno == EPERM)
            let stale = directory + "/" + name
            if !alive, unlink(stale) == 0 { removed.append(stale) }
        }
        return removed
    }

    /// Writes `data` to `path` atomically.
    public static func write(_ data: Data, to path: String) throws {
        removeStaleTemporaries(for: path)
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
