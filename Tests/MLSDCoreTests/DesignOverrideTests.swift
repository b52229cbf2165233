import MLSDCore
import Testing

struct DesignOverrideTests {
    static let scenario: Scenario = {
        let text = """
            name: t
            design:
              entry: api
              components:
                api: { kind: gateway, calls: [{ sequence: [scorer] }] }
                scorer: { kind: model_server, replicas: 2 }
                rules: { kind: rule_engine }
            """
        return (try? Scenario.parse(yaml: text, path: "t.yaml").scenario) ?? Scenario(name: "", design: Design(entry: "", components: []))
    }()

    /// `pattern: burst` or `diurnal` without their keys means the same from a file as from `--set`
    /// and the TUI's workload panel (the override had factor 3 for 10 s, the file 2 for 5 s, so the
    /// same words ran a different load).
    @Test(arguments: ["burst", "diurnal"])
    func aPatternWithoutItsKeysHasTheFilesDefaults(pattern: String) throws {
        let file = try Scenario.parse(yaml: """
            name: t
            design:
              entry: api
              workload: { qps: 100/s, pattern: \(pattern) }
              components:
                api: { kind: gateway }
            """, path: "t.yaml").scenario
        let set = try Self.scenario.applying([try DesignOverride(parsing: "workload.pattern=\(pattern)")])
        #expect(set.design.workload.pattern == file.design.workload.pattern)
        #expect(file.design.workload.pattern == (pattern == "burst" ? .burst(factor: 2, every: TimeSpan(seconds: 60), length: TimeSpan(seconds: 5))
                                                                    : .diurnal(amplitude: Percentage(fraction: 0.5), period: TimeSpan(seconds: 86_400))),
                "the README's defaults")
        // The factor is spelt as in a file: no exponent (1e3 was taken from --set, refused in a file).
        if pattern == "burst" {
            #expect(throws: DesignOverrideError.self) {
                _ = try Self.scenario.applying(["workload.pattern=burst", "workload.factor=1e3"].map { text throws(DesignOverrideError) in try DesignOverride(parsing: text) })
            }
            let ten = try Self.scenario.applying(["workload.pattern=burst", "workload.factor=10"].map { text throws(DesignOverrideError) in try DesignOverride(parsing: text) })
            #expect(ten.design.workload.pattern == .burst(factor: 10, every: TimeSpan(seconds: 60), length: TimeSpan(seconds: 5)))
        }
    }

    /// An offline run's settings are what-ifs too (`training.schedule='every 1d'` was "unknown key
    /// 'schedule'"); a bad value gets the reader's words, an online component is refused, `none`
    /// returns a setting to the kind's default.
    @Test func offlineRunSettingsCanBeSet() throws {
        let fraud = try ScenarioLibrary(environment: [:]).load("fraud-detection").scenario
        let changed = try fraud.applying(["training.schedule=every 7d", "training.compute=a100", "training.data_volume=1.2TB", "training.throughput=50GB/h",
                                          "training.lag=2h", "evaluation.duration=45min"].map { text throws(DesignOverrideError) in try DesignOverride(parsing: text) })
        let training = try #require(changed.design["training"]?.offline)
        #expect(training.schedule == .every(TimeSpan(seconds: 7 * 86_400)))
        #expect(training.compute == .a100 && training.dataVolume == DataSize(bytes: 1.2e12) && training.throughput == DataRate(bytesPerHour: 50e9))
        #expect(training.lag == TimeSpan(seconds: 7200))
        #expect(changed.design["evaluation"]?.offline?.duration == TimeSpan(seconds: 2700))
        let cleared = try changed.applying([DesignOverride(parsing: "training.compute=none")])
        #expect(cleared.design["training"]?.offline?.compute == nil && cleared.design["training"]?.offline?.schedule == training.schedule)
        for (text, message) in [
            ("training.schedule=weekly", "expected \(OfflineSettings.scheduleExpected)"),
            ("training.compute=tpu", "expected cpu or t4 or l4 or a10g or a100 or h100"),
            ("training.throughput=25GB", "expected \(OfflineSettings.throughputExpected)"),
            ("scorer.schedule=every 1d", "'schedule' applies only to offline components ("),
        ] {
            do {
                _ = try fraud.applying([DesignOverride(parsing: text)])
                Issue.record("\(text) was taken")
            } catch {
                #expect(error.description.hasPrefix("invalid --set") && error.description.contains(text) && error.description.contains(message), "\(error)")
            }
        }
    }

    /// `unique_requests` is set as a file writes it (it was an unknown key to `--set`): `true`,
    /// `false`, or `none` for the default (false); anything else names the key and the two values.
    @Test func uniqueRequestsCanBeSet() throws {
        func apply(_ text: String, to s: Scenario = Self.scenario) throws -> Bool? {
            try s.applying([DesignOverride(parsing: text)]).design["scorer"]?.uniqueRequests
        }
        #expect(try apply("scorer.unique_requests=true") == true)
        let unique = try Self.scenario.applying([DesignOverride(parsing: "scorer.unique_requests=true")])
        #expect(try apply("scorer.unique_requests=false", to: unique) == false)
        #expect(try apply("scorer.unique_requests=none", to: unique) == false)
        #expect(unique.yaml().contains("unique_requests: true"), "a saved design keeps it")
        for bad in ["maybe", "yes", "1", "True"] {
            #expect(throws: DesignOverrideError("invalid --set 'scorer.unique_requests=\(bad)': expected true or false, or none for 'unique_requests'")) {
                try Self.scenario.applying([DesignOverride(parsing: "scorer.unique_requests=\(bad)")])
            }
        }
        #expect(DesignOverride.componentKeys.contains("unique_requests"))
    }

    /// A distribution the reader refuses for a reason says the reason, as the file's validator does.
    @Test func aLatencyRefusedForAReasonSaysIt() {
        #expect(throws: DesignOverrideError("invalid --set 'scorer.latency={ lognormal: { p50: 80ms, p99: 4ms } }': invalid value for 'lognormal': expected p50 no greater than p99")) {
            try Self.scenario.applying([DesignOverride(parsing: "scorer.latency={ lognormal: { p50: 80ms, p99: 4ms } }")])
        }
        #expect(throws: DesignOverrideError("invalid --set 'scorer.latency=fast': expected a duration such as 8ms, a range such as 5ms-20ms or a distribution such as { exponential: 8ms } for 'latency'")) {
            try Self.scenario.applying([DesignOverride(parsing: "scorer.latency=fast")])
        }
    }

    /// `scenario.name` and `scenario.summary` rename a design from `--set` and the TUI.
    @Test func theNameAndSummaryCanBeSet() throws {
        let s = try Self.scenario.applying([DesignOverride(parsing: "scenario.name=Scoring, v2"), DesignOverride(parsing: "scenario.summary=What it is for")])
        #expect(s.name == "Scoring, v2" && s.summary == "What it is for")
        #expect(try s.applying([DesignOverride(parsing: "scenario.summary=none")]).summary == "")
        #expect(throws: DesignOverrideError("invalid --set 'scenario.name=none': expected a name (a design always has one; none clears only the summary) for 'name'")) {
            try Self.scenario.applying([DesignOverride(parsing: "scenario.name=none")])
        }
        let long = String(repeating: "n", count: 81)
        #expect(throws: DesignOverrideError("invalid --set 'scenario.name=\(long)': expected a name of at most 80 printable characters for 'name'")) {
            try Self.scenario.applying([DesignOverride(target: "scenario", key: "name", value: long)])
        }
        #expect(throws: DesignOverrideError("invalid --set 'scenario.nmae=x': unknown key 'nmae'; did you mean 'name'?")) {
            try Self.scenario.applying([DesignOverride(parsing: "scenario.nmae=x")])
        }
        #expect(throws: DesignOverrideError.self) { try Self.scenario.applying([DesignOverride(target: "scenario", key: "summary", value: "a\u{1B}[2Jb")]) }
    }

    @Test func appliesValuesWrittenAsInScenarioFiles() throws {
        let changes = try ["scorer.replicas=8", "scorer.timeout=30ms", "scorer.fallback=rules", "scorer.optimizations=int8,onnx",
                           "scorer.latency={ exponential: 8ms }", "scorer.batching.max_batch=16", "workload.qps=6k/s", "scorer.queue_limit=100"]
            .map { text throws(DesignOverrideError) in try DesignOverride(parsing: text) }
        let s = try Self.scenario.applying(changes)
        let c = try #require(s.design["scorer"])
        #expect(c.replicas == 8)
        #expect(c.timeout == .milliseconds(30))
        #expect(c.fallback == "rules")
        #expect(c.optimizations == [.int8, .onnx])
        #expect(c.latency == .exponential(mean: .milliseconds(8)))
        #expect(c.batching == Batching(maxBatch: 16, maxWait: .milliseconds(5)))
        #expect(c.queueLimit == 100)
        #expect(s.design.workload.qps == Rate(perSecond: 6000))
        let cleared = try s.applying([DesignOverride(parsing: "scorer.timeout=none")])
        #expect(cleared.design["scorer"]?.timeout == nil)
    }

    /// A rate typed without its unit reads per second, as `--qps 5k` always has: `--set
    /// workload.qps=5k` and the TUI's peak qps field refused `80k` with "expected a rate such as
    /// 5k/s" while `--qps 5k` took it.
    @Test(arguments: [("workload.qps=5k", 5_000.0), ("workload.qps=5000", 5_000), ("workload.qps=2.5k/s", 2_500), ("requirements.peak_qps=80k", 80_000),
                      ("requirements.peak_qps=1.2M", 1_200_000), ("workload.qps=300/min", 5)])
    func aRateWithoutItsUnitIsPerSecond(text: String, perSecond: Double) throws {
        let s = try Self.scenario.applying([DesignOverride(parsing: text)])
        let rate = text.hasPrefix("workload") ? s.design.workload.qps : s.requirements.peakQPS
        #expect(rate == Rate(perSecond: perSecond), "\(text)")
    }

    struct BadCase: CustomTestStringConvertible, Sendable {
        var text: String
        var message: String
        var testDescription: String { text }
    }

    @Test(arguments: [
        BadCase(text: "scorer.replica=3", message: "invalid --set 'scorer.replica=3': unknown key 'replica'; did you mean 'replicas'?"),
        BadCase(text: "scorr.replicas=3", message: "invalid --set 'scorr.replicas=3': no component 'scorr' in the design; did you mean 'scorer'?"),
        // Nowhere near any id: the ids there are, so the user need not open the file to find them.
        BadCase(text: "model.replicas=3", message: "invalid --set 'model.replicas=3': no component 'model' in the design; expected one of api, scorer, rules, workload, design, requirements, scenario"),
        BadCase(text: "scorer.replicas=0", message: "invalid --set 'scorer.replicas=0': expected a whole number from 1 to 1000000 for 'replicas'"),
        BadCase(text: "scorer.timeout=soon", message: "invalid --set 'scorer.timeout=soon': expected a duration above 0 such as 40ms (at most a year), or none for 'timeout'"),
        BadCase(text: "scorer.fallback=nothing", message: "invalid --set scorer.fallback=nothing: fallback 'nothing' is not a component of this design"),
        BadCase(text: "scorer.latency=fast", message: "invalid --set 'scorer.latency=fast': expected a duration such as 8ms, a range such as 5ms-20ms or a distribution such as { exponential: 8ms } for 'latency'"),
        // Out of bounds or zero where a mean must be positive: the reason, not what a latency looks like.
        BadCase(text: "scorer.latency=9999999h", message: "invalid --set 'scorer.latency=9999999h': expected a duration of at least 0 and at most a year for 'latency'"),
        BadCase(text: "scorer.latency={ exponential: 0ms }", message: "invalid --set 'scorer.latency={ exponential: 0ms }': invalid value '0ms' for 'exponential': expected a duration greater than 0 and at most a year"),
        BadCase(text: "scorer.latency=12ms-2ms", message: "invalid --set 'scorer.latency=12ms-2ms': the low end must not exceed the high end"),
        BadCase(text: "workload.qps=5k/M", message: "invalid --set 'workload.qps=5k/M': '/M' is ambiguous: M is the million prefix (as in 1.2M/s); write 5k/min for per minute"),
        BadCase(text: "workload.qps=fast", message: "invalid --set 'workload.qps=fast': expected a rate such as 5k/s or 5000, from 1/h to 1G/s, or none for the peak QPS for 'qps'"),
        BadCase(text: "workload.rate=5/s", message: "invalid --set 'workload.rate=5/s': unknown key 'rate'; expected one of qps, pattern, factor, every, length, amplitude, period, input_tokens, output_tokens, concurrency, think_time"),
    ])
    func badChangesSayWhatWasExpected(_ bad: BadCase) throws {
        let change = try DesignOverride(parsing: bad.text)
        #expect(throws: DesignOverrideError(bad.message)) { try Self.scenario.applying([change]) }
    }

    @Test(arguments: ["replicas=3", "scorer.replicas", ".replicas=3", "scorer.=3", "scorer.replicas="])
    func malformedTextIsRejected(_ text: String) {
        #expect(throws: DesignOverrideError.self) { try DesignOverride(parsing: text) }
    }
}

