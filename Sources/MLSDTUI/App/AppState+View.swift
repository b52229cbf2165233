import MLSDCore

extension AppState {
    /// Draws the whole screen for the current state. Same state, same buffer.
    public func view() -> ScreenBuffer {
        var buffer = ScreenBuffer(size: terminalSize)
        if isTooSmall {
            let text = "Too small: \(terminalSize) < \(Self.minimumSize)"
            buffer.write(text, x: 0, y: 0, role: .warning)
            return buffer
        }
        let body = Rect(x: 0, y: 1, width: terminalSize.width, height: terminalSize.height - 2)
        buffer.write(" mlsd ", x: 0, y: 0, role: .title)
        switch screen {
        case .picker:
            buffer.write("Choose a scenario", x: 7, y: 0, role: .dim)
            PickerView(choices: choices, selection: pickerSelection).render(in: body, into: &buffer)
        case .results:
            if let scenario, let lastRun {
                buffer.write(scenario.name + " · simulation", x: 7, y: 0, role: .dim, clip: Rect(x: 0, y: 0, width: terminalSize.width, height: 1))
                ResultsView(result: lastRun, baseline: baseline, rate: scenario.offeredRate).render(in: body, into: &buffer)
            }
        case .interview:
            if let interview, let scenario {
                buffer.write(scenario.name + " · mock interview", x: 7, y: 0, role: .dim, clip: Rect(x: 0, y: 0, width: terminalSize.width, height: 1))
                InterviewView(session: interview, now: now, draft: noteDraft, rubric: interviewRubric, question: scenario.interview.prompt).render(in: body, into: &buffer)
            }
        case .design:
            if let scenario {
                buffer.write(scenario.name + (isDirty ? " (modified)" : ""), x: 7, y: 0, role: .dim, clip: Rect(x: 0, y: 0, width: terminalSize.width, height: 1))
                DesignView(scenario: scenario, selection: componentSelection, canvas: canvas, utilisation: utilisation).render(in: body, into: &buffer)
            }
        }
        StatusBar(hints: keyHints, message: status).render(in: Rect(x: 0, y: terminalSize.height - 1, width: terminalSize.width, height: 1), into: &buffer)
        if screen == .design, case .palette(let index) = sketchMode { PaletteView(selection: index).render(in: body, into: &buffer) }
        if isHelpVisible { HelpOverlay().render(in: body, into: &buffer) }
        return buffer
    }

    var keyHints: [(String, String)] {
        switch screen {
        case .picker: return [("↑↓", "choose"), ("enter", "open"), ("?", "help"), ("q", "quit")]
        case .design: return [("↑↓", "select"), ("a/c/x", "add/link/del"), ("+/-", "replicas"), ("r", "run"), ("i", "interview"), ("s", "save"), ("?", "help")]
        case .interview:
            if interview?.isFinished == true { return [("w", "write transcript"), ("esc", "design")] }
            return [("enter", "add note"), ("tab", "next phase"), ("esc esc", "end")]
        case .results: return [("r", "run again"), ("b", "pin baseline"), ("B", "clear it"), ("d/esc", "design"), ("?", "help")]
        }
    }
}
