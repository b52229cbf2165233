import Foundation
import Testing
@testable import MLSDCore

/// Limits on what a file may ask for, and graph walks that cannot overflow the stack (issue #13,
/// finding 3): a chain of 2 320 components used to crash every command with SIGSEGV.
@Suite("Limits and deep graphs") struct LimitsTests {
    /// A chain c0 → c1 → … → c(n−1) as YAML.
    static func chainYAML(_ n: Int, closingCycle: Bool = false) -> String {
        var lines = ["name: Chain", "design:", "  entry: c0", "  components:"]
        for i in 0..<n {
            let next = i + 1 < n ? "c\(i + 1)" : (closingCycle ? "c0" : nil)
            lines.append("    c\(i): { kind: station, latency: 1us\(next.map { ", calls: [{ sequence: [\($0)] }]" } ?? "") }")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The same chain built in memory, past the file's component limit (the TUI and the library
    /// can build designs the reader would refuse, so the walks must hold for any size).
    static func chain(_ n: Int, closingCycle: Bool = false) -> Scenario {
        var components: [Component] = []
        components.reserveCapacity(n)
        for i in 0..<n {
            var c = Component(id: "c\(i)", kind: .station)
            c.latency = .constant(TimeSpan(seconds: 1e-6))
            if i + 1 < n { c.calls = [CallGroup(mode: .sequence, targets: ["c\(i + 1)"])] } else if closingCycle { c.calls = [CallGroup(mode: .sequence, targets: ["c0"])] }
            components.append(c)
        }
        return Scenario(name: "Chain", design: Design(entry: "c0", components: components))
    }

    @Test func aChainOfAHundredThousandIsValidatedWithoutRecursion() {
        #expect(Self.chain(100_000).validationDiagnostics().isEmpty)
        let cyclic = Self.chain(100_000, closingCycle: true).validationDiagnostics()
        #expect(cyclic.count == 1)
        // The long cycle is described in one short line.
        #expect(cyclic.first?.message == "call cycle: c0 → c1 → c2 → c3 → c4 → … 99991 more … → c99996 → c99997 → c99998 → c99999 → c0; requests would never finish")
    }

    @Test func aFileWithMoreComponentsThanTheLimitIsRefusedAtTheFirstOneTooMany() throws {
        let error = try #require(throws: ScenarioError.self) { try Scenario.parse(yaml: Self.chainYAML(3_000), path: "big.yaml") }
        // Line 5 holds c0, so the 1 001st component is on line 1 005; nothing else is reported.
        #expect(error.description == "big.yaml:1005:5: error: too many components: the design has 3000; at most 1000 are allowed")
        #expect(try Scenario.parse(yaml: Self.chainYAML(1_000), path: "ok.yaml").scenario.design.components.count == 1_000)
    }

    @Test func aFileOverTheSizeLimitIsRefusedBeforeItIsParsed() throws {
        let text = "name: x\nsummary: " + String(repeating: "a", count: Scenario.maximumFileBytes) + "\n"
        let error = try #require(throws: ScenarioError.self) { try Scenario.parse(yaml: text, path: "huge.yaml") }
        #expect(error.description == "huge.yaml:1:1: error: the file is 4 MB or more; a scenario file is at most 4 MB")
    }
}

/// YAML aliases cannot multiply a document's size (issue #13, finding 5: an alias of aliases used
/// as a mapping key took 15 s at 487 bytes and about 20 minutes at 583 bytes in the YAML library's
/// duplicate-key hashing).
@Suite("Alias bombs") struct AliasBombTests {
    /// Nine aliases of nine aliases …, `levels` deep, then the last one used as a mapping key.
    static func bomb(levels: Int, asKey: Bool = true) -> String {
        var lines = ["name: Bomb", "interview:", "  key_considerations: &a0 [x, x, x, x, x, x, x, x, x]"]
        for i in 1..<levels { lines.append("  clarifying_questions\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 9).joined(separator: ", ") + "]") }
        lines.append(asKey ? "  prompt: { *a\(levels - 1) : 1 }" : "  prompt: *a\(levels - 1)")
        lines.append("design: { entry: a, components: { a: { kind: gateway } } }")
        return lines.joined(separator: "\n") + "\n"
    }

    @Test func aMultiplyingAliasAsAKeyIsRefusedAtIt() throws {
        let error = try #require(throws: ScenarioError.self) { try Scenario.parse(yaml: Self.bomb(levels: 3), path: "b.yaml") }
        #expect(error.description == "b.yaml:6:13: error: alias '*a2' used as a mapping key expands to 820 nodes; a key is at most 64 (aliases that multiply are not allowed)")
    }

    @Test(arguments: [7, 8, 9, 12]) func deepBombsAreRefusedInBoundedTime(levels: Int) throws {
        let text = Self.bomb(levels: levels)
        #expect(text.utf8.count < 1_000)
        let clock = ContinuousClock()
        var error: ScenarioError?
        let elapsed = clock.measure { error = #expect(throws: ScenarioError.self) { try Scenario.parse(yaml: text, path: "b.yaml") } }
        #expect(elapsed < .seconds(2), "\(levels) levels took \(elapsed)")
        #expect(error?.description.contains("makes the document expand to more than 1000000 nodes") == true, "\(error?.description ?? "")")
        // As a value, not a key: the same bound.
        #expect(throws: ScenarioError.self) { try Scenario.parse(yaml: Self.bomb(levels: levels, asKey: false), path: "b.yaml") }
    }

    @Test func ordinaryAliasesStillWork() throws {
        let text = """
        name: Shared
        design:
          entry: a
          components:
            a: { kind: station, latency: &fast { exponential: 2ms }, calls: [{ sequence: [b] }] }
            b: { kind: station, latency: *fast }
        """
        let scenario = try Scenario.parse(yaml: text, path: "ok.yaml").scenario
        #expect(scenario.design.components.map(\.latency) == [.exponential(mean: .milliseconds(2)), .exponential(mean: .milliseconds(2))])
    }

    @Test func aSetValueCannotCarryABomb() {
        var bomb = "{ a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1]"
        for (i, name) in ["b", "c", "d", "e", "f", "g", "h"].enumerated() {
            let previous = i == 0 ? "a" : ["b", "c", "d", "e", "f", "g", "h"][i - 1]
            bomb += ", \(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ", ") + "]"
        }
        bomb += ", *h : 1 }"
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            var design = Design(entry: "x", components: [Component(id: "x", kind: .station)])
            #expect(throws: DesignOverrideError.self) { try DesignOverride(parsing: "x.latency=\(bomb)").apply(to: &design) }
        }
        #expect(elapsed < .seconds(2))
    }
}

/// Conversions of user numbers never trap (issue #13, finding 7).
@Suite("Saturating conversions") struct SaturatingTests {
    @Test func saturatingIntClampsInsteadOfTrapping() {
        #expect(Int(saturating: 1e300) == .max)
        #expect(Int(saturating: -1e300) == .min)
        #expect(Int(saturating: .nan) == 0)
        #expect(Int(saturating: .infinity) == .max)
        #expect(Int(saturating: 42.9) == 42)
        #expect(Int(saturating: 9.223372036854775807e18) == .max)
    }

    @Test func hugeDurationsPrintWithoutTrapping() {
        // 1e300 s used to trap converting to Int64 in the hour spelling.
        #expect(TimeSpan(seconds: 1e300).description.hasSuffix("s"))
        #expect(TimeSpan(seconds: 86_400 * 365).description == "8760h")
        #expect(ValueBounds.allows(TimeSpan(seconds: 86_400 * 365)) && !ValueBounds.allows(TimeSpan(seconds: 86_400 * 365 + 1)))
        #expect(ValueBounds.allows(Rate(perSecond: 1e9)) && !ValueBounds.allows(Rate(perSecond: .leastNonzeroMagnitude)))
    }
}

/// Validation gaps (issue #13, finding 11).
@Suite("Validation gaps") struct ValidationGapTests {
    @Test func aCacheCannotMissToItself() throws {
        let text = "name: x\ndesign:\n  entry: c\n  components:\n    c: { kind: cache, hit_ratio: 80%, on_miss: c }\n"
        let error = try #require(throws: ScenarioError.self) { try Scenario.parse(yaml: text, path: "m.yaml") }
        #expect(error.description == "m.yaml:5:48: error: cache 'c' cannot send its misses to itself; expected another component")
        // The same through --set: a usage error naming the problem, not a failure later.
        let ok = try Scenario.parse(yaml: "name: x\ndesign:\n  entry: c\n  components:\n    c: { kind: cache, hit_ratio: 80%, on_miss: d }\n    d: { kind: database }\n", path: "ok.yaml").scenario
        #expect(throws: DesignOverrideError("invalid --set c.on_miss=c: cache 'c' cannot send its misses to itself; expected another component")) {
            try ok.applying([DesignOverride(parsing: "c.on_miss=c")])
        }
    }

    @Test(arguments: [
        ("name: x\ndesign: *nope\n", "y.yaml:2:9: error: YAML: found undefined alias"),
        ("name: x\n---\nname: y\n", "y.yaml:2:1: error: YAML: expected a single document in the stream (from line 1) but found another document"),
    ])
    func composerErrorsAreOneLineAtTheirPosition(text: String, message: String) throws {
        let error = try #require(throws: ScenarioError.self) { try Scenario.parse(yaml: text, path: "y.yaml") }
        #expect(error.description == message)
    }
}
