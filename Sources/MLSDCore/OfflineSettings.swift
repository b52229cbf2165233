import Foundation

/// An amount of data, written `800MB`, `500GB`, `1.5TB` or `2PB` (decimal units, as cloud bills count).
public struct DataSize: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var bytes: Double
    public init(bytes: Double) { self.bytes = bytes }
    public static func < (a: DataSize, b: DataSize) -> Bool { a.bytes < b.bytes }

    static let units: [(String, Double)] = [("PB", 1e15), ("TB", 1e12), ("GB", 1e9), ("MB", 1e6), ("KB", 1e3)]

    /// Parses `800MB`, `500GB`, `1.5TB`; nil when the text is not an amount of data.
    public init?(parsing text: String) {
        let t = text.trimmingCharacters(in: .whitespaces)
        for (suffix, scale) in Self.units where t.uppercased().hasSuffix(suffix) {
            guard let v = UnitNumber.parse(String(t.dropLast(suffix.count))), v.isFinite, v >= 0 else { return nil }
            self.bytes = UnitNumber.normalized(v * scale)
            return
        }
        return nil
    }

    /// The largest unit that keeps the number at least 1: `500GB`, `1.5TB`.
    public var description: String {
        for (suffix, scale) in Self.units where bytes >= scale {
            return UnitNumber.format(UnitNumber.normalized(bytes / scale)) + suffix
        }
        return UnitNumber.format(UnitNumber.normalized(bytes / 1e6)) + "MB"
    }
}

/// Data processed per hour by one worker, written `100GB/h` or `50MB/s`.
public struct DataRate: Hashable, Sendable, CustomStringConvertible {
    public var bytesPerHour: Double
    public init(bytesPerHour: Double) { self.bytesPerHour = bytesPerHour }

    /// Parses `100GB/h`, `2TB/h`, `50MB/s`, `1GB/min`; nil otherwise.
    public init?(parsing text: String) {
        let t = text.trimmingCharacters(in: .whitespaces)
        let periods: [(String, Double)] = [("/h", 1), ("/min", 60), ("/s", 3600)]
        guard let (suffix, perHour) = periods.first(where: { t.hasSuffix($0.0) }),
              let size = DataSize(parsing: String(t.dropLast(suffix.count))) else { return nil }
        self.bytesPerHour = UnitNumber.normalized(size.bytes * perHour)
    }

    public var description: String { DataSize(bytes: bytesPerHour).description + "/h" }
}

/// When an offline component runs.
public enum Schedule: Hashable, Sendable, CustomStringConvertible {
    /// Always running (a stream processor, a store, an event log).
    case continuous
    /// A run starts every `TimeSpan` (a nightly batch job: every 24h).
    case every(TimeSpan)
    /// A run starts when what feeds it finishes (an evaluation gate after each training run).
    case triggered

    /// Parses `continuous`, `triggered`, `every 24h` or a bare duration `24h`; nil otherwise.
    public init?(parsing text: String) {
        let t = text.trimmingCharacters(in: .whitespaces)
        switch t {
        case "continuous": self = .continuous
        case "triggered": self = .triggered
        default:
            let span = t.hasPrefix("every ") ? String(t.dropFirst(6)) : t
            guard let d = TimeSpan(parsing: span) else { return nil }
            self = .every(d)
        }
    }

    public var description: String {
        switch self {
        case .continuous: "continuous"
        case .triggered: "triggered"
        case .every(let t): "every \(Self.period(t))"
        }
    }

    /// A period as a file would write it: whole days of two or more as days (`7d`, not `168h`),
    /// anything else as the duration reads (`6h`, `24h`, `15min`).
    public static func period(_ t: TimeSpan) -> String {
        let days = t.seconds / 86_400
        return days >= 2 && days == days.rounded() && days < 1e6 ? "\(Int(days))d" : t.description
    }

    /// The period of a scheduled run in seconds; nil for continuous and triggered.
    public var periodSeconds: Double? {
        if case .every(let t) = self { return t.seconds }
        return nil
    }
}

/// What an offline job runs on, with the on-demand price of one worker per hour (AWS EC2
/// us-east-1 list prices; GPU prices from /work/shared/REFERENCE-NUMBERS.md, "GPU prices").
public enum ComputeType: String, CaseIterable, Hashable, Sendable {
    case cpu, t4, l4, a10g, a100, h100

