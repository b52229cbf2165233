public import MLSDCore

/// A change the candidate made to the design during the interview, and when (seconds into it).
public struct DesignChange: Hashable, Sendable, Codable {
    /// Seconds since the interview started (pauses excluded).
    public var atSeconds: Double
    /// `added cache; changed scorer; removed rules`.
    public var summary: String

    public init(atSeconds: Double, summary: String) {
        self.atSeconds = atSeconds
        self.summary = summary
    }

    /// What differs between two versions of a design, in words; nil when nothing does.
    public static func summary(from old: Design, to new: Design) -> String? {
        guard old != new else { return nil }
        let oldIDs = Set(old.components.map(\.id)), newIDs = Set(new.components.map(\.id))
        var parts: [String] = []
        let added = new.components.map(\.id).filter { !oldIDs.contains($0) }
        let removed = old.components.map(\.id).filter { !newIDs.contains($0) }
        // What changed in each, where it is a setting a reader knows (the transcript said only
        // "changed scorer"): `scorer (replicas 8 → 12, timeout 40ms → 60ms)`.
        let changed = new.components.compactMap { c -> String? in
            guard let before = old[c.id], before != c else { return nil }
            let fields = Self.settingChanges(from: before, to: c)
            return fields.isEmpty ? c.id : "\(c.id) (\(fields.joined(separator: ", ")))"
        }
        if !added.isEmpty { parts.append("added " + added.joined(separator: ", ")) }
        if !changed.isEmpty { parts.append("changed " + changed.joined(separator: ", ")) }
        if !removed.isEmpty { parts.append("removed " + removed.joined(separator: ", ")) }
        if parts.isEmpty { parts.append("changed the design's settings") }
        return parts.joined(separator: "; ")
    }

    /// The settings that differ between two versions of a component, as `key old → new`.
    static func settingChanges(from a: Component, to b: Component) -> [String] {
        func text<T>(_ v: T?) -> String { v.map { "\($0)" } ?? "none" }
        var out: [String] = []
        func note(_ key: String, _ x: String, _ y: String) { if x != y { out.append("\(key) \(x) → \(y)") } }
        note("kind", a.kind.rawValue, b.kind.rawValue)
        note("replicas", "\(a.replicas)", "\(b.replicas)")
        note("concurrency", text(a.concurrency), text(b.concurrency))
        note("size", text(a.size?.rawValue), text(b.size?.rawValue))
        note("hardware", text(a.hardware?.rawValue), text(b.hardware?.rawValue))
        note("timeout", text(a.timeout), text(b.timeout))
        note("retries", "\(a.retries)", "\(b.retries)")
        note("hit_ratio", text(a.hitRatio), text(b.hitRatio))
        note("fallback", text(a.fallback), text(b.fallback))
        note("on_miss", text(a.onMiss), text(b.onMiss))
        note("optimizations", a.optimizations.map(\.rawValue).joined(separator: "+"), b.optimizations.map(\.rawValue).joined(separator: "+"))
        if a.calls != b.calls { out.append("calls") }
        return out
    }
}

extension InterviewSession {
    /// Records a design change at `now` (its time is the interview's elapsed time).
    public mutating func recordDesignChange(_ summary: String, at now: Double) {
        designChanges.append(DesignChange(atSeconds: elapsed(at: now), summary: summary))
    }
}
