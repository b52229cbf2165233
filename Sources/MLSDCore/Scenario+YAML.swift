import Foundation
internal import Yams

extension Scenario {
    /// Reads a scenario file, reporting every problem at once.
    ///
    /// - Parameters:
    ///   - text: the YAML source.
    ///   - path: the name used in diagnostics (`Scenarios/fraud-detection.yaml`).
    /// - Returns: the scenario and any warnings (e.g. unreachable components).
    /// - Throws: ``ScenarioError`` with every error and warning, sorted by position, when there is any error.
    public static func parse(yaml text: String, path: String) throws(ScenarioError) -> (scenario: Scenario, warnings: [Diagnostic]) {
        guard text.utf8.count <= maximumFileBytes else {
            throw ScenarioError(diagnostics: [TextFile.tooLarge(text.utf8.count, maximumFileBytes).diagnostic(path: path)])
        }
        var reader = ScenarioReader(path: path)
        let scenario = reader.read(text)
        if let scenario {
            reader.diagnostics += ScenarioValidator(path: path, declaredIDs: reader.declaredIDs, isComplete: !reader.hasIncompleteComponents).validate(scenario)
        }
        let errors = reader.diagnostics.filter { $0.severity == .error }
        guard let scenario, errors.isEmpty else {
            throw ScenarioError(diagnostics: Array(reader.diagnostics.sorted { $0.location < $1.location }.prefix(ScenarioReader.maximumDiagnostics)))
        }
        return (scenario, reader.diagnostics.sorted { $0.location < $1.location })
    }

    /// Reads a scenario file from disk. A file that cannot be read is reported as a located
    /// diagnostic: missing, a directory or other non-regular file, unreadable, over
    /// ``maximumFileBytes``, not UTF-8 or binary.
    public static func load(contentsOf path: String) throws(ScenarioError) -> (scenario: Scenario, warnings: [Diagnostic]) {
        let text: String
        do { text = try TextFile.read(path, maximumBytes: maximumFileBytes) } catch {
            throw ScenarioError(diagnostics: [error.diagnostic(path: path)])
        }
        return try parse(yaml: text, path: path)
    }

    /// The largest scenario file accepted: 4 MB (the largest shipped one is under 16 KB).
    public static let maximumFileBytes = 4 << 20

    /// The most components a design may have. Each costs memory in every simulation and time in
    /// every layout; 1 000 is far beyond any design drawn by hand (the largest shipped has 12).
    public static let maximumComponents = 1_000
}

/// Turns composed YAML nodes into a ``Scenario``, collecting located diagnostics instead of stopping at the first.
struct ScenarioReader {
    static let maximumDiagnostics = 50
    let path: String
    var diagnostics: [Diagnostic] = []
    /// Every component id written in the file, including those whose properties have errors.
    var declaredIDs: Set<String> = []
    /// Later duplicates of keys, hidden from the parser (see ``composeRoot(_:expected:)``); already reported.
    var hiddenKeys: Set<String> = []
    /// True when some component could not be read; whole-design checks then skip what they cannot judge.
    var hasIncompleteComponents = false

    init(path: String) { self.path = path }

    // MARK: Top level

    /// Composes the YAML into nodes, or records the syntax error (or that the file is empty) and returns nil.
    ///
    /// Yams stops at the first duplicate key. So that every problem is still reported in one run, each
    /// later duplicate is reported at its own position and hidden from a second parse (its first
    /// letter becomes `~`, which keeps every column in place); the reader then ignores those keys.
    mutating func composeRoot(_ text: String, expected: String) -> Node? {
        if let problem = YAMLAliasCheck.check(text) {
            diagnostics.append(Diagnostic(.error, at: FileLocation(path: path, line: problem.line, column: problem.column), problem.message))
            return nil
        }
        var source = text
        for _ in 0..<Self.maximumDiagnostics {
            do {
                guard let root = try Yams.compose(yaml: source) else {
                    error(at: nil, "the file is empty; expected \(expected)")
                    return nil
                }
                return root
            } catch let YamlError.duplicatedKeysInMapping(duplicates, context) {
                guard let key = duplicates.first,
                      let (range, line, column) = Self.laterOccurrence(of: key, after: context.mark, in: source) else {
                    report(yamlError: .duplicatedKeysInMapping(duplicates: duplicates, context: context), source: source)
                    return nil
                }
                diagnostics.append(Diagnostic(.error, at: FileLocation(path: path, line: line, column: column),
                                              "duplicate key '\(Self.printable(key))'; it is already set at line \(context.mark.line)"))
                hiddenKeys.insert("~" + key.dropFirst())
                source.replaceSubrange(range, with: "~")
            } catch let error as YamlError {
                report(yamlError: error, source: source)
                return nil
            } catch {
                self.error(at: nil, "cannot parse YAML: \(error)")
                return nil
            }
        }
        return nil
    }

    /// The first letter of the next `key:` after `mark` in the same mapping: at the same column on a
    /// later line for a block mapping, or anywhere after it for a flow mapping. Returns its range and
    /// 1-based line and column.
    static func laterOccurrence(of key: String, after mark: Mark, in text: String) -> (Range<String.Index>, Int, Int)? {
        guard !key.isEmpty else { return nil }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard mark.line >= 1, mark.line <= lines.count else { return nil }
        let firstLine = lines[mark.line - 1]
        let isBlock = firstLine.prefix(mark.column - 1).allSatisfy { $0 == " " || $0 == "-" }
        for (offset, line) in lines.enumerated() where offset + 1 >= mark.line {
            var searchStart = line.startIndex
            if offset + 1 == mark.line {
                guard let after = line.index(line.startIndex, offsetBy: mark.column - 1 + key.count, limitedBy: line.endIndex) else { continue }
                searchStart = after
            }
            var cursor = searchStart
            while let found = line.range(of: key, range: cursor..<line.endIndex) {
                cursor = found.upperBound
                let column = line.distance(from: line.startIndex, to: found.lowerBound) + 1
                let before = found.lowerBound == line.startIndex ? " " : line[line.index(before: found.lowerBound)]
                let rest = line[found.upperBound...].drop { $0 == " " }
                guard rest.first == ":", " {,\t".contains(before) else { continue }
                if isBlock {
                    guard column == mark.column, line.prefix(column - 1).allSatisfy({ $0 == " " || $0 == "-" }) else { continue }
                }
                let lineStart = text.index(text.startIndex, offsetBy: lines[..<offset].reduce(0) { $0 + $1.count + 1 })
                let start = text.index(lineStart, offsetBy: column - 1)
                return (start..<text.index(after: start), offset + 1, column)
            }
        }
        return nil
    }

