public import MLSDCore

extension SimulationResult {
    /// Fewest successful answers beyond a percentile for a latency verdict: with fewer, the
    /// percentile is one of a handful of samples and the verdict is "cannot judge".
    public static let minimumTailSamples = 10
    /// Fewest successful answers beyond a percentile before the estimate is called stable; below
    /// it the run carries a warning (the count beyond p99 of n samples has a relative standard
    /// error of about 1/√(n·(1−q)): 10 % at 100 samples).
    public static let recommendedTailSamples = 100
    /// Measured requests below which every figure carries a warning.
    public static let minimumMeasuredRequests = 1000

    /// Measured requests a run needs before a measured share can be held against `share` (the
    /// error rate allowed, or 1 − the availability required): with fewer than 1/share, a single
    /// failed request would already be more than the share, so a run without one shows nothing
    /// (one request, answered, "met" a 0.1 % error rate). nil for a share of 0 (any failure fails).
    static func requestsToResolve(share: Double) -> Int? {
        guard share > 0, share.isFinite else { return nil }
        return Int((1 / share * (1 - 1e-9)).rounded(.up))   // 1 − 0.9999 is a shade under 1e-4
    }

    /// "1 measured request", "500 measured requests".
    static func measuredRequests(_ n: Int) -> String { "\(FigureFormat.count(n)) measured request\(n == 1 ? "" : "s")" }

    /// This result with every requirement the scenario sets checked and explained.
    ///
    /// Verdict rules (README "Verdicts"):
    /// - **Latency pN**: the percentile of successful answers (degraded ones included). Fails when
    ///   there are no successful answers, or fewer than ``minimumTailSamples`` beyond the
    ///   percentile ("cannot judge"), when the run is unstable (the figure then grows with the
    ///   run's length), or when it exceeds the target.
    /// - **Availability**: both the analytic figure (per-replica availabilities) and the measured
    ///   success ratio must reach the target; the actual is the lower of the two.
    /// - **Error rate**: measured failed / measured requests.
    /// - Both measured shares are "cannot judge" (a fail) when the run measured fewer requests than
    ///   1 / the share allowed (1,000 for a 0.1 % error rate, 2,000 for 99.95 % availability).
    /// - **Peak load**: when the run offers at least the peak, the successful answers per second
    ///   (goodput) must reach it, within the run's Poisson noise (max(1 %, 3/√n)); when it offers
    ///   less, the analytic capacity must reach it and the run must be stable.
    /// - **Monthly budget**: the running cost.
    ///
    /// Adds a warning for each latency requirement with fewer than ``recommendedTailSamples``
    /// successful answers beyond its percentile. Pure.
    public func checked(against r: Requirements) -> SimulationResult {
        var out = self
        out.requirements = r.targets.map { check($0.kind, target: $0.target) }
        for (kind, _) in r.targets {
            guard let q = kind.quantile else { continue }
            let beyond = Double(successes) * (1 - q)
            if beyond >= Double(Self.minimumTailSamples), beyond < Double(Self.recommendedTailSamples) {
                // 100 / (1 − 0.99) is 9,999.999…: rounded, not cut, it reads 10,000.
                let needed = (Double(Self.recommendedTailSamples) / (1 - q)).rounded()
                out.warnings.append("\(Self.percentileName(q)) rests on \(Int(beyond.rounded(.down))) successful answers beyond it; "
                    + "\(FigureFormat.count(Int(needed))) or more successful answers give a stable estimate (raise --requests)")
            }
        }
        return out
    }

