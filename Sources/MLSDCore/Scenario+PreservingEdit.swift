extension Scenario {
    /// The file's text with only the changed values rewritten, or nil when the change is not one
    /// this can make in place (the caller then writes ``yaml()``).
    ///
    /// A design lives in version control, and a save that re-emits the whole file (durations in
    /// the emitter's units, labels quoted, keys reordered, flow lists as blocks) turned a change of
    /// one replica count into a diff of forty hunks. Here a change of a component's value whose key
    /// the file already has is written over that value, in the emitter's spelling, and nothing else
    /// moves. Anything else — a component added, removed or renamed, a key added or removed, calls
    /// or anything outside the components changed, a value spanning lines — gives nil.
    ///
    /// The result is checked: it must parse to a scenario that emits exactly as `edited` does, or
    /// it is not returned.
    ///
    /// - Parameters:
    ///   - text: the file as it was read (or last written), which parses to `original`.
    ///   - original: the scenario `text` holds, with its field locations.
    ///   - edited: the scenario to save.
    ///   - path: the file's path, for the check's parse.
    public static func textPreservingEdits(_ text: String, original: Scenario, edited: Scenario, path: String) -> String? {
        guard original.design.components.map(\.id) == edited.design.components.map(\.id) else { return nil }
        // Nothing outside the components may differ.
        var outsideA = original, outsideB = edited
        outsideA.design.components = []
        outsideB.design.components = []
        guard outsideA.yaml() == outsideB.yaml() else { return nil }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0.unicodeScalars) }
        // Each change: line, first and past-the-end scalar of the old value, the new value.
        var patches: [(line: Int, start: Int, end: Int, value: String)] = []
        for (old, new) in zip(original.design.components, edited.design.components) {
            let a = original.fields(of: old), b = edited.fields(of: new)
            guard a.keys.sorted() == b.keys.sorted() else { return nil }
            for (key, value) in b where a[key] != value {
                // Calls are several lines in the emitter's form: not changed in place.
                guard key != "calls", let at = old.fieldLocations[key], at.line >= 1, at.line <= lines.count,
                      let span = valueSpan(in: lines[at.line - 1], key: key, column: at.column) else { return nil }
                patches.append((at.line - 1, span.lowerBound, span.upperBound, value))
            }
        }
        guard !patches.isEmpty else { return nil }
        // Right to left, so that two changes on one line keep their columns.
        for p in patches.sorted(by: { ($0.line, $0.start) > ($1.line, $1.start) }) {
            lines[p.line].replaceSubrange(p.start..<p.end, with: Array(p.value.unicodeScalars))
        }
        var out = String.UnicodeScalarView()
        for (i, line) in lines.enumerated() {
            if i > 0 { out.append("\n") }
            out.append(contentsOf: line)
        }
        let patched = String(out)
        guard let reread = try? Scenario.parse(yaml: patched, path: path).scenario, reread.yaml() == edited.yaml() else { return nil }
        return patched
    }

    /// A component's keys and their values as the emitter writes them (`replicas` → `12`); the
    /// calls as one entry of all their lines.
    func fields(of c: Component) -> [String: String] {
        var out: [String: String] = [:]
        var calls: [String] = []
        for line in componentLines(c) {
            if line.hasPrefix("  - ") || line == "calls:" { calls.append(line); continue }
            guard let colon = line.firstIndex(of: ":") else { continue }
            let valueStart = line.index(colon, offsetBy: 2, limitedBy: line.endIndex) ?? line.endIndex
            out[String(line[..<colon])] = String(line[valueStart...])
        }
        if !calls.isEmpty { out["calls"] = calls.joined(separator: "\n") }
        return out
    }

    /// Where the value of `key` lies on `line` (scalar offsets), given the parser's location: the
    /// value's own start for a scalar, the key's for a flow mapping or sequence. Nil for anything
    /// that is not a whole value on this line.
    static func valueSpan(in line: [Unicode.Scalar], key: String, column: Int) -> Range<Int>? {
        var i = column - 1
        guard i >= 0, i < line.count else { return nil }
        let keyScalars = Array(key.unicodeScalars)
        // At the key (a flow or block collection follows): step over it and its colon.
        if i + keyScalars.count <= line.count, Array(line[i..<(i + keyScalars.count)]) == keyScalars {
            var j = i + keyScalars.count
            while j < line.count, line[j] == " " { j += 1 }
            if j < line.count, line[j] == ":" {
                j += 1
                while j < line.count, line[j] == " " { j += 1 }
                guard j < line.count, line[j] == "{" || line[j] == "[" else { return nil }
                i = j
            }
        }
        let first = line[i]
        if first == "{" || first == "[" {
            // A flow collection: to its matching bracket on this line, quotes respected.
            var depth = 0, j = i
            var quote: Unicode.Scalar?
            while j < line.count {
                let s = line[j]
                if let q = quote {
                    if s == q { quote = nil }
                } else if s == "\"" || s == "'" {
                    quote = s
                } else if s == "{" || s == "[" {
                    depth += 1
                } else if s == "}" || s == "]" {
                    depth -= 1
                    if depth == 0 { return i..<(j + 1) }
                }
                j += 1
            }
            return nil
        }
        if first == "\"" || first == "'" {
            var j = i + 1
            while j < line.count {
                if line[j] == first {
                    // '' inside single quotes is an escaped quote.
                    if first == "'", j + 1 < line.count, line[j + 1] == "'" { j += 2; continue }
                    if first == "\"", line[j - 1] == "\\" { j += 1; continue }
                    return i..<(j + 1)
                }
                j += 1
            }
            return nil
        }
        // A plain scalar: to a comment, the end of the line, or (inside a flow collection) the
        // next separator. Trailing spaces are not part of it.
        let inFlow = line[..<i].reduce(0) { depth, s in s == "{" || s == "[" ? depth + 1 : s == "}" || s == "]" ? depth - 1 : depth } > 0
        var j = i
        while j < line.count {
            let s = line[j]
            if s == "\r" { break }
            if s == "#", j > 0, line[j - 1] == " " { break }
            if inFlow, s == "," || s == "}" || s == "]" { break }
            j += 1
        }
        while j > i, line[j - 1] == " " { j -= 1 }
        return j > i ? i..<j : nil
    }
}
