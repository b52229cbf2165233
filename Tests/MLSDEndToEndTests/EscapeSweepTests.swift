import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Control characters in every text field a scenario (or theme, or file name) can carry, through
/// every command: no raw control byte, C1 control or bidi/format character may reach stdout,
/// stderr or a written file (issue #13, finding 4).
@Suite(.serialized) struct EscapeSweepTests {
    /// ESC + OSC title + BEL, CSI clear, one-byte CSI (U+009B), bidi override, CR, DEL, NUL, line
    /// separator, zero-width space, BOM and a right-to-left isolate, as YAML double-quoted escapes.
    static let payload = #"\e]0;pwned\a\e[2J\x9b\u202E\r\x7f\0\u2028\u200B\uFEFF\u2067"#

    /// The scalars that must never appear raw, written out independently of the product's rule.
    static func firstUnsafe(_ data: Data) -> String? {
        let text = String(decoding: data, as: UTF8.self)
        for (offset, scalar) in text.unicodeScalars.enumerated() {
            let v = scalar.value
            let bad = (v < 0x20 && v != 0x09 && v != 0x0A) || (0x7F...0x9F).contains(v) || v == 0x061C || v == 0x200B
                || v == 0x200E || v == 0x200F || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
                || v == 0x2028 || v == 0x2029 || v == 0xFEFF
            if bad { return "U+\(String(v, radix: 16, uppercase: true)) at scalar \(offset): …\(String(text.unicodeScalars.dropFirst(max(0, offset - 30)).prefix(40)).debugDescription)" }
        }
        return nil
    }

    static let valid = """
    name: "Evil \(payload) <b>bold</b> & co"
    summary: "Summary \(payload)"
    requirements:
      peak_qps: 50/s
      users: "Users \(payload)"
      latency: { p99: 500ms }
    design:
      entry: gateway
      components:
        gateway:
          kind: gateway
          label: "Gate \(payload)"
          notes: "Notes \(payload)"
          calls: [{ sequence: [scorer] }]
        scorer:
          kind: model_server
          label: "<script>\(payload)</script>"
          timeout: 400ms
          fallback: rules
        rules: { kind: rule_engine, label: "Rules \(payload)" }
    interview:
      prompt: "Prompt \(payload)"
      clarifying_questions: ["Question \(payload)"]
      key_considerations: ["Consideration \(payload)"]
      metrics: { offline: ["Offline \(payload)"], online: ["Online \(payload)"], counter: ["Counter \(payload)"] }
      reference_answers: { clarify: "Clarify \(payload)", metrics: "Metrics \(payload)", high_level: "High \(payload)", deep_dive: "Deep \(payload)", tradeoffs: "Trade \(payload)" }
    known_gaps: ["Gap \(payload)"]
    """

    /// Errors that quote what the file says: ids, keys, duplicate keys, kinds, values, references.
    static let invalid = """
    name: "Bad \(payload)"
    "key \(payload)": 1
    design:
      entry: "entry \(payload)"
      workload: { pattern: "pattern \(payload)" }
      components:
        "id \(payload)": { kind: "kind \(payload)" }
        a: { kind: gateway, replicas: "r \(payload)", latency: "l \(payload)", timeout: "t \(payload)", fallback: "f \(payload)", calls: [{ sequence: ["c \(payload)"] }], "k \(payload)": 1 }
        b: { kind: cache, hit_ratio: "h \(payload)", on_miss: "m \(payload)", optimizations: ["o \(payload)"] }
        b: { kind: gateway }
    """

    static let theme = """
    name: "Theme \(payload)"
    summary: "Summary \(payload)"
    styles: { normal: { fg: "colour \(payload)" } }
    """

