internal import Yams

extension ScenarioReader.Keys {
    /// Component keys of the offline half (README "Offline pipelines").
    static let offlineComponent = ["feeds", "unique_requests", "schedule", "duration", "data_volume", "throughput", "compute", "lag", "features"]
}

extension ScenarioReader {
    /// Reads `feeds`, `unique_requests` and the offline settings of a component. Settings that only
    /// offline kinds take are reported on an online component by ``ScenarioValidator``.
    mutating func readOffline(_ map: Node.Mapping, into c: inout Component) {
        if let f = map["feeds"] {
            if let single = f.scalar?.string {
                c.feeds = [single]
            } else {
                for t in list(f, context: "feeds", example: "[velocity_cache]") {
                    if let s = t.string { c.feeds.append(s) } else { error(at: t, "expected a component id in 'feeds'") }
                }
            }
        }
        c.uniqueRequests = boolean(map, "unique_requests") ?? false
        var s = OfflineSettings()
        if let (text, node) = scalarText(map, "schedule", required: false, at: nil, expected: "continuous, triggered or every 24h") {
            if let v = OfflineSettings.parseSchedule(text) { s.schedule = v } else {
                error(at: node, "invalid value '\(Self.printable(text))' for 'schedule': expected \(OfflineSettings.scheduleExpected)")
            }
        }
        s.duration = duration(map, "duration")
        if let (text, node) = scalarText(map, "data_volume", required: false, at: nil, expected: "an amount of data such as 500GB") {
            if let v = OfflineSettings.parseDataVolume(text) { s.dataVolume = v } else {
                error(at: node, "invalid value '\(Self.printable(text))' for 'data_volume': expected \(OfflineSettings.dataVolumeExpected)")
            }
        }
        if let (text, node) = scalarText(map, "throughput", required: false, at: nil, expected: "data per hour such as 100GB/h") {
            if let v = OfflineSettings.parseThroughput(text) { s.throughput = v } else {
                error(at: node, "invalid value '\(Self.printable(text))' for 'throughput': expected \(OfflineSettings.throughputExpected)")
            }
        }
        s.compute = enumValue(map, "compute", ComputeType.self)
        s.lag = duration(map, "lag", allowZero: true)
        s.features = stringList(map, "features") ?? []
        if !s.isEmpty { c.offline = s }
    }
}

extension Scenario {
    /// The YAML lines of a component's data flows and offline settings, in the reader's key order.
    func offlineLines(_ c: Component) -> [String] {
        var l: [String] = []
        if !c.feeds.isEmpty { l.append("feeds: [\(c.feeds.map(YAMLWriter.quote).joined(separator: ", "))]") }
        if c.uniqueRequests { l.append("unique_requests: true") }
        guard let s = c.offline else { return l }
        if let v = s.schedule { l.append("schedule: \(YAMLWriter.quote(v.description))") }
        if let v = s.duration { l.append("duration: \(v)") }
        if let v = s.dataVolume { l.append("data_volume: \(v)") }
        if let v = s.throughput { l.append("throughput: \(v)") }
        if let v = s.compute { l.append("compute: \(v.rawValue)") }
        if let v = s.lag { l.append("lag: \(v)") }
        if !s.features.isEmpty { l.append("features: [\(s.features.map(YAMLWriter.quote).joined(separator: ", "))]") }
        return l
    }
}
