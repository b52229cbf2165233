import ArgumentParser
import MLSDCore

extension MLSD {
    struct CatalogCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "catalog",
            abstract: "List every component kind with its reference latency, concurrency, price and availability.")

        @Flag(help: "Also print where each figure comes from.") var sources = false

        func run() throws {
            let catalog = Catalog.standard
            print("KIND                   LATENCY (p5-p95)     CONC   $/REPLICA-H  AVAIL")
            for kind in ComponentKind.allCases {
                let e = catalog[kind]
                var latency = e.latency?.compactDescription ?? "by size"
                if kind == .station { latency = "(required)" }
                if kind == .modelServer { latency = "5ms-20ms/50ms-500ms" }
                if kind == .llmServer { latency = "token-level" }
                let price = kind == .modelServer ? "0.17/0.526" : UnitNumber.format(e.costPerHour)
                print(kind.rawValue.padded(22) + " " + latency.padded(20) + " " + "\(e.concurrency)".padded(6) + " "
                      + price.padded(12) + " " + Percentage(fraction: e.availability).description)
                if sources { printSource(e.source) }
            }
            print("")
            print("Optimisations (service time is divided by the speed-up):")
            for o in Optimization.allCases {
                print("  " + o.rawValue.padded(13) + "÷" + UnitNumber.format(o.speedup).padded(5) + o.note)
            }
            print("")
            print("GPUs of llm_server (per GPU; dense tensor throughput):")
            print("  GPU        MEMORY  BANDWIDTH   FP16      INT8      FP8       $/GPU-H")
            for g in GPUType.allCases {
                let sp = g.spec
                print("  " + g.rawValue.padded(10) + " " + "\(UnitNumber.format(sp.memoryGB)) GB".padded(7) + " " + "\(UnitNumber.format(sp.bandwidthGBs)) GB/s".padded(11) + " "
                      + "\(UnitNumber.format(sp.fp16TFLOPS)) TF".padded(9) + " " + "\(UnitNumber.format(sp.int8TOPS)) TOPS".padded(9) + " "
                      + (sp.fp8TFLOPS.map { "\(UnitNumber.format($0)) TF" } ?? "–").padded(9) + " " + UnitNumber.format(sp.pricePerHour))
                if sources { printSource(sp.source) }
            }
            print("")
            print("Models of llm_server (KV bytes per token at fp16):")
            for m in LLMModelShape.presets {
                let active = m.activeParameters != m.parameters ? ", \(UnitNumber.format((m.activeParameters / 1e8).rounded() / 10))B active" : ""
                // Within 80 columns: a mixture of experts' line (its active parameters) wraps under its figures.
                let text = "\(UnitNumber.format((m.parameters / 1e8).rounded() / 10))B\(active), \(m.layers) layers, \(m.kvHeads) KV heads × \(m.headDim); "
                    + ["KV", "\(Int(m.kvBytesPerToken(.fp16)) / 1024)", "KiB/token"].joined(separator: TextWrap.nonBreakingSpace)
                for (k, line) in TextWrap.lines(text, width: 80 - 18).enumerated() {
                    print((k == 0 ? "  " + m.name.padded(16) : String(repeating: " ", count: 18)) + line)
                }
                if sources { printSource(m.source) }
            }
            if sources {
                print("")
                printSource("LLM engine: memory × \(UnitNumber.format(LLMServerSpec.memoryUtilization)) usable (vLLM gpu_memory_utilization), \(UnitNumber.format(LLMServerSpec.reservedBytesPerGPU / 1e9)) GB/GPU reserved; bandwidth efficiency \(UnitNumber.format(LLMServerSpec.bandwidthEfficiency)), compute efficiency \(UnitNumber.format(LLMServerSpec.computeEfficiency)), step \(UnitNumber.format(LLMServerSpec.stepOverheadSeconds * 1000)) ms + \(UnitNumber.format(LLMServerSpec.layerOverheadSeconds * 1e6)) µs/layer + \(UnitNumber.format(LLMServerSpec.sequenceOverheadSeconds * 1e6)) µs/sequence (+ \(UnitNumber.format(LLMServerSpec.streamingOverheadSeconds * 1e6)) µs streaming), tokens delivered one step late (vllm-project/vllm#7049), all-reduce \(UnitNumber.format(LLMServerSpec.allReduceSecondsNVLink * 1e6)) µs NVLink / \(UnitNumber.format(LLMServerSpec.allReduceSecondsPCIe * 1e6)) µs PCIe: fitted with mlsd-bench --llm-fit to the public points of mlsd-bench --llm (README \"LLM serving\")", indent: 0)
            }
        }

        /// A source under its row, wrapped within 80 columns (the vector database's ran to 898).
        func printSource(_ text: String, indent: Int = 4) {
            let pad = String(repeating: " ", count: indent)
            for line in TextWrap.lines(text, width: 80 - indent) { print(pad + line) }
        }
    }
}
