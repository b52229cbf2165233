public import MLSDSim
public import MLSDCore

/// The bars of a sensitivity tornado: for each row, how far p99 moves from the base when the
/// parameter goes down (left of `│`) or up (right), on one scale for all rows (the largest finite
/// move fills a half). `▓` is a better p99, `█` a worse one, `░` a move within the noise, `!` an
/// unstable variant.
///
/// Shared by `mlsd sensitivity` (halves of 9 cells) and the TUI's capacity panel.
///
///     let t = TornadoChart(result: r, half: 9)
///     t.bar(r.rows[0])   // "   ▓▓▓▓▓▓│█████████"
public struct TornadoChart: Sendable {
    public var result: SensitivityResult
    /// Cells on each side of the `│`.
    public var half: Int

    public init(result: SensitivityResult, half: Int) {
        self.result = result
        self.half = max(1, half)
    }

    /// The largest finite p99 move of any variant from the base, seconds (never zero).
    public var scale: Double {
        let b = result.base
        let moves = result.rows.flatMap { [$0.down, $0.up] }.compactMap { $0 }.filter { $0.isStable && $0.p99.isFinite }.map { abs($0.p99 - b.p99) }
        return max(moves.max() ?? 0, 1e-12)
    }

    /// The unit of the `p99 −/+` column, from the largest p99 of any variant: milliseconds, or
    /// seconds for an LLM design's.
    public var p99Unit: FigureFormat.LatencyUnit {
        FigureFormat.LatencyUnit(forSeconds: result.rows.flatMap { [$0.down, $0.up] }.compactMap { $0 }.filter(\.isStable).map(\.p99))
    }

    /// The `p99 −/+` column's header, `columnWidth` wide: ` p99 −/+ ms` or ` p99 −/+ s`.
    public func p99Header(columnWidth: Int = 11) -> String { (" p99 −/+ " + p99Unit.symbol).padded(columnWidth) }

    /// A row's `p99 −/+` cell in ``p99Unit``: `15.2/26.7`; `!` for an unstable variant, `–` for
    /// one that did not run.
    public func p99Cell(_ row: SensitivityResult.Row) -> String {
        let unit = p99Unit
        func side(_ o: SensitivityResult.Outcome?) -> String {
            guard let o else { return "–" }
            if o.isUnsettled { return unit.format(seconds: o.p99) + "?" }
            return o.isStable && o.p99.isFinite ? unit.format(seconds: o.p99) : "!"
        }
        return side(row.down) + "/" + side(row.up)
    }

    /// The base run's p99 as a figure with its unit (`25.3 ms`, `20.5 s`); `!` when not finite.
    public static func baseP99(_ base: SensitivityResult.Outcome) -> String {
        base.p99.isFinite ? FigureFormat.duration(seconds: base.p99) : "!"
    }

    /// A row's component as shown beside its bar: cut with `…` to at most `width − 1` columns, so a
    /// space is left before the bar. The parameter goes on the row's second line (``settings(_:)``),
    /// so neither is cut to make room for the other.
    public static func component(_ name: String, width: Int) -> String {
        name.count > width - 1 ? String(name.prefix(width - 2)) + "…" : name
    }

    /// A row's cost column: `=` when neither side moves the cost, `±$x` when both move it by the
    /// same amount, else each side's move, `–` for a side that did not run (a replica count that
    /// cannot go lower, a run stopped by Ctrl-C) or could not be priced.
    public static func cost(_ row: SensitivityResult.Row, base: SensitivityResult.Outcome) -> String {
        let b = base.costPerMonth
        let down = row.down?.costPerMonth, up = row.up?.costPerMonth
        if down == nil && up == nil { return "–" }
        if (down ?? b) == b && (up ?? b) == b { return "=" }
        func signed(_ v: Double) -> String { v.isFinite ? (v >= 0 ? "+$" : "-$") + FigureFormat.count(Int(abs(v).rounded())) : "–" }
        let d = down.map { $0 - b }, u = up.map { $0 - b }
        if let d, let u, d.isFinite, u.isFinite, abs(d + u) < 0.5 { return "±$" + FigureFormat.count(Int(abs(u).rounded())) }
        return (d.map(signed) ?? "–") + "/" + (u.map(signed) ?? "–")
    }

