import Foundation
import MLSDCore
@testable import MLSDSim
import Testing

@Suite("LLM serving: token-level engine, closed loop, verdicts") struct LLMServingTests {
    /// One llm_server fed by a closed loop.
    static func design(model: String = "llama-3.1-8b", gpu: String = "a100-40g", users: Int = 1, think: String? = nil,
                       input: String = "1024", output: String = "128", extra: String = "") -> String {
        """
        entry: llm
        workload: { concurrency: \(users)\(think.map { ", think_time: \($0)" } ?? ""), input_tokens: \(input), output_tokens: \(output) }
        components:
          llm:
            kind: llm_server
            model: \(model)
            gpu: \(gpu)
            precision: fp16
        \(extra)
        """
    }

    static var spec8BA100: LLMServerSpec {
        LLMServerSpec(model: LLMModelShape.preset(named: "llama-3.1-8b")!, gpu: .a100_40g, gpusPerReplica: 1, precision: .fp16)
    }

    // MARK: Formulas against hand-worked numbers

    @Test func kvCacheOfLlama8BOnAnA100ByHand() {
        let s = Self.spec8BA100
        // 2 (K, V) × 32 layers × 8 KV heads × 128 head dim × 2 bytes = 131 072 bytes a token.
        #expect(s.kvBytesPerToken == 131_072)
        // 40 GB × 0.9 − 8.03 B × 2 bytes of weights − 1.5 GB reserved = 18.44 GB → 140 686 tokens.
        #expect(s.kvCapacityTokens == Int((40e9 * 0.9 - 16.06e9 - 1.5e9) / 131_072))
        #expect(s.kvCapacityTokens == 140_686)
        // Grouped-query attention matters: Llama-2-7B (32 KV heads) holds 4× the bytes per token.
        #expect(LLMModelShape.preset(named: "llama-2-7b")!.kvBytesPerToken(.fp16) == 524_288)
        // FP8 halves the KV cache.
        #expect(LLMModelShape.preset(named: "llama-3.1-70b")!.kvBytesPerToken(.fp8) == 163_840)
    }

    @Test func decodeStepOfLlama8BOnAnA100ByHand() {
        let s = Self.spec8BA100
        // Memory-bound: (16.06 GB of weights + 1 000 tokens × 131 072 B) ÷ (1 555 GB/s × efficiency),
        // plus the fixed step, per-layer and per-sequence costs.
        let memory = (16.06e9 + 1000 * 131_072.0) / (1555e9 * LLMServerSpec.bandwidthEfficiency)
        let fixed = LLMServerSpec.stepOverheadSeconds + 32 * LLMServerSpec.layerOverheadSeconds + LLMServerSpec.sequenceOverheadSeconds
        expectClose(s.decodeStepSeconds(batch: 1, context: 1000), memory + fixed, relative: 1e-12, "decode step")
        // At 85 % of 1 555 GB/s that is 12.25 ms of reads, 14.1 ms in all: about 71 tokens/s, the
        // measured vLLM figure of about 13 ms per token (REFERENCE-NUMBERS) within 10 %.
        expectClose(memory, 0.01225, relative: 0.001, "weights and KV over bandwidth")
        // Prefill is compute-bound: 2 × 8.03 B FLOPs a token plus attention, at the compute efficiency of 312 TFLOPS.
        let weightFlops: Double = 2 * 8.03e9 * 1024
        let attentionFlops: Double = 4.0 * 32 * 4096 * 1024 * 512
        let prefillFlops = weightFlops + attentionFlops
        let compute = prefillFlops / (312e12 * LLMServerSpec.computeEfficiency)
        expectClose(s.prefillSeconds(promptTokens: 1024), compute + LLMServerSpec.stepOverheadSeconds + 32 * LLMServerSpec.layerOverheadSeconds,
                    relative: 1e-12, "prefill")
    }

    @Test func aModelTooBigForItsGPUsIsALocatedError() throws {
        let text = "name: t\ndesign:\n" + Self.design(model: "llama-3.1-70b", gpu: "l4").split(separator: "\n").map { "  " + $0 }.joined(separator: "\n")
        #expect(throws: ScenarioError.self) { try Scenario.parse(yaml: text, path: "big.yaml") }
        do {
            _ = try Scenario.parse(yaml: text, path: "big.yaml")
        } catch {
            let message = "\(error)"
            #expect(message.contains("big.yaml:9:12:"), "located at the gpu line: \(message)")
            #expect(message.contains("llama-3.1-70b at fp16 needs 141 GB of weights"), "\(message)")
        }
    }

