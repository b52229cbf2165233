extension DesignOverride {
    /// Component keys of the offline half that `--set` (and the TUI's inspector) may change: where
    /// a component's data goes, whether its requests are all unique, and an offline component's
    /// schedule, run, compute, lag and features.
    public static let offlineKeys = ["feeds", "unique_requests"] + OfflineSettings.keys

    /// A `feeds`, `unique_requests` or offline-settings change (README "Offline pipelines"); `none`
    /// clears it, so the kind's default applies (for `unique_requests`, false). Which kinds may carry the settings, and whether every `feeds` target
    /// exists, is judged by the validator afterwards (``Scenario/applying(_:)``), as for a file.
    /// Returns false when `key` is none of them.
    func applyOffline(to c: inout Component) throws(DesignOverrideError) -> Bool {
        guard Self.offlineKeys.contains(key) else { return false }
        let isNone = value == "none"
        func invalid(_ expected: String) -> DesignOverrideError {
            DesignOverrideError("invalid --set '\(self)': expected \(expected), or none for '\(key)'")
        }
        /// `a, b`, `a,b` or `[a, b]`: the items, each non-empty; nil when one is empty.
        func list() -> [String]? {
            var text = Substring(value)
            if text.hasPrefix("["), text.hasSuffix("]") { text = text.dropFirst().dropLast() }
            let items = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard !items.isEmpty, !items.contains(where: \.isEmpty) else { return nil }
            var unique: [String] = []
            for item in items where !unique.contains(item) { unique.append(item) }
            return unique
        }
        if key == "unique_requests" {
            switch value {
            case "true": c.uniqueRequests = true
            case "false", "none": c.uniqueRequests = false
            default: throw invalid("true or false")
            }
            return true
        }
        if key == "feeds" {
            if isNone { c.feeds = []; return true }
            guard let ids = list() else { throw invalid("a comma-separated list of component ids such as evaluation, registry") }
            c.feeds = ids
            return true
        }
        var s = c.offline ?? OfflineSettings()
        /// `none` clears the setting; anything else must read, or the message says what was expected.
        func set<T>(_ field: WritableKeyPath<OfflineSettings, T?>, _ expected: String, _ read: (String) -> T?) throws(DesignOverrideError) {
            if isNone { s[keyPath: field] = nil; return }
            guard let v = read(value) else { throw invalid(expected) }
            s[keyPath: field] = v
        }
        switch key {
        case "schedule": try set(\.schedule, OfflineSettings.scheduleExpected, OfflineSettings.parseSchedule)
        case "duration":
            try set(\.duration, "a duration above 0 such as 3h, at most a year") { TimeSpan(parsing: $0).flatMap { ValueBounds.allows($0) ? $0 : nil } }
        case "data_volume": try set(\.dataVolume, OfflineSettings.dataVolumeExpected, OfflineSettings.parseDataVolume)
        case "throughput": try set(\.throughput, OfflineSettings.throughputExpected, OfflineSettings.parseThroughput)
        case "compute": try set(\.compute, ComputeType.allCases.map(\.rawValue).joined(separator: " or ")) { ComputeType(rawValue: $0) }
        case "lag":
            try set(\.lag, "a duration of at least 0 such as 30d, at most a year") { TimeSpan(parsing: $0).flatMap { ValueBounds.allows($0, zero: true) ? $0 : nil } }
        default:    // features
            if isNone { s.features = [] } else {
                guard let names = list() else { throw invalid("a comma-separated list of feature names such as spend_1h, txn_count_10m") }
                s.features = names
            }
        }
        c.offline = s.isEmpty ? nil : s
        return true
    }
}
