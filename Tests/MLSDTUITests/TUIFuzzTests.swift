import Foundation
import MLSDCore
import MLSDSim
import MLSDExport
import Testing
@testable import MLSDTUI

/// Random messages (keys, text, resizes, ticks, mouse, late results) through `update` and `view`
/// on every shipped scenario: nothing may crash, and the frame always has the terminal's size.
@Suite("TUI fuzz") struct TUIFuzzTests {
    static let shipped = ScenarioLibrary(environment: [:]).entries().filter(\.isBuiltin)
    static let scenarioIDs = shipped.map(\.id).sorted()
    static let sizes = [Size(width: 80, height: 24), Size(width: 120, height: 40), Size(width: 100, height: 30),
                        Size(width: 40, height: 10), Size(width: 3, height: 1), Size(width: 200, height: 60)]
    static let keys: [Key] = KeyMap.bindings.flatMap(\.keys) + [
        .character("a"), .character("1"), .character("%"), .character("é"), .character("漢"), .character("\u{1b}"),
        .control("u"), .control("a"), .control("e"), .backspace, .delete, .left, .right, .tab, .backTab, .enter, .escape,
    ]
    /// 100 000 messages in all by default; `MLSD_FUZZ_MESSAGES` changes the total.
    static let messagesPerScenario = (Int(ProcessInfo.processInfo.environment["MLSD_FUZZ_MESSAGES"] ?? "") ?? 100_000) / scenarioIDs.count + 1

    @Test(arguments: scenarioIDs)
    func randomMessagesNeverCrash(_ id: String) throws {
        let text = try #require(Self.shipped.first { $0.id == id }?.source)
        let scenario = try Scenario.parse(yaml: text, path: id).scenario
        let quick = try Simulation.run(scenario, options: .init(seed: 3, stop: .requests(1_000)))
        let faultRun = try FaultPanelTests.handMade(faults: ["x=1@1s-2s"])
        var rng = SplitMix64(seed: UInt64(abs(id.hashValue % 1000)) &+ 17)
        var s = AppState(choices: [PickerScreen.Choice(id: id, name: scenario.name, summary: scenario.summary)], terminalSize: Self.sizes[0])
        s.recoveryDirectory = "/r"
        s.workingDirectory = "/w"
        var pendingLayout: LayoutRequest?
        var lastGrid: DiagramGrid?
        var lastLayoutAt = 0
        var pending: [Message] = []
        var now = 0.0
        var panelJobs = 0
        for n in 0..<Self.messagesPerScenario {
            let message: Message
            if !pending.isEmpty, rng.next() % 3 == 0 {
                message = pending.removeFirst()
            } else {
                switch rng.next() % 100 {
                case 0..<70: message = .key(Self.keys[Int(rng.next() % UInt64(Self.keys.count))])
                case 70..<73: message = .resize(Self.sizes[Int(rng.next() % UInt64(Self.sizes.count))])
                case 73..<85:
                    now += Double(rng.next() % 3000) / 1000
                    message = .tick(now: now)
                case 85..<95:
                    let buttons: [MouseEvent.Button] = [.left, .left, .left, .wheelUp, .wheelDown, .right]
                    message = .mouse(MouseEvent(x: Int(rng.next() % 130) - 5, y: Int(rng.next() % 45) - 2, button: buttons[Int(rng.next() % 6)]))
                default:
                    if s.workbench == nil {
                        message = .opened(reference: id, result: .opened(OpenedDesign(scenario: scenario, source: rng.next() % 2 == 0 ? .shipped(id: id) : .file(path: "/w/\(id).yaml"))))
                    } else if let request = pendingLayout {
                        // Laying out is the exporter's (tested on its own) and slow in debug builds: a real
                        // layout now and then, otherwise the last grid, which may not match the design.
                        pendingLayout = nil
                        if lastGrid == nil || n - lastLayoutAt > 3_000 {
                            lastGrid = request.grid()
                            lastLayoutAt = n
                        }
                        message = .laidOut(generation: request.generation, grid: lastGrid!)
                    } else {
                        message = .key(.character(Character(Unicode.Scalar(UInt8(32 + rng.next() % 95)))))
                    }
                }
            }
            for effect in s.update(message) {
                switch effect {
                case .layout(let r): pendingLayout = r
                case .simulate(let job): pending.append(.simulationFinished(job: job.job, outcome: rng.next() % 5 == 0 ? .cancelled : .finished(quick)))
                case .open: pending.append(.opened(reference: id, result: .opened(OpenedDesign(scenario: scenario, source: .shipped(id: id)))))
                case .write(let path, _, let purpose): pending.append(.written(path: path, purpose: purpose, result: rng.next() % 4 == 0 ? .failed("disk full") : .saved(path: path)))
                case .export(let job): pending.append(.exported(path: job.path, result: .saved(path: job.path)))
                case .capacity(let job):
                    panelJobs += 1
                    pending.append(.progress(job: job.job, fraction: Double(rng.next() % 100) / 100))
                    let result = PanelFixtures.capacity(requirements: job.scenario.requirements, cancelled: rng.next() % 3 == 0)
                    pending.append(.capacityFinished(job: job.job, outcome: rng.next() % 5 == 0 ? .failed("cannot simulate") : .finished(result)))
                case .sensitivity(let job):
                    pending.append(.sensitivityFinished(job: job.job, outcome: .finished(PanelFixtures.tornado(cancelled: rng.next() % 3 == 0))))
                case .faultRun(let job):
                    panelJobs += 1
                    pending.append(.progress(job: job.job, fraction: Double(rng.next() % 100) / 100))
                    var run = faultRun
                    if rng.next() % 3 == 0 {
                        run.timeline.buckets = Array(run.timeline.buckets.prefix(Int(rng.next() % 30)))
                        run.timeline.wasCancelled = true
                    }
                    pending.append(.faultRunFinished(job: job.job, outcome: rng.next() % 5 == 0 ? .failed("cannot simulate") : .finished(run)))
                case .quit:
                    // Start again from the list, as a new session would.
                    s.overlay = nil
                    s.closeDesign()
                default: break
                }
            }
            let frame = s.view()
            if frame.size != s.terminalSize || frame.cells.count != s.terminalSize.width * s.terminalSize.height {
                Issue.record("message \(n) (\(message)) drew a \(frame.size) frame on a \(s.terminalSize) terminal")
                return
            }
        }
        if Self.messagesPerScenario >= 5_000 { #expect(panelJobs > 0, "the capacity and fault panels were reached") }
    }
}
