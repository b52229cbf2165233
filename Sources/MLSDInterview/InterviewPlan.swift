public import MLSDCore
/// A sequence of timed phases: the seeds' 35-minute response template or the 60-minute framework.
public struct InterviewPlan: Hashable, Sendable, Codable {
    public var id: String
    public var title: String
    public var phases: [Phase]

    public init(id: String, title: String, phases: [Phase]) {
        self.id = id
        self.title = title
        self.phases = phases
    }

    /// Sum of the phases' upper budgets, seconds.
    public var budgetSeconds: Double { phases.map(\.maximumSeconds).reduce(0, +) }

    /// The shipped plans: `short` (35 minutes), `standard` (45) and `full` (60).
    public static let all: [InterviewPlan] = [.short, .standard, .full]

    /// A shipped plan by id.
    public static func named(_ id: String) -> InterviewPlan? { all.first { $0.id == id } }

    // Shared checklist items, so every plan judges the same things the same way. Each asks for
    // specific evidence (see ``EvidenceRule``), never a bare word.
    static let askedScale = ChecklistItem(id: "scale", title: "asked about scale (a question, or a number with a unit)",
        rule: .questionOrFigure(topic: ["qps", "users", "requests", "scale", "traffic", "volume", "dau", "throughput", "peak", "how many"], units: [.rate, .count, .size]))
    static let askedLatency = ChecklistItem(id: "latency", title: "asked about latency (a question, or a time budget)",
        rule: .questionOrFigure(topic: ["latency", "p99", "p95", "p50", "slo", "real time", "realtime", "how fast", "fast", "slow", "ttft", "tpot",
                                     "time to first token", "first token", "time per output token"], units: [.duration]))
    static let askedGoal = ChecklistItem(id: "goal", title: "stated the business goal",
        rule: .statedGoal(["goal", "objective", "business", "revenue", "engagement", "success", "reduce", "increase", "maximise", "maximize", "minimise", "minimize"]))
    static let askedData = ChecklistItem(id: "data", title: "asked what data and labels exist",
        rule: .topic(["data", "labels", "label", "labelled", "logs", "history", "ground truth", "training set", "dataset", "corpus", "chargebacks",
                     "documents", "transcripts", "tickets", "annotations", "annotated", "feedback"]))
    static let offlineMetric = ChecklistItem(id: "offline_metric", title: "named an offline metric (AUC, precision@k, NDCG…)",
        rule: .namedMetric(["auc", "roc auc", "pr auc", "auprc", "precision", "recall", "precision at k", "recall at k", "ndcg", "map", "mrr", "f1",
                            "rmse", "mae", "log loss", "logloss", "cross entropy", "accuracy", "hit rate", "calibration", "brier"]))
    static let onlineMetric = ChecklistItem(id: "online_metric", title: "named an online metric (CTR, conversion, watch time…)",
        rule: .namedMetric(["ctr", "click through", "click through rate", "conversion", "conversion rate", "watch time", "dwell time", "session length",
                            "retention", "revenue per", "gmv", "fraud loss", "loss rate", "chargeback rate", "engagement rate", "bookings", "purchases",
                            "daily active", "time spent", "resolution rate", "acceptance rate", "thumbs up", "thumbs up rate", "deflection",
                            "deflection rate", "deflected tickets", "ticket deflection", "citation clicks", "csat", "resolution without",
                            "resolved without", "customer satisfaction", "satisfaction", "acceptance", "accepted completions"]))
    static let counterMetric = ChecklistItem(id: "counter_metric", title: "named a counter (guardrail) metric",
        rule: .namedMetric(["false positive rate", "false positives", "false decline", "false declines", "complaints", "complaint rate", "unsubscribe",
                            "unsubscribes", "churn", "diversity", "hide rate", "report rate", "reports", "bounce rate", "refunds", "refund rate",
                            "manual review", "review load", "latency regression", "fairness", "appeals", "hallucination rate", "hallucination",
                            "hallucinations", "wrong answer", "wrong answers", "wrong answer rate", "toxicity", "permission audits", "leaked answers",
                            "ungrounded", "flagged as wrong", "permission leaks", "repeat contacts", "escalations", "wrong refunds"]))
    static let systemMetric = ChecklistItem(id: "system_metric", title: "named system metrics (latency, availability, cost)",
        rule: .metricOrFigure(names: ["latency percentiles", "latency percentile", "p99 latency", "p95 latency", "p50 latency", "tail latency", "p99", "p95",
                                      "p50", "ttft", "tpot", "time to first token", "time per output token", "tokens per second", "availability",
                                      "uptime", "error rate", "throughput", "cost per", "gpu cost", "serving cost", "cost per month"],
                              topic: ["latency", "availability", "uptime", "error rate", "throughput", "cost"], units: [.duration, .percentage, .money, .rate]))
    static let dataFlow = ChecklistItem(id: "data_flow", title: "described the data flow",
        rule: .topic(["flow", "pipeline", "calls", "stream", "batch", "then", "sends", "reads", "writes", "→", "->"]))
    static let components = ChecklistItem(id: "components", title: "named the key components",
        rule: .topic(["feature store", "model server", "cache", "ranker", "candidate", "retrieval", "gateway", "ann", "index", "queue", "database", "rules engine", "rule engine"]))
    static let features = ChecklistItem(id: "features", title: "discussed features",
        rule: .topic(["feature", "features", "embedding", "embeddings", "signal", "signals", "chunks", "passages", "context window", "prompt"]))
    static let model = ChecklistItem(id: "model", title: "chose a model family and said why",
        rule: .choiceWithReason(["logistic regression", "linear model", "xgboost", "lightgbm", "gbdt", "gradient boosted", "gradient boosting", "random forest",
                                 "decision tree", "two tower", "neural network", "dnn", "mlp", "transformer", "bert", "wide and deep", "deep and cross", "dlrm",
                                 "matrix factorization", "matrix factorisation", "collaborative filtering", "cnn", "rnn", "lstm", "llm", "naive bayes", "knn",
                                 "boosted trees", "boosted tree", "catboost", "cross encoder", "bi encoder", "classifier", "llama", "mistral",
                                 "mixtral", "qwen", "gemma", "gpt", "claude", "gemini", "small model", "large model", "smaller model", "distilled model"]))
    static let serving = ChecklistItem(id: "serving", title: "covered serving",
        rule: .topic(["serving", "serve", "serves", "served", "precompute", "precomputed", "quantization", "quantisation", "int8", "distillation", "batching", "replicas", "online inference"]))
    static let monitoring = ChecklistItem(id: "monitoring", title: "covered monitoring",
        rule: .topic(["monitor", "monitoring", "alert", "alerts", "dashboard", "dashboards", "logging"]))
    static let drift = ChecklistItem(id: "drift", title: "covered drift and retraining",
        rule: .topic(["drift", "retrain", "retraining", "freshness", "decay", "stale"]))
    static let coldStart = ChecklistItem(id: "cold_start", title: "covered cold start",
        rule: .topic(["cold start", "new user", "new users", "new item", "new items", "popularity", "most popular", "no history",
                     "new card", "new cards", "new account", "new accounts", "new customer", "new customers", "new merchant", "new merchants",
                     "new document", "new documents", "new product", "new products", "first few", "priors"]))
    static let fallback = ChecklistItem(id: "fallback", title: "covered fallback",
        rule: .topic(["fallback", "fall back", "falls back", "fell back", "degrade", "degrades", "graceful", "default", "timeout", "times out",
                     "timed out", "is down", "are down", "goes down", "unavailable", "outage", "instead"]))
    static let tradeoffs = ChecklistItem(id: "tradeoffs", title: "named a trade-off and what it costs",
        rule: .tradeOff(["trade off", "tradeoff", "trade offs", "tradeoffs", "versus", "vs", "instead of", "rather than", "over", "at the cost of", "gave up", "give up"]))
    static let scaling = ChecklistItem(id: "scaling", title: "discussed scaling",
        rule: .topic(["scale", "scaling", "shard", "sharding", "replica", "replicas", "horizontal", "cache", "autoscale", "autoscaling", "partition"]))
    static let formulation = ChecklistItem(id: "formulation", title: "framed it as an ML task",
        rule: .topic(["classification", "classifier", "regression", "ranking", "retrieval", "binary", "multi class", "multiclass", "label", "labels", "labelled"]))