    mutating func read(_ text: String) -> Scenario? {
        guard let root = composeRoot(text, expected: "a mapping with 'name' and 'design'") else { return nil }
        guard let map = mapping(root, context: "the file", keys: Keys.top) else { return nil }
        let name = string(map, "name", required: true, at: root, expected: "the scenario's name") ?? ""
        let summary = string(map, "summary") ?? ""
        var requirements = Requirements()
        if let node = map["requirements"] { requirements = readRequirements(node) }
        var design: Design?
        if let node = map["design"] { design = readDesign(node, key: map.keys.first { $0.string == "design" }) } else { error(at: root, "missing key 'design'; expected the design's entry and components") }
        var interview = InterviewMaterial()
        if let node = map["interview"] { interview = readInterview(node) }
        let gaps = stringList(map, "known_gaps") ?? []
        guard let design else { return nil }
        return Scenario(name: name, summary: summary, requirements: requirements, design: design, interview: interview, knownGaps: gaps)
    }

    mutating func readRequirements(_ node: Node) -> Requirements {
        var r = Requirements()
        guard let map = mapping(node, context: "requirements", keys: Keys.requirements) else { return r }
        r.peakQPS = rate(map, "peak_qps")
        r.users = string(map, "users")
        if let latency = map["latency"], let lm = mapping(latency, context: "latency", keys: ["p50", "p95", "p99", "p999"]) {
            r.latencyP50 = duration(lm, "p50")
            r.latencyP95 = duration(lm, "p95")
            r.latencyP99 = duration(lm, "p99")
            r.latencyP999 = duration(lm, "p999")
        }
        r.availability = percentage(map, "availability")
        r.maxErrorRate = percentage(map, "max_error_rate", allowZero: true)
        r.monthlyBudget = money(map, "monthly_budget")
        r.ttftP50 = duration(map, "ttft_p50")
        r.ttftP99 = duration(map, "ttft_p99")
        r.tpotP50 = duration(map, "tpot_p50")
        r.tpotP99 = duration(map, "tpot_p99")
        // Targets out of order (p50 above p99), at the lower one's key; a 100% availability at its own.
        let latencyMap = map["latency"]?.mapping
        for w in r.warnings {
            diagnostics.append(Diagnostic(.warning, at: location(of: map[w.key] ?? latencyMap?[w.key] ?? node), w.message))
        }
        r.featureFreshness = duration(map, "feature_freshness")
        r.modelMaxAge = duration(map, "model_max_age")
        r.labelDelay = duration(map, "label_delay")
        r.trainingBudget = money(map, "training_budget")
        return r
    }

    mutating func readDesign(_ node: Node, key: Node?) -> Design? {
        guard let map = mapping(node, context: "design", keys: Keys.design) else { return nil }
        let entry = string(map, "entry", required: true, at: key ?? node, expected: "the id of the component that receives requests")
        var workload = Workload()
        if let w = map["workload"] { workload = readWorkload(w) }
        var components: [Component] = []
        if let cnode = map["components"] {
            if let cmap = cnode.mapping {
                var read = 0
                for (key, value) in cmap where !hiddenKeys.contains(key.string ?? "") {
                    read += 1
                    guard read <= Scenario.maximumComponents else {
                        // Reported once; later ids still count as declared, so references to them are not errors too.
                        if read == Scenario.maximumComponents + 1 {
                            error(at: key, "too many components: the design has \(cmap.count); at most \(Scenario.maximumComponents) are allowed")
                            hasIncompleteComponents = true
                        }
                        if let id = key.string { declaredIDs.insert(id) }
                        continue
                    }
                    guard let id = key.string, !id.isEmpty else {
                        error(at: key, "invalid component id; expected a name such as 'scorer'")
                        continue
                    }
                    if !Self.isValidID(id) {
                        error(at: key, "invalid component id '\(Self.printable(id))'; expected letters, digits, '_' or '-'")
                    }
                    declaredIDs.insert(id)
                    if let c = readComponent(id: id, key: key, value) { components.append(c) } else { hasIncompleteComponents = true }
                }
            } else {
                error(at: cnode, "'components' must be a mapping from component id to its properties")
            }
        } else {
            error(at: key ?? node, "missing key 'components' in design; expected at least one component")
        }
        guard let entry else { return nil }
        if declaredIDs.isEmpty, map["components"]?.mapping != nil {
            error(at: map["components"], "the design has no components; expected at least the entry component")
        }
        if !declaredIDs.isEmpty, !declaredIDs.contains(entry) {
            let hint = EditDistance.suggestion(for: entry, among: declaredIDs.sorted()).map { "; did you mean '\($0)'?" } ?? ""
            error(at: map["entry"], "entry '\(Self.printable(entry))' is not a component of this design\(hint)")
        }
        var design = Design(entry: entry, components: components, workload: workload)
        design.zones = integer(map, "zones", minimum: 1, maximum: Zones.maximumCount)
        design.zoneAvailability = percentage(map, "zone_availability")
        return design
    }

