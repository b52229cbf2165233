import MLSDCore
import Testing
@testable import MLSDInterview

/// The rubric on crafted notes: each item found and missed, the buzzword line, an empty session,
/// an untouched design (issue #10, Deliver 1).
@Suite("Rubric evidence") struct RubricTests {
    static let design = InterviewTests.design

    /// The line pasted into every phase that scored 85/100 under keyword matching.
    static let buzzwords = "goal qps p99 latency data labels AUC NDCG CTR conversion guardrail false positives model xgboost because feature store "
        + "model server cache pipeline serving monitoring drift retrain cold start fallback trade-off vs scaling shard ranking"

    /// Five thoughtful notes per phase would be long; these are the kind a candidate writes.
    static let thoughtful: [String: [String]] = [
        "clarify": ["The goal is to cut fraud losses without blocking good customers.",
                    "How many payments per second do we see at peak, and is 5k per second right?",
                    "The decision has to come back within 100 ms at p99 because the shopper is waiting.",
                    "What labels do we have? Chargebacks arrive weeks later, so training data lags."],
        "metrics": ["Offline I would track PR-AUC because fraud is rare and ROC curves flatter us.",
                    "Online the number that matters is the fraud loss rate in dollars per month.",
                    "As a guardrail I watch the false decline rate so we notice when good customers get blocked.",
                    "For the system: p99 latency under 100 ms and 99.95% availability."],
        "high_level": ["The gateway calls the scorer, which reads velocity features from the feature store and then returns a score.",
                       "Labels flow back through a batch pipeline that joins chargebacks to past decisions.",
                       "Serving runs online for every payment; aggregates are precomputed by a stream job."],
        "deep_dive": ["Velocity features such as spend in the last hour carry most of the signal and must be fresh within seconds.",
                      "I'd start with gradient boosted trees (XGBoost) because they handle tabular features well and are quick to serve.",
                      "We serve it on a few replicas behind the gateway with a 40 ms timeout.",
                      "A dashboard tracks score distributions and alerts when they shift.",
                      "Fraudsters adapt, so we expect drift and retrain weekly on fresh chargebacks.",
                      "Brand-new cards are a cold start problem: lean on rules and popular merchant priors for new users.",
                      "If the model is late the rules engine answers instead, a graceful fallback."],
        "tradeoffs": ["We chose a smaller model over a deep network because the latency budget is tight, at the cost of some recall.",
                      "At ten times the traffic we would shard the feature store and scale the scorer horizontally."],
    ]

    static func session(_ notes: [String: [String]], plan: InterviewPlan = .short, minutesEach: Double = 3) -> InterviewSession {
        var s = InterviewSession(plan: plan, startedAt: 0)
        var t = 0.0
        for phase in plan.phases {
            for line in notes[phase.id] ?? [] { s.addNote(line) }
            t += minutesEach * 60
            s.advance(at: t)
        }
        return s
    }

    static var untouched: DesignEvidence { DesignEvidence(design: design, reference: design) }

    @Test func theBuzzwordLineScoresWellBelowThoughtfulNotes() {
        var buzz: [String: [String]] = [:]
        for phase in InterviewPlan.short.phases { buzz[phase.id] = [Self.buzzwords] }
        let considerations = ["Labels are rare (well under 1% fraud) and delayed, so sampling and evaluation need care.",
                              "Velocity features (spend in the last minute or hour) must be fresh within seconds."]
        let gamed = Rubric(session: Self.session(buzz), evidence: Self.untouched, considerations: considerations)
        let honest = Rubric(session: Self.session(Self.thoughtful), evidence: Self.untouched, considerations: considerations)
        #expect(gamed.total == 0, "a bare keyword list is evidence for nothing")
        #expect(honest.total == 68, "the figure the README quotes")
        #expect(honest.total - gamed.total >= 50)
        #expect(gamed.phases.allSatisfy { $0.items.allSatisfy { $0.evidence == nil } })
    }

    @Test func everyItemIsEarnedByTheNoteQuoted() throws {
        let rubric = Rubric(session: Self.session(Self.thoughtful), evidence: Self.untouched)
        for phase in rubric.phases {
            for score in phase.items {
                let evidence = try #require(score.evidence, "\(phase.phase.id): \(score.item.id) missed")
                #expect(Self.thoughtful[phase.phase.id]?.contains(evidence) == true)
            }
        }
        #expect(rubric.phases[0].items.first { $0.item.id == "latency" }?.evidence == Self.thoughtful["clarify"]?[2])
    }

