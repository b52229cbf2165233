import Foundation
public import Testing

/// Compares text lines with a file under `__Snapshots__/<name>.txt` next to the calling test file.
///
/// Rows end with `|` so trailing spaces show. A missing snapshot is recorded and the test fails once;
/// `RECORD_SNAPSHOTS=1` re-records every snapshot.
public func expectSnapshot(_ lines: [String], named name: String, filePath: String = #filePath,
                           sourceLocation: SourceLocation = #_sourceLocation) {
    let directory = URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("__Snapshots__")
    let file = directory.appendingPathComponent("\(name).txt")
    let actual = lines.map { $0 + "|" }.joined(separator: "\n") + "\n"
    let record = ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1"
    if record || !FileManager.default.fileExists(atPath: file.path) {
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try? actual.write(to: file, atomically: true, encoding: .utf8)
        if !record {
            Issue.record("Recorded new snapshot \(name).txt; check it and run again.", sourceLocation: sourceLocation)
        }
        return
    }
    let expected = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
    if expected != actual {
        let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let firstDifference = zip(e, a).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(e.count, a.count)
        Issue.record("""
            Snapshot \(name) differs at line \(firstDifference + 1) (RECORD_SNAPSHOTS=1 to re-record):
            expected: \(firstDifference < e.count ? String(e[firstDifference]) : "<end>")
            actual:   \(firstDifference < a.count ? String(a[firstDifference]) : "<end>")
            """, sourceLocation: sourceLocation)
    }
}
