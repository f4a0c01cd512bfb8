import Foundation

/// The check every input reader (weather, plant file, tracking CSVs) makes before opening a path.
enum InputFile {
    /// Why `path` cannot be read as an input file — "no such file" or "is a folder" — or nil when it can be tried.
    static func problem(at path: String) -> String? {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { return "no such file" }
        return isFolder.boolValue ? "is a folder" : nil
    }
}
