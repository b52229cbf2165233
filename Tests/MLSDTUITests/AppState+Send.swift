import MLSDTUI

extension AppState {
    /// Applies a message and performs its `.layout` effects as the runtime does; returns the other effects.
    mutating func send(_ message: Message) -> [Effect] {
        var others: [Effect] = []
        for effect in update(message) {
            if case .layout(let request) = effect {
                _ = update(.laidOut(generation: request.generation, grid: request.grid()))
            } else {
                others.append(effect)
            }
        }
        return others
    }
}
