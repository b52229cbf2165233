import Foundation
public import MLSDCore
import MLSDSim

/// Runs the app: present view → read message → update → perform effects, until quit.
public struct Runtime<Terminal: TerminalDevice> {
    public var state: AppState
    public var terminal: Terminal
    /// Loads a scenario by id for the design screen (file I/O, kept out of `update`).
    public var loadScenario: (String) -> ScenarioLoadResult
    /// Writes a design under an id (file I/O, kept out of `update`).
    public var saveScenario: (String, String) -> SaveResult
    /// Writes an interview transcript under a name (file I/O, kept out of `update`).
    public var writeTranscript: (String, String) -> SaveResult = { _, _ in .failed("no transcript folder") }
    /// The monotonic clock that `.tick` messages carry.
    public var clock: () -> Double = { ProcessInfo.processInfo.systemUptime }
    /// Runs a simulation (CPU work, kept out of `update`).
    public var simulate: (Scenario, UInt64, Int) -> SimulationOutcome

    public init(state: AppState, terminal: Terminal, loadScenario: @escaping (String) -> ScenarioLoadResult,
                saveScenario: @escaping (String, String) -> SaveResult,
                simulate: @escaping (Scenario, UInt64, Int) -> SimulationOutcome = simulateScenario) {
        self.simulate = simulate
        self.state = state
        self.terminal = terminal
        self.loadScenario = loadScenario
        self.saveScenario = saveScenario
    }

    /// Runs until an effect says quit, the terminal is asked to stop, or input ends.
    public mutating func run() {
        var pending: [Message] = []
        // The app starts on the picker: no design yet, so these ask for nothing.
        _ = state.update(.resize(terminal.size))
        _ = state.update(.tick(now: clock()))
        while !terminal.shouldStop {
            terminal.present(state.view())
            let message: Message
            if !pending.isEmpty {
                message = pending.removeFirst()
            } else if let next = terminal.nextMessage(timeoutSeconds: 0.2) {
                message = next
            } else {
                // Nothing typed: let time pass (the interview countdown redraws from it).
                message = .tick(now: clock())
            }
            for effect in state.update(message) {
                switch effect {
                case .quit: return
                case .loadScenario(let id): pending.append(.scenarioLoaded(id: id, result: loadScenario(id)))
                case .save(let id, let yaml): pending.append(.saved(id: id, result: saveScenario(id, yaml)))
                case .writeTranscript(let name, let markdown): pending.append(.transcriptWritten(writeTranscript(name, markdown)))
                case .layout(let request):
                    // Draw the keypress's frame first; the canvas follows when the layout is done.
                    terminal.present(state.view())
                    pending.append(.laidOut(generation: request.generation, grid: request.grid()))
                case .runSimulation(let scenario, let seed, let requests):
                    // Show "Simulating…" before the run takes the thread.
                    terminal.present(state.view())
                    pending.append(.simulationFinished(simulate(scenario, seed, requests)))
                }
            }
        }
    }
}

/// Runs the simulator on the scenario with the given seed and request count.
public func simulateScenario(_ scenario: Scenario, _ seed: UInt64, _ requests: Int) -> SimulationOutcome {
    do {
        return .finished(try Simulation.run(scenario, options: .init(seed: seed, stop: .requests(requests))))
    } catch {
        return .failed("\(error)")
    }
}
