/// One box in a design: a kind from the ``Catalog`` plus everything the user overrides.
///
/// Unset optionals take the catalog's defaults; ask ``Design/resolved(_:catalog:)`` for the figures in force.
public struct Component: Hashable, Sendable {
    public var id: String
    public var kind: ComponentKind
    public var label: String?
    public var size: ModelSize?
    public var hardware: Hardware?
    public var replicas: Int
    /// Servers per replica; nil takes the catalog's.
    public var concurrency: Int?
    /// Service time per request; nil takes the catalog's.
    public var latency: LatencyDistribution?
    /// Most requests that may wait in the queue; excess is rejected. nil: unbounded.
    public var queueLimit: Int?
    /// A caller stops waiting for this component (and what it calls) after this long.
    public var timeout: TimeSpan?
    /// Times a failed or timed-out call to this component is tried again.
    public var retries: Int
    /// Retries allowed as a share of first attempts (a token bucket); nil retries without limit.
    public var retryBudget: Percentage?
    /// Base of the exponential backoff with full jitter before each retry; nil retries at once.
    public var backoff: TimeSpan?
    /// Opens after consecutive failed calls and fails calls at once while open; nil: no breaker.
    public var circuitBreaker: CircuitBreaker?
    /// True: work queued here (or called from here) whose caller, or any caller up the chain, has
    /// timed out is dropped unserved. False (the default): the work is done whatever the caller did.
    public var deadlinePropagation: Bool = false
    /// True: a call that finds every server busy is shed at once when, at the mean service time, it
    /// would finish after the earliest deadline of its callers (each caller's timeout, up the chain).
    public var deadlineShedding: Bool = false
    /// Component that answers instead when calls to this one fail after retries.
    public var fallback: String?
    public var batching: Batching?
    public var optimizations: [Optimization]
    /// Per-replica availability; nil takes the catalog's.
    public var availability: Percentage?
    /// Zones this component's replicas are spread over (at most the design's); nil uses all of the
    /// design's zones. Replica k runs in zone `k mod min(replicas, zones)` + 1.
    public var zones: Int?
    /// Price per replica-hour; nil takes the catalog's.
    public var costPerHour: Money?
    /// Cache only: fraction of lookups answered without calling `onMiss`.
    public var hitRatio: Percentage?
    /// Cache only: component called on a miss.
    public var onMiss: String?
    public var calls: [CallGroup]
    /// `llm_server` only: model, GPUs, precision and scheduler limits (README "LLM serving").
    public var llm: LLMSettings?
    /// `reranker` only: items scored per request; each adds `perCandidate` to the service time (README "Retrieval settings").
    public var candidates: Int?
    /// `reranker` only: service time added per candidate; nil takes ``Retrieval/defaultPerCandidate``.
    public var perCandidate: TimeSpan?
    /// `vector_db` only: the ANN search's recall@k target (0.5…0.999); nil is ``Retrieval/referenceRecall``.
    public var recall: Double?
    public var position: GridPosition?
    public var notes: String?
    /// Components this one writes data into (a pipeline fills a store, a registry deploys to a model
    /// server, a service logs to an event log). Data flow, never simulated per request.
    public var feeds: [String] = []
    /// Offline components: when, how long, on what, how late (see ``OfflinePlan``); nil for online ones.
    public var offline: OfflineSettings?
    /// True when every request to this component is unique (a payment, an upload): no cache can
    /// answer it, so the design doc never advises one.
    public var uniqueRequests: Bool = false
    /// Where the component's id is written in its file, for diagnostics.
    public var location: FileLocation?
    /// Where each key's value is written, for diagnostics (not part of equality).
    public var fieldLocations: [String: FileLocation] = [:]

    public init(id: String, kind: ComponentKind, replicas: Int = 1) {
        self.id = id
        self.kind = kind
        self.replicas = replicas
        self.retries = 0
        self.optimizations = []
        self.calls = []
    }

    /// Every component this one may call (calls, cache miss target), in file order; fallback excluded.
    public var callees: [String] {
        calls.flatMap(\.targets) + (onMiss.map { [$0] } ?? [])
    }

    public static func == (a: Component, b: Component) -> Bool {
        a.id == b.id && a.kind == b.kind && a.label == b.label && a.size == b.size && a.hardware == b.hardware
            && a.replicas == b.replicas && a.concurrency == b.concurrency && a.latency == b.latency
            && a.queueLimit == b.queueLimit && a.timeout == b.timeout && a.retries == b.retries && a.retryBudget == b.retryBudget && a.backoff == b.backoff
            && a.circuitBreaker == b.circuitBreaker && a.deadlinePropagation == b.deadlinePropagation
            && a.deadlineShedding == b.deadlineShedding
            && a.fallback == b.fallback && a.batching == b.batching && a.optimizations == b.optimizations
            && a.availability == b.availability && a.zones == b.zones && a.costPerHour == b.costPerHour && a.hitRatio == b.hitRatio
            && a.onMiss == b.onMiss && a.calls == b.calls && a.llm == b.llm && a.candidates == b.candidates && a.perCandidate == b.perCandidate && a.recall == b.recall
            && a.position == b.position && a.notes == b.notes
            && a.feeds == b.feeds && a.offline == b.offline && a.uniqueRequests == b.uniqueRequests
    }
    public func hash(into hasher: inout Hasher) { hasher.combine(id); hasher.combine(kind) }
}

/// The figures in force for a component once catalog defaults are filled in.
public struct ResolvedComponent: Hashable, Sendable {
    public var id: String
    public var kind: ComponentKind
    public var replicas: Int
    public var concurrency: Int
    /// Service time before speed-ups (a vector database's already scaled to its recall).
    public var latency: LatencyDistribution
    /// Fixed time added to every draw of `latency`, before speed-ups: a reranker's candidates × per-candidate cost.
    public var addedSeconds: Double = 0
    /// Product of the optimisation speed-ups (1 when none).
    public var speedup: Double
    public var availability: Double
    public var costPerHour: Double
    /// Total servers: replicas × concurrency.
    public var servers: Int { replicas * concurrency }
    /// Mean service time after speed-ups, seconds (batching not included).
    public var meanServiceSeconds: Double { (latency.meanSeconds + addedSeconds) / speedup }
}
