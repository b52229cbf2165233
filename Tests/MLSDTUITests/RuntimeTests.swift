import Foundation
import MLSDCore
import MLSDSim
import Synchronization
import Testing
@testable import MLSDTUI

/// Files kept in memory, for whole-app runs.
final class MemoryFiles: Sendable {
    let files = Mutex<[String: String]>([:])
    func services(open: @escaping @Sendable (String) -> OpenResult) -> WorkbenchServices {
        WorkbenchServices(open: open, write: { path, text in
            self.files.withLock { $0[path] = text }
            return .saved(path: path)
        }, remove: { path in _ = self.files.withLock { $0.removeValue(forKey: path) } })
    }
}

@Suite("The whole app on a scripted terminal") struct RuntimeTests {
    static func keys(_ text: String) -> [Message] { text.map { .key(.character($0)) } }

    @Test func openEditRunSaveAsAndQuit() throws {
        let fraud = try AppStateTests.fraud()
        let memory = MemoryFiles()
        let services = memory.services { _ in .opened(OpenedDesign(scenario: fraud, source: .shipped(id: "fraud-detection"))) }
        var state = AppState(choices: AppStateTests.choices, terminalSize: Size(width: 100, height: 30))
        state.workingDirectory = "/w"
        state.simulatedRequests = 5_000
        state.replicationRequests = 5_000
        var script: [Message] = [.key(.enter), .key(.down), .key(.enter)]
        script += [.key(.down), .key(.down), .key(.down), .key(.down), .key(.enter), .key(.control("u"))] + Self.keys("12") + [.key(.enter)]
        script += [.key(.escape), .key(.character("r"))]
        script += [.key(.character("S")), .key(.control("u"))] + Self.keys("mine.yaml") + [.key(.enter), .key(.control("c"))]
        var runtime = Runtime(state: state, terminal: ScriptedTerminal(size: Size(width: 100, height: 30), script: script),
                              performer: EffectPerformer(services: services, mode: .inline))
        runtime.clock = { 0 }
        runtime.run()
        #expect(runtime.state.scenario?.design["scorer"]?.replicas == 12)
        #expect(runtime.state.lastRun != nil, "the run finished")
        #expect(!runtime.state.isDirty, "saved as mine.yaml")
        let saved = try #require(memory.files.withLock { $0["/w/mine.yaml"] })
        #expect(try Scenario.parse(yaml: saved, path: "mine.yaml").scenario == runtime.state.scenario)
        #expect(runtime.terminal.frames.count > script.count, "a frame per message at least")
        #expect(runtime.terminal.frames.contains { $0.lines.contains { $0.contains("Results") } })
    }

    /// `s` does not replace a file another program changed since it was opened or saved here: it
    /// asks, and `y` replaces it (a save wrote over an edit made in another editor, without a word).
    /// A file that still holds what was read is saved at once.
    @Test func aSaveOverAFileChangedOnDiskAsksFirst() throws {
        let fraud = try AppStateTests.fraud()
        let original = fraud.yaml()
        let memory = MemoryFiles()
        memory.files.withLock { $0["/w/f.yaml"] = original }
        var services = memory.services { _ in .opened(OpenedDesign(scenario: fraud, source: .file(path: "/w/f.yaml"), text: original)) }
        services.readText = { path in memory.files.withLock { $0[path] } }
        func file() -> String? { memory.files.withLock { $0["/w/f.yaml"] } }
        let size = Size(width: 100, height: 30)
        var state = AppState(choices: AppStateTests.choices, terminalSize: size)
        state.workingDirectory = "/w"
        var runtime = Runtime(state: state, terminal: ScriptedTerminal(size: size, script: [.key(.enter), .key(.character("+")), .key(.character("s"))]),
                              performer: EffectPerformer(services: services, mode: .inline))
        runtime.clock = { 0 }
        runtime.run()
        let first = try #require(file())
        #expect(first != original && !runtime.state.isDirty && runtime.state.overlay == nil, "saved at once")
        let external = first + "# changed in another editor\n"
        memory.files.withLock { $0["/w/f.yaml"] = external }
        runtime.terminal = ScriptedTerminal(size: size, script: [.key(.character("+")), .key(.character("s"))])
        runtime.run()
        #expect(file() == external, "not replaced unasked")
        #expect(runtime.state.isDirty)
        guard case .confirm(let question)? = runtime.state.overlay else { Issue.record("no question: \(String(describing: runtime.state.overlay))"); return }
        #expect(question.message.first == "f.yaml was changed on disk since it was opened or saved here (another editor?).", "\(question.message)")
        runtime.terminal = ScriptedTerminal(size: size, script: [.key(.character("y"))])
        runtime.run()
        #expect(file() != external && file()?.contains("# changed in another editor") == false)
        #expect(!runtime.state.isDirty && runtime.state.overlay == nil)
    }

