import Foundation
import MLSDCore
import MLSDSim
import Testing

/// A model from a YAML design fragment (the `design:` mapping of a scenario file).
func model(_ design: String, rate: Double? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws -> SimulationModel {
    let text = "name: test\ndesign:\n" + design.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n")
    let scenario = try Scenario.parse(yaml: text, path: "test.yaml").scenario
    return try SimulationModel(design: scenario.design, rate: rate.map { Rate(perSecond: $0) })
}

/// A chain of exponential stations s1 → s2 → … as a design fragment.
func stations(_ list: [(servers: Int, meanMs: Double)], qps: Double) -> String {
    var lines = ["entry: s1", "workload: { qps: \(qps)/s }", "components:"]
    for (i, s) in list.enumerated() {
        lines.append("  s\(i + 1):")
        lines.append("    kind: station")
        lines.append("    concurrency: \(s.servers)")
        lines.append("    latency: { exponential: \(s.meanMs)ms }")
        if i + 1 < list.count { lines.append("    calls: [{ sequence: [s\(i + 2)] }]") }
    }
    return lines.joined(separator: "\n")
}

/// |actual / expected − 1| ≤ tolerance, with a readable failure.
func expectClose(_ actual: Double, _ expected: Double, relative tolerance: Double, _ what: String,
                 sourceLocation: SourceLocation = #_sourceLocation) {
    let error = abs(actual / expected - 1)
    #expect(error <= tolerance, "\(what): \(actual) vs \(expected) (error \(error * 100)% > \(tolerance * 100)%)", sourceLocation: sourceLocation)
}

func expectNear(_ actual: Double, _ expected: Double, absolute tolerance: Double, _ what: String,
                sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(abs(actual - expected) <= tolerance, "\(what): \(actual) vs \(expected) (± \(tolerance))", sourceLocation: sourceLocation)
}