    @Test func anEmptySessionOnAnUntouchedDesignScoresZero() {
        let rubric = Rubric(session: Self.session([:], minutesEach: 3), evidence: Self.untouched, considerations: ["Labels arrive late."])
        #expect(rubric.total == 0)
        #expect(rubric.designChecks.allSatisfy { $0.passed && !$0.credited })
        #expect(rubric.designChecks[0].detail.contains("the reference design, unchanged: no credit"))
        #expect(rubric.phases.allSatisfy { $0.timeScore == 0 }, "time alone earns nothing")
    }

    @Test func designChecksCreditOnlyWhatTheCandidateChanged() throws {
        var reference = Self.design
        reference.components.removeAll { $0.kind == .monitor }
        reference.components[0].calls = [CallGroup(mode: .sequence, targets: ["scorer"])]
        // The candidate added the monitor; the fallback was already there and untouched.
        let evidence = DesignEvidence(design: Self.design, reference: reference)
        let rubric = Rubric(session: InterviewSession(plan: .short, startedAt: 0), evidence: evidence)
        #expect(rubric.designChecks.map(\.credited) == [true, false])
        #expect(rubric.designChecks[1].detail.hasSuffix("(already in the reference design: no credit)"))
        // Built from nothing: every check that holds is the candidate's.
        let scratch = Rubric(session: InterviewSession(plan: .short, startedAt: 0), evidence: DesignEvidence(design: Self.design, reference: nil))
        #expect(scratch.designChecks.allSatisfy { $0.credited })
    }

    struct Case: CustomTestStringConvertible, Sendable {
        var item: ChecklistItem
        var note: String
        var earns: Bool
        var testDescription: String { "\(item.id) \(earns ? "earned" : "missed") by \"\(note)\"" }
    }

    static let cases: [Case] = [
        Case(item: InterviewPlan.askedScale, note: "We expect 20k requests per second at the evening peak.", earns: true),
        Case(item: InterviewPlan.askedScale, note: "How many users do we have at the peak hour?", earns: true),
        Case(item: InterviewPlan.askedScale, note: "We should think about the scale of this thing carefully.", earns: false),
        Case(item: InterviewPlan.askedLatency, note: "Answers must come back in 80 ms or the page stalls.", earns: true),
        Case(item: InterviewPlan.askedLatency, note: "Latency matters a great deal for this product.", earns: false),
        Case(item: InterviewPlan.offlineMetric, note: "Offline we compare models on NDCG at ten results.", earns: true),
        Case(item: InterviewPlan.offlineMetric, note: "We need a good offline metric for the model here.", earns: false),
        Case(item: InterviewPlan.onlineMetric, note: "The launch is judged on watch time per session in an A/B test.", earns: true),
        Case(item: InterviewPlan.onlineMetric, note: "Online we look at how users react to the change.", earns: false),
        Case(item: InterviewPlan.counterMetric, note: "As a guardrail we watch the hide rate so the feed does not annoy people.", earns: true),
        Case(item: InterviewPlan.counterMetric, note: "There should be a counter metric of some kind too.", earns: false),
        Case(item: InterviewPlan.model, note: "A two tower model because it lets us precompute item vectors.", earns: true),
        Case(item: InterviewPlan.model, note: "We will train a model on the data we have.", earns: false),
        Case(item: InterviewPlan.model, note: "I would use XGBoost for the first version of it.", earns: false),
        Case(item: InterviewPlan.monitoring, note: "An alert fires when the score distribution shifts by a lot.", earns: true),
        Case(item: InterviewPlan.monitoring, note: "monitoring alerts dashboards", earns: false),
        Case(item: InterviewPlan.askedData, note: "Which labels do we get, and how late do chargebacks arrive?", earns: true),
        // A mitigation that mentions features says nothing about what data exists.
        Case(item: InterviewPlan.askedData, note: "I would serve the last cached features and fall back to the rules engine.", earns: false),
    ]

    @Test(arguments: cases) func evidenceRules(_ c: Case) {
        #expect((c.item.evidence(in: c.note) != nil) == c.earns)
    }

    @Test func oneNoteEarnsAtMostThreeItemsOfAPhase() {
        let line = "How many users and what p99 in ms, given the goal to grow revenue, and which labels and data do we have at peak load?"
        var s = InterviewSession(plan: .short, startedAt: 0)
        s.addNote(line)
        s.finish(at: 180)
        let rubric = Rubric(session: s, evidence: Self.untouched)
        #expect(rubric.phases[0].items.filter { $0.evidence != nil }.count == Rubric.maximumItemsPerNote)
    }

