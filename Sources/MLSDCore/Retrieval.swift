internal import Yams

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Retrieval settings (issue #11): a `reranker`'s cost per candidate and a `vector_db`'s recall target.
///
/// A reranker with `candidates` set takes its latency draw plus `candidates × per_candidate` per
/// call. A vector database's latency is the latency at recall ``referenceRecall``; at recall r a call
/// takes that × ln(1/(1−r)) ÷ ln(1/(1−0.95)), because the ANN search breadth (HNSW ef, IVF probes)
/// needed for a recall grows about like ln(1/(1−r)) (README "Retrieval settings").
///
///     var c = Component(id: "rerank", kind: .reranker)
///     c.latency = .constant(.milliseconds(5)); c.candidates = 50; c.perCandidate = .milliseconds(0.1)
///     Design(entry: "rerank", components: [c]).resolved(c).meanServiceSeconds   // 0.010
public enum Retrieval {
    /// Keys that only a `reranker` takes.
    public static let rerankerKeys = ["candidates", "per_candidate"]
    /// Keys that only a `vector_db` takes.
    public static let vectorDBKeys = ["recall"]
    /// Every retrieval key, as written in scenario files and `--set`.
    public static let keys = rerankerKeys + vectorDBKeys

    /// Candidates a reranker may score per request.
    public static let candidateRange = 1...100_000
    /// The largest per-candidate cost a file or `--set` may give.
    public static let maximumPerCandidate = TimeSpan(seconds: 1)
    /// Recall targets a vector database may take.
    public static let recallRange: ClosedRange<Double> = 0.5...0.999
    /// The recall at which a vector database's `latency` is given (and the default recall).
    public static let referenceRecall = 0.95

    /// Added service time per candidate of a cross-encoder reranker: the slope between two batch
    /// sizes of BERT-base at sequence 128 on an A100 in FP16, (16.14 ms − 4.10 ms) ÷ (128 − 32) =
    /// 0.1254 ms, rounded to 0.125 ms.
    public static let defaultPerCandidate = TimeSpan.milliseconds(0.125)
    /// Where ``defaultPerCandidate`` comes from.
    public static let perCandidateSource = "per_candidate \(defaultPerCandidate) (used with candidates): BERT-base (cross-encoder size) at sequence 128 on an A100, FP16: 4.10 ms for a batch of 32, 16.14 ms for 128 (NVIDIA/TensorRT demo/BERT/README.md), slope (16.14 − 4.10) ÷ 96 = 0.1254 ms per pair, rounded"
    /// Where the recall model comes from.
    public static let recallSource = "recall (default 0.95): latency is given at recall 0.95; at recall r a call takes latency × ln(1/(1−r)) ÷ ln 20, as the search breadth (HNSW ef, IVF probes) needed grows roughly like ln(1/(1−r)). USearch docs/benchmarks.md (HNSW M=16, f32 ×256, c7g.metal): ef 32 → 228,422 QPS at recall@1 97.2%, ef 64 → 131,654 QPS at 99.3%: 1.73× the work where ln(1/(1−r)) grows 1.39×, so near 99% the model is on the gentle side; an HNSW demo quoted in issue #11 (M=16, 2,000 points, k=10: 418 / 756 / 1,129 distance computations at recall@10 0.898 / 0.986 / 0.999, 183 / 177 / 163 per unit of ln(1/(1−r))) fits it within 12%; scale of one in-process search: FAISS benchs/bench_hnsw.py on SIFT1M, efSearch 16, 0.153 ms per query at R@1 0.921"

    /// ln(1/(1−r)) ÷ ln(1/(1−0.95)): the factor on a vector database's latency at recall `r`.
    public static func recallFactor(_ recall: Double) -> Double {
        log(1 / (1 - recall)) / log(1 / (1 - referenceRecall))
    }

    /// A vector database's latency at its recall (unchanged for other kinds and for no recall).
    public static func latencyAtRecall(_ latency: LatencyDistribution, of c: Component) -> LatencyDistribution {
        guard c.kind == .vectorDB, let r = c.recall, r != referenceRecall else { return latency }
        return latency.scaled(by: recallFactor(r))
    }

    /// The component with its recall cleared: its latency as given, at recall 0.95 (for displays
    /// that print the latency and the recall side by side).
    public static func atReferenceRecall(_ c: Component) -> Component {
        var copy = c
        copy.recall = nil
        return copy
    }

    /// A reranker's candidates × per-candidate cost in seconds; 0 without candidates or on other kinds.
    public static func addedSeconds(of c: Component) -> Double {
        guard c.kind == .reranker, let n = c.candidates else { return 0 }
        return Double(n) * (c.perCandidate ?? defaultPerCandidate).seconds
    }

    /// Parses a recall: `0.99` or `99%`; nil outside ``recallRange`` or when not a number.
    public static func parseRecall(_ text: String) -> Double? {
        let t = text.trimmingCharacters(in: .whitespaces)
        let value: Double? = t.hasSuffix("%") ? Percentage(parsing: t)?.fraction : UnitNumber.parse(t).flatMap { t.contains(where: \.isLetter) ? nil : $0 }
        guard let v = value, v.isFinite, recallRange.contains(v) else { return nil }
        return v
    }

    /// A per-candidate cost: a duration from 0 to ``maximumPerCandidate``; nil otherwise.
    public static func parsePerCandidate(_ text: String) -> TimeSpan? {
        guard let t = TimeSpan(parsing: text), t.seconds.isFinite, t.seconds >= 0, t <= maximumPerCandidate else { return nil }
        return t
    }

    /// What a recall value must look like, for error messages.
    public static let recallExpected = "a recall from 0.5 to 0.999 such as 0.95 (or 50% to 99.9%)"
    /// What a candidates value must look like.
    public static let candidatesExpected = "a whole number of candidates from 1 to 100000"
    /// What a per-candidate value must look like.
    public static let perCandidateExpected = "a duration from 0 to 1s such as 0.125ms"

    /// What `mlsd show` appends to a latency: ` +50×0.125ms` for a reranker's candidates, ` @recall 0.99`
    /// for a vector database's recall (the latency shown is the one at 0.95).
    public static func compactSuffix(_ c: Component) -> String {
        if c.kind == .reranker, let n = c.candidates { return " +\(n)×\(c.perCandidate ?? defaultPerCandidate)" }
        if c.kind == .vectorDB, let r = c.recall { return " @recall \(recallText(r))" }
        return ""
    }

    /// A recall as written in files: `0.95`.
    public static func recallText(_ r: Double) -> String { UnitNumber.format(r) }
}

extension LatencyDistribution {
    /// Every time in the distribution multiplied by `factor`: the same shape, scaled.
    public func scaled(by factor: Double) -> LatencyDistribution {
        func s(_ t: TimeSpan) -> TimeSpan { TimeSpan(seconds: t.seconds * factor) }
        switch self {
        case .range(let lo, let hi): return .range(low: s(lo), high: s(hi))
        case .constant(let t): return .constant(s(t))
        case .exponential(let m): return .exponential(mean: s(m))
        case .uniform(let lo, let hi): return .uniform(low: s(lo), high: s(hi))
        case .lognormal(let p50, let p99): return .lognormal(p50: s(p50), p99: s(p99))
        case .empirical(let v): return .empirical(v.map(s))
        }
    }
}

extension ScenarioReader {
    /// Reads `candidates`, `per_candidate` and `recall`; which kinds may carry them is judged by
    /// the validator, so a `--set kind=` change is checked the same way.
    mutating func readRetrieval(_ map: Node.Mapping, into c: inout Component) {
        c.candidates = integer(map, "candidates", minimum: Retrieval.candidateRange.lowerBound, maximum: Retrieval.candidateRange.upperBound)
        if let (s, node) = scalarText(map, "per_candidate", required: false, at: nil, expected: Retrieval.perCandidateExpected) {
            if let t = Retrieval.parsePerCandidate(s) { c.perCandidate = t } else {
                error(at: node, "invalid value '\(Self.printable(s))' for 'per_candidate': expected \(Retrieval.perCandidateExpected)")
            }
        }
        if let (s, node) = scalarText(map, "recall", required: false, at: nil, expected: Retrieval.recallExpected) {
            if let r = Retrieval.parseRecall(s) { c.recall = r } else {
                error(at: node, "invalid value '\(Self.printable(s))' for 'recall': expected \(Retrieval.recallExpected)")
            }
        }
    }
}

extension ScenarioValidator {
    /// Retrieval keys sit only on their kinds; a per-candidate cost without candidates does nothing.
    func validateRetrieval(_ design: Design, fileStart: FileLocation) -> [Diagnostic] {
        var out: [Diagnostic] = []
        func at(_ c: Component, _ field: String) -> FileLocation { c.fieldLocations[field] ?? c.location ?? fileStart }
        for c in design.components {
            if c.kind != .reranker {
                for (key, set) in [("candidates", c.candidates != nil), ("per_candidate", c.perCandidate != nil)] where set {
                    out.append(Diagnostic(.error, at: at(c, key), "'\(key)' applies only to components of kind reranker, not \(c.kind.rawValue)"))
                }
            } else if c.perCandidate != nil, c.candidates == nil {
                out.append(Diagnostic(.warning, at: at(c, "per_candidate"), "'per_candidate' on reranker '\(c.id)' has no effect without 'candidates'; expected candidates such as 50"))
            }
            if c.kind != .vectorDB, c.recall != nil {
                out.append(Diagnostic(.error, at: at(c, "recall"), "'recall' applies only to components of kind vector_db, not \(c.kind.rawValue)"))
            }
        }
        return out
    }
}

extension DesignOverride {
    /// A `candidates`, `per_candidate` or `recall` change; `none` clears it. Nil when `key` is none of them.
    func applyRetrieval(to c: inout Component) throws(DesignOverrideError) -> Bool {
        guard Retrieval.keys.contains(key) else { return false }
        let kind: ComponentKind = Retrieval.rerankerKeys.contains(key) ? .reranker : .vectorDB
        guard c.kind == kind else {
            throw DesignOverrideError("invalid --set '\(self)': '\(key)' applies only to components of kind \(kind.rawValue), not \(c.kind.rawValue)")
        }
        let isNone = value == "none"
        func invalid(_ expected: String) -> DesignOverrideError { DesignOverrideError("invalid --set '\(self)': expected \(expected), or none for '\(key)'") }
        switch key {
        case "candidates":
            if isNone { c.candidates = nil; return true }
            guard let n = Int(value), Retrieval.candidateRange.contains(n) else { throw invalid(Retrieval.candidatesExpected) }
            c.candidates = n
        case "per_candidate":
            if isNone { c.perCandidate = nil; return true }
            guard let t = Retrieval.parsePerCandidate(value) else { throw invalid(Retrieval.perCandidateExpected) }
            c.perCandidate = t
        default:
            if isNone { c.recall = nil; return true }
            guard let r = Retrieval.parseRecall(value) else { throw invalid(Retrieval.recallExpected) }
            c.recall = r
        }
        return true
    }
}
