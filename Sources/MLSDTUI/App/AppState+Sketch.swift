import MLSDCore

/// Sketching on the design screen: add a component from a palette, connect two, delete one.
extension AppState {
    /// Kinds offered by the palette (a bare `station` is for queueing models written by hand).
    static let paletteKinds: [ComponentKind] = ComponentKind.allCases.filter { $0 != .station }

    /// Handles a key while the palette or a connection is open; returns nil when the key is not theirs.
    mutating func handleSketchMode(_ key: Key) -> [Effect]? {
        switch sketchMode {
        case .normal:
            return nil
        case .palette(let index):
            switch key {
            case .down, .character("j"): sketchMode = .palette(min(index + 1, Self.paletteKinds.count - 1))
            case .up, .character("k"): sketchMode = .palette(max(index - 1, 0))
            case .escape, .character("q"): sketchMode = .normal; status = nil
            case .enter:
                sketchMode = .normal
                addComponent(kind: Self.paletteKinds[index])
            default: break
            }
            return []
        case .connecting(let from):
            let count = scenario?.design.components.count ?? 0
            switch key {
            case .down, .character("j"), .tab: if count > 0 { componentSelection = (componentSelection + 1) % count }
            case .up, .character("k"), .backTab: if count > 0 { componentSelection = (componentSelection - 1 + count) % count }
            case .escape, .character("q"): sketchMode = .normal; status = "Connection cancelled"
            case .enter:
                sketchMode = .normal
                connect(from: from, to: componentSelection)
            default: break
            }
            return []
        }
    }

    /// Adds a component of `kind` called after the selected one (so it is reachable), and selects it.
    mutating func addComponent(kind: ComponentKind) {
        guard let design = scenario?.design, design.components.indices.contains(componentSelection) else { return }
        let source = design.components[componentSelection].id
        var id = kind.rawValue
        var n = 2
        while design[id] != nil { id = "\(kind.rawValue)\(n)"; n += 1 }
        let newID = id
        edit { s in
            var c = Component(id: newID, kind: kind)
            if kind == .modelServer { c.size = .small }
            s.design.components.append(c)
            if let i = s.design.components.firstIndex(where: { $0.id == source }) {
                s.design.components[i].calls.append(CallGroup(mode: .sequence, targets: [newID]))
            }
        }
        componentSelection = (scenario?.design.components.count ?? 1) - 1
        status = "Added \(newID), called after \(source); c connects it, x deletes it"
    }

    /// Adds a sequence call from one component to another, unless the design would become invalid.
    mutating func connect(from: Int, to: Int) {
        guard let current = scenario, current.design.components.indices.contains(from), current.design.components.indices.contains(to) else { return }
        let source = current.design.components[from].id, target = current.design.components[to].id
        var candidate = current
        candidate.design.components[from].calls.append(CallGroup(mode: .sequence, targets: [target]))
        if let problem = candidate.validationDiagnostics().first(where: { $0.severity == .error }) {
            status = "Not connected: \(problem.message)"
            componentSelection = from
            return
        }
        edit { $0 = candidate }
        status = "\(source) now calls \(target)"
    }

    /// Removes the selected component and every reference to it; the entry cannot be removed.
    mutating func deleteSelected() {
        guard let design = scenario?.design, design.components.indices.contains(componentSelection) else { return }
        let id = design.components[componentSelection].id
        guard id != design.entry else {
            status = "The entry component cannot be deleted"
            return
        }
        edit { s in
            s.design.components.removeAll { $0.id == id }
            for i in s.design.components.indices {
                var c = s.design.components[i]
                c.calls = c.calls.compactMap { g in
                    var g = g
                    g.targets.removeAll { $0 == id }
                    return g.targets.isEmpty ? nil : g
                }
                if c.onMiss == id { c.onMiss = nil; c.hitRatio = nil }
                if c.fallback == id { c.fallback = nil }
                s.design.components[i] = c
            }
        }
        componentSelection = min(componentSelection, (scenario?.design.components.count ?? 1) - 1)
        let orphans = scenario?.validationDiagnostics().filter { $0.severity == .warning }.count ?? 0
        status = "Deleted \(id)" + (orphans > 0 ? "; \(orphans) component\(orphans == 1 ? " is" : "s are") no longer reachable" : "")
    }
}