    @Test func keyConsiderationsAreEarnedBySharingTheirWords() {
        let item = ChecklistItem.consideration("Velocity features (spend in the last minute or hour) must be fresh within seconds.", index: 0)
        #expect(item.evidence(in: "Velocity features like spend per hour are recomputed so they stay fresh.") != nil)
        #expect(item.evidence(in: "We will compute some features for the model at request time.") == nil)
    }
}

/// Padding and repetition (new-user walk-through, item 1): a pasted line earns nothing more, a
/// hollow 'because' is no reason, a trade-off names two concrete sides, and the transcript says why.
@Suite("Rubric against padding") struct RubricPaddingTests {
    static let padding = "So we will have features and a model like XGBoost because it is good, and monitoring and drift and cold start and a fallback for the whole thing."
    static let vagueTradeOff = "There is a trade-off between this and that because reasons, and we will scale it."

    /// One honest line on four deep-dive topics: it earns three of them (``Rubric/maximumItemsPerNote``).
    static let fourTopics = "Monitor the score distribution with alerts, retrain nightly when drift shows, and fall back to the rules engine on a timeout, with popular-merchant priors for cold start."

    static var padded: [String: [String]] { ["deep_dive": [padding, padding, padding], "tradeoffs": [vagueTradeOff]] }

    @Test func aPastedLineEarnsNothingMoreAndAHollowBecauseIsNoReason() throws {
        let rubric = Rubric(session: RubricTests.session(Self.padded), evidence: RubricTests.untouched)
        let deepDive = rubric.phases[3]
        // The first copy earns only what it says something about ("we will have features"): the
        // string "monitoring and drift and cold start and a fallback for the whole thing" is a
        // list of terms; the copies earn nothing.
        #expect(deepDive.items.filter { $0.evidence != nil }.map(\.item.id) == ["features"])
        for id in ["monitoring", "drift", "cold_start", "fallback"] {
            #expect(deepDive.items.first { $0.item.id == id }?.nearMiss?.why == "named only in a list of terms (say something about it)", "\(id)")
        }
        let model = try #require(deepDive.items.first { $0.item.id == "model" })
        #expect(model.evidence == nil, "'because it is good' is not a reason")
        #expect(model.nearMiss?.why == "no reason given after 'because'")
        #expect(deepDive.unearned.map(\.why) == ["repeats an earlier note", "repeats an earlier note"])
        let tradeoffs = rubric.phases[4]
        #expect(tradeoffs.items.first { $0.item.id == "tradeoffs" }?.evidence == nil, "'this and that' names nothing traded")
    }

    @Test func paddedNotesScoreFarBelowSpecificOnes() {
        var notes = Self.padded
        notes["clarify"] = [Self.padding, Self.padding]
        notes["metrics"] = [Self.padding]
        let gamed = Rubric(session: RubricTests.session(notes), evidence: RubricTests.untouched)
        let honest = Rubric(session: RubricTests.session(RubricTests.thoughtful), evidence: RubricTests.untouched)
        #expect(gamed.total <= 15)
        #expect(honest.total - gamed.total >= 50)
    }

    /// The live checklist (while a phase is under way) ticks exactly what the finished rubric scores:
    /// a line pasted from an earlier phase earns nothing, and one line earns at most three items.
    @Test func theLiveChecklistAgreesWithTheScore() {
        let serving = "The scorer is served on 12 replicas with request batching, so one replica can fail."
        var session = InterviewSession(plan: .short, startedAt: 0)
        for phase in session.plan.phases {
            if phase.id == "high_level" { session.addNote(serving) }
            if phase.id == "deep_dive" {
                session.addNote(serving)
                session.addNote(Self.fourTopics)
                let live = Rubric.liveEvidence(session: session, phaseIndex: session.phaseIndex, notes: session.notes["deep_dive"] ?? "")
                let deepDive = session.plan.phases[session.phaseIndex]
                #expect(live[deepDive.checklist.firstIndex { $0.id == "serving" }!] == nil, "pasted from the high-level phase")
                #expect(live.compactMap { $0 }.count == Rubric.maximumItemsPerNote)
                // Without the limit and the repeat rule, each item alone would have ticked more.
                #expect(deepDive.checklist.filter { $0.evidence(in: session.notes["deep_dive"] ?? "") != nil }.count > Rubric.maximumItemsPerNote)
            }
            session.advance(at: 60)
        }
        let rubric = Rubric(session: session, evidence: RubricTests.untouched)
        let scored = rubric.phases[3].items.map(\.evidence)
        #expect(scored.compactMap { $0 }.count == Rubric.maximumItemsPerNote)
        #expect(scored.map { $0 != nil } == Rubric.liveEvidence(session: session, phaseIndex: 3, notes: session.notes["deep_dive"] ?? "").map { $0 != nil })
    }