    mutating func readWorkload(_ node: Node) -> Workload {
        var w = Workload()
        guard let map = mapping(node, context: "workload", keys: Keys.workload) else { return w }
        w.qps = rate(map, "qps")
        let pattern = string(map, "pattern") ?? "poisson"
        switch pattern {
        case "poisson": w.pattern = .poisson
        case "burst":
            let factor = number(map, "factor") ?? Workload.Pattern.defaultBurstFactor
            let every = duration(map, "every") ?? Workload.Pattern.defaultBurstEvery
            let length = duration(map, "length") ?? Workload.Pattern.defaultBurstLength
            w.pattern = .burst(factor: factor, every: every, length: length)
            if let message = w.burstWarning {
                diagnostics.append(Diagnostic(.warning, at: location(of: map["length"] ?? map["every"] ?? node), message))
            }
        case "diurnal":
            w.pattern = .diurnal(amplitude: percentage(map, "amplitude") ?? Workload.Pattern.defaultDiurnalAmplitude,
                                 period: duration(map, "period") ?? Workload.Pattern.defaultDiurnalPeriod)
        default:
            error(at: map["pattern"], "invalid value '\(Self.printable(pattern))' for 'pattern': expected poisson, burst or diurnal")
        }
        w.inputTokens = tokens(map, "input_tokens")
        w.outputTokens = tokens(map, "output_tokens")
        w.users = integer(map, "concurrency", minimum: 1, maximum: Workload.maximumUsers)
        w.thinkTime = duration(map, "think_time", allowZero: true)
        if w.users != nil, map["qps"] != nil {
            error(at: map["concurrency"], "'concurrency' (closed-loop users) and 'qps' (open arrivals) exclude each other; expected one of them")
        }
        if w.thinkTime != nil, w.users == nil {
            error(at: map["think_time"], "'think_time' needs 'concurrency': only closed-loop users pause between requests")
        }
        return w
    }

    /// Tokens per request: a whole number, or `{ p50: 800, p90: 2400 }` for a lognormal.
    mutating func tokens(_ map: Node.Mapping, _ key: String) -> TokenCount? {
        guard let node = map[key] else { return nil }
        if node.scalar != nil { return integer(map, key, minimum: 1, maximum: TokenCount.maximum).map { .fixed($0) } }
        guard let tm = mapping(node, context: "'\(key)'", keys: ["p50", "p90"]) else { return nil }
        guard let p50 = integer(tm, "p50", minimum: 1, maximum: TokenCount.maximum, required: true, at: node),
              let p90 = integer(tm, "p90", minimum: 1, maximum: TokenCount.maximum, required: true, at: node) else { return nil }
        guard p90 >= p50 else {
            error(at: tm["p90"], "invalid value '\(p90)' for 'p90' of '\(key)': expected at least the p50 (\(p50))")
            return nil
        }
        return .lognormal(p50: p50, p90: p90)
    }

    /// An `llm_server`'s settings, nil when the component has none of their keys.
    mutating func readLLM(_ map: Node.Mapping, kind: ComponentKind) -> LLMSettings? {
        let present = LLMSettings.keys.filter { map[$0] != nil }
        guard let first = present.first else { return nil }
        if kind != .llmServer {
            error(at: map.keys.first { $0.string == first }, "'\(first)' applies only to components of kind llm_server, not \(kind.rawValue)")
            return nil
        }
        var s = LLMSettings()
        if let m = map["model"] {
            if let name = m.scalar?.string {
                if LLMModelShape.preset(named: name) != nil {
                    s.model = .preset(name.lowercased())
                } else {
                    let names = LLMModelShape.presets.map(\.name)
                    let hint = EditDistance.suggestion(for: name, among: names).map { "; did you mean '\($0)'?" } ?? ""
                    error(at: m, "unknown model '\(Self.printable(name))'\(hint); expected one of \(names.joined(separator: ", ")) or { parameters: 8b, layers: 32, kv_heads: 8, head_dim: 128 }")
                }
            } else if let mm = mapping(m, context: "'model'", keys: ["name", "parameters", "active_parameters", "layers", "hidden", "kv_heads", "head_dim"]) {
                let params = parameterCount(mm, "parameters", required: true, at: m)
                let active = parameterCount(mm, "active_parameters", required: false, at: m)
                let layers = integer(mm, "layers", minimum: 1, maximum: 1000, required: true, at: m)
                let kvHeads = integer(mm, "kv_heads", minimum: 1, maximum: 1024, required: true, at: m)
                let headDim = integer(mm, "head_dim", minimum: 1, maximum: 4096, required: true, at: m)
                let hidden = integer(mm, "hidden", minimum: 1, maximum: 1 << 20)
                if let active, let params, active > params {
                    error(at: mm["active_parameters"], "'active_parameters' (\(UnitNumber.format(active))) exceeds 'parameters' (\(UnitNumber.format(params))); expected at most the total")
                }
                if let params, let layers, let kvHeads, let headDim {
                    // A dense transformer has about 12 · layers · hidden² parameters.
                    let h = hidden ?? max(1, Int((params / (12 * Double(layers))).squareRoot()))
                    s.model = .custom(LLMModelShape(name: string(mm, "name") ?? "custom", parameters: params, activeParameters: active, layers: layers,
                                                    hidden: h, kvHeads: kvHeads, headDim: headDim,
                                                    source: "given in the design file" + (hidden == nil ? " (hidden size estimated as √(parameters ÷ 12 ÷ layers))" : "")))
                }
            }
        }
        s.gpu = enumValue(map, "gpu", GPUType.self)
        s.gpusPerReplica = integer(map, "gpus_per_replica", minimum: 1, maximum: LLMServerSpec.maxGPUsPerReplica)
        s.precision = enumValue(map, "precision", LLMPrecision.self)
        s.maxBatchTokens = integer(map, "max_batch_tokens", minimum: 1, maximum: 1 << 20)
        s.maxSeqs = integer(map, "max_seqs", minimum: 1, maximum: 65_536)
        s.prefixCacheHitRatio = percentage(map, "prefix_cache_hit_ratio", allowZero: true)
        s.chunkedPrefill = boolean(map, "chunked_prefill")
        return s
    }

