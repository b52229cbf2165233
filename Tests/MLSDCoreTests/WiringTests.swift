import Testing
@testable import MLSDCore

@Suite("Wiring a design") struct WiringTests {
    static func scenario() throws -> Scenario {
        try Scenario.parse(yaml: """
            name: w
            design:
              entry: api
              components:
                api: { kind: gateway, calls: [{ sequence: [model] }, { async: [log] }] }
                model: { kind: model_server, size: small }
                log: { kind: monitor }
                rules: { kind: rule_engine }
            """, path: "w.yaml").scenario
    }

    /// `calls: [b]`, the first thing a new user writes, was "a call must be a mapping of keys to
    /// values", with "not reachable" warnings after it and a cycle through it unreported: the error
    /// now shows how a call is written, and the call is read as the sequence it means.
    @Test func aBareIdInCallsSaysHowACallIsWritten() throws {
        let yaml = """
            name: x
            design:
              entry: a
              components:
                a: { kind: gateway, latency: 1ms, calls: [b] }
                b: { kind: station, latency: 1ms, calls: [{ sequence: [a] }] }
            """
        let error = try #require(throws: ScenarioError.self) { try Scenario.parse(yaml: yaml, path: "b.yaml") }
        #expect(error.errors.first?.description == "b.yaml:5:47: error: a call is a mapping such as { sequence: [b] } (one after another), { parallel: [b, …] } or { async: [b] }, not a bare component id", "\(error)")
        #expect(error.diagnostics.contains { $0.description.contains("cycle") }, "the cycle through the call is found: \(error)")
        #expect(!error.diagnostics.contains { $0.description.contains("not reachable") }, "\(error)")
    }

    /// An unknown kind hid the component's other errors: `kind: cahce` with `replicas: -3` and a
    /// reversed latency range reported the kind alone, and a fix of it met two more.
    @Test func anUnknownKindDoesNotHideTheComponentsOtherErrors() throws {
        let yaml = """
            name: x
            design:
              entry: a
              components:
                a: { kind: gateway, latency: 1ms, calls: [{ sequence: [b] }] }
                b: { kind: cahce, latency: 5ms-2ms, replicas: -3 }
            """
        let error = try #require(throws: ScenarioError.self) { try Scenario.parse(yaml: yaml, path: "k.yaml") }
        let messages = error.errors.map(\.description)
        #expect(messages.contains { $0.contains("unknown component kind 'cahce'; did you mean 'cache'?") }, "\(messages)")
        #expect(messages.contains { $0.contains("'replicas'") }, "\(messages)")
        #expect(messages.contains { $0.contains("5ms-2ms") }, "\(messages)")
    }

    /// `latency: 0ms` passes, and `0ms-2ms` was refused as "a duration greater than 0" without a
    /// word on why: a range is a lognormal whose low end is its 5th percentile.
    @Test func aRangeFromZeroSaysWhyAndWhatToWrite() throws {
        let yaml = """
            name: x
            design:
              entry: a
              components:
                a: { kind: gateway, latency: 0ms-2ms }
            """
        let error = try #require(throws: ScenarioError.self) { try Scenario.parse(yaml: yaml, path: "z.yaml") }
        #expect(error.errors.map(\.description) == ["z.yaml:5:34: error: invalid value '0ms-2ms' for 'latency': a range's low end is its 5th percentile (a lognormal), so it must be more than 0; for times spread evenly from 0 write { uniform: [0ms, 2ms] }"], "\(error)")
    }

    @Test func parallelCallsFanOutTogether() throws {
        let s = try Self.scenario().connecting("api", to: "rules", kind: .parallel)
        #expect(s.design["api"]?.calls.last == CallGroup(mode: .parallel, targets: ["rules"]))
        let t = try s.connecting("model", to: "log", kind: .parallel).connecting("model", to: "rules", kind: .parallel)
        #expect(t.design["model"]?.calls == [CallGroup(mode: .parallel, targets: ["log", "rules"])])
    }

