import Dispatch
import Foundation
import MLSDCore
import MLSDExport
public import MLSDSim
import Synchronization

/// Set to stop a running simulation early; read by the simulation between batches of events,
/// which also leave their progress here for the runtime to report.
public final class CancellationFlag: Sendable {
    private let flag = Atomic<Bool>(false)
    /// Share of the run done, in thousandths.
    private let permille = Atomic<Int>(0)
    public init() {}
    public var isCancelled: Bool { flag.load(ordering: .relaxed) }
    public func cancel() { flag.store(true, ordering: .relaxed) }
    /// Records progress (0–1) and answers whether to stop: the simulation's hook.
    public func report(_ fraction: Double) -> Bool {
        permille.store(Int((min(max(fraction, 0), 1) * 1000).rounded()), ordering: .relaxed)
        return isCancelled
    }
    public var progress: Double { Double(permille.load(ordering: .relaxed)) / 1000 }
}

/// The outside world the workbench needs, as closures: files, the simulator, the exporter.
/// The real ones live in the `mlsd` executable; tests pass in-memory ones.
public struct WorkbenchServices: Sendable {
    public var open: @Sendable (String) -> OpenResult
    /// Writes a text file atomically.
    public var write: @Sendable (_ path: String, _ text: String) -> SaveResult
    public var remove: @Sendable (String) -> Void
    public var rememberRecent: @Sendable (String) -> Void
    public var simulate: @Sendable (SimulationJob, CancellationFlag) -> SimulationOutcome
    public var export: @Sendable (ExportJob, CancellationFlag) -> SaveResult
    public var capacity: @Sendable (CapacityJob, CancellationFlag) -> AnalysisOutcome<CapacityResult> = WorkbenchServices.capacity
    public var sensitivity: @Sendable (SensitivityJob, CancellationFlag) -> AnalysisOutcome<SensitivityResult> = WorkbenchServices.sensitivity
    public var faultRun: @Sendable (FaultJob, CancellationFlag) -> AnalysisOutcome<FaultRun> = WorkbenchServices.faultRun
    /// True when something exists at the path (asked before a save-as or an export replaces it).
    public var fileExists: @Sendable (String) -> Bool = { FileManager.default.fileExists(atPath: $0) }
    /// The text of a file as a design is read from it (nil when it cannot be read): asked before a
    /// save replaces the design's own file, which must still hold what the design was read from.
    public var readText: @Sendable (String) -> String? = { try? TextFile.read($0, maximumBytes: Scenario.maximumFileBytes) }

    public init(open: @escaping @Sendable (String) -> OpenResult,
                write: @escaping @Sendable (String, String) -> SaveResult,
                remove: @escaping @Sendable (String) -> Void = { _ in },
                rememberRecent: @escaping @Sendable (String) -> Void = { _ in },
                simulate: @escaping @Sendable (SimulationJob, CancellationFlag) -> SimulationOutcome = WorkbenchServices.simulate,
                export: (@Sendable (ExportJob, CancellationFlag) -> SaveResult)? = nil) {
        self.open = open
        self.write = write
        self.remove = remove
        self.rememberRecent = rememberRecent
        self.simulate = simulate
        self.export = export ?? { job, flag in WorkbenchServices.export(job, flag, write: write) }
    }

    /// Runs the simulator on the job's scenario, stopping early when cancelled. With a precision,
    /// replications run in parallel until the p99's interval is that narrow; the flag's progress
    /// is then the share of the replications planned so far.
    @Sendable public static func simulate(_ job: SimulationJob, _ flag: CancellationFlag) -> SimulationOutcome {
        do {
            var options = Simulation.Options(seed: job.seed, stop: .requests(job.requests))
            options.outages = job.outages
            let result = if let precision = job.precision {
                try Simulation.run(job.scenario, options: options, plan: ReplicationPlan(precision: precision, jobs: job.jobs),
                                   isCancelled: { flag.report($0) })
            } else {
                try Simulation.run(job.scenario, options: options, isCancelled: { flag.report($0) })
            }
            return flag.isCancelled ? .cancelled : .finished(result)
        } catch {
            return .failed("\(error)")
        }
    }

