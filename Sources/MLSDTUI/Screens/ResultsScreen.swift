/// The results screen's own state: how far its panel is scrolled.
public struct ResultsScreen: Sendable, Equatable {
    public var scroll = 0
    public init() {}
}
