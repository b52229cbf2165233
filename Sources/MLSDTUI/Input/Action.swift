/// Everything a user can ask the workbench to do. Keys, hint clicks and the `:` palette all end
/// in one of these, through ``KeyMap``.
public enum Action: String, CaseIterable, Hashable, Sendable {
    case quit, back, help, palette
    case up, down, top, bottom, pageUp, pageDown
    /// Picker: open the highlighted scenario or file; design: edit the highlighted inspector row.
    case open
    case openFile
    /// Design: move focus between the canvas and the inspector.
    case switchFocus
    case scenarioSettings
    case addComponent, connect, insertInFront, delete, retype, moveEarlier, moveLater
    case replicasUp, replicasDown, undo, redo
    case save, saveAs, export
    case run, cancelRun, viewResults, viewDesign
    case pinBaseline, clearBaseline
    /// The capacity panel (max QPS, p99 against load, the tornado) and fault injection.
    case capacity, injectFault
    /// The fault panel: the same faults in a run twice as long.
    case lengthenFaultRun
    case interviewShort, interviewStandard, interviewFull
    case nextPhase, endInterview, writeTranscript, pauseInterview, interviewDesign
}
