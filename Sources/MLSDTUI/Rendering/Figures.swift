import MLSDCore

/// How the TUI prints figures: ``FigureFormat``'s rules (the same as the CLI, the design doc and
/// messages), plus `—` for a figure that does not exist (NaN).
enum Figures {
    /// `850 µs` is `0.85 ms`; `12.3 ms`, `1.2 s`; `∞` when infinite, `—` when unknown.
    static func duration(_ seconds: Double) -> String {
        seconds.isNaN ? "—" : FigureFormat.duration(seconds: seconds)
    }

    /// `850/s`, `4.99k/s`, `1.2M/s`.
    static func rate(_ perSecond: Double) -> String {
        perSecond.isNaN ? "—" : FigureFormat.rate(perSecond: max(0, perSecond))
    }

    /// `$0.20`, `$2,662`.
    static func money(_ dollars: Double) -> String { FigureFormat.money(dollars) }

    /// A share (utilisation, errors, degraded): `0.644%`, `40.6%`.
    static func percent(_ fraction: Double) -> String { fraction.isNaN ? "—" : FigureFormat.percent(fraction) }

    /// An availability: the digits of its complement, never rounded up to 100 %.
    static func availability(_ fraction: Double) -> String { fraction.isNaN ? "—" : FigureFormat.availability(fraction) }

    /// `1,234`.
    static func count(_ n: Int) -> String { FigureFormat.count(n) }
}
