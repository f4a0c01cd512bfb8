#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes an HDF5 file so that the target path only ever holds a complete file (or its previous
/// version): the content goes to a temporary file in the same folder (`.NAME.tmp-PID`), which is
/// flushed, closed, fsync'ed and renamed over the target. On error the temporary file is deleted;
/// a run killed outright (SIGKILL, power loss) leaves only the temporary file, which the next write
/// to the same target removes.
public enum AtomicH5Writer {
    /// Writes `target` with the content `body` puts in the fresh file; returns `body`'s result.
    /// The file is closed by this function (any objects still open from it are closed too).
    @discardableResult
    public static func write<Result>(to target: String, _ body: (H5File) throws -> Result) throws -> Result {
        removeStaleTemporaries(for: target)
        let temporary = temporaryPath(for: target)
        unlink(temporary)
        let file = try H5File.create(temporary, overwrite: true)
        do {
            let result = try body(file)
            try file.close()
            try syncToDisk(temporary)
            if rename(temporary, target) != 0 {
                throw HDF5Error(call: "rename", path: target, message: "cannot rename \(temporary): \(errorText())")
            }
            syncDirectory(of: target)
            return result
        } catch {
            try? file.close()
            unlink(temporary)
            throw error
        }
    }

    /// The temporary file used while writing `target` from process `pid`: `dir/.name.tmp-PID`.
    public static func temporaryPath(for target: String, pid: Int32 = getpid()) -> String {
        let (directory, name) = split(target)
        return directory + "/" + temporaryPrefix(for: name) + String(pid)
    }

    /// Deletes temporary files left for `target` by processes that no longer exist (or by this
    /// process). Returns the paths removed.
    @discardableResult
    public static func removeStaleTemporaries(for target: String) -> [String] {
        let (directory, name) = split(target)
        let prefix = temporaryPrefix(for: name)
        guard let dir = opendir(directory) else { return [] }
        defer { closedir(dir) }
        var removed: [String] = []
        let me = getpid()
        while let entry = readdir(dir) {
            let entryName = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard entryName.hasPrefix(prefix), let pid = Int32(entryName.dropFirst(prefix.count)), pid > 0 else { continue }
            let alive = pid != me && (kill(pid, 0) == 0 || errno == EPERM)
            if !alive {
                let path = directory + "/" + entryName
                if unlink(path) == 0 { removed.append(path) }
            }
        }
        return removed
    }

    private static func temporaryPrefix(for name: String) -> String { "." + name + ".tmp-" }

    private static func split(_ target: String) -> (directory: String, name: String) {
        guard let slash = target.lastIndex(of: "/") else { return (".", target) }
        let directory = String(target[..<slash])
        return (directory.isEmpty ? "/" : directory, String(target[target.index(after: slash)...]))
    }

    private static func errorText() -> String { String(cString: strerror(errno)) }

    private static func syncToDisk(_ path: String) throws {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw HDF5Error(call: "open", path: path, message: errorText()) }
        defer { close(fd) }
        if fsync(fd) != 0 { throw HDF5Error(call: "fsync", path: path, message: errorText()) }
    }

    /// Makes the rename durable; best effort (some file systems refuse fsync on directories).
    private static func syncDirectory(of target: String) {
        let fd = open(split(target).directory, O_RDONLY)
        if fd >= 0 {
            fsync(fd)
            close(fd)
        }
    }
}
