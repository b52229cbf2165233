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
                let price = kind == .modelServer ? "0.17/0.526" : UnitNumber.format(e.costPerHour)
                print(kind.rawValue.padded(22) + " " + latency.padded(20) + " " + "\(e.concurrency)".padded(6) + " "
                      + price.padded(12) + " " + Percentage(fraction: e.availability).description)
                if sources { print("    " + e.source) }
            }
            print("")
            print("Optimisations (service time is divided by the speed-up):")
            for o in Optimization.allCases {
                print("  " + o.rawValue.padded(13) + "÷" + UnitNumber.format(o.speedup).padded(5) + o.note)
            }
        }
    }
}
