/// How a component calls others after its own service.
public enum CallMode: String, Hashable, Sendable, CaseIterable {
    /// One after another; the caller waits for each.
    case sequence
    /// Fan out at once; the caller waits for all.
    case parallel
    /// Fire and forget: uses capacity downstream, adds no latency to the caller.
    case async
}

/// A group of calls a component makes after its own service, optionally only for a fraction of requests.
///
///     calls: [{ sequence: [features, scorer] }, { async: [audit] }, { sequence: [review], probability: 2% }]
public struct CallGroup: Hashable, Sendable {
    public var mode: CallMode
    /// Component ids, in order.
    public var targets: [String]
    /// Fraction of requests that make these calls (a probabilistic branch); nil means all.
    public var probability: Percentage?
    public var location: FileLocation?

    public init(mode: CallMode, targets: [String], probability: Percentage? = nil, location: FileLocation? = nil) {
        self.mode = mode
        self.targets = targets
        self.probability = probability
        self.location = location
    }

    public static func == (a: CallGroup, b: CallGroup) -> Bool {
        a.mode == b.mode && a.targets == b.targets && a.probability == b.probability
    }
    public func hash(into hasher: inout Hasher) {
        hasher.combine(mode); hasher.combine(targets); hasher.combine(probability)
    }
}

/// Dynamic batching on a model server: wait for up to `maxBatch` requests or `maxWait`, whichever first.
public struct Batching: Hashable, Sendable {
    public var maxBatch: Int
    public var maxWait: TimeSpan
    public init(maxBatch: Int, maxWait: TimeSpan) {
        self.maxBatch = maxBatch
        self.maxWait = maxWait
    }
}

/// A box's pinned position on the layout grid (column and row of layers), kept by the layout engine.
public struct GridPosition: Hashable, Sendable {
    public var column: Int
    public var row: Int
    public init(column: Int, row: Int) {
        self.column = column
        self.row = row
    }
}