    /// Runs the capacity search; the flag's progress is the search's, and a cancelled search comes
    /// back with the bracket it had (``CapacityResult/wasCancelled``).
    @Sendable public static func capacity(_ job: CapacityJob, _ flag: CancellationFlag) -> AnalysisOutcome<CapacityResult> {
        let search = CapacitySearch(scenario: job.scenario, options: .init(seed: job.seed, stop: .requests(job.requests)), replications: job.replications)
        do {
            return .finished(try search.run(jobs: job.jobs, progress: { _ = flag.report($0) }, isCancelled: { flag.isCancelled }))
        } catch {
            return .failed(error.description)
        }
    }

    /// Runs the sensitivity analysis; a cancelled one comes back with the rows that ran.
    @Sendable public static func sensitivity(_ job: SensitivityJob, _ flag: CancellationFlag) -> AnalysisOutcome<SensitivityResult> {
        let analysis = SensitivityAnalysis(scenario: job.scenario, options: .init(seed: job.seed, stop: .requests(job.requests)), change: job.change)
        do {
            return .finished(try analysis.run(jobs: job.jobs, progress: { _ = flag.report($0) }, isCancelled: { flag.isCancelled }))
        } catch {
            return .failed(error.description)
        }
    }

    /// Runs the design with the job's faults for its duration, in buckets; a cancelled run comes back
    /// with the buckets before the stop. The faults are read by the CLI's own reader (``Simulation/Options/addFaults(_:checkedAgainst:)``).
    @Sendable public static func faultRun(_ job: FaultJob, _ flag: CancellationFlag) -> AnalysisOutcome<FaultRun> {
        var options = Simulation.Options(seed: job.seed, stop: .time(job.durationSeconds), warmupFraction: 0)
        do {
            try options.addFaults(job.faults, checkedAgainst: job.scenario.design)
            let (result, timeline) = try Timeline.run(job.scenario, options: options, bucketSeconds: job.bucketSeconds, isCancelled: { flag.report($0) })
            return .finished(FaultRun(faults: job.faults, result: result, timeline: timeline))
        } catch let error as OutageError {
            return .failed(error.description)
        } catch {
            return .failed("\(error)")
        }
    }

    /// Renders the export (simulating when the format needs it) and writes it.
    public static func export(_ job: ExportJob, _ flag: CancellationFlag, write: (String, String) -> SaveResult) -> SaveResult {
        let export = DesignExport(scenario: job.scenario, format: job.format)
        do {
            let text = try export.text {
                try Simulation.run(job.scenario, options: .init(seed: job.seed, stop: .requests(job.requests)), isCancelled: { flag.report($0) })
            }
            return write(job.path, text)
        } catch {
            return .failed("\(error)")
        }
    }
}

/// Performs effects: long work (layout, simulation, export) on background queues, files on a serial
/// I/O queue, and every result back as a ``Message`` in an inbox the runtime drains between frames.
///
/// In `.inline` mode (tests, benchmarks) every effect runs at once on the caller's thread, so a
/// scripted run is deterministic.
public final class EffectPerformer: Sendable {
    public enum Mode: Sendable { case inline, background }

    public let mode: Mode
    let services: WorkbenchServices
    private let inbox = Mutex<[Message]>([])
    private let jobs = Mutex<[Int: CancellationFlag]>([:])
    private let pending = Atomic<Int>(0)
    private let layoutQueue = DispatchQueue(label: "mlsd.layout", qos: .userInitiated)
    private let workQueue = DispatchQueue(label: "mlsd.work", qos: .userInitiated)
    private let ioQueue = DispatchQueue(label: "mlsd.io")

    public init(services: WorkbenchServices, mode: Mode) {
        self.services = services
        self.mode = mode
    }

    /// True while background work is under way (the runtime then polls for results more often).
    public var isBusy: Bool { pending.load(ordering: .relaxed) > 0 }

    /// The results that arrived since the last call, in arrival order.
    public func drain() -> [Message] {
        inbox.withLock { messages in
            defer { messages.removeAll() }
            return messages
        }
    }

    private func post(_ message: Message) {
        inbox.withLock { $0.append(message) }
    }

