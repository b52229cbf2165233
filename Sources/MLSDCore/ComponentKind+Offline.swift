extension ComponentKind {
    /// True for kinds that run outside the online request path (pipelines, training, offline stores).
    ///
    /// The diagram draws these in their own lane and the design doc splits online and offline costs
    /// by it. New offline kinds are added here.
    public var isOffline: Bool {
        switch self {
        case .batchPipeline, .offlineFeatureStore, .streamProcessor: return true
        default: return false
        }
    }
}

extension ComponentKind {
    /// True for kinds that answer some lookups themselves and call `on_miss` for the rest.
    public var isCache: Bool { self == .cache || self == .semanticCache }
}

extension ComponentKind {
    /// The kinds added for LLM and retrieval serving (issue #11).
    public static let llmServingKinds: Set<ComponentKind> = [.llmServer, .embedder, .vectorDB, .guardrail, .semanticCache, .llmRouter]
}