    @Test func aNearlyIdenticalLineIsARepeatToo() {
        let first = "Velocity features such as spend in the last hour carry most of the signal and must be fresh."
        let again = "Velocity features such as spend in the last hour carry most of the signal and must be fresh within seconds."
        let rubric = Rubric(session: RubricTests.session(["deep_dive": [first], "tradeoffs": [again]]), evidence: RubricTests.untouched)
        #expect(rubric.phases[4].unearned.map(\.why) == ["repeats an earlier note"])
    }

    @Test func aPlanWithTwoPhasesOfOneIDIsScoredWithoutATrap() {
        let phase = Phase(id: "design", title: "Design", minutes: 5...10, prompts: [], checklist: [InterviewPlan.fallback])
        let plan = InterviewPlan(id: "custom", title: "Twice", phases: [phase, phase])
        var session = InterviewSession(plan: plan, startedAt: 0)
        session.addNote("If the scorer times out, we fall back to the rules engine.")
        session.finish(at: 600)
        let rubric = Rubric(session: session, evidence: RubricTests.untouched)
        #expect(rubric.phases.map { $0.items[0].evidence != nil } == [true, true])
    }

    @Test func theTranscriptSaysWhyALineEarnedNothing() {
        let session = RubricTests.session(Self.padded)
        let rubric = Rubric(session: session, evidence: RubricTests.untouched)
        let markdown = session.markdown(scenario: Scenario(name: "Fraud", design: RubricTests.design), rubric: rubric)
        #expect(markdown.contains("repeats an earlier note"))
        #expect(markdown.contains("- [ ] chose a model family and said why: no reason given after 'because' in \"So we will have"))
        #expect(markdown.contains("- [ ] named a trade-off and what it costs: names no two concrete sides of the trade-off"))
    }

    static let cases: [RubricTests.Case] = [
        .init(item: InterviewPlan.model, note: "We would use XGBoost because it works.", earns: false),
        .init(item: InterviewPlan.model, note: "We would use XGBoost because it is better and faster.", earns: false),
        .init(item: InterviewPlan.model, note: "XGBoost is the choice here because it is fast.", earns: false),
        .init(item: InterviewPlan.model, note: "So we will use XGBoost for the scorer in the first version.", earns: false),
        .init(item: InterviewPlan.model, note: "XGBoost because it scores a payment in 2 ms on one CPU core.", earns: true),
        .init(item: InterviewPlan.model, note: "Since the features are tabular, gradient boosted trees are the natural first model.", earns: true),
        .init(item: InterviewPlan.tradeoffs, note: "There is a trade-off between this and that because latency matters.", earns: false),
        .init(item: InterviewPlan.tradeoffs, note: "We accept this over that because it is better.", earns: false),
        .init(item: InterviewPlan.tradeoffs, note: "The trade-off is freshness against cost, since streaming every feature is expensive.", earns: true),
        .init(item: InterviewPlan.tradeoffs, note: "A cache instead of recomputing embeddings, because it halves the GPU bill at the cost of staleness.", earns: true),
    ]

    @Test(arguments: cases) func hollowReasonsAndVagueTradeOffs(_ c: RubricTests.Case) {
        #expect((c.item.evidence(in: c.note) != nil) == c.earns)
    }
}