    /// A parameter count: `8b`, `70.6b`, `8030000000` or `8.03e9`; from 1 M to 10 T.
    mutating func parameterCount(_ map: Node.Mapping, _ key: String, required: Bool, at parent: Node?) -> Double? {
        guard let (s, node) = scalarText(map, key, required: required, at: parent, expected: "a parameter count such as 8b") else { return nil }
        let text = s.lowercased()
        var v: Double?
        if text.hasSuffix("b"), let x = Double(text.dropLast()) { v = x * 1e9 }
        else if text.hasSuffix("m"), let x = Double(text.dropLast()) { v = x * 1e6 }
        else { v = Double(text) }
        guard let v, v.isFinite, v >= 1e6, v <= 1e13 else {
            error(at: node, "invalid value '\(Self.printable(s))' for '\(key)': expected a parameter count from 1m to 10000b such as 8b or 70.6b")
            return nil
        }
        return v
    }

    mutating func readComponent(id: String, key: Node, _ node: Node) -> Component? {
        guard let map = mapping(node, context: "component '\(id)'", keys: Keys.component) else { return nil }
        guard let kindText = string(map, "kind", required: true, at: key, expected: "a component kind such as model_server") else { return nil }
        let known = ComponentKind(rawValue: kindText)
        let kind: ComponentKind
        if let known {
            kind = known
        } else {
            let near = EditDistance.suggestion(for: kindText, among: ComponentKind.allCases.map(\.rawValue))
            let hint = near.map { "; did you mean '\($0)'?" } ?? "; expected one of \(ComponentKind.allCases.map(\.rawValue).joined(separator: ", "))"
            error(at: map["kind"], "unknown component kind '\(Self.printable(kindText))'\(hint)")
            // Read on as the kind it likely means (else a station), so that the component's other
            // errors show in the same run (`kind: cahce` hid `replicas: -3`); it is left out after.
            kind = near.flatMap(ComponentKind.init(rawValue:)) ?? .station
        }
        var c = Component(id: id, kind: kind)
        c.location = location(of: key)
        for (k, v) in map {
            if let name = k.string { c.fieldLocations[name] = location(of: v.scalar != nil ? v : k) }
        }
        c.label = string(map, "label")
        c.notes = string(map, "notes")
        c.size = enumValue(map, "size", ModelSize.self)
        c.hardware = enumValue(map, "hardware", Hardware.self)
        c.replicas = integer(map, "replicas", minimum: 1) ?? 1
        c.concurrency = integer(map, "concurrency", minimum: 1)
        if let l = map["latency"] { c.latency = latency(l) }
        c.queueLimit = integer(map, "queue_limit", minimum: 0)
        c.timeout = duration(map, "timeout")
        c.retries = integer(map, "retries", minimum: 0, maximum: 10) ?? 0
        c.retryBudget = percentage(map, "retry_budget", allowZero: true)
        c.backoff = duration(map, "backoff")
        if let b = map["circuit_breaker"], let bm = mapping(b, context: "circuit_breaker", keys: ["failures", "open_for", "half_open_probes"]) {
            var breaker = CircuitBreaker()
            let range = CircuitBreaker.countRange
            if let v = integer(bm, "failures", minimum: range.lowerBound, maximum: range.upperBound) { breaker.failures = v }
            if let v = duration(bm, "open_for") { breaker.openFor = v }
            if let v = integer(bm, "half_open_probes", minimum: range.lowerBound, maximum: range.upperBound) { breaker.halfOpenProbes = v }
            c.circuitBreaker = breaker
        }
        c.deadlinePropagation = boolean(map, "deadline_propagation") ?? false
        c.deadlineShedding = boolean(map, "deadline_shedding") ?? false
        c.fallback = string(map, "fallback")
        if let b = map["batching"], let bm = mapping(b, context: "batching", keys: ["max_batch", "max_wait"]) {
            let maxBatch = integer(bm, "max_batch", minimum: 1, required: true, at: b)
            let maxWait = duration(bm, "max_wait", allowZero: true, required: true, at: b)
            if let maxBatch, let maxWait { c.batching = Batching(maxBatch: maxBatch, maxWait: maxWait) }
        }
        if let o = map["optimizations"] {
            for item in list(o, context: "optimizations") {
                guard let s = item.string else { error(at: item, "expected an optimisation name"); continue }
                if let opt = Optimization(rawValue: s) {
                    if c.optimizations.contains(opt) { error(at: item, "optimisation '\(s)' is listed twice") } else { c.optimizations.append(opt) }
                } else {
                    let hint = EditDistance.suggestion(for: s, among: Optimization.allCases.map(\.rawValue)).map { "; did you mean '\($0)'?" } ?? ""
                    error(at: item, "unknown optimisation '\(Self.printable(s))'\(hint); expected one of \(Optimization.allCases.map(\.rawValue).joined(separator: ", "))")
                }
            }
        }
        c.availability = percentage(map, "availability")
        c.zones = integer(map, "zones", minimum: 1, maximum: Zones.maximumCount)
        c.costPerHour = money(map, "cost", allowZero: true)
        c.hitRatio = percentage(map, "hit_ratio", allowZero: true)
        c.onMiss = string(map, "on_miss")
        c.llm = readLLM(map, kind: kind)
        readRetrieval(map, into: &c)
        if let calls = map["calls"] {
            for item in list(calls, context: "calls", example: "[{ sequence: [scorer] }]") { if let g = readCallGroup(item) { c.calls.append(g) } }
        }
        readOffline(map, into: &c)
        if let p = map["position"], let pm = mapping(p, context: "position", keys: ["column", "row"]) {
            if let col = integer(pm, "column", minimum: 0, required: true, at: p), let row = integer(pm, "row", minimum: 0, required: true, at: p) {
                c.position = GridPosition(column: col, row: row)
            }
        }
        return known == nil ? nil : c
    }