    /// A row's second line: the parameter and its two settings (`  service time  ×0.8 / ×1.2`).
    public static func settings(_ row: SensitivityResult.Row) -> String {
        ("  " + row.parameter.rawValue).padded(16) + "\(row.down == nil ? "–" : row.downLabel) / \(row.up == nil ? "–" : row.upLabel)"
    }

    /// A row's whole bar: its down half, `│`, its up half (`2 × half + 1` columns).
    public func bar(_ row: SensitivityResult.Row) -> String {
        let s = scale
        return Self.half(row.down, base: result.base, scale: s, cells: half, leftward: true, withinNoise: result.isChance(row, up: false)) + "│"
            + Self.half(row.up, base: result.base, scale: s, cells: half, leftward: false, withinNoise: result.isChance(row, up: true))
    }

    /// The legend's words for `░`, with the noise it stands for (`… up to 1.2 ms …`) and, when a
    /// side moved against its parameter, that case; nil when neither applies.
    public var noiseLegend: String? {
        let against = result.hasMovesAgainstParameters ? "a move its parameter cannot make (a faster service, more replicas or hits with a slower answer, or the reverse: chance)" : nil
        if result.isNoiseUnmeasured {
            return (against.map { "░ " + $0 + ", " } ?? "") + Self.unmeasuredNoise
        }
        guard let noise = result.noiseP99 else { return against.map { "░ " + $0 } }
        return "░ a move within the noise (the design as it is moves its p99 by up to \(FigureFormat.duration(seconds: noise)) with other seeds at this length)"
            + (against.map { " or " + $0 } ?? "")
    }

    /// The legend's words when the analysis stopped before its noise band was measured
    /// (``SensitivityResult/isNoiseUnmeasured``): no bar is drawn `░`, so a reader is told why.
    public static let unmeasuredNoise = "no noise band (stopped before the runs with other seeds that measure it): a small move may be chance"

    /// True when some variant is ``SensitivityResult/Outcome/isUnsettled`` (the legend explains `?`).
    public var hasUnsettled: Bool { result.rows.contains { ($0.down?.isUnsettled ?? false) || ($0.up?.isUnsettled ?? false) } }

    /// The legend's words for `?`; nil when no variant is unsettled.
    public var unsettledLegend: String? {
        hasUnsettled ? "? a run unstable though under capacity by the queueing model (too short to settle; its p99 is drawn, not trusted)" : nil
    }

    /// Half a bar: the p99 move as cells of `▓` (better) or `█` (worse), growing away from `│`;
    /// `░` for a move `withinNoise` (chance alone could make it, whichever way it goes).
    public static func half(_ o: SensitivityResult.Outcome?, base: SensitivityResult.Outcome, scale: Double, cells half: Int, leftward: Bool,
                            withinNoise: Bool = false) -> String {
        guard let o else { return String(repeating: " ", count: half) }
        let cells: String
        if o.isUnsettled {
            // Its move as far as the scale goes, drawn `?`: a figure, but from a run that had not settled.
            cells = String(repeating: "?", count: min(half, Int((abs(o.p99 - base.p99) / scale * Double(half)).rounded())))
        } else if !o.isStable || !o.p99.isFinite {
            cells = String(repeating: "!", count: half)
        } else {
            let n = min(half, Int((abs(o.p99 - base.p99) / scale * Double(half)).rounded()))
            cells = String(repeating: withinNoise ? "░" : o.p99 <= base.p99 ? "▓" : "█", count: n)
        }
        let pad = String(repeating: " ", count: half - cells.count)
        return leftward ? pad + cells : cells + pad
    }
}