    /// Dollars per worker-hour.
    public var pricePerHour: Double {
        switch self {
        case .cpu: 0.34     // c5.2xlarge (8 vCPU), the catalog's batch_pipeline price
        case .t4: 0.526     // g4dn.xlarge, 1×T4
        case .l4: 0.8048    // g6.xlarge, 1×L4
        case .a10g: 1.006   // g5.xlarge, 1×A10G
        case .a100: 4.10    // p4d.24xlarge $32.77/h ÷ 8 A100s
        case .h100: 12.29   // p5.48xlarge $98.32/h ÷ 8 H100s
        }
    }

    /// `CPU`, `T4 GPU`.
    public var title: String { self == .cpu ? "CPU" : rawValue.uppercased() + " GPU" }
}

/// The offline part of a component: its schedule, how long a run takes, on what, and how late its
/// output is. Unset fields take the kind's ``OfflineDefaults``.
public struct OfflineSettings: Hashable, Sendable {
    public var schedule: Schedule?
    /// Length of one run, when given outright instead of from ``dataVolume`` and ``throughput``.
    public var duration: TimeSpan?
    /// Data one run reads.
    public var dataVolume: DataSize?
    /// Data one worker processes per hour.
    public var throughput: DataRate?
    public var compute: ComputeType?
    /// Delay before the output can be used beyond the run itself: processing lag of a stream,
    /// the wait for a label (chargebacks arrive weeks later), the rollout of a model version.
    public var lag: TimeSpan?
    /// Features this pipeline computes; the same name in two pipelines is a training/serving skew risk.
    public var features: [String] = []
    public init() {}

    /// True when nothing is set.
    public var isEmpty: Bool { self == OfflineSettings() }
}

extension OfflineSettings {
    /// The keys of the offline settings, in the reader's and the emitter's order.
    public static let keys = ["schedule", "duration", "data_volume", "throughput", "compute", "lag", "features"]

    /// What `schedule` takes, in the words the reader and `--set` refuse a value with.
    public static let scheduleExpected = "continuous, triggered or every followed by a duration up to a year, such as every 24h"
    /// What `data_volume` takes.
    public static let dataVolumeExpected = "an amount of data above 0 and at most 1000PB, such as 800MB, 500GB or 2TB"
    /// What `throughput` takes.
    public static let throughputExpected = "data per worker and hour above 0, such as 100GB/h or 50MB/s"

    /// A schedule as a file or `--set` writes it (`every 24h`, `6h`, `continuous`, `triggered`),
    /// a period within a year; nil otherwise.
    public static func parseSchedule(_ text: String) -> Schedule? {
        guard let v = Schedule(parsing: text), v.periodSeconds.map({ ValueBounds.allows(TimeSpan(seconds: $0)) }) ?? true else { return nil }
        return v
    }

    /// An amount of data above 0 and at most 1000PB (`500GB`); nil otherwise.
    public static func parseDataVolume(_ text: String) -> DataSize? {
        guard let v = DataSize(parsing: text), v.bytes > 0, v.bytes <= 1e18 else { return nil }
        return v
    }

    /// Data a worker processes an hour, above 0 (`100GB/h`, `50MB/s`); nil otherwise.
    public static func parseThroughput(_ text: String) -> DataRate? {
        guard let v = DataRate(parsing: text), v.bytesPerHour > 0, v.bytesPerHour <= 1e18 else { return nil }
        return v
    }
}

/// Defaults for an offline kind, each with its source.
public struct OfflineDefaults: Hashable, Sendable {
    /// nil: always on (a store), costed every hour of the month.
    public var schedule: Schedule?
    /// Length of a run when no data volume is given.
    public var duration: TimeSpan?
    public var throughput: DataRate?
    public var compute: ComputeType?
    public var lag: TimeSpan
    public var source: String

