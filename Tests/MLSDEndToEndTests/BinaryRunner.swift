import Foundation

/// Runs the built `mlsd` binary and captures what a user would see (argument-parser's `AssertExecuteCommand` style).
enum BinaryRunner {
    static let root: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The `mlsd` built next to this test bundle (works for any `--scratch-path`).
    static var binary: URL {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("mlsd")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        return root.appendingPathComponent(".build/debug/mlsd")
    }

    struct Output { var status: Int32; var stdout: String; var stderr: String }

    /// `standardOutput`: a path to send standard output to instead of capturing it (`/dev/full`).
    static func run(_ arguments: [String], environment: [String: String] = [:], currentDirectory: URL? = nil, input: String? = nil,
                    standardOutput: String? = nil) throws -> Output {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = currentDirectory ?? root
        var env = ProcessInfo.processInfo.environment
        env["XDG_CONFIG_HOME"] = "/nonexistent-mlsd-test"
        // The reports draw in UTF-8 unless the locale says otherwise: a UTF-8 one, whatever the shell's.
        env["LC_ALL"] = nil
        env["LC_CTYPE"] = nil
        env["LANG"] = "C.UTF-8"
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mlsd-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out"), err = dir.appendingPathComponent("err")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        if let standardOutput {
            guard let handle = FileHandle(forWritingAtPath: standardOutput) else { throw CocoaError(.fileNoSuchFile) }
            process.standardOutput = handle
        } else {
            process.standardOutput = try FileHandle(forWritingTo: out)
        }
        process.standardError = try FileHandle(forWritingTo: err)
        if let input {
            let inputFile = dir.appendingPathComponent("in")
            try input.write(to: inputFile, atomically: true, encoding: .utf8)
            process.standardInput = try FileHandle(forReadingFrom: inputFile)
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        try process.run()
        process.waitUntilExit()
        return Output(status: process.terminationStatus,
                      stdout: (try? String(contentsOf: out, encoding: .utf8)) ?? "",
                      stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? "")
    }
}

extension BinaryRunner {
    /// A one-station design whose id starts like a spreadsheet formula (`-api`), read from standard
    /// input (`-`): for CSV cells that must be defused and option values that start with `-`.
    static let dashDesign = """
        name: Dash
        requirements:
          latency: { p99: 55ms }
        design:
          entry: -api
          workload: { qps: 10/s }
          components:
            -api: { kind: station, replicas: 1, latency: { exponential: 10ms } }
        """
}

extension BinaryRunner.Output {
    /// Standard output read as CSV: one array of fields per line (RFC 4180 quoting), the header first.
    var csvRows: [[String]] { stdout.split(separator: "\n").map { SimulateCommandTests.csvFields(String($0)) } }

    /// Standard output read as a JSON object, nil when it is not one.
    var jsonObject: [String: Any]? { (try? JSONSerialization.jsonObject(with: Data(stdout.utf8))) as? [String: Any] }
}
