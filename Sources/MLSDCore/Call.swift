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
    /// An `llm_router`'s rule: the calls are made for requests whose tokens meet it (`when:`).
    public var rule: TokenRule?
    public var location: FileLocation?
    /// Where each target is written (parallel to ``targets``; empty when not read from a file),
    /// so that a misspelt one is reported at its own column, not the list's.
    public var targetLocations: [FileLocation] = []

    public init(mode: CallMode, targets: [String], probability: Percentage? = nil, rule: TokenRule? = nil, location: FileLocation? = nil) {
        self.mode = mode
        self.targets = targets
        self.probability = probability
        self.rule = rule
        self.location = location
    }

    public static func == (a: CallGroup, b: CallGroup) -> Bool {
        a.mode == b.mode && a.targets == b.targets && a.probability == b.probability && a.rule == b.rule
    }
    public func hash(into hasher: inout Hasher) {
        hasher.combine(mode); hasher.combine(targets); hasher.combine(probability); hasher.combine(rule)
    }
}

/// An `llm_router`'s routing rule on a request's prompt or answer length, written
/// `when: "input_tokens > 2000"`: a field, a comparison and a whole number of tokens.
public struct TokenRule: Hashable, Sendable, CustomStringConvertible {
    public enum Field: String, Hashable, Sendable, CaseIterable {
        case inputTokens = "input_tokens", outputTokens = "output_tokens"
    }
    public enum Comparison: String, Hashable, Sendable, CaseIterable {
        case above = ">", atLeast = ">=", below = "<", atMost = "<="
    }
    public var field: Field
    public var comparison: Comparison
    public var threshold: Int

    public init(_ field: Field, _ comparison: Comparison, _ threshold: Int) {
        self.field = field
        self.comparison = comparison
        self.threshold = threshold
    }

    /// What a rule looks like, for error messages.
    public static let expected = "a rule such as 'input_tokens > 2000': input_tokens or output_tokens, then >, >=, < or <=, then a whole number of tokens from 0 to \(TokenCount.maximum)"

    /// Reads `input_tokens > 2000` (spaces optional); nil when it is not a rule.
    public static func parse(_ text: String) -> TokenRule? {
        let t = text.trimmingCharacters(in: .whitespaces)
        guard let field = Field.allCases.first(where: { t.hasPrefix($0.rawValue) }) else { return nil }
        var rest = t.dropFirst(field.rawValue.count).drop(while: { $0 == " " })
        // Two-character comparisons first, so `>=` is not read as `>`.
        guard let comparison = [Comparison.atLeast, .atMost, .above, .below].first(where: { rest.hasPrefix($0.rawValue) }) else { return nil }
        rest = rest.dropFirst(comparison.rawValue.count).drop(while: { $0 == " " })
        guard !rest.isEmpty, rest.allSatisfy(\.isASCIIDigit), rest.count <= 8, let n = Int(rest), n <= TokenCount.maximum else { return nil }
        return TokenRule(field, comparison, n)
    }

    /// Whether a request with `tokens` in the rule's field meets it.
    public func holds(_ tokens: Int) -> Bool {
        switch comparison {
        case .above: tokens > threshold
        case .atLeast: tokens >= threshold
        case .below: tokens < threshold
        case .atMost: tokens <= threshold
        }
    }

    /// Whether a request with these prompt and answer lengths meets the rule.
    public func holds(input: Int, output: Int) -> Bool { holds(field == .inputTokens ? input : output) }

    public var description: String { "\(field.rawValue) \(comparison.rawValue) \(threshold)" }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
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
