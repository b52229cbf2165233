import Foundation
import Testing
@testable import MLSDCore

@Suite("Located errors") struct DiagnosticTests {
    static let fixtures: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: TestPaths.fixtures.path)) ?? [])
        .filter { $0.hasSuffix(".yaml") }.sorted()

    /// Each fixture's `.expected` file holds the exact lines `mlsd validate` prints; the last is the summary.
    @Test(arguments: fixtures)
    func fixtureGivesItsExactDiagnostics(_ name: String) throws {
        let path = "Tests/Fixtures/\(name)"
        let text = try String(contentsOf: TestPaths.fixtures.appendingPathComponent(name), encoding: .utf8)
        let expectedFile = TestPaths.fixtures.appendingPathComponent(name.replacingOccurrences(of: ".yaml", with: ".expected"))
        let expected = try String(contentsOf: expectedFile, encoding: .utf8).split(separator: "\n").map(String.init)
            .filter { !$0.hasPrefix("\(path): ") }
        do {
            let (_, warnings) = try Scenario.parse(yaml: text, path: path)
            #expect(name.hasPrefix("warn-"), "\(name) should have failed")
            #expect(warnings.map(\.description) == expected)
        } catch {
            #expect(name.hasPrefix("bad-"), "\(name) should have loaded: \(error)")
            #expect(error.diagnostics.map(\.description) == expected)
            #expect(!error.errors.isEmpty)
        }
    }

    struct Case: CustomTestStringConvertible, Sendable {
        var yaml: String, message: String
        var testDescription: String { message }
    }

    /// One-line designs, each with the message a user sees.
    @Test(arguments: [
        Case(yaml: "name: x\ndesign:\n  entry: a\n  components:\n    a: { kind: cache, hit_ratio: 80% }\n    b: { kind: gateway, calls: [{ sequence: [a] }], on_miss: a }\n",
             message: "6:62: error: 'on_miss' applies only to components of kind cache or semantic_cache, not gateway"),
        Case(yaml: "name: x\ndesign:\n  entry: a\n  components:\n    a: { kind: station }\n",
             message: "5:5: error: station 'a' needs 'latency'; a bare station has no default service time"),
        Case(yaml: "name: x\ndesign:\n  entry: a\n  components:\n    a: { kind: gateway, latency: 20ms-5ms }\n",
             message: "5:34: error: invalid value '20ms-5ms' for 'latency': the low end must not exceed the high end"),
        Case(yaml: "name: x\ndesign:\n  entry: a\n  components:\n    a: { kind: model_server, optimizations: [int4] }\n",
             message: "5:46: error: unknown optimisation 'int4'; did you mean 'int8'?; expected one of int8, pruning, distillation, onnx, tensorrt"),
        Case(yaml: "name: x\ndesign:\n  entry: a\n  components:\n    a: { kind: gateway, calls: [{ sequence: [b], async: [b] }] }\n    b: { kind: cache }\n",
             message: "5:33: error: a call has exactly one of 'sequence', 'parallel' or 'async'; split it into separate calls"),
        Case(yaml: "name: x\ndesign:\n  entry: a\n  workload: { pattern: bursty }\n  components:\n    a: { kind: gateway }\n",
             message: "4:24: error: invalid value 'bursty' for 'pattern': expected poisson, burst or diurnal"),
        Case(yaml: "name: x\ndesign:\n  entry: a\n  workload: { qps: 5k/M }\n  components:\n    a: { kind: gateway }\n",
             message: "4:20: error: invalid value '5k/M' for 'qps': '/M' is ambiguous: M is the million prefix (as in 1.2M/s); write 5k/min for per minute"),
        Case(yaml: "name: x\nsumary: y\ndesign:\n  entry: a\n  components:\n    a: { kind: gateway }\n",
             message: "2:1: error: unknown key 'sumary' in the file; did you mean 'summary'?"),
        Case(yaml: "name: x\ndesign:\n  entry: a\n  components:\n    \"a\\x1b[31m\": { kind: gateway }\n",
             message: "5:5: error: invalid component id 'a\\u{1b}[31m'; expected letters, digits, '_' or '-'"),
        Case(yaml: "name: x\nsummary: " + String(repeating: "[", count: 1100) + "\n",
             message: "2:11: error: YAML syntax: nested too deeply (libyaml stops at 1000 levels of brackets or indentation); expected a flatter structure"),
    ])
    func messageNamesThePlaceAndWhatWasExpected(_ c: Case) {
        #expect(throws: (any Error).self) { try Scenario.parse(yaml: c.yaml, path: "t.yaml") }
        do {
            _ = try Scenario.parse(yaml: c.yaml, path: "t.yaml")
        } catch {
            #expect(error.diagnostics.map(\.description).contains("t.yaml:" + c.message), "\(error.diagnostics)")
        }
    }

    /// One mistake in a latency is one error: a duration out of bounds, or text that is no latency
    /// at all, each had a second, generic error beside it on the same place.
    @Test(arguments: [
        ("9999999h", "5:34: error: invalid value '9999999h' for 'latency': expected a duration of at least 0 and at most a year"),
        ("fast", "5:34: error: invalid value 'fast' for 'latency': expected a duration such as 8ms, a range such as 5ms-20ms or a distribution such as { exponential: 8ms }"),
    ])
    func aBadLatencyIsOneError(value: String, message: String) {
        do {
            _ = try Scenario.parse(yaml: "name: x\ndesign:\n  entry: a\n  components:\n    a: { kind: gateway, latency: \(value) }\n", path: "t.yaml")
            Issue.record("\(value) should be refused")
        } catch {
            #expect(error.diagnostics.map(\.description) == ["t.yaml:" + message])
        }
    }

    /// Edits that can have no effect or are implausible load, with a warning that says why (issue #8).
    @Test(arguments: [
        Case(yaml: "name: x\ndesign:\n  entry: a\n  components:\n    a: { kind: cache, hit_ratio: 80% }\n",
             message: "5:34: warning: 'hit_ratio' on cache 'a' has no effect without 'on_miss': with nowhere to send a miss, the cache answers every lookup"),
        Case(yaml: "name: x\ndesign:\n  entry: a\n  components:\n    a: { kind: rule_engine, optimizations: [int8] }\n",
             message: "5:29: warning: 'optimizations' on 'a' are implausible: a rule_engine runs no model, yet its service time is divided by 2.8"),
        Case(yaml: "name: x\ndesign:\n  entry: a\n  components:\n    a: { kind: model_server, hardware: gpu, optimizations: [int8, pruning, distillation, onnx, tensorrt] }\n",
             message: "5:45: warning: 'onnx' and 'tensorrt' on 'a' do not combine: they are two runtimes for the same model, so only one speed-up applies; both are counted"),
        // TensorRT is a GPU runtime: on a CPU model server (the default hardware) it could not run.
        Case(yaml: "name: x\ndesign:\n  entry: a\n  components:\n    a: { kind: model_server, optimizations: [int8, tensorrt] }\n",
             message: "5:30: warning: 'tensorrt' on 'a' needs a GPU, but 'a' runs on CPU (hardware: cpu, the default); its 2.1× speed-up is counted anyway. Use 'hardware: gpu', or 'onnx' for a CPU runtime"),
        Case(yaml: "name: x\ndesign:\n  entry: a\n  components:\n    a: { kind: gateway, calls: [{ sequence: [b] }, { parallel: [b] }] }\n    b: { kind: cache }\n",
             message: "5:54: warning: 'a' calls 'b' more than once per request; if that is not meant, remove the duplicate"),
        // Taken at their word by the engine, but nothing real: an instant service, a replica without limit.
        Case(yaml: "name: x\ndesign:\n  entry: a\n  components:\n    a: { kind: gateway, latency: 0ms }\n",
             message: "5:34: warning: 'latency' on 'a' is 0: its calls take no time, so its replicas never queue or limit throughput and it adds nothing to latency; write its real time, such as 1ms"),
        Case(yaml: "name: x\ndesign:\n  entry: a\n  components:\n    a: { kind: station, latency: 5ms, concurrency: 1000000 }\n",
             message: "5:52: warning: 'concurrency' 1,000,000 on 'a' is over 10,000 calls at once on one replica, more than a real station serves: it is simulated as that many servers, so 'a' never queues; write what one replica serves at once (its cores or worker threads, such as 16)"),
    ])
    func noEffectEditsWarn(_ c: Case) throws {
        let (_, warnings) = try Scenario.parse(yaml: c.yaml, path: "t.yaml")
        #expect(warnings.map(\.description) == ["t.yaml:" + c.message])
    }

    /// What the two implausibility warnings leave alone: a pass-through that calls others, a client
    /// (0 is its catalog time), the limit itself, and a kind whose catalog serves more at once.
    @Test(arguments: [
        "    a: { kind: gateway, latency: 0ms, calls: [{ sequence: [b] }] }\n    b: { kind: cache }\n",
        "    a: { kind: client, latency: 0ms, calls: [{ sequence: [b] }] }\n    b: { kind: station, latency: 0ms, calls: [{ sequence: [c] }] }\n    c: { kind: cache }\n",
        "    a: { kind: station, latency: 5ms, concurrency: 10000 }\n",
        "    a: { kind: cdn, concurrency: 50000 }\n",
    ])
    func plausibleValuesDoNotWarn(_ components: String) throws {
        let (_, warnings) = try Scenario.parse(yaml: "name: x\ndesign:\n  entry: a\n  components:\n" + components, path: "t.yaml")
        #expect(warnings.isEmpty, "\(warnings.map(\.description))")
    }

    /// A 100% availability target allows no failure; 13 nines read as 100% and say so too. The
    /// same words come from a `--set` or a TUI edit (newWarnings).
    @Test(arguments: ["100%", "99.99999999999%"])
    func aTargetOfAllRequestsWarns(_ target: String) throws {
        let twelveNines = try Scenario.parse(yaml: "name: x\nrequirements:\n  availability: 99.9999999999%\ndesign:\n  entry: a\n  components:\n    a: { kind: gateway }\n", path: "t.yaml")
        #expect(twelveNines.warnings.isEmpty, "12 nines are kept and allow a failure")
        let yaml = "name: x\nrequirements:\n  availability: \(target)\ndesign:\n  entry: a\n  components:\n    a: { kind: gateway }\n"
        let (scenario, warnings) = try Scenario.parse(yaml: yaml, path: "t.yaml")
        let message = "'availability: 100%' allows no failure at all, which only a design that is never down meets (13 nines or more read as 100%); expected a target such as 99.99%"
        #expect(warnings.map(\.description) == ["t.yaml:3:17: warning: " + message])
        var lower = scenario
        lower.requirements.availability = Percentage(fraction: 0.9999)
        #expect(lower.validationDiagnostics().isEmpty && lower.requirements.availabilityWarning == nil)
        #expect(scenario.newWarnings(since: lower) == [message])
    }

    @Test func everyProblemIsReportedSortedByLine() throws {
        let yaml = "name: x\ndesign:\n  entry: a\n  components:\n    a: { kind: gateway, replicas: 0 }\n    b: { kind: cach }\n    c: { kind: ranker, timeout: fast }\n"
        do {
            _ = try Scenario.parse(yaml: yaml, path: "t.yaml")
            Issue.record("expected errors")
        } catch {
            #expect(error.errors.map(\.location.line) == [5, 6, 7])
        }
    }
}

@Suite("Duplicate keys") struct DuplicateKeyTests {
    /// Yams stops at the first duplicate; the reader still reports every problem, each duplicate at
    /// its own (later) position.
    @Test func everyDuplicateAndEveryOtherProblemIsReported() {
        let yaml = """
            name: x
            name: y
            design:
              entry: gateway
              components:
                gateway: { kind: gateway, replicas: 2, replicas: 3, calls: [{ sequence: [scorer] }] }
                scorer:
                  kind: model_server
                  replica: 3
                scorer:
                  kind: cache
            """
        do {
            _ = try Scenario.parse(yaml: yaml, path: "d.yaml")
            Issue.record("expected errors")
        } catch {
            #expect(error.diagnostics.map(\.description) == [
                "d.yaml:2:1: error: duplicate key 'name'; it is already set at line 1",
                "d.yaml:6:44: error: duplicate key 'replicas'; it is already set at line 6",
                "d.yaml:9:7: error: unknown key 'replica' in component 'scorer'; did you mean 'replicas'?",
                "d.yaml:10:5: error: duplicate key 'scorer'; it is already set at line 7",
            ])
        }
    }
}