    /// The defaults of `kind`, or nil for an online kind.
    public static func of(_ kind: ComponentKind) -> OfflineDefaults? {
        func h(_ hours: Double) -> TimeSpan { TimeSpan(seconds: hours * 3600) }
        func gbPerHour(_ gb: Double) -> DataRate { DataRate(bytesPerHour: gb * 1e9) }
        switch kind {
        case .eventLog:
            return .init(schedule: nil, lag: TimeSpan(seconds: 1),
                         source: "chosen: an acked Kafka write is readable within a second; MSK kafka.m5.large price")
        case .streamProcessor:
            return .init(schedule: .continuous, compute: .cpu, lag: TimeSpan(seconds: 10),
                         source: "seeds (cheatsheet): near-real-time processing is seconds; 10 s chosen")
        case .batchPipeline:
            return .init(schedule: .every(h(24)), duration: h(1), throughput: gbPerHour(100), compute: .cpu, lag: TimeSpan(seconds: 0),
                         source: "seeds (cheatsheet): batch features computed daily/hourly; 100 GB/h per 8-vCPU worker chosen")
        case .offlineFeatureStore:
            return .init(schedule: nil, lag: TimeSpan(seconds: 0), source: "a warehouse table, readable once written")
        case .labelSource:
            return .init(schedule: nil, lag: h(24),
                         source: "chosen: a label known a day after the event; set lag to the real delay (chargebacks take weeks)")
        case .trainingJob:
            return .init(schedule: .every(h(24 * 7)), duration: h(2), throughput: gbPerHour(50), compute: .t4, lag: TimeSpan(seconds: 0),
                         source: "seeds (grokking notes): retrain daily or weekly, weekly taken; 50 GB/h per T4 chosen")
        case .evaluationGate:
            return .init(schedule: .triggered, duration: TimeSpan(seconds: 1800), compute: .cpu, lag: TimeSpan(seconds: 0),
                         source: "chosen: 30 min of offline metrics on a held-out set after each training run")
        case .modelRegistry:
            return .init(schedule: nil, lag: h(2),
                         source: "chosen: a 2 h canary rollout before a version serves all traffic (seeds: canary deployment)")
        case .batchInference:
            return .init(schedule: .every(h(24)), duration: h(1), throughput: gbPerHour(100), compute: .cpu, lag: TimeSpan(seconds: 0),
                         source: "seeds (cheatsheet): batch prediction refreshed hourly to daily; daily taken")
        case .backfill:
            return .init(schedule: .every(h(730)), duration: h(6), throughput: gbPerHour(100), compute: .cpu, lag: TimeSpan(seconds: 0),
                         source: "chosen: a monthly recompute of history after a feature change")
        default:
            return nil
        }
    }
}

extension Catalog {
    /// Catalog entries of the offline kinds added with the offline pipeline (issue #12). Their
    /// price is per worker-hour; ``OfflinePlan`` turns it into a monthly cost by schedule.
    static let offlineEntries: [CatalogEntry] = [
        .init(kind: .eventLog, summary: "Event log / stream (Kafka topic): what happened, in order, for pipelines to read.",
              latency: nil, concurrency: 1, costPerHour: 0.21, availability: 0.9995,
              source: "MSK kafka.m5.large price; lag chosen (about a second)"),
        .init(kind: .labelSource, summary: "Where labels come from (chargebacks, reviewers, clicks), with their delay.",
              latency: nil, concurrency: 1, costPerHour: 0, availability: 1,
              source: "labels arrive from outside; people who make them are priced in human_review"),
        .init(kind: .trainingJob, summary: "Training job: reads features and labels, writes a model version.",
              latency: nil, concurrency: 1, costPerHour: ComputeType.t4.pricePerHour, availability: 0.99,
              source: "g4dn.xlarge (1×T4) on-demand price per worker; weekly by default (seeds: daily or weekly)"),
        .init(kind: .evaluationGate, summary: "Evaluation gate: offline metrics on held-out data decide whether a model ships.",
              latency: nil, concurrency: 1, costPerHour: ComputeType.cpu.pricePerHour, availability: 0.99,
              source: "c5.2xlarge price; 30 min a run chosen"),
        .init(kind: .modelRegistry, summary: "Model registry: versions, and the rollout to the model servers.",
              latency: nil, concurrency: 1, costPerHour: 0.096, availability: 0.999,
              source: "m5.large price (MLflow-style server); 2 h canary rollout chosen"),
        .init(kind: .batchInference, summary: "Batch inference: precomputes predictions into a store the online path reads.",
              latency: nil, concurrency: 1, costPerHour: ComputeType.cpu.pricePerHour, availability: 0.99,
              source: "c5.2xlarge price; daily by default (seeds: batch prediction)"),
        .init(kind: .backfill, summary: "Backfill: recomputes features over history after a change.",
              latency: nil, concurrency: 1, costPerHour: ComputeType.cpu.pricePerHour, availability: 0.99,
              source: "c5.2xlarge price; monthly by default (chosen)"),
    ]
}