    @Test func refusalsSayWhy() throws {
        let s = try Self.scenario()
        #expect(throws: WiringError("'api' already calls 'model' (sequence); a second call would double its load — retype or delete the existing one")) {
            try s.connecting("api", to: "model", kind: .parallel)
        }
        #expect(throws: WiringError("'api' cannot call itself")) { try s.connecting("api", to: "api", kind: .sequence) }
        #expect(throws: WiringError("only a cache has a miss path; 'api' is a gateway")) { try s.connecting("api", to: "rules", kind: .onMiss) }
        #expect(throws: WiringError("a branch needs a share of requests such as 2%")) { try s.connecting("api", to: "rules", kind: .branch) }
        #expect(throws: (any Error).self) { try s.connecting("model", to: "api", kind: .sequence) }
    }

    @Test func edgesListEveryLinkInFileOrder() throws {
        let s = try Self.scenario().connecting("model", to: "rules", kind: .fallback)
        #expect(s.edges(from: "api").map(\.description) == ["sequence → model", "async → log"])
        #expect(s.edges(from: "model").map(\.description) == ["fallback → rules"])
    }

    @Test func removeRetypeAndMove() throws {
        var s = try Self.scenario().connecting("api", to: "rules", kind: .sequence)
        // The last group is async, so the new sequence call goes after it, in a group of its own.
        #expect(s.design["api"]?.calls.map(\.targets) == [["model"], ["log"], ["rules"]])
        s = try s.movingEdge(.call(group: 2, position: 0), from: "api", by: -1)
        #expect(s.design["api"]?.calls.map(\.targets) == [["model"], ["rules"], ["log"]], "a call alone in its group moves past the neighbouring group")
        s = try s.connecting("api", to: "log", kind: .fallback)
        #expect(throws: WiringError("only calls have an order; the miss path and the fallback do not")) { try s.movingEdge(.fallback, from: "api", by: 1) }
        #expect(throws: WiringError("this is already the first call")) { try s.movingEdge(.call(group: 0, position: 0), from: "api", by: -1) }
        s = try s.retypingEdge(.call(group: 1, position: 0), from: "api", to: .branch, probability: Percentage(fraction: 0.1))
        #expect(s.edges(from: "api").contains { $0.target == "rules" && $0.kind == .branch && $0.probability == Percentage(fraction: 0.1) })
        s = try s.removingEdge(.call(group: 0, position: 0), from: "api")
        #expect(!s.edges(from: "api").contains { $0.target == "model" }, "an emptied group is dropped")
    }

    /// A retyped call keeps its place among the caller's calls (it went to the end: the first of a
    /// sequence, retyped as parallel, ran last and the canvas's ① moved to another call).
    @Test func aRetypedCallKeepsItsPlace() throws {
        // api calls rules then model in one sequence, and logs async.
        var s = try Self.scenario().connecting("api", to: "rules", kind: .sequence)
        s.design.components[s.design.components.firstIndex { $0.id == "api" }!].calls = [
            CallGroup(mode: .sequence, targets: ["rules", "model"]), CallGroup(mode: .async, targets: ["log"])]
        let first = try s.retypingEdge(.call(group: 0, position: 0), from: "api", to: .parallel)
        #expect(first.design["api"]?.calls.map { "\($0.mode) \($0.targets)" } == ["parallel [\"rules\"]", "sequence [\"model\"]", "async [\"log\"]"])
        #expect(first.edges(from: "api").map(\.description) == ["parallel → rules", "sequence → model", "async → log"], "rules still runs first")
        let second = try s.retypingEdge(.call(group: 0, position: 1), from: "api", to: .branch, probability: Percentage(fraction: 0.1))
        #expect(second.edges(from: "api").map(\.description) == ["sequence → rules", "branch 10% → model", "async → log"])
        let alone = try s.retypingEdge(.call(group: 1, position: 0), from: "api", to: .sequence)
        #expect(alone.edges(from: "api").map(\.description) == ["sequence → rules", "sequence → model", "sequence → log"])
        #expect(alone.design["api"]?.calls.count == 2, "a group of one changes kind in place")
        var fan = s
        fan.design.components[fan.design.components.firstIndex { $0.id == "api" }!].calls = [CallGroup(mode: .parallel, targets: ["rules", "model"]), CallGroup(mode: .async, targets: ["log"])]
        let out = try fan.retypingEdge(.call(group: 0, position: 0), from: "api", to: .sequence)
        #expect(out.edges(from: "api").map(\.description) == ["parallel → model", "sequence → rules", "async → log"], "the fan-out's others stay together; the call follows them")
        #expect(throws: WiringError("a branch needs a share of requests such as 2%")) { try s.retypingEdge(.call(group: 0, position: 0), from: "api", to: .branch) }
    }

    @Test func insertInFrontRoutesCallersThroughTheNewComponent() throws {
        let (s, id) = try Self.scenario().inserting(.cache, inFrontOf: "model")
        #expect(id == "cache")
        #expect(s.design["api"]?.calls.first?.targets == ["cache"])
        #expect(s.design["cache"]?.onMiss == "model")
        #expect(s.design["cache"]?.hitRatio == Percentage(fraction: 0.8))
        let (t, gw) = try s.inserting(.loadBalancer, inFrontOf: "api")
        #expect(t.design.entry == gw, "in front of the entry, the new component is the entry")
        #expect(t.validationDiagnostics().filter { $0.severity == .error }.isEmpty)
    }
}
