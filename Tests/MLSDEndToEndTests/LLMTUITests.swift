import Foundation
import Testing

/// An LLM design in the real binary at 80×24: change the GPU in the inspector (a bad value is
/// refused with what was expected, a model that does not fit is refused with why), run, and read
/// TTFT, TPOT, tokens per second, cost per 1M tokens and the verdicts.
@Suite("LLM design in a terminal", .serialized) struct LLMTUITests {
    @Test(.enabled(if: TUITests.hasTmux)) func changeTheGPUAndReadTheTokenFigures() throws {
        let box = try TUITests.Sandbox()
        defer { try? FileManager.default.removeItem(at: box.root) }
        let source = BinaryRunner.root.appendingPathComponent("Examples/llm-single-a100.yaml")
        try FileManager.default.copyItem(at: source, to: box.work.appendingPathComponent("llm.yaml"))
        let session = try box.session("open llm.yaml", width: 80, height: 24)
        defer { session.close() }
        try session.waitFor("KV cache")
        #expect(try session.capture().contains { $0.contains("gpu") && $0.contains("a100-40g") })
        // Selection starts on the label: down to the gpu row (label, kind, replicas, model, gpu).
        try session.send("Enter")
        for _ in 0..<4 { try session.send("Down") }
        try session.send("Enter")
        try session.waitFor("Type a value")
        try session.send("C-u")
        try session.tmux(["send-keys", "-t", "t", "-l", "h300"])
        try session.send("Enter")
        try session.waitFor("a100-80g, h100, h200")
        try session.send("C-u")
        try session.tmux(["send-keys", "-t", "t", "-l", "h100"])
        try session.send("Enter")
        try session.waitUntil("the H100's KV cache") { screen in screen.contains { $0.contains("KV cache") && $0.contains("415,344 tokens") } }
        // A 70B model does not fit one H100 at FP16: refused, with the reason.
        try session.send("Up", "Enter")
        try session.send("C-u")
        try session.tmux(["send-keys", "-t", "t", "-l", "llama-3.1-70b"])
        try session.send("Enter")
        try session.waitFor("141 GB of weights")
        try session.send("Escape")
        try session.send("r")
        let results = try session.waitUntil("the verdicts and token figures", seconds: 240) { screen in
            screen.contains { $0.contains("TTFT p99") && $0.contains("≤ 450 ms") } && screen.contains { $0.contains("from 8 users") }
        }
        #expect(results.contains { $0.contains("✓ TPOT p99") })
        #expect(results.allSatisfy { $0.count <= 80 })
        try session.send("NPage")
        try session.waitUntil("tokens per second and cost per token") { screen in
            screen.contains { $0.contains("tokens/s") } && screen.contains { $0.contains("$/1M tokens") }
        }
        try session.send("C-c")
        try session.waitFor("unsaved changes")
    }
}
