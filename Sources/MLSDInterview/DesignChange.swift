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
        let changed = new.components.filter { c in oldIDs.contains(c.id) && old[c.id] != c }.map(\.id)
        if !added.isEmpty { parts.append("added " + added.joined(separator: ", ")) }
        if !changed.isEmpty { parts.append("changed " + changed.joined(separator: ", ")) }
        if !removed.isEmpty { parts.append("removed " + removed.joined(separator: ", ")) }
        if parts.isEmpty { parts.append("changed the design's settings") }
        return parts.joined(separator: "; ")
    }
}

extension InterviewSession {
    /// Records a design change at `now` (its time is the interview's elapsed time).
    public mutating func recordDesignChange(_ summary: String, at now: Double) {
        designChanges.append(DesignChange(atSeconds: elapsed(at: now), summary: summary))
    }
}