    /// The 35-minute response template: clarify 2–3, metrics 2–3, high-level 5–10, deep dive 10–15, trade-offs 5.
    public static let short = InterviewPlan(id: "short", title: "35-minute response template", phases: [
        Phase(id: "clarify", title: "Clarify", minutes: 2...3,
              prompts: ["What is the product trying to achieve, and how will we know?", "How many users and requests at peak?",
                        "How fast must an answer come back?", "What data and labels can we use?"],
              checklist: [askedGoal, askedScale, askedLatency, askedData]),
        Phase(id: "metrics", title: "Metrics", minutes: 2...3,
              prompts: ["Which offline metric would you optimise, and why that one?", "Which online metric proves it works for users?",
                        "What could go wrong that a counter metric would catch?", "Which system numbers matter (latency, availability, cost)?"],
              checklist: [offlineMetric, onlineMetric, counterMetric, systemMetric]),
        Phase(id: "high_level", title: "High-level design", minutes: 5...10,
              prompts: ["Sketch the boxes and arrows from request to response.", "Where do features come from at request time?",
                        "What runs online, and what is precomputed?"],
              checklist: [components, dataFlow, serving]),
        Phase(id: "deep_dive", title: "Deep dive", minutes: 10...15,
              prompts: ["Which features carry the signal, and how fresh must they be?", "Which model, and what is the simplest baseline?",
                        "How is it served within the latency budget?", "How will you notice when it degrades, and what happens then?",
                        "What about users or items never seen before?"],
              checklist: [features, model, serving, monitoring, drift, coldStart, fallback]),
        Phase(id: "tradeoffs", title: "Trade-offs", minutes: 5...5,
              prompts: ["What did you give up for latency or cost?", "What would you change at ten times the traffic?",
                        "Which alternative did you reject, and why?"],
              checklist: [tradeoffs, scaling]),
    ])

