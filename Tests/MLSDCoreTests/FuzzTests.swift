import Foundation
import Testing
@testable import MLSDCore

/// Mutates the shipped scenarios thousands of times: the reader must never crash and must always
/// give either a scenario or at least one located error.
@Suite("Fuzzing the reader") struct FuzzTests {
    /// Reproducible mutations: the same for a seed on every run.
    typealias Generator = SplitMix64

    static let sources: [String] = EmbeddedScenarios.files.map(\.text)

    static func mutate(_ text: String, _ g: inout Generator) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        switch g.below(6) {
        case 0: // byte flip
            var bytes = Array(text.utf8)
            guard !bytes.isEmpty else { return text }
            for _ in 0..<(1 + g.below(4)) { bytes[g.below(bytes.count)] = UInt8(truncatingIfNeeded: g.next()) }
            return String(decoding: bytes, as: UTF8.self)
        case 1: // truncation
            let bytes = Array(text.utf8)
            return String(decoding: bytes.prefix(g.below(bytes.count + 1)), as: UTF8.self)
        case 2: // delete lines
            for _ in 0..<(1 + g.below(3)) where !lines.isEmpty { lines.remove(at: g.below(lines.count)) }
        case 3: // duplicate a line
            if !lines.isEmpty { let i = g.below(lines.count); lines.insert(lines[i], at: g.below(lines.count + 1)) }
        case 4: // swap values between two `key: value` lines
            let candidates = lines.indices.filter { lines[$0].contains(": ") }
            if candidates.count >= 2 {
                let a = candidates[g.below(candidates.count)], b = candidates[g.below(candidates.count)]
                let va = lines[a].components(separatedBy: ": "), vb = lines[b].components(separatedBy: ": ")
                lines[a] = va[0] + ": " + vb.dropFirst().joined(separator: ": ")
                lines[b] = vb[0] + ": " + va.dropFirst().joined(separator: ": ")
            }
        default: // replace a value with a hostile one
            let hostile = ["-1", "0", "1e308", ".nan", "NaN%", "999999999999999999999", "[]", "{}", "~", "0ms", "-5ms-3ms",
                           "\u{1b}[2J", "💥💥", "&a", "*a", "!!binary AAAA", "101%", "$-3/h", "5k/s/s", "null"]
            let candidates = lines.indices.filter { lines[$0].contains(": ") }
            if let i = candidates.isEmpty ? nil : candidates[g.below(candidates.count)] {
                lines[i] = lines[i].components(separatedBy: ": ")[0] + ": " + hostile[g.below(hostile.count)]
            }
        }
        return lines.joined(separator: "\n")
    }

    @Test func mutatedScenariosNeverCrashAndAlwaysExplainThemselves() {
        var g = Generator(seed: 2026)
        var valid = 0, invalid = 0
        for _ in 0..<3000 {
            let source = Self.sources[g.below(Self.sources.count)]
            let text = Self.mutate(source, &g)
            do {
                let (scenario, _) = try Scenario.parse(yaml: text, path: "fuzz.yaml")
                #expect(scenario.design[scenario.design.entry] != nil)
                // A valid mutant must also survive a save and reload.
                #expect(throws: Never.self) { _ = try Scenario.parse(yaml: scenario.yaml(), path: "saved.yaml") }
                valid += 1
            } catch {
                #expect(!error.errors.isEmpty)
                for d in error.diagnostics {
                    #expect(d.location.path == "fuzz.yaml" && d.location.line >= 1 && d.location.column >= 1)
                    #expect(!d.message.unicodeScalars.contains { $0 == "\u{1b}" }, "raw escape in: \(d.message)")
                }
                invalid += 1
            }
        }
        #expect(valid > 0 && invalid > 0, "mutations should produce both outcomes (valid \(valid), invalid \(invalid))")
    }
}
