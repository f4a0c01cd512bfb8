import Foundation

/// Locates `../shared` beside the checkout (reference data for validation tests).
/// Tests that need it are `.enabled(if: SharedData.available)` so they skip on a user's fresh clone.
enum SharedData {
    /// The package root (two levels above this file's folder).
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    /// `../shared` next to the package root.
    static let root: URL = packageRoot.deletingLastPathComponent().appendingPathComponent("shared")
    static var available: Bool { FileManager.default.fileExists(atPath: root.appendingPathComponent("DESIGN.md").path) }
    static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }
    /// Test corpus bundled with the tests.
    static func corpus(_ relative: String) -> String {
        packageRoot.appendingPathComponent("Tests/SolarTowerTests/Corpus").appendingPathComponent(relative).path
    }
}
