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

    /// The lines of `a` that `b` no longer has, and the lines `b` has that `a` had not, in order.
    static func lineChanges(_ a: String, _ b: String) -> (gone: [String], new: [String]) {
        let x = a.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let y = b.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let inX = Set(x), inY = Set(y)
        return (x.filter { !inY.contains($0) }, y.filter { !inX.contains($0) })
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

    /// A renamed design (`scenario.name`, the TUI's workload panel) keeps its file as written: the
    /// name and summary are written over on their lines, a summary gained goes under the name and
    /// one cleared loses its line (a rename re-emitted the whole file, every comment gone).
    @Test func theNameAndSummaryAreWrittenInPlace() throws {
        let (text, original) = try Self.shipped("fraud-detection")
        let edited = try original.applying([DesignOverride(parsing: "scenario.name=Fraud scoring: v2"),
                                            DesignOverride(parsing: "scenario.summary=Card payments, scored in 50 ms")])
        let patched = try #require(Scenario.textPreservingEdits(text, original: original, edited: edited, path: "fraud.yaml"))
        let changes = Self.lineChanges(text, patched)
        #expect(changes.new == ["name: \"Fraud scoring: v2\"", "summary: \"Card payments, scored in 50 ms\""], "\(changes)")
        #expect(changes.gone.count == 2 && changes.gone.allSatisfy { $0.hasPrefix("name:") || $0.hasPrefix("summary:") }, "\(changes)")
        #expect(try Scenario.parse(yaml: patched, path: "fraud.yaml").scenario.yaml() == edited.yaml())

        let bare = "name: bare   # a comment that stays\ndesign:\n  entry: s\n  components:\n    s: { kind: station, latency: 5ms }\n"
        let b = try Scenario.parse(yaml: bare, path: "b.yaml").scenario
        let summarised = try b.applying([DesignOverride(parsing: "scenario.summary=One station")])
        let gained = try #require(Scenario.textPreservingEdits(bare, original: b, edited: summarised, path: "b.yaml"))
        #expect(gained.hasPrefix("name: bare   # a comment that stays\nsummary: One station\ndesign:"), "\(gained)")
        let cleared = try summarised.applying([DesignOverride(parsing: "scenario.summary=none")])
        #expect(cleared.summary.isEmpty)
        let reread = try Scenario.parse(yaml: gained, path: "b.yaml").scenario
        #expect(Scenario.textPreservingEdits(gained, original: reread, edited: cleared, path: "b.yaml") == bare)
    }

    /// Anything it cannot write in place gives nil, and the caller writes the whole file.
    @Test func changesItCannotMakeInPlaceGiveNil() throws {
        let (text, original) = try Self.shipped("fraud-detection")
        var asked = original
        asked.interview.prompt = "Another question"
        #expect(Scenario.textPreservingEdits(text, original: original, edited: asked, path: "fraud.yaml") == nil, "the interview")
        var reordered = original
        reordered.design.components.swapAt(0, 1)
        #expect(Scenario.textPreservingEdits(text, original: original, edited: reordered, path: "fraud.yaml") == nil, "components reordered")
        var renamed = original
        renamed.design.components.removeLast()
        #expect(Scenario.textPreservingEdits(text, original: original, edited: renamed, path: "fraud.yaml") == nil, "a component removed")
        // Nothing to change is the text as it is: a save with nothing edited re-emitted the whole
        // file (comments gone, 2d as 48h).
        #expect(Scenario.textPreservingEdits(text, original: original, edited: original, path: "fraud.yaml") == text, "nothing to change")
    }

    /// A key the component did not have is written after its kind, at the kind's indentation; a
    /// key it no longer has loses its line. Nothing else moves.
    @Test func aGainedKeyFollowsTheKindAndALostKeyLosesItsLine() throws {
        let (text, original) = try Self.shipped("fraud-detection")
        let edited = try original.applying([DesignOverride(parsing: "scorer.retries=2"), DesignOverride(parsing: "scorer.fallback=none")])
        let patched = try #require(Scenario.textPreservingEdits(text, original: original, edited: edited, path: "fraud.yaml"))
        #expect(try Scenario.parse(yaml: patched, path: "fraud.yaml").scenario.yaml() == edited.yaml())
        let before = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let after = patched.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let kind = try #require(before.firstIndex { $0.hasPrefix("      kind: model_server") })
        #expect(after[kind + 1] == "      retries: 2", "written under the scorer's kind")
        let changes = Self.lineChanges(text, patched)
        #expect(changes.gone.map { $0.trimmingCharacters(in: .whitespaces) } == ["fallback: rules"])
        #expect(changes.new == ["      retries: 2"])
    }

    @Test func aGainedOrLostKeyInAFlowMapping() throws {
        let text = """
            name: flow
            design:
              entry: s
              workload: { qps: 500/s }
              components:
                s: { kind: station, replicas: 10, latency: { exponential: 10ms }, timeout: 80ms }   # the one station
                t: { kind: station, latency: 5ms, label: "last one" }
            """
        let original = try Scenario.parse(yaml: text, path: "flow.yaml").scenario
        let edited = try original.applying([DesignOverride(parsing: "s.retries=3"), DesignOverride(parsing: "s.timeout=none"),
                                            DesignOverride(parsing: "t.label=none"), DesignOverride(parsing: "t.replicas=4")])
        let patched = try #require(Scenario.textPreservingEdits(text, original: original, edited: edited, path: "flow.yaml"))
        #expect(Self.changedLines(text, patched) == [
            "    s: { kind: station, replicas: 10, latency: { exponential: 10ms }, timeout: 80ms }   # the one station → "
                + "    s: { kind: station, retries: 3, replicas: 10, latency: { exponential: 10ms } }   # the one station",
            "    t: { kind: station, latency: 5ms, label: \"last one\" } → "
                + "    t: { kind: station, replicas: 4, latency: 5ms }"])
        #expect(try Scenario.parse(yaml: patched, path: "flow.yaml").scenario.yaml() == edited.yaml())
    }

    /// A component added is written after the one before it, as its siblings are; one removed
    /// loses its lines; changed calls replace the old ones. Comments and every other line stay.
    @Test func componentsAddedAndRemovedAndCallsRewired() throws {
        var (text, original) = try Self.shipped("fraud-detection")
        text = text.replacingOccurrences(of: "  peak_qps: 5k/s", with: "  peak_qps: 5k/s   # from the payments team, Q3 peak")
        original = try Scenario.parse(yaml: text, path: "fraud.yaml").scenario
        var edited = original
        let scorer = try #require(edited.design.components.firstIndex { $0.id == "scorer" })
        edited.design.components.insert(Component(id: "shadow", kind: .modelServer, replicas: 2), at: scorer + 1)
        edited.design.components[scorer].calls.append(CallGroup(mode: .async, targets: ["shadow"]))
        // audit removed, with the gateway's call to it.
        edited.design.components.removeAll { $0.id == "audit" }
        for i in edited.design.components.indices {
            edited.design.components[i].calls = edited.design.components[i].calls.compactMap { g in
                var g = g
                g.targets.removeAll { $0 == "audit" }
                return g.targets.isEmpty ? nil : g
            }
        }
        let patched = try #require(Scenario.textPreservingEdits(text, original: original, edited: edited, path: "fraud.yaml"))
        #expect(try Scenario.parse(yaml: patched, path: "fraud.yaml").scenario.yaml() == edited.yaml())
        #expect(patched.contains("peak_qps: 5k/s   # from the payments team, Q3 peak"))
        #expect(patched.contains("model_max_age: 2d"), "other values keep their spelling")
        let (gone, new) = Self.lineChanges(text, patched)
        let lines = patched.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let shadow = try #require(lines.firstIndex(of: "    shadow:"))
        #expect(Array(lines[(shadow + 1)...(shadow + 2)]) == ["      kind: model_server", "      replicas: 2"], "written as its siblings are")
        #expect(Array(lines[(shadow - 3)...(shadow - 1)]) == ["      calls:", "        - { parallel: [features, velocity] }", "        - { async: [shadow] }"],
                "right after the scorer's block, whose calls gained the new one")
        #expect(gone.contains("    audit:"), "\(gone)")
        #expect(gone.count <= 8 && new.count <= 8, "only the changed lines: gone \(gone), new \(new)")
        // In a file of one-line components, a new one is one line too.
        let flow = """
            name: flow
            design:
              entry: s
              workload: { qps: 500/s }   # launch day
              components:
                s: { kind: station, latency: 10ms, calls: [{ sequence: [t] }] }
                t: { kind: station, latency: 5ms }
            """
        let flowOriginal = try Scenario.parse(yaml: flow, path: "flow.yaml").scenario
        var flowEdited = flowOriginal
        var u = Component(id: "u", kind: .station, replicas: 3)
        u.latency = .constant(TimeSpan(seconds: 0.002))
        flowEdited.design.components.append(u)
        flowEdited.design.components[0].calls[0].targets.append("u")
        let flowPatched = try #require(Scenario.textPreservingEdits(flow, original: flowOriginal, edited: flowEdited, path: "flow.yaml"))
        #expect(flowPatched == flow.replacingOccurrences(of: "[{ sequence: [t] }]", with: "[{ sequence: [t, u] }]") + "\n    u: { kind: station, replicas: 3, latency: { constant: 2ms } }")
    }

    /// Requirements and the workload are written in place too: a changed value over its old
    /// one, a new one after the section's last entry, a removed one without its line.
    @Test func requirementsAndTheWorkloadChangeInPlace() throws {
        let (text, original) = try Self.shipped("fraud-detection")
        let edited = try original.applying(["requirements.p99=30ms", "requirements.peak_qps=6k/s", "requirements.max_error_rate=none",
                                            "requirements.ttft_p99=200ms", "workload.qps=8k/s"].map { try DesignOverride(parsing: $0) })
        let patched = try #require(Scenario.textPreservingEdits(text, original: original, edited: edited, path: "fraud.yaml"))
        #expect(try Scenario.parse(yaml: patched, path: "fraud.yaml").scenario.yaml() == edited.yaml())
        let after = patched.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let changes = Self.lineChanges(text, patched)
        #expect(changes.gone == ["  peak_qps: 5k/s", "  latency: { p50: 20ms, p99: 50ms }", "  max_error_rate: 0.1%"])
        #expect(changes.new == ["  peak_qps: 6k/s", "  latency: { p50: 20ms, p99: 30ms }", "  ttft_p99: 200ms",
                                                          "  workload: { qps: 8k/s }"])
        let budget = try #require(after.firstIndex(of: "  training_budget: \"$2000\""))
        #expect(after[budget + 1] == "  ttft_p99: 200ms", "after the section's last entry")
        let entry = try #require(after.firstIndex(of: "  entry: gateway"))
        #expect(after[entry + 1] == "  workload: { qps: 8k/s }")
        // A block mapping becomes the emitter's one line; the rest of the file stays.
        let block = """
            name: block
            requirements:
              latency:
                p50: 20ms   # checkout's budget
                p99: 50ms
              availability: 99.9%
            design:
              entry: s
              workload:
                qps: 500/s
              components:
                s: { kind: station, latency: 10ms }
            """
        let blockOriginal = try Scenario.parse(yaml: block, path: "block.yaml").scenario
        let blockEdited = try blockOriginal.applying([DesignOverride(parsing: "requirements.p99=40ms"), DesignOverride(parsing: "workload.qps=700/s")])
        let blockPatched = try #require(Scenario.textPreservingEdits(block, original: blockOriginal, edited: blockEdited, path: "block.yaml"))
        #expect(blockPatched == block.replacingOccurrences(of: "  latency:\n    p50: 20ms   # checkout's budget\n    p99: 50ms", with: "  latency: { p50: 20ms, p99: 40ms }")
            .replacingOccurrences(of: "  workload:\n    qps: 500/s", with: "  workload: { qps: 700/s }"))
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
        // A label gained: one line added (or one line changed where the component is one line).
        for c in original.design.components where c.label == nil {
            let edited = try original.applying([DesignOverride(parsing: "\(c.id).label=checked by hand")])
            let patched = try #require(Scenario.textPreservingEdits(text, original: original, edited: edited, path: "\(id).yaml"), "\(id): \(c.id)")
            let added = Self.lineChanges(text, patched).new
            #expect(added.count == 1 && added[0].contains("label: checked by hand"), "\(id): \(c.id): \(added)")
        }
    }
}
