import ArgumentParser
import Foundation
import MLSDCore
import MLSDInterview

extension MLSD {
    struct Interview: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Practise a timed mock interview on a scenario, line by line, and get a scored transcript.",
            discussion: """
                Type notes for the current phase; each line is added to it. Commands on a line of their own:
                  :next   end this phase and start the next     :time   show the clock
                  :prompts show this phase's prompts again      :done   finish now (end of input also finishes)
                At the end the rubric is printed and the transcript is written as Markdown (-o FILE, or stdout).
                """)

        enum PlanChoice: String, ExpressibleByArgument, CaseIterable { case short, full }

        @Argument(help: "Scenario file or id.", completion: MLSD.scenarioCompletion) var scenario: String
        @Option(help: "short: the 35-minute response template; full: the 60-minute framework.") var plan: PlanChoice = .short
        @Option(name: .shortAndLong, help: "Write the Markdown transcript here (atomically).") var output: String?

        func validate() throws {
            if scenario == ScenarioLibrary.standardInput {
                throw ValidationError("The interview reads your notes from standard input, so the scenario cannot come from there ('-'); give a file or id.")
            }
        }

        func run() throws {
            let (s, _) = try loadScenario(scenario)
            let chosen = plan == .short ? InterviewPlan.short : InterviewPlan.full
            let clock = SystemClock()
            var session = InterviewSession(plan: chosen, startedAt: clock.now())
            print("\(s.name): \(chosen.title) (up to \(InterviewSession.clock(chosen.budgetSeconds)) in all)")
            if let prompt = s.interview.prompt { print("\n  \(prompt)") }
            announce(session, at: clock.now())
            while !session.isFinished, let line = readLine() {
                switch line.trimmingCharacters(in: .whitespaces) {
                case ":next":
                    session.advance(at: clock.now())
                    if !session.isFinished { announce(session, at: clock.now()) }
                case ":time":
                    print("  phase \(InterviewSession.clock(session.secondsInPhase(at: clock.now()))), left \(InterviewSession.clock(session.secondsLeftInPhase(at: clock.now()))), total \(InterviewSession.clock(session.elapsed(at: clock.now())))")
                case ":prompts":
                    announce(session, at: clock.now())
                case ":done":
                    session.finish(at: clock.now())
                case "":
                    continue
                default:
                    session.addNote(line)
                }
            }
            session.finish(at: clock.now())
            let rubric = Rubric(session: session, evidence: DesignEvidence(design: s.design))
            let markdown = session.markdown(scenario: s, rubric: rubric)
            if let output {
                do {
                    try TargetFile.write(markdown, to: output)
                } catch {
                    printError("mlsd: error: cannot write '\(output)': \(error)")
                    throw ExitCode(73)
                }
                print("\nScore \(Int(rubric.total))/100. Transcript written to \(output).")
            } else {
                print("")
                print(markdown, terminator: "")
            }
        }

        private func announce(_ session: InterviewSession, at now: Double) {
            guard let phase = session.currentPhase else { return }
            print("\n== \(phase.title) (\(InterviewSession.clock(phase.minimumSeconds))–\(InterviewSession.clock(phase.maximumSeconds))) ==")
            for prompt in phase.prompts { print("  • \(prompt)") }
        }
    }
}
