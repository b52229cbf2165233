import MLSDCore
import MLSDSim
import MLSDTestSupport
import Testing
@testable import MLSDTUI

/// Overlays drawn over each screen at 80×24 and 120×40.
@Suite("Overlays over the screens") struct OverlayTests {
    static let sizes = [Size(width: 80, height: 24), Size(width: 120, height: 40)]

    /// fraud-detection at `size` on `screen` (the results of a short run; the panels before a run).
    static func state(on screen: AppState.Screen, size: Size) throws -> AppState {
        var s = try AppState.fraudOpen(size: size)
        if screen == .results {
            guard case .simulate(let job)? = s.send(.key(.character("r"))).first else { throw Failure("r starts a run") }
            let result = try Simulation.run(job.scenario, options: .init(seed: job.seed, stop: .requests(5_000)))
            _ = s.send(.simulationFinished(job: job.job, outcome: .finished(result)))
        }
        s.screen = screen
        s.say(nil)
        return s
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    /// `?` on the results and fault screens was as tall as the body, so its corners sat beside the
    /// screen's own (`┌┌─ Keys · Fault injection ──┐┐`, `└└…┘┘`): it now keeps inside the screen's
    /// border on every side, as it did on the shorter capacity list.
    @Test(arguments: [AppState.Screen.design, .results, .capacity, .faults], sizes)
    func helpKeepsInsideTheScreensBorder(_ screen: AppState.Screen, _ size: Size) throws {
        var s = try Self.state(on: screen, size: size)
        let before = s.view().lines
        _ = s.send(.key(.character("?")))
        let lines = s.view().lines
        #expect(lines.contains { $0.contains("Keys · ") }, "the help is open")
        #expect(lines[1] == before[1], "the screen's top border is not drawn over: \(lines[1])")
        #expect(lines[size.height - 2] == before[size.height - 2], "nor its bottom border: \(lines[size.height - 2])")
        #expect(!lines.contains { $0.contains("┌┌") || $0.contains("└└") || $0.contains("┐┐") || $0.contains("┘┘") })
    }
}