    /// A TTFT or TPOT requirement, judged on the end-to-end figures of requests answered by an LLM
    /// stream, with the same "cannot judge" and stability rules as latency.
    func checkTokens(_ kind: Requirement.Kind, target: Double) -> Requirement {
        guard let (isTTFT, q) = kind.tokenQuantile else { return Requirement(kind: kind, target: target, actual: nil, verdict: .fail(reason: "not a token requirement")) }
        let name = (isTTFT ? "TTFT " : "TPOT ") + Self.percentileName(q)
        guard !llm.isEmpty, let figures = isTTFT ? endToEndTTFT : endToEndTPOT else {
            return Requirement(kind: kind, target: target, actual: nil, verdict: .fail(reason: "cannot judge: the design has no llm_server, so no answer streams tokens"))
        }
        if figures.count == 0 {
            let why = isTTFT ? "no request got a first token" : "no answer had more than one token"
            return Requirement(kind: kind, target: target, actual: nil, verdict: .fail(reason: "cannot judge: \(why)" + failureSummary(prefix: " (", suffix: ")")))
        }
        return judgeQuantile(kind, target: target, value: figures.value(at: q), quantile: q, name: name,
                             samples: figures.count, samplesName: "streamed answer")
    }

    /// A percentile judged against its target once there are values: "cannot judge" with fewer than
    /// ``minimumTailSamples`` beyond it, fail when the run is unstable or the value is over.
    func judgeQuantile(_ kind: Requirement.Kind, target: Double, value: Double, quantile q: Double, name: String,
                       samples: Int, samplesName: String) -> Requirement {
        let unit = kind.unit
        let beyond = Double(samples) * (1 - q)
        if beyond < Double(Self.minimumTailSamples) {
            let needed = Int((Double(Self.minimumTailSamples) / (1 - q)).rounded(.up))
            return Requirement(kind: kind, target: target, actual: value,
                               verdict: .fail(reason: "cannot judge: \(FigureFormat.count(samples)) \(samplesName)\(samples == 1 ? "" : "s"); \(name) needs at least \(FigureFormat.count(needed))"))
        }
        if !isStable {
            return Requirement(kind: kind, target: target, actual: value,
                               verdict: .fail(reason: "unstable: \(instabilitySummary); the \(name) grows with the run's length"))
        }
        if value > target {
            return Requirement(kind: kind, target: target, actual: value,
                               verdict: .fail(reason: "\(name) \(unit.format(value, apartFrom: target)) is over the \(unit.format(target)) target"))
        }
        return Requirement(kind: kind, target: target, actual: value, verdict: .pass)
    }

    /// The requirement of this kind and target judged against this run. A run that measured part
    /// of its arrivals' cycle (``partialCycle``) cannot judge a measured requirement; the budget,
    /// a running cost, stands.
    public func check(_ kind: Requirement.Kind, target: Double) -> Requirement {
        var judged = checkOne(kind, target: target)
        guard let cycle = partialCycle, kind != .monthlyBudget, !kind.isOffline else { return judged }
        judged.verdict = .fail(reason: cycle.verdictReason)
        judged.allowance = nil
        return judged
    }