    @Test func noCommandWritesARawControlCharacter() throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let config = folder.path("config")
        let good = try folder.write("config/mlsd/scenarios/evil.yaml", Self.valid)
        let bad = try folder.write("config/mlsd/scenarios/bad.yaml", Self.invalid)
        // A file name with an escape sequence in it, listed by `mlsd scenarios`.
        try folder.write("config/mlsd/scenarios/name\u{1B}[2J\u{202E}.yaml", Self.valid)
        try folder.write("config/mlsd/themes/evil.yaml", Self.theme)
        let out = folder.path("out")
        var runs: [([String], String?)] = [
            (["validate", good, bad, "evil"], nil),
            (["show", good], nil), (["show", bad], nil),
            (["scenarios"], nil), (["scenarios", "--format", "json"], nil), (["themes"], nil),
            (["simulate", good, "--requests", "2k"], nil),
            (["simulate", good, "--requests", "2k", "--format", "json"], nil),
            (["simulate", good, "--requests", "2k", "--format", "csv"], nil),
            (["simulate", "evil", "--requests", "2k", "--set", "scorer.replicas=\u{1B}[2J"], nil),
            (["compare", good, "--set", "scorer.replicas=2", "--requests", "2k"], nil),
            (["compare", good, "--set", "scorer.replicas=2", "--requests", "2k", "--format", "json"], nil),
            (["sweep", good, "--vary", "scorer.replicas=1...3", "--requests", "1k"], nil),
            (["sweep", good, "--vary", "scorer.replicas=1...3", "--requests", "1k", "--format", "json"], nil),
            (["sweep", good, "--vary", "scorer.replicas=1...3", "--requests", "1k", "--format", "csv"], nil),
            (["simulate", "\u{1B}]0;pwned\u{07}"], nil),
            (["simulate", good, "--qps", "\u{1B}[2J\u{9B}"], nil),
        ]
        for format in ["unicode", "ascii", "markdown", "mermaid", "dot", "json", "csv"] {
            runs.append((["export", good, "--format", format, "--requests", "2k", "--annotate"], nil))
            runs.append((["export", good, "--format", format, "--requests", "2k", "-o", out + "." + format], out + "." + format))
        }
        runs.append((["interview", good], nil))
        runs.append((["interview", good, "-o", out + ".md"], out + ".md"))
        for (arguments, file) in runs {
            let run = try BoundedRun.mlsd(arguments, configHome: config, stdin: "/dev/null", deadline: 120)
            let name = arguments.prefix(3).joined(separator: " ").debugDescription
            #expect(!run.timedOut && run.signal == nil, "\(name): \(run.summary)")
            #expect(Self.firstUnsafe(run.stdout) == nil, "stdout of \(name): \(Self.firstUnsafe(run.stdout) ?? "")")
            #expect(Self.firstUnsafe(run.stderr) == nil, "stderr of \(name): \(Self.firstUnsafe(run.stderr) ?? "")")
            if let file {
                let data = try #require(FileManager.default.contents(atPath: file), "\(name) wrote \(file)")
                #expect(Self.firstUnsafe(data) == nil, "\(file): \(Self.firstUnsafe(data) ?? "")")
            }
        }
        // The user's text is still there, escaped, not dropped; HTML in the name is not live in Markdown.
        let shown = try BoundedRun.mlsd(["show", good], configHome: config)
        #expect(shown.out.contains("Evil ?]0;pwned??[2J"), "\(shown.out.prefix(200))")
        let doc = try BoundedRun.mlsd(["export", good, "--format", "markdown", "--requests", "1k"], configHome: config)
        #expect(doc.out.hasPrefix("# Evil ?]0;pwned??[2J"), "\(doc.out.prefix(120))")
        // Outside fenced code blocks (where text is shown as written), no tag is live.
        var prose: [Substring] = [], inFence = false
        for line in doc.out.split(separator: "\n") {
            if line.hasPrefix("```") || line.hasPrefix("~~~") { inFence.toggle(); continue }
            if !inFence { prose.append(line) }
        }
        #expect(prose.first?.contains("&lt;b&gt;bold&lt;/b&gt; &amp; co") == true)
        #expect(prose.contains { $0.contains("&lt;script&gt;") })
        #expect(!prose.contains { $0.contains("<script>") || $0.contains("<b>") }, "\(prose.filter { $0.contains("<") })")
        // JSON keeps it losslessly, as JSON escapes.
        let json = try BoundedRun.mlsd(["export", good, "--format", "json", "--requests", "1k"], configHome: config)
        #expect(json.out.contains(#"\u001b]0;pwned\u0007\u001b[2J\u009b\u202e"#), "\(json.out.prefix(400))")
        #expect((try? JSONSerialization.jsonObject(with: json.stdout)) != nil, "still valid JSON")
    }

    /// Nothing in `Sources/mlsd` writes to a stream or a file except through the boundary in
    /// `Output.swift` and `TargetFile.swift`, so a new command cannot forget the rule.
    @Test func theOutputBoundaryIsTheOnlyWayOut() throws {
        let folder = BinaryRunner.root.appendingPathComponent("Sources/mlsd")
        let forbidden = ["FileHandle.standard", "fputs(", "fwrite(", "Swift.print(", "putchar(", ".write(to:", "FileManager.default.createFile", "write(1,", "write(2,"]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasSuffix(".swift") {
            guard name != "Output.swift", name != "TargetFile.swift" else { continue }
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            for word in forbidden { #expect(!text.contains(word), "\(name) uses \(word); write through print, printError or TargetFile") }
        }
    }
}