    mutating func readCallGroup(_ node: Node) -> CallGroup? {
        // `calls: [b]`, the first thing a new user writes: say how a call is written, and read it as
        // the sequence it most likely means, so that the checks after it (reachability, cycles)
        // judge the design as meant instead of adding "not reachable" warnings.
        if let id = node.scalar?.string, !id.isEmpty {
            error(at: node, "a call is a mapping such as { sequence: [\(id)] } (one after another), { parallel: [\(id), …] } or { async: [\(id)] }, not a bare component id")
            var group = CallGroup(mode: .sequence, targets: [id], probability: nil, rule: nil, location: location(of: node))
            group.targetLocations = [location(of: node)]
            return group
        }
        guard let map = mapping(node, context: "a call", keys: CallMode.allCases.map(\.rawValue) + ["probability", "when"]) else { return nil }
        let modes = CallMode.allCases.filter { map[$0.rawValue] != nil }
        guard modes.count == 1, let mode = modes.first, let targetsNode = map[mode.rawValue] else {
            error(at: node, modes.isEmpty ? "a call needs one of 'sequence', 'parallel' or 'async'" : "a call has exactly one of 'sequence', 'parallel' or 'async'; split it into separate calls")
            return nil
        }
        var targets: [String] = []
        var targetLocations: [FileLocation] = []
        if let single = targetsNode.scalar?.string {
            targets = [single]
            targetLocations = [location(of: targetsNode)]
        } else {
            for t in list(targetsNode, context: mode.rawValue) {
                if let s = t.string { targets.append(s); targetLocations.append(location(of: t)) } else { error(at: t, "expected a component id") }
            }
        }
        if targets.isEmpty { error(at: targetsNode, "'\(mode.rawValue)' lists no components") }
        let keyNode = map.keys.first { $0.string == mode.rawValue }
        var rule: TokenRule?
        if let whenNode = map["when"] {
            if let text = whenNode.string, let r = TokenRule.parse(text) { rule = r } else {
                error(at: whenNode, "invalid value '\(whenNode.string ?? "")' for 'when': expected \(TokenRule.expected)")
            }
        }
        let probability = percentage(map, "probability", allowZero: true)
        if rule != nil, probability != nil {
            error(at: map["when"], "a call has 'when' or 'probability', not both: a router takes a rule's calls for the requests that meet it, and shares the rest by 'probability'")
        }
        var group = CallGroup(mode: mode, targets: targets, probability: probability, rule: rule, location: location(of: keyNode ?? node))
        group.targetLocations = targetLocations
        return group
    }

    mutating func readInterview(_ node: Node) -> InterviewMaterial {
        var m = InterviewMaterial()
        guard let map = mapping(node, context: "interview", keys: Keys.interview) else { return m }
        m.prompt = string(map, "prompt")
        m.clarifyingQuestions = stringList(map, "clarifying_questions") ?? []
        m.keyConsiderations = stringList(map, "key_considerations") ?? []
        if let metrics = map["metrics"], let mm = mapping(metrics, context: "metrics", keys: ["offline", "online", "counter"]) {
            m.metrics.offline = stringList(mm, "offline") ?? []
            m.metrics.online = stringList(mm, "online") ?? []
            m.metrics.counter = stringList(mm, "counter") ?? []
        }
        if let answers = map["reference_answers"], let am = mapping(answers, context: "reference_answers", keys: Keys.phases) {
            for (k, v) in am where !hiddenKeys.contains(k.string ?? "") {
                if let key = k.string, let text = v.string { m.referenceAnswers[key] = text } else { error(at: v, "expected text") }
            }
        }
        return m
    }

    // MARK: Typed values

    mutating func mapping(_ node: Node, context: String, keys: [String]) -> Node.Mapping? {
        guard let map = node.mapping else {
            error(at: node, "\(context) must be a mapping of keys to values")
            return nil
        }
        var seen = Set<String>()
        for key in map.keys {
            guard let k = key.string else { error(at: key, "expected a text key"); continue }
            if hiddenKeys.contains(k) { continue }
            if k == "<<" {
                // YAML 1.1's merge key: Yams reads it as a plain key, so nothing would be merged.
                error(at: key, "merge keys ('<<') are not supported in \(context); write its keys out (an anchor's mapping is not merged in)")
            } else if !keys.contains(k) {
                let hint = EditDistance.suggestion(for: k, among: keys).map { "; did you mean '\($0)'?" } ?? "; expected one of \(keys.joined(separator: ", "))"
                error(at: key, "unknown key '\(Self.printable(k))' in \(context)\(hint)")
            }
            if !seen.insert(k).inserted { error(at: key, "duplicate key '\(Self.printable(k))' in \(context)") }
        }
        return map
    }

    mutating func list(_ node: Node, context: String, example: String? = nil) -> [Node] {
        if let seq = node.sequence { return Array(seq) }
        error(at: node, "'\(context)' must be a list" + (example.map { " such as \($0)" } ?? ""))
        return []
    }

    mutating func scalarText(_ map: Node.Mapping, _ key: String, required: Bool, at parent: Node?, expected: String) -> (String, Node)? {
        guard let node = map[key] else {
            if required { error(at: parent, "missing key '\(key)'; expected \(expected)") }
            return nil
        }
        guard let s = node.scalar?.string else {
            error(at: node, "invalid value for '\(key)': expected \(expected)")
            return nil
        }
        return (s, node)
    }

    mutating func string(_ map: Node.Mapping, _ key: String, required: Bool = false, at parent: Node? = nil, expected: String = "text") -> String? {
        guard let (s, node) = scalarText(map, key, required: required, at: parent, expected: expected) else { return nil }
        if s.isEmpty, required { error(at: node, "'\(key)' must not be empty") }
        return s
    }

    mutating func stringList(_ map: Node.Mapping, _ key: String) -> [String]? {
        guard let node = map[key] else { return nil }
        var out: [String] = []
        for item in list(node, context: key) {
            if let s = item.scalar?.string {
                out.append(s)
            } else if item.mapping != nil {
                error(at: item, "expected text in '\(key)', found a mapping; text containing ': ' must be quoted")
            } else {
                error(at: item, "expected text in '\(key)'")
            }
        }
        return out
    }