    func checkOne(_ kind: Requirement.Kind, target: Double) -> Requirement {
        let unit = kind.unit
        switch kind {
        case .latencyP50, .latencyP95, .latencyP99, .latencyP999:
            let q = kind.quantile ?? 0.5
            let name = Self.percentileName(q)
            let value: Double = switch kind {
            case .latencyP50: latency.p50
            case .latencyP95: latency.p95
            case .latencyP99: latency.p99
            default: latency.p999
            }
            if successes == 0 {
                return Requirement(kind: kind, target: target, actual: nil,
                                   verdict: .fail(reason: answeredUnmeasured > 0 ? "cannot judge: \(noLatencyReason)"
                                                  : "cannot judge: 0 successful answers" + failureSummary(prefix: " (", suffix: ")")))
            }
            return judgeQuantile(kind, target: target, value: value, quantile: q, name: name, samples: successes, samplesName: "successful answer")

        case .ttftP50, .ttftP99, .tpotP50, .tpotP99:
            return checkTokens(kind, target: target)

        case .availability:
            let measured = successRatio
            let actual = min(availability, measured)
            let detail = "analytic \(FigureFormat.availability(availability)); "
                + (endedRequests == 0 ? "no measured request ended"
                    : "measured \(FigureFormat.availability(measured)) of \(FigureFormat.count(endedRequests)) request\(endedRequests == 1 ? "" : "s") answered")
                + (unfinished > 0 ? " (\(FigureFormat.count(unfinished)) still in flight at the end, not judged)" : "")
            if availability < target {
                return Requirement(kind: kind, target: target, actual: actual,
                                   verdict: .fail(reason: "analytic availability \(FigureFormat.availability(availability)) is below \(FigureFormat.availabilityTarget(target))"), detail: detail)
            }
            if endedRequests == 0 {
                // Nothing ended within the run: 0 of 0 is no share at all.
                return Requirement(kind: kind, target: target, actual: nil,
                                   verdict: .fail(reason: "cannot judge: no measured request ended within the run" + (unfinished > 0 ? " (\(FigureFormat.count(unfinished)) still in flight); a longer run judges it" : "")),
                                   detail: detail)
            }
            if measured < target {
                return Requirement(kind: kind, target: target, actual: actual,
                                   verdict: .fail(reason: "only \(FigureFormat.availability(measured)) of requests were answered" + failureSummary(prefix: " (", suffix: ")")),
                                   detail: detail)
            }
            if let needed = Self.requestsToResolve(share: 1 - target), endedRequests < needed {
                return Requirement(kind: kind, target: target, actual: actual,
                                   verdict: .fail(reason: "cannot judge: \(Self.measuredRequests(endedRequests)); an availability of \(FigureFormat.availabilityTarget(target)) needs at least \(FigureFormat.count(needed))"),
                                   detail: detail)
            }
            return Requirement(kind: kind, target: target, actual: actual, verdict: .pass, detail: detail)

        case .maxErrorRate:
            if errorRate > target {
                return Requirement(kind: kind, target: target, actual: errorRate,
                                   verdict: .fail(reason: "\(FigureFormat.percent(errorRate)) of requests failed" + failureSummary(prefix: ": ", suffix: "")))
            }
            if let needed = Self.requestsToResolve(share: target), endedRequests < needed {
                return Requirement(kind: kind, target: target, actual: errorRate,
                                   verdict: .fail(reason: "cannot judge: \(Self.measuredRequests(endedRequests)); an error rate of \(FigureFormat.percent(target)) needs at least \(FigureFormat.count(needed))"))
            }
            return Requirement(kind: kind, target: target, actual: errorRate, verdict: .pass)

        case .featureFreshness, .modelMaxAge, .labelDelay, .trainingBudget:
            return (offline ?? OfflinePlan(design: Design(entry: "", components: []))).check(kind, target: target)
                ?? Requirement(kind: kind, target: target, actual: nil, verdict: .fail(reason: "cannot judge: no offline plan"))

        case .monthlyBudget:
            if cost.perMonth > target {
                return Requirement(kind: kind, target: target, actual: cost.perMonth,
                                   verdict: .fail(reason: "costs \(unit.format(cost.perMonth)), over the budget by \(FigureFormat.money(cost.perMonth - target))"),
                                   detail: costSplit)
            }
            return Requirement(kind: kind, target: target, actual: cost.perMonth, verdict: .pass, detail: costSplit)

        case .peakQPS:
            let offered = analytic.arrivalRate
            let capacity = analytic.maxQPS
            let degradedNote = degradedShare >= 0.001 ? " (\(FigureFormat.percent(degradedShare)) by a fallback)" : ""
            // An overloaded run does not sustain anything: it answered that much while its queues grew
            // (and, cut off, only until it was stopped).
            let answered = isStable ? "sustains" : wasCutOff ? "answered (until the run was stopped, overloaded)" : "answered (overloaded)"
            let detail = "\(answered) \(FigureFormat.rate(perSecond: throughput))\(degradedNote) of \(FigureFormat.rate(perSecond: offered)) offered; capacity \(FigureFormat.rate(perSecond: capacity))"
            let noise = max(0.01, 3 / Double(max(requests, 1)).squareRoot())
            if offered >= target * (1 - noise) {
                // The run tests the peak itself: what it answered is the evidence.
                if requests < Self.minimumMeasuredRequests {
                    return Requirement(kind: kind, target: target, actual: throughput,
                                       verdict: .fail(reason: "cannot judge: \(FigureFormat.count(requests)) measured request\(requests == 1 ? "" : "s"); the throughput needs at least \(FigureFormat.count(Self.minimumMeasuredRequests))"),
                                       detail: detail)
                }
                if throughput >= target * (1 - noise), isStable || throughput >= target {
                    var passed = Requirement(kind: kind, target: target, actual: throughput, verdict: .pass, detail: detail)
                    passed.allowance = noise
                    return passed
                }
                let why: String
                if !isStable {
                    why = "unstable: \(instabilitySummary)"
                } else {
                    why = failureSummary(prefix: "", suffix: "").isEmpty ? "answers fell behind arrivals" : FigureFormat.percent(errorRate) + " of requests failed" + failureSummary(prefix: ": ", suffix: "")
                }
                return Requirement(kind: kind, target: target, actual: throughput,
                                   verdict: .fail(reason: "answers only \(FigureFormat.rate(perSecond: throughput)) of \(FigureFormat.rate(perSecond: target)); \(why)"),
                                   detail: detail)
            }
            // The run is below the peak: the analytic capacity says whether the peak fits.
            let below = "run at \(FigureFormat.rate(perSecond: offered)), below the peak; capacity \(FigureFormat.rate(perSecond: capacity)) (analytic)"
            if capacity < target {
                return Requirement(kind: kind, target: target, actual: capacity,
                                   verdict: .fail(reason: "capacity \(FigureFormat.rate(perSecond: capacity)) is below the peak \(FigureFormat.rate(perSecond: target)), limited by \(analytic.limitingComponent)"),
                                   detail: below)
            }
            if !isStable {
                return Requirement(kind: kind, target: target, actual: capacity,
                                   verdict: .fail(reason: "unstable already at \(FigureFormat.rate(perSecond: offered)): \(instabilitySummary)"), detail: below)
            }
            return Requirement(kind: kind, target: target, actual: capacity, verdict: .pass, detail: below)
        }
    }

