import Foundation
import Testing

/// The capacity panel and fault injection in the real binary, in an 80×24 tmux pane (a private
/// server on its own socket, killed afterwards): what a person sees.
@Suite("Capacity panel in a terminal", .serialized) struct CapacityPanelTUITests {
    var binary: String { BinaryRunner.binary.path }

    @Test(.enabled(if: TUITests.hasTmux)) func capacityPanelShowsTheChartAt80x24() throws {
        let session = try TmuxSession(command: binary + " open eta-prediction", width: 80, height: 24)
        defer { session.close() }
        try session.waitFor("Inspector")
        try session.send("C")
        try session.waitFor("capacity search")
        try session.waitFor("Max QPS", seconds: 240)
        // The whole first page, not a capture taken while it was being drawn.
        let answer = try session.waitUntil("the answer, the bottleneck and the chart") { screen in
            screen.contains { $0.contains("Bottleneck") } && screen.contains { $0.contains("┤") && $0.contains("██") }
        }
        #expect(answer.contains { $0.contains("95% interval") }, "the interval over the seeds")
        #expect(answer.contains { $0.contains("Bottleneck") })
        #expect(answer.allSatisfy { $0.count <= 80 }, "nothing drawn past 80 columns")
        #expect(answer.contains { $0.contains("┤") && $0.contains("┄┄┄┄") }, "the SLO line, on the first page")
        #expect(answer.contains { $0.contains("┤") && $0.contains("██") }, "the bars")
        try session.send("NPage")
        try session.waitFor("requests per second")
        // The max-QPS marker under its column (its line may be drawn after the axis label).
        try session.waitUntil("the max-QPS marker") { screen in screen.contains { $0.contains(" max") && !$0.contains("Max") } }
        try session.waitFor("Capacity and tornado done", seconds: 240)
        try session.send("G")
        try session.waitFor("▓ a better p99")
        // A bad fault is refused in the prompt with what was expected; a good one runs and charts.
        try session.send("F")
        try session.waitFor("Fault: id=N@from-to down")
        try session.send("C-u")
        try session.tmux(["send-keys", "-t", "t", "-l", "nope=2@1s"])
        try session.send("Enter")
        try session.waitFor("is not a window; expected start-end")
        try session.send("C-u")
        try session.tmux(["send-keys", "-t", "t", "-l", "zone:1@5s-8s"])
        try session.send("Enter")
        try session.waitFor("▀ the fault", seconds: 240)
        try session.waitUntil("the recovery line") { screen in screen.contains { $0.contains("Recovery") } }
        try session.send("d")
        try session.waitFor("Inspector")
        try session.send("C-c")
        try session.waitFor("EXIT=0")
    }
}