    mutating func enumValue<E: RawRepresentable & CaseIterable>(_ map: Node.Mapping, _ key: String, _ type: E.Type) -> E? where E.RawValue == String {
        let options = E.allCases.map(\.rawValue)
        guard let (s, node) = scalarText(map, key, required: false, at: nil, expected: options.joined(separator: " or ")) else { return nil }
        if let v = E(rawValue: s) { return v }
        error(at: node, "invalid value '\(Self.printable(s))' for '\(key)': expected \(options.joined(separator: " or "))")
        return nil
    }

    mutating func integer(_ map: Node.Mapping, _ key: String, minimum: Int, maximum: Int = 1_000_000, required: Bool = false, at parent: Node? = nil) -> Int? {
        guard let (s, node) = scalarText(map, key, required: required, at: parent, expected: "a whole number") else { return nil }
        // One message for a word, a fraction and a number too large for a machine integer
        // (`99999999999999999999999999` is a whole number, just out of range): the range.
        guard let v = Int(s), v >= minimum, v <= maximum else {
            error(at: node, "invalid value '\(Self.printable(s))' for '\(key)': expected a whole number from \(minimum) to \(maximum)")
            return nil
        }
        return v
    }

    mutating func boolean(_ map: Node.Mapping, _ key: String) -> Bool? {
        guard let (s, node) = scalarText(map, key, required: false, at: nil, expected: "true or false") else { return nil }
        switch s {
        case "true": return true
        case "false": return false
        default:
            error(at: node, "invalid value '\(Self.printable(s))' for '\(key)': expected true or false")
            return nil
        }
    }

    mutating func number(_ map: Node.Mapping, _ key: String) -> Double? {
        guard let (s, node) = scalarText(map, key, required: false, at: nil, expected: "a number") else { return nil }
        guard let v = UnitNumber.parse(s), v > 0, v <= ValueBounds.maximumFactor else {
            error(at: node, "invalid value '\(Self.printable(s))' for '\(key)': expected a positive number up to 1000")
            return nil
        }
        return v
    }

    mutating func duration(_ map: Node.Mapping, _ key: String, allowZero: Bool = false, required: Bool = false, at parent: Node? = nil) -> TimeSpan? {
        guard let (s, node) = scalarText(map, key, required: required, at: parent, expected: "a duration such as 8ms") else { return nil }
        return durationValue(s, node: node, key: key, allowZero: allowZero)
    }

    mutating func durationValue(_ s: String, node: Node, key: String, allowZero: Bool = false) -> TimeSpan? {
        guard let t = TimeSpan(parsing: s) else {
            error(at: node, "invalid value '\(Self.printable(s))' for '\(key)': expected a duration such as 800us, 8ms, 1.5s or 2m")
            return nil
        }
        guard ValueBounds.allows(t, zero: allowZero) else {
            error(at: node, "invalid value '\(s)' for '\(key)': expected a duration \(allowZero ? "of at least 0" : "greater than 0") and at most a year")
            return nil
        }
        return t
    }

    mutating func rate(_ map: Node.Mapping, _ key: String) -> Rate? {
        guard let (s, node) = scalarText(map, key, required: false, at: nil, expected: "a rate such as 5k/s") else { return nil }
        guard let r = Rate(parsing: s) else {
            error(at: node, "invalid value '\(Self.printable(s))' for '\(key)': " + (Rate.spellingProblem(in: s) ?? "expected a rate such as 500/s, 5k/s or 300/min"))
            return nil
        }
        guard ValueBounds.allows(r) else {
            error(at: node, "invalid value '\(s)' for '\(key)': expected a rate \(ValueBounds.rateText)")
            return nil
        }
        return r
    }

    mutating func percentage(_ map: Node.Mapping, _ key: String, allowZero: Bool = false) -> Percentage? {
        guard let (s, node) = scalarText(map, key, required: false, at: nil, expected: "a percentage such as 99.9%") else { return nil }
        guard let p = Percentage(parsing: s) else {
            error(at: node, "invalid value '\(Self.printable(s))' for '\(key)': expected a percentage such as 99.9%")
            return nil
        }
        guard p.fraction <= 1, p.fraction > 0 || (allowZero && p.fraction == 0) else {
            error(at: node, "invalid value '\(s)' for '\(key)': expected a percentage \(allowZero ? "from 0%" : "above 0%") up to 100%")
            return nil
        }
        return p
    }

    mutating func money(_ map: Node.Mapping, _ key: String, allowZero: Bool = false) -> Money? {
        guard let (s, node) = scalarText(map, key, required: false, at: nil, expected: "an amount such as $0.52/h") else { return nil }
        guard let m = Money(parsing: s) else {
            error(at: node, "invalid value '\(Self.printable(s))' for '\(key)': expected an amount such as $0.52/h or $40000")
            return nil
        }
        let maximum = key == "monthly_budget" || key == "training_budget" ? ValueBounds.maximumBudgetDollars : ValueBounds.maximumDollars
        guard m.dollars > 0 || (allowZero && m.dollars == 0), m.dollars <= maximum else {
            // A price may be $0 (a free component); the message says so where it is.
            let range = allowZero ? "from $0 to $\(UnitNumber.format(maximum))" : "greater than $0 and at most $\(UnitNumber.format(maximum))"
            error(at: node, "invalid value '\(s)' for '\(key)': expected an amount \(range)")
            return nil
        }
        return m
    }

