import Foundation
import Testing

/// The retrieval keys from the command line: `--set`, `sweep --vary`, `catalog --sources`, `show`
/// and the design document (README "Retrieval settings").
@Suite("mlsd retrieval keys") struct RetrievalCLITests {
    @Test(arguments: [
        (["simulate", "semantic-search", "--set", "reranker.candidates=0", "--requests", "1k"],
         "invalid --set 'reranker.candidates=0': expected a whole number of candidates from 1 to 100000, or none for 'candidates'"),
        (["simulate", "semantic-search", "--set", "reranker.per_candidate=soon", "--requests", "1k"],
         "invalid --set 'reranker.per_candidate=soon': expected a duration from 0 to 1s such as 0.125ms, or none for 'per_candidate'"),
        (["simulate", "semantic-search", "--set", "ann.recall=1", "--requests", "1k"],
         "invalid --set 'ann.recall=1': expected a recall from 0.5 to 0.999 such as 0.95 (or 50% to 99.9%), or none for 'recall'"),
        (["simulate", "semantic-search", "--set", "ann.candidates=10", "--requests", "1k"],
         "invalid --set 'ann.candidates=10': 'candidates' applies only to components of kind reranker, not vector_db"),
        (["sweep", "semantic-search", "--vary", "ann.recall=0.9...1.2", "--steps", "2", "--requests", "1k"],
         "expected a recall from 0.5 to 0.999"),
    ])
    func badValuesExit64WithTheReason(_ arguments: [String], _ reason: String) throws {
        let run = try BinaryRunner.run(arguments)
        #expect(run.status == 64, "\(arguments): \(run.stderr)")
        #expect(run.stderr.contains(reason), "\(run.stderr)")
    }

    @Test func setAndSweepChangeTheRun() throws {
        let set = try BinaryRunner.run(["simulate", "semantic-search", "--set", "reranker.candidates=100", "--set", "ann.recall=0.99", "--requests", "5k"])
        #expect(set.status == 0, "\(set.stderr)")
        #expect(set.stdout.contains("with reranker.candidates=100 ann.recall=0.99"), "\(set.stdout.prefix(300))")
        let sweep = try BinaryRunner.run(["sweep", "semantic-search", "--vary", "reranker.candidates=10...200", "--steps", "3", "--requests", "2k"])
        #expect(sweep.status == 0, "\(sweep.stderr)")
        for v in ["10", "105", "200"] { #expect(sweep.stdout.contains("\n" + v + " "), "\(sweep.stdout)") }
    }

    @Test func theSourcesAndTheDocumentShowTheSettings() throws {
        let catalog = try BinaryRunner.run(["catalog", "--sources"])
        // Sources wrap within 80 columns under their rows (the vector database's ran to 898): read them joined.
        #expect(catalog.stdout.split(separator: "\n").allSatisfy { $0.count <= 80 }, "\(catalog.stdout)")
        let joined = catalog.stdout.replacingOccurrences(of: "\n    ", with: " ")
        #expect(joined.contains("4.10 ms for a batch of 32, 16.14 ms for 128 (NVIDIA/TensorRT demo/BERT/README.md)"), "\(catalog.stdout)")
        #expect(joined.contains("USearch docs/benchmarks.md"))
        let show = try BinaryRunner.run(["show", "rag-assistant"])
        #expect(show.stdout.contains("2ms-6ms +50×900us"), "\(show.stdout)")
        let doc = try BinaryRunner.run(["export", "rag-assistant", "--format", "markdown"])
        #expect(doc.stdout.contains("Scores 50 candidates per request at 900us each: 45 ms on top of its latency draw."), "\(doc.stdout)")
        #expect(doc.stdout.contains("approximate nearest-neighbour search tuned to recall@k 0.95 (the default; set `recall` to change it)"))
        let json = try BinaryRunner.run(["export", "rag-assistant", "--format", "json", "--requests", "2k"])
        #expect(json.stdout.contains("\"candidates\" : 50") && json.stdout.contains("\"per_candidate_ms\" : 0.9") && json.stdout.contains("\"recall\" : 0.95"))
    }
}
