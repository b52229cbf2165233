import MLSDCore
import Testing

/// The scenario keys of the retry policies beyond retries: `circuit_breaker` and `deadline_propagation`.
struct PolicyKeysTests {
    static let text = """
        name: t
        design:
          entry: api
          components:
            api: { kind: gateway, calls: [{ sequence: [scorer] }] }
            scorer:
              kind: model_server
              timeout: 40ms
              circuit_breaker: { failures: 3, open_for: 250ms, half_open_probes: 2 }
              deadline_propagation: true
              deadline_shedding: true
        """

    @Test func readsWritesAndReadsBackTheSame() throws {
        let s = try Scenario.parse(yaml: Self.text, path: "t.yaml").scenario
        let c = try #require(s.design["scorer"])
        #expect(c.circuitBreaker == CircuitBreaker(failures: 3, openFor: .milliseconds(250), halfOpenProbes: 2))
        #expect(c.deadlinePropagation && c.deadlineShedding)
        #expect(s.design["api"]?.circuitBreaker == nil && s.design["api"]?.deadlinePropagation == false)
        let yaml = s.yaml()
        #expect(yaml.contains("circuit_breaker: { failures: 3, open_for: 250ms, half_open_probes: 2 }"))
        #expect(yaml.contains("deadline_propagation: true"))
        #expect(yaml.contains("deadline_shedding: true"))
        #expect(try Scenario.parse(yaml: yaml, path: "again.yaml").scenario == s)
    }

    /// Keys left out take the documented defaults: 5 failures, 5 s open, 1 probe.
    @Test func anEmptyBreakerTakesTheDefaults() throws {
        let s = try Scenario.parse(yaml: Self.text.replacingOccurrences(of: "{ failures: 3, open_for: 250ms, half_open_probes: 2 }", with: "{}"), path: "t.yaml").scenario
        #expect(s.design["scorer"]?.circuitBreaker == CircuitBreaker(failures: 5, openFor: TimeSpan(seconds: 5), halfOpenProbes: 1))
    }

    @Test func setChangesEachKeyAndNoneRemovesTheBreaker() throws {
        let base = try Scenario.parse(yaml: Self.text, path: "t.yaml").scenario
        let changed = try base.applying(["api.circuit_breaker.failures=7", "api.circuit_breaker.open_for=2s", "api.circuit_breaker.half_open_probes=4",
                                         "scorer.deadline_propagation=false", "scorer.deadline_shedding=false", "scorer.circuit_breaker=none"].map { try DesignOverride(parsing: $0) })
        #expect(changed.design["api"]?.circuitBreaker == CircuitBreaker(failures: 7, openFor: TimeSpan(seconds: 2), halfOpenProbes: 4))
        #expect(changed.design["scorer"]?.circuitBreaker == nil)
        #expect(changed.design["scorer"]?.deadlinePropagation == false)
        #expect(changed.design["scorer"]?.deadlineShedding == false)
        let one = try base.applying([DesignOverride(parsing: "api.circuit_breaker.failures=2")])
        #expect(one.design["api"]?.circuitBreaker == CircuitBreaker(failures: 2))
        // The TUI's "trip after" row edits circuit_breaker.failures: none there removes the breaker.
        #expect(changed.design["scorer"] != nil && base.design["scorer"]?.circuitBreaker != nil, "scorer has a breaker to remove")
        let removed = try base.applying([DesignOverride(parsing: "scorer.circuit_breaker.failures=none")])
        #expect(removed.design["scorer"]?.circuitBreaker == nil)
    }

    struct Bad: CustomTestStringConvertible, Sendable {
        var text: String, message: String
        var testDescription: String { text }
    }

    @Test(arguments: [
        Bad(text: "scorer.circuit_breaker.failures=0", message: "invalid --set 'scorer.circuit_breaker.failures=0': expected a whole number from 1 to 1000000, or none to remove the breaker for 'circuit_breaker.failures'"),
        Bad(text: "scorer.circuit_breaker.open_for=0s", message: "invalid --set 'scorer.circuit_breaker.open_for=0s': expected a duration above 0 such as 5s, at most a year for 'circuit_breaker.open_for'"),
        Bad(text: "scorer.circuit_breaker.half_open_probes=x", message: "invalid --set 'scorer.circuit_breaker.half_open_probes=x': expected a whole number from 1 to 1000000 for 'circuit_breaker.half_open_probes'"),
        Bad(text: "scorer.circuit_breaker=on", message: "invalid --set 'scorer.circuit_breaker=on': expected none (set circuit_breaker.failures, circuit_breaker.open_for and circuit_breaker.half_open_probes instead) for 'circuit_breaker'"),
        Bad(text: "scorer.deadline_shedding=1", message: "invalid --set 'scorer.deadline_shedding=1': expected true or false (none is false) for 'deadline_shedding'"),
        Bad(text: "scorer.deadline_propagation=yes", message: "invalid --set 'scorer.deadline_propagation=yes': expected true or false (none is false) for 'deadline_propagation'"),
        Bad(text: "scorer.circuit_breaker.failure=3", message: "invalid --set 'scorer.circuit_breaker.failure=3': unknown key 'circuit_breaker.failure'; did you mean 'circuit_breaker.failures'?"),
    ])
    func badChangesSayWhatWasExpected(_ bad: Bad) throws {
        let base = try Scenario.parse(yaml: Self.text, path: "t.yaml").scenario
        #expect(throws: DesignOverrideError(bad.message)) { try base.applying([DesignOverride(parsing: bad.text)]) }
    }

    /// Policies that can do nothing say so, at the key.
    @Test func policiesWithoutEffectWarn() throws {
        let text = """
            name: t
            design:
              entry: api
              components:
                api: { kind: gateway, calls: [{ sequence: [scorer] }], circuit_breaker: {} }
                scorer: { kind: model_server, deadline_propagation: true, circuit_breaker: { failures: 2 } }
            """
        let warnings = try Scenario.parse(yaml: text, path: "t.yaml").warnings.map(\.description)
        #expect(warnings == [
            "t.yaml:6:57: warning: 'deadline_propagation' on 'scorer' has no effect: no call in the design has a 'timeout', so no caller ever gives up",
            "t.yaml:6:63: warning: 'circuit_breaker' on 'scorer' has no effect: calls to it cannot fail (no 'timeout' or 'queue_limit' on it or on anything it calls)",
        ])
        // The entry's breaker is not reported: a breaker below it can fail its calls.
        // A timeout below makes the entry's breaker meaningful: a failure there fails the call to the entry.
        let fine = text.replacingOccurrences(of: "scorer: { kind: model_server,", with: "scorer: { kind: model_server, timeout: 50ms,")
        #expect(try Scenario.parse(yaml: fine, path: "t.yaml").warnings.isEmpty)
    }
}
