import Foundation

/// Paths in the repository, found from this file's location so tests run from any directory.
enum TestPaths {
    static let root: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static var fixtures: URL { root.appendingPathComponent("Tests/Fixtures") }
    static var scenarios: URL { root.appendingPathComponent("Scenarios") }
}
