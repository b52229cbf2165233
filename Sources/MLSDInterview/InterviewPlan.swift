/// A sequence of timed phases: the seeds' 35-minute response template or the 60-minute framework.
public struct InterviewPlan: Hashable, Sendable {
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

    public static let all: [InterviewPlan] = [.short, .full]

    // Shared checklist items, so both plans judge the same things the same way.
    static let askedScale = ChecklistItem("asked about scale", keywords: ["qps", "users", "requests per second", "scale", "traffic", "volume", "dau", "throughput"])
    static let askedLatency = ChecklistItem("asked about latency", keywords: ["latency", "p99", "p95", "p50", "slo", "real time", "realtime", "ms"])
    static let askedGoal = ChecklistItem("stated the business goal", keywords: ["goal", "objective", "business", "revenue", "engagement", "success"])
    static let askedData = ChecklistItem("asked what data exists", keywords: ["data", "labels", "logs", "features", "history"])
    static let offlineMetric = ChecklistItem("defined an offline metric", keywords: ["auc", "precision", "recall", "ndcg", "map", "f1", "rmse", "mae", "log loss", "logloss", "accuracy"])
    static let onlineMetric = ChecklistItem("defined an online metric", keywords: ["online", "ctr", "loss rate", "click", "conversion", "revenue", "watch time", "dwell", "a/b", "ab test", "retention", "engagement"])
    static let counterMetric = ChecklistItem("named a counter (guardrail) metric", keywords: ["counter", "guardrail", "complaint", "complaints", "unsubscribe", "churn", "false positive", "diversity", "fairness"])
    static let systemMetric = ChecklistItem("named system metrics", keywords: ["latency", "availability", "uptime", "error rate", "throughput", "cost"])
    static let dataFlow = ChecklistItem("described the data flow", keywords: ["flow", "pipeline", "request", "→", "->", "calls", "stream", "batch"])
    static let components = ChecklistItem("named the key components", keywords: ["feature store", "model server", "cache", "ranker", "candidate", "retrieval", "gateway", "ann", "index"])
    static let features = ChecklistItem("discussed features", keywords: ["feature", "features", "embedding", "embeddings"])
    static let model = ChecklistItem("chose a model and said why", keywords: ["model", "xgboost", "gbdt", "logistic", "neural", "transformer", "two tower", "dnn", "baseline"])
    static let serving = ChecklistItem("covered serving", keywords: ["serving", "online", "batch", "precompute", "quantization", "quantisation", "int8", "distillation", "batching", "replicas"])
    static let monitoring = ChecklistItem("covered monitoring", keywords: ["monitor", "monitoring", "alert", "alerts", "dashboard", "logging"])
    static let drift = ChecklistItem("covered drift and retraining", keywords: ["drift", "retrain", "retraining", "freshness", "decay"])
    static let coldStart = ChecklistItem("covered cold start", keywords: ["cold start", "new user", "new users", "new item", "new items", "popular"])
    static let fallback = ChecklistItem("covered fallback", keywords: ["fallback", "fall back", "degrade", "graceful", "default", "timeout"])
    static let tradeoffs = ChecklistItem("named trade-offs", keywords: ["trade off", "tradeoff", "trade-off", "versus", "vs", "instead", "alternative"])
    static let scaling = ChecklistItem("discussed scaling", keywords: ["scale", "scaling", "shard", "sharding", "replica", "replicas", "horizontal", "cache", "autoscale"])
    static let formulation = ChecklistItem("framed it as an ML task", keywords: ["classification", "regression", "ranking", "retrieval", "binary", "multi class", "multiclass", "label", "labels"])

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

    /// The 60-minute framework: requirements 10–15, formulation 5–10, architecture 10–15, components 15–20, trade-offs 10.
    public static let full = InterviewPlan(id: "full", title: "60-minute framework", phases: [
        Phase(id: "requirements", title: "Requirements", minutes: 10...15,
              prompts: ["What problem are we solving, with which inputs and outputs?", "Scale: users, requests per second, data volume?",
                        "Latency class: real time, near real time or batch?", "Availability, cost, accuracy and explainability targets?",
                        "Constraints: privacy, regulation, existing systems, team?"],
              checklist: [askedGoal, askedScale, askedLatency, askedData]),
        Phase(id: "formulation", title: "Problem formulation", minutes: 5...10,
              prompts: ["Which ML task is this (classification, ranking, regression…)?", "Where do labels come from, and how late do they arrive?",
                        "Which offline, online and counter metrics define success?"],
              checklist: [formulation, offlineMetric, onlineMetric, counterMetric]),
        Phase(id: "architecture", title: "High-level architecture", minutes: 10...15,
              prompts: ["Draw the serving path from request to response.", "Draw the training and feature pipelines beside it.",
                        "Which parts are online, near-line and offline?"],
              checklist: [components, dataFlow, serving]),
        Phase(id: "components", title: "Component design", minutes: 15...20,
              prompts: ["Data pipeline and feature engineering: what, how fresh, how stored?", "Model choice and training: baseline first, then what?",
                        "Serving: optimisation, batching, caching, replicas?", "Monitoring and retraining: what triggers them?",
                        "Cold start and fallbacks when a dependency fails?"],
              checklist: [features, model, serving, monitoring, drift, coldStart, fallback]),
        Phase(id: "tradeoffs", title: "Trade-offs and optimisation", minutes: 10...10,
              prompts: ["Accuracy against latency?", "Complexity against interpretability?", "Cost against performance?", "Freshness against stability?"],
              checklist: [tradeoffs, scaling]),
    ])
}
