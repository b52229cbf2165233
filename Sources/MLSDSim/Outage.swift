import MLSDCore

/// A what-if fault: some replicas of a component are down for a window of simulated time.
///
/// While they are down the component serves with `servers − replicasDown × concurrency` servers;
/// requests already in service on them finish, and no new ones start until the window ends.
/// Written `id=replicas@start-end` on the command line:
///
///     let outage = try Outage(parsing: "scorer=4@10s-20s")   // 4 scorer replicas down from 10 s to 20 s
public struct Outage: Hashable, Sendable, CustomStringConvertible {
    /// Component id.
    public var id: String
    /// Replicas down during the window (more than the component has means all).
    public var replicasDown: Int
    /// Window start, simulated seconds.
    public var startSeconds: Double
    /// Window end, simulated seconds.
    public var endSeconds: Double
    /// The zone (1-based) whose loss this is: set on a whole-zone outage (`zone:2@10s-20s`, empty
    /// `id`) and on the per-component outages the model expands it into.
    public var zone: Int?

    public init(id: String, replicasDown: Int, startSeconds: Double, endSeconds: Double, zone: Int? = nil) {
        self.id = id
        self.replicasDown = replicasDown
        self.startSeconds = startSeconds
        self.endSeconds = endSeconds
        self.zone = zone
    }

    /// A whole zone down, before the model expands it into components (`zone:2@10s-20s`).
    public static func zone(_ zone: Int, startSeconds: Double, endSeconds: Double) -> Outage {
        Outage(id: "", replicasDown: 0, startSeconds: startSeconds, endSeconds: endSeconds, zone: zone)
    }

    /// True for a whole-zone outage not yet expanded into components.
    public var isWholeZone: Bool { zone != nil && id.isEmpty }

    /// Parses `id=replicas@start-end`, e.g. `scorer=4@10s-20s`.
    ///
    /// - Throws: ``OutageError`` saying what was expected.
    public init(parsing text: String) throws(OutageError) {
        let expected = "expected id=replicas@start-end such as scorer=2@10s-20s, or zone:N@start-end such as zone:1@10s-20s"
        if text.hasPrefix("zone:") {
            guard let at = text.firstIndex(of: "@"), let z = Int(text[text.index(text.startIndex, offsetBy: 5)..<at]), (1...Zones.maximumCount).contains(z) else {
                throw OutageError("invalid --down '\(text)': expected zone:N@start-end with N from 1 to \(Zones.maximumCount), such as zone:1@10s-20s")
            }
            let window = text[text.index(after: at)...].split(separator: "-", omittingEmptySubsequences: false)
            guard window.count == 2, let start = Self.seconds(String(window[0])), let end = Self.seconds(String(window[1])) else {
                throw OutageError("invalid --down '\(text)': \(expected)")
            }
            guard start < end else { throw OutageError("invalid --down '\(text)': the window must end after it starts") }
            self = .zone(z, startSeconds: start, endSeconds: end)
            return
        }
        guard let eq = text.firstIndex(of: "="), let at = text.firstIndex(of: "@"), eq < at else {
            throw OutageError("invalid --down '\(text)': \(expected)")
        }
        let id = String(text[..<eq]).trimmingCharacters(in: .whitespaces)
        let window = text[text.index(after: at)...].split(separator: "-", omittingEmptySubsequences: false)
        guard !id.isEmpty, let n = Int(text[text.index(after: eq)..<at].trimmingCharacters(in: .whitespaces)), n >= 1,
              window.count == 2,
              let start = Self.seconds(String(window[0])), let end = Self.seconds(String(window[1])) else {
            throw OutageError("invalid --down '\(text)': \(expected)")
        }
        guard start < end else { throw OutageError("invalid --down '\(text)': the window must end after it starts") }
        self.init(id: id, replicasDown: n, startSeconds: start, endSeconds: end)
    }

    /// A time within the run, spelt as in scenario files (`0s`, `10s`, `2m`), at most a year.
    private static func seconds(_ text: String) -> Double? {
        guard let t = TimeSpan(parsing: text), ValueBounds.allows(t, zero: true) else { return nil }
        return t.seconds
    }

    /// `id=replicas@start-end` with durations spelt as in scenario files (`scorer=4@10s-20s`).
    public var description: String {
        if isWholeZone, let zone { return "zone:\(zone)@\(TimeSpan(seconds: startSeconds))-\(TimeSpan(seconds: endSeconds))" }
        return "\(id)=\(replicasDown)@\(TimeSpan(seconds: startSeconds))-\(TimeSpan(seconds: endSeconds))"
    }
}

/// A `--down` value that cannot be used; `description` is the whole message.
public struct OutageError: Error, Hashable, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
