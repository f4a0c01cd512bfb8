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

    /// Checks, before any long computation, that an output file can be written at `path`: its folder exists, is a
    /// folder and is writable, and `path` itself is not a folder. Throws `WriteError` naming the reason.
    public static func checkTarget(_ path: String) throws {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            throw WriteError(path: path, message: "is a folder; expected an output file name")
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        if let problem = folderProblem(folder, mustExist: true) { throw WriteError(path: path, message: problem) }
    }

    /// Why files cannot be written in `folder`, or nil. With `mustExist` false a missing folder is fine as long as
    /// it can be created: its nearest existing ancestor is then checked instead.
    public static func folderProblem(_ folder: String, mustExist: Bool) -> String? {
        var existing = URL(fileURLWithPath: folder)
        var isFolder: ObjCBool = false
        while !FileManager.default.fileExists(atPath: existing.path, isDirectory: &isFolder) {
            if mustExist || existing.path == "/" { return "the folder \(folder) does not exist" }
            existing.deleteLastPathComponent()
        }
        if !isFolder.boolValue { return "\(existing.path) is a file, not a folder" }
        if access(existing.path, W_OK) != 0 { return "the folder \(existing.path) is not writable" }
        return nil
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

    /// Writes `data` to `path` atomically (one `Stream` written in one piece).
    public static func write(_ data: Data, to path: String) throws {
        let stream = try Stream(path: path)
        try stream.write(data)
        try stream.commit()
    }

    /// An output file written in pieces (e.g. chunk by chunk of a long run) and put in place atomically by `commit()`:
    /// until then the target keeps its old content; if the writer is dropped without `commit()`, the temporary is
    /// removed.
    public final class Stream {
        public let path: String
        private let temporary: String
        private var handle: FileHandle?

        /// Creates the temporary file beside `path` (removing stale temporaries of killed runs first).
        public init(path: String) throws {
            self.path = path
            AtomicFile.removeStaleTemporaries(for: path)
            temporary = AtomicFile.temporaryPath(for: path)
            // POSIX open, so errno is the reason of this very call (e.g. "Not a directory" for a file in the path).
            let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            guard fd >= 0 else {
                throw WriteError(path: path, message: "cannot create \(temporary): \(String(cString: strerror(errno)))")
            }
            handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        }

        /// Appends UTF-8 text.
        public func write(_ text: String) throws { try write(Data(text.utf8)) }

        /// Appends bytes.
        public func write(_ data: Data) throws {
            guard let handle else { throw WriteError(path: path, message: "write after commit") }
            do { try handle.write(contentsOf: data) } catch {
                abandon()
                throw WriteError(path: path, message: "cannot write: \(error.localizedDescription)")
            }
        }

        /// Flushes the file to disk and renames it over the target.
        public func commit() throws {
            guard let h = handle else { throw WriteError(path: path, message: "commit twice") }
            do { try h.synchronize(); try h.close() } catch {
                abandon()
                throw WriteError(path: path, message: "cannot write: \(error.localizedDescription)")
            }
            handle = nil
            guard rename(temporary, path) == 0 else {
                let reason = String(cString: strerror(errno))
                try? FileManager.default.removeItem(atPath: temporary)
                throw WriteError(path: path, message: "cannot rename the temporary file into place: \(reason)")
            }
        }

        private func abandon() {
            try? handle?.close()
            handle = nil
            try? FileManager.default.removeItem(atPath: temporary)
        }

        deinit { if handle != nil { abandon() } }
    }

    /// Writes UTF-8 text to `path` atomically.
    public static func write(_ text: String, to path: String) throws {
        try write(Data(text.utf8), to: path)
    }
}
