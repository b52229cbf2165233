import Foundation
import Testing

/// LLM designs from the command line: the simulate table, a sweep over closed-loop users, --set.
@Suite("LLM designs on the command line") struct LLMCommandTests {
    var example: String { BinaryRunner.root.appendingPathComponent("Examples/llm-single-a100.yaml").path }

    @Test func simulateShowsTheLLMTableAndVerdicts() throws {
        let out = try BinaryRunner.run(["simulate", example, "--requests", "1000"])
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stdout.contains("from 8 closed-loop users"))
        #expect(out.stdout.contains("LLM             TTFT p50"))
        #expect(out.stdout.contains("  1 × 1 a100-40g fp16, llama-3.1-8b; KV 140,686 tokens/replica"))
        #expect(out.stdout.contains("ttft_p99") && out.stdout.contains("tpot_p99"))
        #expect(out.stdout.split(separator: "\n").allSatisfy { $0.count <= 80 })
    }

    /// code-completion's KV cache is 0.306 % in use: the cell read `0.306%`, one character too many
    /// for its column, and the row ran to 81 columns. Under 1 % it has 2 digits.
    @Test func theLLMTableFitsEightyColumnsWithASmallKVShare() throws {
        let out = try BinaryRunner.run(["simulate", "code-completion", "--requests", "20k"])
        #expect(out.status == 0 || out.status == 1, "\(out.stderr)")
        let lines = out.stdout.split(separator: "\n").map(String.init)
        #expect(lines.allSatisfy { $0.count <= 80 }, "\(lines.filter { $0.count > 80 })")
        let header = try #require(lines.firstIndex { $0.hasPrefix("LLM ") }, "\(out.stdout)")
        let row = lines[header + 1]
        // id, TTFT p50, p99, TPOT p50, p99, TOK/S/GPU, BATCH, KV, $/1M TOK: each cell apart.
        let cells = row.split(separator: " ")
        #expect(cells.count == 9 && cells[7].hasSuffix("%") && cells[7].count <= 5, "\(row)")
    }

    @Test func aSweepOverUsersShowsTokenFigures() throws {
        let out = try BinaryRunner.run(["sweep", example, "--vary", "workload.concurrency=1...16", "--steps", "2", "--requests", "1k"])
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stdout.contains("CONCURRENCY TTFT p99 TPOT p99  ERRORS    TOK/S"))
        let csv = try BinaryRunner.run(["sweep", example, "--vary", "workload.concurrency=1...16", "--steps", "2", "--requests", "1k", "--format", "csv"])
        #expect(csv.stdout.hasPrefix("value,number,p50_ms,p99_ms,error_rate,degraded_share,bottleneck,utilization,stable,cost_per_month,pass,ttft_p99_ms,tpot_p99_ms,output_tokens_per_second\n"))
    }

    @Test func badLLMValuesExit64WithWhatWasExpected() throws {
        let gpu = try BinaryRunner.run(["simulate", example, "--set", "llm.gpu=h300"])
        #expect(gpu.status == 64)
        #expect(gpu.stderr.contains("expected t4, l4, a10g, l40s, a100-40g, a100-80g, h100, h200 for 'gpu'"))
        let model = try BinaryRunner.run(["simulate", example, "--set", "llm.model=llama-3.1-9b"])
        #expect(model.status == 64)
        #expect(model.stderr.contains("did you mean 'llama-3.1-8b'?"))
        let tokens = try BinaryRunner.run(["simulate", example, "--set", "workload.output_tokens=0"])
        #expect(tokens.status == 64)
        #expect(tokens.stderr.contains("expected a token count such as 800"))
        let big = try BinaryRunner.run(["simulate", example, "--set", "llm.model=llama-3.1-70b"])
        #expect(big.status != 0)
        #expect(big.stderr.contains("needs 141 GB of weights"))
    }
}