    @Test func badValuesAreLocatedErrors() throws {
        func errorText(_ yaml: String) -> String {
            do { _ = try Scenario.parse(yaml: yaml, path: "bad.yaml"); return "" } catch { return "\(error)" }
        }
        let base = "name: t\ndesign:\n  entry: llm\n  components:\n    llm:\n      kind: llm_server\n"
        #expect(errorText(base + "      gpu: h300\n").contains("bad.yaml:7:12: error: invalid value 'h300' for 'gpu'"))
        #expect(errorText(base + "      model: llama-3.1-9b\n").contains("did you mean 'llama-3.1-8b'?"))
        #expect(errorText(base + "      precision: fp4\n").contains("invalid value 'fp4' for 'precision'"))
        #expect(errorText(base + "      max_seqs: 0\n").contains("expected a whole number from 1"))
        #expect(errorText(base + "      model: { parameters: 8b, layers: 32 }\n").contains("missing key 'kv_heads'"))
        #expect(errorText(base + "    db:\n      kind: database\n      gpu: h100\n").contains("'gpu' applies only to components of kind llm_server, not database"))
        let workload = "name: t\ndesign:\n  entry: llm\n  workload: { qps: 5/s, concurrency: 4 }\n  components:\n    llm:\n      kind: llm_server\n"
        #expect(errorText(workload).contains("'concurrency' (closed-loop users) and 'qps' (open arrivals) exclude each other"))
        let tokens = "name: t\ndesign:\n  entry: llm\n  workload: { input_tokens: { p50: 900, p90: 100 } }\n  components:\n    llm:\n      kind: llm_server\n"
        #expect(errorText(tokens).contains("expected at least the p50 (900)"))
    }

    @Test func llmSettingsAndTokenWorkloadsRoundTrip() throws {
        let text = "name: t\nrequirements:\n  ttft_p99: 450ms\n  tpot_p99: 40ms\ndesign:\n" + Self.design(input: "{ p50: 800, p90: 2400 }", extra: "    max_seqs: 64\n    prefix_cache_hit_ratio: 30%\n    chunked_prefill: false\n    gpus_per_replica: 2")
            .split(separator: "\n").map { "  " + $0 }.joined(separator: "\n")
        let s = try Scenario.parse(yaml: text, path: "t.yaml").scenario
        #expect(s.design.workload.users == 1)
        #expect(s.design.workload.inputTokens == .lognormal(p50: 800, p90: 2400))
        #expect(s.requirements.ttftP99 == TimeSpan(seconds: 0.45))
        let llm = try #require(s.design["llm"]?.llm)
        #expect(llm.maxSeqs == 64 && llm.gpusPerReplica == 2 && llm.chunkedPrefill == false)
        #expect(try Scenario.parse(yaml: s.yaml(), path: "again.yaml").scenario == s)
    }

    // MARK: Engine behaviour

