import MLSDCore
import MLSDExport
import Testing

/// The design estimate walks the call graph without recursion (issue #13, finding 3).
struct DeepDesignTests {
    @Test func estimateOfAChainOfFiftyThousandFollowsTheWholeChain() {
        var components: [Component] = []
        for i in 0..<50_000 {
            var c = Component(id: "c\(i)", kind: .station)
            c.latency = .constant(TimeSpan(seconds: 0.001))
            if i + 1 < 50_000 { c.calls = [CallGroup(mode: .sequence, targets: ["c\(i + 1)"])] }
            components.append(c)
        }
        let estimate = DesignEstimate(scenario: Scenario(name: "Chain", design: Design(entry: "c0", components: components)))
        #expect(estimate.criticalPath.count == 50_000)
        #expect(estimate.criticalPath.last == "c49999")
        #expect(abs(estimate.criticalPathMilliseconds - 50_000) < 1e-6)
    }

    @Test func estimatePicksTheSlowestBranch() {
        var a = Component(id: "a", kind: .station)
        a.latency = .constant(TimeSpan(seconds: 0.001))
        a.calls = [CallGroup(mode: .parallel, targets: ["fast", "slow"]), CallGroup(mode: .async, targets: ["slower"])]
        var fast = Component(id: "fast", kind: .station)
        fast.latency = .constant(TimeSpan(seconds: 0.002))
        var slow = Component(id: "slow", kind: .station)
        slow.latency = .constant(TimeSpan(seconds: 0.005))
        var slower = Component(id: "slower", kind: .station)
        slower.latency = .constant(TimeSpan(seconds: 0.1))
        let estimate = DesignEstimate(scenario: Scenario(name: "Fan", design: Design(entry: "a", components: [a, fast, slow, slower])))
        #expect(estimate.criticalPath == ["a", "slow"])
        #expect(abs(estimate.criticalPathMilliseconds - 6) < 1e-9)
    }
}
