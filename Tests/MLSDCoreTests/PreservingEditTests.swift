import Foundation
import MLSDCore
import Testing

/// A save changes only the values edited: a design lives in version control, and re-emitting the
/// whole file turned one replica count into a diff of forty hunks (durations in other units,
/// labels quoted, keys moved, flow lists as blocks).
@Suite struct PreservingEditTests {
    static func shipped(_ id: String) throws -> (text: String, scenario: Scenario) {
        let entry = try #require(ScenarioLibrary(environment: [:]).entries().first { $0.id == id })
        return (entry.source, try Scenario.parse(yaml: entry.source, path: "\(id).yaml").scenario)
    }

    /// The lines that differ between two texts of the same length in lines.
    static func changedLines(_ a: String, _ b: String) -> [String] {
        let x = a.split(separator: "\n", omittingEmptySubsequences: false), y = b.split(separator: "\n", omittingEmptySubsequences: false)
        guard x.count == y.count else { return ["line counts differ: \(x.count) vs \(y.count)"] }
        return zip(x, y).filter { $0 != $1 }.map { "\($0.0) → \($0.1)" }
    }

    @Test func aChangedValueIsWrittenOverAndNothingElseMoves() throws {
        let (text, original) = try Self.shipped("fraud-detection")
        let edited = try original.applying([DesignOverride(parsing: "scorer.replicas=14"), DesignOverride(parsing: "scorer.timeout=30ms")])
        let patched = try #require(Scenario.textPreservingEdits(text, original: original, edited: edited, path: "fraud.yaml"))
        #expect(Self.changedLines(text, patched) == ["      replicas: 12 →       replicas: 14", "      timeout: 40ms →       timeout: 30ms"])
        #expect(try Scenario.parse(yaml: patched, path: "fraud.yaml").scenario.yaml() == edited.yaml())
        // What the full re-emit changes is left as written.
        #expect(text.contains("model_max_age: 2d") && patched.contains("model_max_age: 2d"))
    }

    @Test func valuesInsideFlowMappingsAndOnOneLine() throws {
        let text = """
            name: flow
            design:
              entry: s
              workload: { qps: 500/s }
              components:
                s: { kind: station, replicas: 10, latency: { exponential: 10ms }, timeout: 80ms }   # the one station
            """
        let original = try Scenario.parse(yaml: text, path: "flow.yaml").scenario
        let edited = try original.applying([DesignOverride(parsing: "s.replicas=7"), DesignOverride(parsing: "s.latency={ exponential: 8ms }"),
                                            DesignOverride(parsing: "s.timeout=50ms")])
        let patched = try #require(Scenario.textPreservingEdits(text, original: original, edited: edited, path: "flow.yaml"))
        #expect(Self.changedLines(text, patched) == [
            "    s: { kind: station, replicas: 10, latency: { exponential: 10ms }, timeout: 80ms }   # the one station → "
                + "    s: { kind: station, replicas: 7, latency: { exponential: 8ms }, timeout: 50ms }   # the one station"])
    }

    /// Anything it cannot write in place gives nil, and the caller writes the whole file.
    @Test func changesItCannotMakeInPlaceGiveNil() throws {
        let (text, original) = try Self.shipped("fraud-detection")
        for change in ["scorer.retries=2",                 // a key the file does not have
                       "workload.qps=6k/s",                // outside the components
                       "scorer.fallback=none"] {            // a key removed
            let edited = try original.applying([DesignOverride(parsing: change)])
            #expect(Scenario.textPreservingEdits(text, original: original, edited: edited, path: "fraud.yaml") == nil, "\(change)")
        }
        var renamed = original
        renamed.design.components.removeLast()
        #expect(Scenario.textPreservingEdits(text, original: original, edited: renamed, path: "fraud.yaml") == nil, "a component removed")
        #expect(Scenario.textPreservingEdits(text, original: original, edited: original, path: "fraud.yaml") == nil, "nothing to change")
    }

    /// Every shipped scenario: each component's replicas changed in place gives a file that reads
    /// back as the edited design, one line changed per component.
    @Test(arguments: ScenarioLibrary(environment: [:]).entries().filter(\.isBuiltin).map(\.id))
    func everyShippedScenarioTakesAReplicaChangeInPlace(id: String) throws {
        let (text, original) = try Self.shipped(id)
        for c in original.design.components where c.fieldLocations["replicas"] != nil && !c.kind.isOffline {
            let edited = try original.applying([DesignOverride(parsing: "\(c.id).replicas=\(c.replicas + 1)")])
            let patched = try #require(Scenario.textPreservingEdits(text, original: original, edited: edited, path: "\(id).yaml"), "\(id): \(c.id)")
            #expect(Self.changedLines(text, patched).count == 1, "\(id): \(c.id)")
        }
    }
}