    @Test func aStopSignalWritesTheRecoveryCopyBeforeExit() throws {
        let fraud = try AppStateTests.fraud()
        let memory = MemoryFiles()
        let services = memory.services { _ in .opened(OpenedDesign(scenario: fraud, source: .file(path: "/w/f.yaml"))) }
        var state = AppState(choices: AppStateTests.choices, terminalSize: Size(width: 100, height: 30))
        state.recoveryDirectory = "/r"
        var terminal = ScriptedTerminal(size: Size(width: 100, height: 30), script: [.key(.enter), .key(.character("+"))])
        var runtime = Runtime(state: state, terminal: terminal, performer: EffectPerformer(services: services, mode: .inline))
        runtime.clock = { 0 }
        runtime.run()
        terminal = runtime.terminal
        terminal.shouldStop = true
        runtime.terminal = terminal
        runtime.run()
        #expect(memory.files.withLock { $0["/r/file-%w%f.yaml.yaml"] }?.contains("replicas: 3") == true)
    }

    @Test func backgroundWorkReturnsAsMessages() throws {
        let fraud = try AppStateTests.fraud()
        let performer = EffectPerformer(services: MemoryFiles().services { _ in .failed(["no"]) }, mode: .background)
        performer.perform(.simulate(SimulationJob(job: 7, scenario: fraud, seed: 1, requests: 2_000)))
        var messages: [Message] = []
        for _ in 0..<2000 where messages.isEmpty {
            messages = performer.drain()
            if messages.isEmpty { Thread.sleep(forTimeInterval: 0.005) }
        }
        guard case .simulationFinished(7, .finished(let r))? = messages.first else {
            Issue.record("expected the run back, got \(messages)")
            return
        }
        #expect(r.requests > 0)
    }

    @Test func theSimulationReportsItsProgressThroughTheFlag() throws {
        let fraud = try AppStateTests.fraud()
        let flag = CancellationFlag()
        _ = WorkbenchServices.simulate(SimulationJob(job: 1, scenario: fraud, seed: 1, requests: 200_000), flag)
        #expect(flag.progress > 0.5, "the last report came late in the run: \(flag.progress)")
        #expect(flag.progress <= 1)
    }

    /// A TUI run with a precision target runs replications in parallel; its progress is the share
    /// of the replications planned, and the result carries the intervals.
    @Test func aPrecisionRunReportsProgressAndReturnsIntervals() throws {
        let fraud = try AppStateTests.fraud()
        let flag = CancellationFlag()
        let outcome = WorkbenchServices.simulate(SimulationJob(job: 1, scenario: fraud, seed: 1, requests: 5_000, precision: 0.05, jobs: 2), flag)
        guard case .finished(let r) = outcome else {
            Issue.record("expected a result, got \(outcome)")
            return
        }
        let intervals = try #require(r.intervals)
        #expect(intervals.precision?.target == 0.05)
        #expect(intervals.precision?.reached == true)
        #expect(intervals.replications >= ReplicationPlan.defaultInitialReplications)
        #expect(flag.progress == 1, "every planned replication reported its end")
        // The same run as `mlsd simulate --precision 5% --requests 5k --seed 1`, whatever the jobs.
        let serial = WorkbenchServices.simulate(SimulationJob(job: 1, scenario: fraud, seed: 1, requests: 5_000, precision: 0.05, jobs: 1), CancellationFlag())
        #expect(serial == outcome)
    }

    @Test func aCancelledPrecisionRunStopsEarly() throws {
        let fraud = try AppStateTests.fraud()
        let flag = CancellationFlag()
        flag.cancel()
        let outcome = WorkbenchServices.simulate(SimulationJob(job: 1, scenario: fraud, seed: 1, requests: 5_000_000, precision: 0.02, jobs: 2), flag)
        #expect(outcome == .cancelled)
    }

    @Test func aCancelledRunStopsEarly() throws {
        let fraud = try AppStateTests.fraud()
        let flag = CancellationFlag()
        flag.cancel()
        let outcome = WorkbenchServices.simulate(SimulationJob(job: 1, scenario: fraud, seed: 1, requests: 5_000_000), flag)
        #expect(outcome == .cancelled)
    }
}