    /// `online $12,345, offline $2,100`, nil when the design has no offline part.
    var costSplit: String? {
        guard cost.offlinePerMonth > 0 else { return nil }
        return "online \(FigureFormat.money(cost.perMonth - cost.offlinePerMonth)), offline \(FigureFormat.money(cost.offlinePerMonth))"
    }

    /// `p99`, `p99.9`, `p50`.
    static func percentileName(_ q: Double) -> String {
        switch q {
        case 0.5: "p50"
        case 0.95: "p95"
        case 0.99: "p99"
        case 0.999: "p99.9"
        default: "p\(q * 100)"
        }
    }

    /// The failed share by cause, `timeout 100%` or `timeout 0.5%, rejected 0.1%`, between
    /// `prefix` and `suffix`; empty when nothing failed.
    func failureSummary(prefix: String, suffix: String) -> String {
        guard requests > 0, errors.total > 0 else { return "" }
        let parts = [("timed out", errors.timeout), ("rejected", errors.rejected), ("unanswered when the run was cut off", errors.failed)]
            .filter { $0.1 > 0 }
            .map { "\(FigureFormat.percent(Double($0.1) / Double(endedRequests))) \($0.0)" }
        return prefix + parts.joined(separator: ", ") + suffix
    }

    /// Why the run is unstable, in one line: the overloaded components with their amplification,
    /// or the cut-off.
    public var instabilitySummary: String {
        var parts = overloaded.map(\.description)
        if let cutOff { parts.append("run stopped early: \(cutOff)") } else if wasCutOff { parts.append("requests in flight kept growing, run stopped early") }
        return parts.isEmpty ? "stable" : parts.joined(separator: "; ")
    }
}