    @Test func aLoneRequestHasTTFTOfItsPrefillAndTPOTOfOneDecodeStep() throws {
        let m = try model(Self.design(users: 1))
        let r = Simulation(model: m, seed: 1).run(until: .requests(50))
        let l = try #require(r.llm.first)
        let s = Self.spec8BA100
        // The histogram keeps 3 significant digits (≤ 0.05 % error).
        expectClose(l.ttft.mean, s.prefillSeconds(promptTokens: 1024), relative: 0.001, "TTFT = prefill")
        // Decode contexts run from 1 025 to 1 151 tokens: the mean step is the one at the middle.
        expectClose(l.tpot.mean, s.decodeStepSeconds(batch: 1, context: 1088), relative: 0.001, "TPOT = one decode step")
        #expect(l.meanBatch == 1)
        #expect(l.preemptions == 0)
        // End to end equals the server's figures (the LLM is the entry).
        expectClose(try #require(r.endToEndTTFT).mean, l.ttft.mean, relative: 1e-9, "end-to-end TTFT")
    }

    @Test func throughputRisesAndTPOTWorsensWithConcurrency() throws {
        var last: SimulationResult.LLMServerResult?
        // Decode-heavy (128 in, 512 out): 128 users of 640-token sequences (82 k tokens) fit the
        // 140 k-token KV cache. (With 1 024-token prompts the A100's prefill compute, not the
        // decode batch, limits throughput from about 32 users.)
        for users in [1, 8, 32, 128] {
            let r = Simulation(model: try model(Self.design(users: users, input: "128", output: "512")), seed: 1, warmupFraction: 0.25).run(until: .time(120))
            let l = try #require(r.llm.first)
            if let last {
                #expect(l.outputTokensPerSecond > last.outputTokensPerSecond * 1.4, "\(users) users: \(l.outputTokensPerSecond) tokens/s vs \(last.outputTokensPerSecond)")
                #expect(l.tpot.mean > last.tpot.mean, "\(users) users: TPOT \(l.tpot.mean) vs \(last.tpot.mean)")
            }
            #expect(l.preemptions == 0)
            last = l
        }
    }

    @Test func aFullKVCachePreemptsAndStillAnswersEveryone() throws {
        // Llama 3.2 3B on a 16 GB T4 holds about 56 k tokens of KV; 64 users of 2 000-token
        // sequences need 128 k.
        let m = try model(Self.design(model: "llama-3.2-3b", gpu: "t4", users: 64, input: "1000", output: "1000"))
        let capacity = try #require(m.components.first?.llm?.kvCapacityTokens)
        #expect(capacity < 64 * 2000 / 2)
        let r = Simulation(model: m, seed: 1).run(until: .requests(256))
        let l = try #require(r.llm.first)
        #expect(l.preemptions > 0)
        #expect(l.peakKVUtilization > 0.95 && l.peakKVUtilization <= 1)
        #expect(r.errorRate == 0)
        #expect(r.successes == r.requests)
        // Fewer sequences fit than users: the batch stays below 64.
        #expect(l.meanBatch < 64)
    }

    @Test func closedLoopObeysLittlesLaw() throws {
        let users = 16, think = 0.5
        let r = Simulation(model: try model(Self.design(users: users, think: "500ms")), seed: 3).run(until: .time(600))
        // N = X · (R + Z): throughput times (response time + think time) is the number of users.
        let n = r.throughput * (r.latency.mean + think)
        expectClose(n, Double(users), relative: 0.03, "X·(R+Z)")
        #expect(r.closedLoopUsers == users)
    }

    @Test func sameSeedSameTokens() throws {
        let m = try model(Self.design(users: 8, input: "{ p50: 500, p90: 2000 }", output: "{ p50: 100, p90: 400 }"))
        let a = Simulation(model: m, seed: 9).run(until: .requests(300))
        let b = Simulation(model: m, seed: 9).run(until: .requests(300))
        #expect(a == b)
        let c = Simulation(model: m, seed: 10).run(until: .requests(300))
        #expect(a.llm.first?.outputTokensPerSecond != c.llm.first?.outputTokensPerSecond)
    }

    // MARK: Verdicts and results

    @Test func tokenRequirementsAreJudged() throws {
        let m = try model(Self.design(users: 4))
        var req = Requirements()
        req.ttftP99 = TimeSpan(seconds: 0.001)
        req.tpotP99 = TimeSpan(seconds: 1)
        let r = Simulation(model: m, seed: 1).run(until: .requests(2000)).checked(against: req)
        #expect(r.requirements.first { $0.kind == .ttftP99 }?.reason?.contains("TTFT p99") == true)
        #expect(r.requirements.first { $0.kind == .tpotP99 }?.passes == true)
        // Too few streamed answers for a p99: cannot judge.
        let few = Simulation(model: m, seed: 1).run(until: .requests(60)).checked(against: req)
        #expect(few.requirements.first { $0.kind == .tpotP99 }?.reason?.hasPrefix("cannot judge") == true)
        // A design without an LLM cannot meet a TTFT target.
        let plain = try model(stations([(1, 1)], qps: 100))
        let none = Simulation(model: plain, seed: 1).run(until: .requests(2000)).checked(against: req)
        #expect(none.requirements.first { $0.kind == .ttftP99 }?.reason == "cannot judge: the design has no llm_server, so no answer streams tokens")
    }

    @Test func jsonHasTokenFigures() throws {
        let r = Simulation(model: try model(Self.design(users: 2)), seed: 1).run(until: .requests(100))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.jsonText().utf8)) as? [String: Any])
        for key in ["ttft_ms", "tpot_ms"] {
            let t = try #require(json[key] as? [String: Any], "\(key)")
            #expect(t["p50"] is Double && t["p90"] is Double && t["p99"] is Double)
        }
        #expect(json["output_tokens_per_second"] is Double)
        let components = try #require(json["components"] as? [[String: Any]])
        let llm = try #require(components.first?["llm"] as? [String: Any])
        #expect(llm["ttft_ms"] is [String: Any] && llm["output_tokens_per_second"] is Double)
        #expect(llm["cost_per_million_output_tokens"] is Double)
    }

    @Test func publicPointTableRuns() {
        // Smoke test of `mlsd-bench --llm`: every point simulates to finite, positive figures and
        // an error is reported (the accuracy target is measured by the benchmark, not asserted).
        let rows = LLMReferencePoints.points.map { LLMReferencePoints.simulate($0, requestsPerUser: 1) }
        #expect(rows.count == LLMReferencePoints.points.count)
        for r in rows {
            #expect(r.tokensPerSecond > 0 && r.tokensPerSecond.isFinite, "\(r.point.label)")
            #expect(r.tpotMs > 0 && r.ttftMs > 0, "\(r.point.label)")
            #expect(r.tokensPerSecondError.isFinite)
        }
        #expect(LLMReferencePoints.table(rows).contains("median |error|"))
    }
}