@Suite("Zones in scenario files and --set") struct ZoneFileTests {
    static let text = """
        name: z
        design:
          entry: a
          zones: 2
          zone_availability: 99.95%
          components:
            a: { kind: station, latency: { constant: 1ms }, replicas: 4, zones: 1 }
        """

    @Test func zonesReadWriteAndRoundTrip() throws {
        let s = try Scenario.parse(yaml: Self.text, path: "z.yaml").scenario
        #expect(s.design.zones == 2)
        #expect(s.design.zoneAvailability?.fraction == 0.9995)
        #expect(s.design.components[0].zones == 1)
        let again = try Scenario.parse(yaml: s.yaml(), path: "again.yaml").scenario
        #expect(again.design.zones == 2 && again.design.zoneAvailability == s.design.zoneAvailability && again.design.components[0].zones == 1)
    }

    @Test func badZonesAreLocatedErrors() throws {
        for (bad, message) in [("zones: 0", "z.yaml:4:10: error: invalid value '0' for 'zones': expected a whole number from 1 to 8"),
                               ("zones: 9", "z.yaml:4:10: error: invalid value '9' for 'zones': expected a whole number from 1 to 8"),
                               ("zones: two", "z.yaml:4:10: error: invalid value 'two' for 'zones': expected a whole number")] {
            let text = Self.text.replacingOccurrences(of: "zones: 2", with: bad)
            let description = Self.errorText(text)
            #expect(description.contains(message), "\(description)")
        }
        let wide = Self.text.replacingOccurrences(of: "zones: 1 }", with: "zones: 3 }")
        let warnings = try Scenario.parse(yaml: wide, path: "z.yaml").warnings
        #expect(warnings.contains { $0.message.contains("'zones: 3' on 'a' has no effect beyond the design's 2 zones") }, "\(warnings)")
    }

    static func errorText(_ text: String) -> String {
        do {
            _ = try Scenario.parse(yaml: text, path: "z.yaml")
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    @Test func setChangesZones() throws {
        let s = try Scenario.parse(yaml: Self.text, path: "z.yaml").scenario
        let changed = try s.applying([try DesignOverride(parsing: "design.zones=3"), try DesignOverride(parsing: "design.zone_availability=99%"),
                                      try DesignOverride(parsing: "a.zones=none")])
        #expect(changed.design.zones == 3 && changed.design.zoneAvailability?.fraction == 0.99 && changed.design.components[0].zones == nil)
        for bad in ["design.zones=0", "design.zones=9", "design.zone_availability=0%", "design.zone_availability=101%", "design.zonez=2", "a.zones=12"] {
            #expect(throws: DesignOverrideError.self, "\(bad)") { try s.applying([try DesignOverride(parsing: bad)]) }
        }
    }
}