    private func run(on queue: DispatchQueue, _ work: @escaping @Sendable () -> Message?) {
        switch mode {
        case .inline:
            if let m = work() { post(m) }
        case .background:
            pending.add(1, ordering: .relaxed)
            queue.async { [self] in
                if let m = work() { post(m) }
                pending.subtract(1, ordering: .relaxed)
            }
        }
    }

    /// Starts an effect; its result (if any) comes back through ``drain()``. `.quit` does nothing here.
    public func perform(_ effect: Effect) {
        let services = self.services
        switch effect {
        case .quit: break
        case .layout(let request):
            run(on: layoutQueue) { .laidOut(generation: request.generation, grid: request.grid()) }
        case .simulate(let job):
            let flag = CancellationFlag()
            jobs.withLock { $0[job.job] = flag }
            run(on: workQueue) { [self] in
                let outcome = services.simulate(job, flag)
                jobs.withLock { _ = $0.removeValue(forKey: job.job) }
                return .simulationFinished(job: job.job, outcome: outcome)
            }
        case .capacity(let job):
            runJob(job.job, on: workQueue) { flag in .capacityFinished(job: job.job, outcome: services.capacity(job, flag)) }
        case .sensitivity(let job):
            runJob(job.job, on: workQueue) { flag in .sensitivityFinished(job: job.job, outcome: services.sensitivity(job, flag)) }
        case .faultRun(let job):
            runJob(job.job, on: workQueue) { flag in .faultRunFinished(job: job.job, outcome: services.faultRun(job, flag)) }
        case .cancel(let job):
            jobs.withLock { $0[job]?.cancel() }
        case .export(let job):
            run(on: workQueue) {
                if !job.replaceExisting, services.fileExists(job.path) { return .exported(path: job.path, result: .exists(path: job.path)) }
                return .exported(path: job.path, result: services.export(job, CancellationFlag()))
            }
        case .open(let reference):
            run(on: ioQueue) { .opened(reference: reference, result: services.open(reference)) }
        case .write(let path, let text, let purpose):
            run(on: ioQueue) {
                if case .designAs = purpose, services.fileExists(path) { return .written(path: path, purpose: purpose, result: .exists(path: path)) }
                // Changed by another program since it was read or saved here: not replaced unasked
                // (a save wrote over an edit made in another editor, without a word). A file that
                // is gone is written again.
                if case .designOver(_, let expected) = purpose, let now = services.readText(path), now != expected, now != SafeText.escaped(expected) {
                    return .written(path: path, purpose: purpose, result: .changedOnDisk(path: path))
                }
                return .written(path: path, purpose: purpose, result: services.write(path, text))
            }
        case .remove(let path):
            run(on: ioQueue) { services.remove(path); return nil }
        case .rememberRecent(let path):
            run(on: ioQueue) { services.rememberRecent(path); return nil }
        }
    }

    /// Runs cancellable work numbered `job`: its flag is registered for progress and `.cancel` until it ends.
    private func runJob(_ job: Int, on queue: DispatchQueue, _ work: @escaping @Sendable (CancellationFlag) -> Message) {
        let flag = CancellationFlag()
        jobs.withLock { $0[job] = flag }
        run(on: queue) { [self] in
            let message = work(flag)
            jobs.withLock { _ = $0.removeValue(forKey: job) }
            return message
        }
    }

    /// Performs an effect on this thread, now, after the I/O already queued (last writes before exit).
    public func performNow(_ effect: Effect) {
        ioQueue.sync {}
        switch effect {
        case .write(let path, let text, _): _ = services.write(path, text)
        case .remove(let path): services.remove(path)
        default: break
        }
    }

    /// Waits until queued file I/O is done (before the process exits).
    public func flushIO() { ioQueue.sync {} }

    /// Progress messages for the simulations running now (the runtime sends them with its ticks).
    public func progressMessages() -> [Message] {
        jobs.withLock { $0.map { .progress(job: $0.key, fraction: $0.value.progress) } }
    }

    /// Cancels every running simulation.
    public func cancelAll() { jobs.withLock { for flag in $0.values { flag.cancel() } } }
}
