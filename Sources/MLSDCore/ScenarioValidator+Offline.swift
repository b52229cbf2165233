extension ScenarioValidator {
    /// Kinds that are always on (stores, logs, a registry, where labels arrive): no schedule and no
    /// runs, only a lag.
    static let alwaysOn: Set<ComponentKind> = [.eventLog, .offlineFeatureStore, .labelSource, .modelRegistry]

    /// The offline half's rules: feeds name components, the request path never calls an offline
    /// component, offline settings sit on offline kinds, runs fit their period, and feeds among
    /// offline components form no loop.
    func validateOffline(_ design: Design, known: Set<String>, fileStart: FileLocation) -> [Diagnostic] {
        var out: [Diagnostic] = []
        let ids = design.components.map(\.id)
        let byID = Dictionary(design.components.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        func at(_ c: Component, _ field: String) -> FileLocation { c.fieldLocations[field] ?? c.location ?? fileStart }
        for c in design.components {
            for t in c.feeds {
                if t == c.id {
                    out.append(Diagnostic(.error, at: at(c, "feeds"), "component '\(c.id)' feeds itself; expected the components it writes data into"))
                } else if !known.contains(t) {
                    let hint = EditDistance.suggestion(for: t, among: ids).map { "; did you mean '\($0)'?" } ?? ""
                    out.append(Diagnostic(.error, at: at(c, "feeds"), "feeds target '\(ScenarioReader.printable(t))' is not a component of this design\(hint)"))
                }
            }
            if !c.kind.isOffline {
                for (field, target) in c.calls.flatMap({ g in g.targets.map { ("calls", $0) } }) + (c.onMiss.map { [("on_miss", $0)] } ?? []) + (c.fallback.map { [("fallback", $0)] } ?? []) {
                    if let t = byID[target], t.kind.isOffline {
                        out.append(Diagnostic(.warning, at: at(c, field), "'\(c.id)' calls '\(target)', an offline \(t.kind.rawValue): the simulator sends it requests, but it is costed by its schedule; write the data flow as 'feeds: [\(target)]'"))
                    }
                }
                if let s = c.offline {
                    let keys = [("schedule", s.schedule != nil), ("duration", s.duration != nil), ("data_volume", s.dataVolume != nil),
                                ("throughput", s.throughput != nil), ("compute", s.compute != nil), ("lag", s.lag != nil), ("features", !s.features.isEmpty)]
                    for (key, set) in keys where set {
                        out.append(Diagnostic(.error, at: at(c, key), "'\(key)' applies only to offline components (\(Self.offlineKindList)), not \(c.kind.rawValue)"))
                    }
                }
                continue
            }
            if !c.calls.isEmpty || c.onMiss != nil || c.fallback != nil {
                let field = !c.calls.isEmpty ? "calls" : c.onMiss != nil ? "on_miss" : "fallback"
                out.append(Diagnostic(.warning, at: at(c, field), "offline component '\(c.id)' (\(c.kind.rawValue)) is meant to handle no requests; write where its data goes as 'feeds' instead of '\(field)'"))
            }
            guard let s = c.offline else { continue }
            if Self.alwaysOn.contains(c.kind) {
                for (key, set) in [("schedule", s.schedule != nil), ("duration", s.duration != nil), ("data_volume", s.dataVolume != nil), ("throughput", s.throughput != nil), ("compute", s.compute != nil)] where set {
                    out.append(Diagnostic(.error, at: at(c, key), "'\(key)' does not apply to '\(c.id)' (\(c.kind.rawValue)): it is always on; give its delay as 'lag'"))
                }
            } else if s.schedule == .continuous || (s.schedule == nil && OfflineDefaults.of(c.kind)?.schedule == .continuous) {
                for (key, set) in [("duration", s.duration != nil), ("data_volume", s.dataVolume != nil), ("throughput", s.throughput != nil)] where set {
                    out.append(Diagnostic(.warning, at: at(c, key), "'\(key)' on '\(c.id)' has no effect: it runs continuously, so it has no runs; its delay is 'lag'"))
                }
            } else if s.duration != nil, s.dataVolume != nil {
                out.append(Diagnostic(.warning, at: at(c, "data_volume"), "'data_volume' on '\(c.id)' has no effect: 'duration' gives the run's length outright"))
            }
            if s.throughput != nil, s.dataVolume == nil, s.duration == nil {
                out.append(Diagnostic(.warning, at: at(c, "throughput"), "'throughput' on '\(c.id)' has no effect without 'data_volume'"))
            }
        }
        let plan = OfflinePlan(design: design)
        for id in plan.overlapping {
            guard let c = byID[id], let stage = plan[stage: id], let period = stage.schedule?.periodSeconds else { continue }
            out.append(Diagnostic(.warning, at: c.location ?? fileStart,
                                  "a run of '\(id)' takes \(FigureFormat.age(seconds: stage.runSeconds ?? 0)), longer than its period of \(FigureFormat.age(seconds: period)): runs pile up; add workers (replicas) or run less often"))
        }
        out += feedLoops(design, fileStart: fileStart)
        return out
    }

    static let offlineKindList = ComponentKind.allCases.filter(\.isOffline).map(\.rawValue).joined(separator: ", ")

    /// One error per loop of feeds among offline components (a loop through an online component,
    /// such as a model server logging to the event log its training reads, is the normal ML loop).
    func feedLoops(_ design: Design, fileStart: FileLocation) -> [Diagnostic] {
        let byID = Dictionary(design.components.filter(\.kind.isOffline).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var state: [String: Int] = [:]
        var out: [Diagnostic] = []
        for root in design.components where root.kind.isOffline && state[root.id] == nil {
            var stack: [(id: String, next: Int)] = [(root.id, 0)]
            state[root.id] = 1
            while let top = stack.last {
                let edges = byID[top.id]?.feeds.filter { byID[$0] != nil && $0 != top.id } ?? []
                guard top.next < edges.count else {
                    state[top.id] = 2
                    stack.removeLast()
                    continue
                }
                stack[stack.count - 1].next += 1
                let next = edges[top.next]
                if state[next] == 1 {
                    let start = stack.lastIndex { $0.id == next } ?? 0
                    out.append(Diagnostic(.error, at: byID[top.id]?.location ?? fileStart,
                                          "feed loop among offline components: \(Self.describe(stack[start...].map(\.id) + [next])); data would never settle"))
                } else if state[next] == nil {
                    state[next] = 1
                    stack.append((next, 0))
                }
            }
        }
        return out
    }
}