    /// A 45-minute plan between the two: the short template's phases with more room to talk.
    public static let standard = InterviewPlan(id: "standard", title: "45-minute interview", phases: [
        Phase(id: "clarify", title: "Clarify", minutes: 3...5, prompts: short.phases[0].prompts, checklist: short.phases[0].checklist),
        Phase(id: "metrics", title: "Metrics", minutes: 3...5, prompts: short.phases[1].prompts, checklist: short.phases[1].checklist),
        Phase(id: "high_level", title: "High-level design", minutes: 8...10, prompts: short.phases[2].prompts, checklist: short.phases[2].checklist),
        Phase(id: "deep_dive", title: "Deep dive", minutes: 12...15, prompts: short.phases[3].prompts, checklist: short.phases[3].checklist),
        Phase(id: "tradeoffs", title: "Trade-offs", minutes: 5...10, prompts: short.phases[4].prompts, checklist: short.phases[4].checklist),
    ])

    /// The 60-minute framework. The study material gives requirements 10–15, formulation 5–10,
    /// architecture 10–15, components 15–20 and trade-offs 10 minutes, whose upper ends add up to 70;
    /// the budgets here are trimmed so the whole plan is 60 minutes: 12, 8, 12, 18 and 10.
    public static let full = InterviewPlan(id: "full", title: "60-minute framework", phases: [
        Phase(id: "requirements", title: "Requirements", minutes: 10...12,
              prompts: ["What problem are we solving, with which inputs and outputs?", "Scale: users, requests per second, data volume?",
                        "Latency class: real time, near real time or batch?", "Availability, cost, accuracy and explainability targets?",
                        "Constraints: privacy, regulation, existing systems, team?"],
              checklist: [askedGoal, askedScale, askedLatency, askedData]),
        Phase(id: "formulation", title: "Problem formulation", minutes: 5...8,
              prompts: ["Which ML task is this (classification, ranking, regression…)?", "Where do labels come from, and how late do they arrive?",
                        "Which offline, online and counter metrics define success?"],
              checklist: [formulation, offlineMetric, onlineMetric, counterMetric]),
        Phase(id: "architecture", title: "High-level architecture", minutes: 10...12,
              prompts: ["Draw the serving path from request to response.", "Draw the training and feature pipelines beside it.",
                        "Which parts are online, near-line and offline?"],
              checklist: [components, dataFlow, serving]),
        Phase(id: "components", title: "Component design", minutes: 15...18,
              prompts: ["Data pipeline and feature engineering: what, how fresh, how stored?", "Model choice and training: baseline first, then what?",
                        "Serving: optimisation, batching, caching, replicas?", "Monitoring and retraining: what triggers them?",
                        "Cold start and fallbacks when a dependency fails?"],
              checklist: [features, model, serving, monitoring, drift, coldStart, fallback]),
        Phase(id: "tradeoffs", title: "Trade-offs and optimisation", minutes: 8...10,
              prompts: ["Accuracy against latency?", "Complexity against interpretability?", "Cost against performance?", "Freshness against stability?"],
              checklist: [tradeoffs, scaling]),
    ])
}

extension ChecklistItem {
    /// Every built-in checklist item, by the id custom plans use.
    public static let catalog: [ChecklistItem] = [
        InterviewPlan.askedGoal, InterviewPlan.askedScale, InterviewPlan.askedLatency, InterviewPlan.askedData,
        InterviewPlan.formulation, InterviewPlan.offlineMetric, InterviewPlan.onlineMetric, InterviewPlan.counterMetric, InterviewPlan.systemMetric,
        InterviewPlan.components, InterviewPlan.dataFlow, InterviewPlan.serving, InterviewPlan.features, InterviewPlan.model,
        InterviewPlan.monitoring, InterviewPlan.drift, InterviewPlan.coldStart, InterviewPlan.fallback, InterviewPlan.tradeoffs, InterviewPlan.scaling,
    ]
}

extension InterviewPlan {
    /// A custom plan read from a YAML file (``PlanFile``), with the built-in checklist items it names.
    ///
    /// - Throws: ``ScenarioError`` with every problem located as `file:line:col`.
    public static func parse(yaml text: String, path: String) throws(ScenarioError) -> InterviewPlan {
        let file = try PlanFile.parse(yaml: text, path: path, checklistIDs: ChecklistItem.catalog.map(\.id))
        let phases = file.phases.map { p in
            Phase(id: p.id, title: p.title, minutes: p.minimumMinutes...p.maximumMinutes, prompts: p.prompts,
                  checklist: p.checklist.compactMap { id in ChecklistItem.catalog.first { $0.id == id } })
        }
        return InterviewPlan(id: "custom", title: file.title, phases: phases)
    }
}