    /// `5ms-20ms`, `5-20ms`, `{ exponential: 8ms }`, `{ constant: 2ms }`, `{ uniform: [1ms, 3ms] }`,
    /// `{ lognormal: { p50: 8ms, p99: 40ms } }`, `{ empirical: [1ms, 2ms, 9ms] }`.
    mutating func latency(_ node: Node) -> LatencyDistribution? {
        if let s = node.scalar?.string {
            // `-5ms` is no range with an empty low end: it read "invalid value '' for 'latency'".
            if s.trimmingCharacters(in: .whitespaces).hasPrefix("-") {
                error(at: node, "invalid value '\(Self.printable(s))' for 'latency': expected a duration of at least 0 such as 8ms, a range such as 5ms-20ms or a distribution such as { exponential: 8ms }")
                return nil
            }
            let parts = s.split(separator: "-", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            // One duration: out of bounds, its own error says so, once (`9999999h` had a second,
            // generic one beside it).
            if parts.count == 1, TimeSpan(parsing: s) != nil { return durationValue(s, node: node, key: "latency", allowZero: true).map { .constant($0) } }
            guard parts.count == 2 else {
                error(at: node, "invalid value '\(Self.printable(s))' for 'latency': expected a duration such as 8ms, a range such as 5ms-20ms or a distribution such as { exponential: 8ms }")
                return nil
            }
            var low = parts[0]
            if UnitNumber.parse(low) != nil { low += String(parts[1].drop(while: { $0.isNumber || $0 == "." })) }
            // `0ms-2ms` was refused as "a duration greater than 0" while `0ms` alone passes: say why
            // a range cannot start at 0, and how to write one that does.
            if let zero = TimeSpan(parsing: low), zero.seconds == 0, TimeSpan(parsing: parts[1]) != nil {
                error(at: node, "invalid value '\(Self.printable(s))' for 'latency': a range's low end is its 5th percentile (a lognormal), so it must be more than 0; "
                      + "for times spread evenly from 0 write { uniform: [0ms, \(Self.printable(parts[1]))] }")
                return nil
            }
            guard let lo = durationValue(low, node: node, key: "latency"), let hi = durationValue(parts[1], node: node, key: "latency") else { return nil }
            guard lo <= hi else {
                error(at: node, "invalid value '\(s)' for 'latency': the low end must not exceed the high end")
                return nil
            }
            return .range(low: lo, high: hi)
        }
        let kinds = ["constant", "exponential", "uniform", "lognormal", "empirical"]
        guard let map = mapping(node, context: "latency", keys: kinds) else { return nil }
        guard map.count == 1, let (k, v) = map.first.map({ ($0.key, $0.value) }), let kind = k.string else {
            error(at: node, "latency needs exactly one of \(kinds.joined(separator: ", "))")
            return nil
        }
        switch kind {
        case "constant":
            guard let text = v.scalar?.string else { return invalidLatency(v, kind) }
            return durationValue(text, node: v, key: kind, allowZero: true).map { .constant($0) }
        case "exponential":
            guard let text = v.scalar?.string else { return invalidLatency(v, kind) }
            return durationValue(text, node: v, key: kind).map { .exponential(mean: $0) }
        case "uniform":
            let items = durations(list(v, context: kind), key: kind)
            guard items.count == 2, items[0] <= items[1] else { return invalidLatency(v, kind, expected: "two durations, low then high, such as [1ms, 3ms]") }
            return .uniform(low: items[0], high: items[1])
        case "lognormal":
            guard let lm = mapping(v, context: "lognormal", keys: ["p50", "p99"]),
                  let p50 = duration(lm, "p50", required: true, at: v), let p99 = duration(lm, "p99", required: true, at: v) else { return nil }
            guard p50 <= p99 else { return invalidLatency(v, kind, expected: "p50 no greater than p99") }
            return .lognormal(p50: p50, p99: p99)
        case "empirical":
            let items = durations(list(v, context: kind), key: kind)
            guard !items.isEmpty else { return invalidLatency(v, kind, expected: "a list of durations such as [1ms, 2ms, 9ms]") }
            return .empirical(items)
        default:
            return nil
        }
    }

    mutating func durations(_ nodes: [Node], key: String) -> [TimeSpan] {
        var out: [TimeSpan] = []
        for n in nodes {
            guard let text = n.scalar?.string else { error(at: n, "expected a duration such as 8ms in '\(key)'"); continue }
            if let t = durationValue(text, node: n, key: key, allowZero: true) { out.append(t) }
        }
        return out
    }

    mutating func invalidLatency(_ node: Node, _ kind: String, expected: String = "a duration such as 8ms") -> LatencyDistribution? {
        if !diagnostics.contains(where: { $0.location == location(of: node) }) {
            error(at: node, "invalid value for '\(kind)': expected \(expected)")
        }
        return nil
    }

    // MARK: Diagnostics

    func location(of node: Node?) -> FileLocation {
        guard let mark = node?.mark else { return FileLocation(path: path, line: 1, column: 1) }
        return FileLocation(path: path, line: mark.line, column: mark.column)
    }

    mutating func error(at node: Node?, _ message: String) {
        diagnostics.append(Diagnostic(.error, at: location(of: node), message))
    }

    /// Records libyaml's error at its position, in words a user can act on where libyaml's are
    /// obscure: a tab that indents, a quote never closed (at the quote, not the end of the file), a
    /// structure nested too deeply, a control character (at its own position).
    mutating func report(yamlError: YamlError, source: String = "") {
        switch yamlError {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _):
            var at = FileLocation(path: path, line: mark.line, column: mark.column)
            var message = "YAML syntax: \(problem)"
            if problem.hasPrefix("Maximum nesting level") {
                message = "YAML syntax: nested too deeply (libyaml stops at 1000 levels of brackets or indentation); expected a flatter structure"
            } else if problem.hasPrefix("found character that cannot start any token"), Self.scalar(in: source, line: mark.line, column: mark.column) == "\t" {
                message = "YAML syntax: a tab; YAML indents and separates with spaces, never tabs"
            } else if let context, context.text.contains("quoted scalar"), problem.contains("end of stream") {
                at = FileLocation(path: path, line: context.mark.line, column: context.mark.column)
                message = "YAML syntax: the quote opened here is never closed"
            } else if let open = Self.runawayQuote(in: source, through: mark.line) {
                // A quote left open runs on to the next quote in the file, and libyaml stumbles
                // there: `label: "fraud scorer` on line 29 read as an error on line 105.
                at = FileLocation(path: path, line: open.line, column: open.column)
                message = "YAML syntax: the quote opened here is not closed on its line; the text runs on to line \(mark.line), where: \(problem)"
            }
            diagnostics.append(Diagnostic(.error, at: at, message))
        case .duplicatedKeysInMapping(let duplicates, let context):
            diagnostics.append(Diagnostic(.error, at: FileLocation(path: path, line: context.mark.line, column: context.mark.column),
                                          "duplicate key '\(duplicates.joined(separator: "', '"))'"))
        case .composer(let context, let problem, let mark, _):
            // One line at the real position: "found undefined alias", "expected a single document
            // in the stream … but found another document" (where the first one began).
            let message = context.map { "\($0.text) (from line \($0.mark.line)) \(problem)" } ?? problem
            diagnostics.append(Diagnostic(.error, at: FileLocation(path: path, line: mark.line, column: mark.column), "YAML: \(message)"))
        case .reader(let problem, let offset, let value, _):
            // libyaml gives the offending character's byte offset: report it where it is, and which one.
            var at = FileLocation(path: path, line: 1, column: 1)
            var message = "cannot read YAML: \(problem)"
            if let offset, offset >= 0, offset <= source.utf8.count {
                let before = source.utf8.prefix(offset)
                let line = before.filter { $0 == 0x0A }.count + 1
                let lineStart = before.lastIndex(of: 0x0A).map { before.index(after: $0) } ?? before.startIndex
                let column = String(decoding: before[lineStart...], as: UTF8.self).unicodeScalars.count + 1
                at = FileLocation(path: path, line: line, column: column)
                if problem.hasPrefix("control characters"), value >= 0 {
                    message = "cannot read YAML: control character U+\(String(format: "%04X", value)) is not allowed; expected printable text (write it as an escape such as \\e inside double quotes)"
                }
            }
            diagnostics.append(Diagnostic(.error, at: at, message))
        default:
            diagnostics.append(Diagnostic(.error, at: FileLocation(path: path, line: 1, column: 1), "cannot parse YAML: \(yamlError)"))
        }
    }