/// Correct answers on LLM scenarios (new-user walk-through on rag-assistant, item 2): the
/// scenario's own metrics, British and American spellings, TTFT and TPOT as latency metrics.
@Suite("Rubric on LLM answers") struct RubricLLMAnswerTests {
    static let cases: [RubricTests.Case] = [
        .init(item: InterviewPlan.onlineMetric, note: "Online we track thumbs-up rate and deflected tickets.", earns: true),
        .init(item: InterviewPlan.onlineMetric, note: "Online the ticket deflection rate tells us it helps.", earns: true),
        .init(item: InterviewPlan.askedData, note: "Which documents can we index, and do we have labelled question-answer pairs?", earns: true),
        .init(item: InterviewPlan.askedData, note: "Which documents can we index, and do we have labeled question-answer pairs?", earns: true),
        .init(item: InterviewPlan.counterMetric, note: "As a guardrail we watch the hallucination rate flagged by users.", earns: true),
        .init(item: InterviewPlan.systemMetric, note: "For the system we watch TTFT and TPOT percentiles, availability and GPU cost per month.", earns: true),
        .init(item: InterviewPlan.systemMetric, note: "For the system we watch latency percentiles, availability and cost per month.", earns: true),
        .init(item: InterviewPlan.systemMetric, note: "Latency matters a great deal for this product.", earns: false),
        .init(item: InterviewPlan.askedLatency, note: "What TTFT will people put up with before they give up?", earns: true),
    ]

    @Test(arguments: cases) func llmAnswersEarnTheirItems(_ c: RubricTests.Case) {
        #expect((c.item.evidence(in: c.note) != nil) == c.earns)
    }

    @Test func britishAndAmericanSpellingsMatch() {
        #expect(EvidenceRule.topic(["optimize latency"]).isMet(by: NoteReading("We optimise latency for the checkout page first.")))
        #expect(EvidenceRule.topic(["user behaviour"]).isMet(by: NoteReading("User behavior shifts during the holidays, so we retrain.")))
        #expect(EvidenceRule.topic(["labelled"]).isMet(by: NoteReading("Every labeled example comes from an agent's answer.")))
        #expect(EvidenceRule.topic(["catalog"]).isMet(by: NoteReading("The catalogue changes daily, so we index nightly.")))
    }

    @Test func anLLMKeywordListStillScoresZero() {
        let list = "thumbs up deflection hallucination rate TTFT TPOT latency percentiles availability GPU cost labelled data"
        var notes: [String: [String]] = [:]
        for phase in InterviewPlan.short.phases { notes[phase.id] = [list] }
        let rubric = Rubric(session: RubricTests.session(notes), evidence: RubricTests.untouched)
        #expect(rubric.total == 0)
    }
}

/// The quoted evidence is the note that best matches the item (new-user walk-through, item 3),
/// not the first that happens to qualify.
@Suite("Rubric evidence choice") struct RubricEvidenceChoiceTests {
    static let metrics = [
        "Offline I would use PR-AUC because fraud is well under 1% of payments, so ROC curves flatter us.",
        "Online we track the fraud loss rate in dollars per month.",
        "As a guardrail we watch the false decline rate so good customers are not blocked.",
        "For the system: p99 latency under 50 ms, 99.95% availability and a budget of $20k a month.",
    ]
    static let deepDive = [
        "Brand-new cards are a cold start problem: we default to the merchant's rules and popular priors.",
        "If the scorer times out, we fall back to the rules engine, which answers in 2 ms.",
    ]

    @Test func systemMetricsAreQuotedFromTheLatencyAndAvailabilityNote() {
        let rubric = Rubric(session: RubricTests.session(["metrics": Self.metrics]), evidence: RubricTests.untouched)
        let items = rubric.phases[1].items
        #expect(items.first { $0.item.id == "offline_metric" }?.evidence == Self.metrics[0])
        #expect(items.first { $0.item.id == "system_metric" }?.evidence == Self.metrics[3])
    }

    @Test func fallbackIsQuotedFromTheExplicitFallbackNote() {
        let rubric = Rubric(session: RubricTests.session(["deep_dive": Self.deepDive]), evidence: RubricTests.untouched)
        let items = rubric.phases[3].items
        #expect(items.first { $0.item.id == "cold_start" }?.evidence == Self.deepDive[0])
        #expect(items.first { $0.item.id == "fallback" }?.evidence == Self.deepDive[1])
    }

    @Test func theBestNoteGivesWayWhenItIsNeededElsewhere() {
        // The first line qualifies for all four items but earns at most three; the goal, which the
        // second line also shows, goes to the second so that no item is lost to the limit.
        let lines = ["How many users and what p99 in ms, given the goal to grow revenue, and which labels and data do we have at peak load?",
                     "The goal is to grow revenue from repeat buyers."]
        let rubric = Rubric(session: RubricTests.session(["clarify": lines]), evidence: RubricTests.untouched)
        #expect(rubric.phases[0].items.map(\.evidence) == [lines[1], lines[0], lines[0], lines[0]])
    }
}