    /// The opening of a quoted scalar that did not close on its own line and ran on to `line` (it
    /// closes there, or is still open): where a forgotten closing quote puts libyaml's error far
    /// from the mistake. A quote opens a scalar only where one starts (after `: `, `- `, `[`, `{`,
    /// `,` or at the line's start), so an apostrophe inside plain text is not one. Nil when no
    /// quote spans lines up to `line`.
    static func runawayQuote(in text: String, through line: Int) -> (line: Int, column: Int)? {
        var open: (line: Int, column: Int, quote: Unicode.Scalar)?
        var runaway: (line: Int, column: Int, closedOn: Int)?
        for (index, row) in text.split(separator: "\n", omittingEmptySubsequences: false).prefix(max(line, 0)).enumerated() {
            let scalars = Array(row.unicodeScalars)
            var i = 0
            var startsScalar = open == nil
            while i < scalars.count {
                let c = scalars[i]
                if let o = open {
                    if o.quote == "\"", c == "\\" { i += 2; continue }
                    if c == o.quote {
                        if o.quote == "'", i + 1 < scalars.count, scalars[i + 1] == "'" { i += 2; continue }
                        if o.line != index + 1 { runaway = (o.line, o.column, index + 1) }
                        open = nil
                        startsScalar = false
                    }
                } else if c == "#", i == 0 || scalars[i - 1] == " " {
                    break
                } else if c == "\"" || c == "'", startsScalar {
                    open = (index + 1, i + 1, c)
                } else if c == "[" || c == "{" || c == "," || ((c == ":" || c == "-") && (i + 1 == scalars.count || scalars[i + 1] == " ")) {
                    startsScalar = true
                } else if c != " " {
                    startsScalar = false
                }
                i += 1
            }
        }
        if let open, open.line < line { return (open.line, open.column) }
        // Only the scalar that ends where libyaml stopped: an earlier string written over several
        // lines on purpose is not blamed for an unrelated error.
        if let runaway, runaway.closedOn == line { return (runaway.line, runaway.column) }
        return nil
    }

    /// The character at a 1-based line and column (columns count Unicode scalars, as libyaml's do).
    static func scalar(in text: String, line: Int, column: Int) -> Unicode.Scalar? {
        guard line >= 1, column >= 1 else { return nil }
        let lines = text.split(separator: "\n", maxSplits: line, omittingEmptySubsequences: false)
        guard line <= lines.count else { return nil }
        let scalars = Array(lines[line - 1].unicodeScalars)
        return column <= scalars.count ? scalars[column - 1] : nil
    }

    static func isValidID(_ id: String) -> Bool {
        id.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" }
    }

    /// Text safe to print in a diagnostic: control characters escaped, long values cut.
    static func printable(_ s: String) -> String {
        var out = ""
        for scalar in s.unicodeScalars.prefix(60) {
            if scalar.properties.generalCategory == .control || SafeText.isUnsafe(scalar) {
                out += "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return s.unicodeScalars.count > 60 ? out + "…" : out
    }

    enum Keys {
        static let top = ["name", "summary", "requirements", "design", "interview", "known_gaps"]
        static let requirements = ["peak_qps", "users", "latency", "availability", "max_error_rate", "monthly_budget", "ttft_p50", "ttft_p99", "tpot_p50", "tpot_p99",
                                   "feature_freshness", "model_max_age", "label_delay", "training_budget"]
        static let design = ["entry", "zones", "zone_availability", "workload", "components"]
        static let workload = ["qps", "pattern", "factor", "every", "length", "amplitude", "period", "input_tokens", "output_tokens", "concurrency", "think_time"]
        static let component = ["kind", "label", "size", "hardware", "replicas", "concurrency", "latency", "queue_limit",
                                "timeout", "retries", "retry_budget", "backoff", "circuit_breaker", "deadline_propagation", "deadline_shedding", "fallback", "batching", "optimizations", "availability", "zones", "cost",
                                "hit_ratio", "on_miss", "calls", "position", "notes"] + LLMSettings.keys + Retrieval.keys + offlineComponent
        static let interview = ["prompt", "clarifying_questions", "key_considerations", "metrics", "reference_answers"]
        static let phases = ["clarify", "metrics", "high_level", "deep_dive", "tradeoffs", "requirements", "formulation", "architecture", "components"]
    }
}
