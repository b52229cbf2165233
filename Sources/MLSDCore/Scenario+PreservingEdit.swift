internal import Yams

extension Scenario {
    /// The file's text with only the changed values rewritten, or nil when the change is not one
    /// this can make in place (the caller then writes ``yaml()``).
    ///
    /// A design lives in version control, and a save that re-emits the whole file (durations in
    /// the emitter's units, labels quoted, keys reordered, flow lists as blocks, every comment
    /// gone) turned a change of one replica count into a diff of forty hunks. Here:
    /// - a changed value of a key the component has is written over, in the emitter's spelling;
    /// - a key the component gains is written after its `kind` (a line of its own in a block
    ///   mapping, `, key: value` in a flow one); a key it loses has its line, or its part of the
    ///   flow mapping, taken out;
    /// - changed calls replace the old calls (their lines, or the `[…]` on one line);
    /// - a component added is written after the one before it in the design, in the style of the
    ///   file's components (block or one-line flow); a component removed loses its lines;
    /// - a requirement, or the design's entry, zones or workload, is changed, added (after the
    ///   section's last entry) or removed the same way, found in the file's composed YAML; a
    ///   value written as a block (`latency:` with `p99:` under it) becomes the emitter's one line.
    /// Nothing else moves: comments, spacing, key order and the spelling of every other value stay.
    /// - the name and summary are written over on their lines (a summary gained goes under the name).
    /// Anything else — components reordered or renamed, the interview material changed, a section
    /// the file does not have, a value this cannot find on its line — gives nil.
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
        let oldIDs = original.design.components.map(\.id), newIDs = edited.design.components.map(\.id)
        // The components both have, in the same order.
        guard newIDs.filter(oldIDs.contains) == oldIDs.filter(newIDs.contains) else { return nil }
        // Nothing outside the components, the requirements and the design's own keys may differ.
        guard original.withoutEditableParts.yaml() == edited.withoutEditableParts.yaml() else { return nil }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0.unicodeScalars) }
        // Each change on a line: first and past-the-end scalar of the old text, the new text.
        var patches: [(line: Int, start: Int, end: Int, value: String)] = []
        // Lines taken out, and lines written after a line (0-based; after a line taken out too).
        var removed = Set<Int>()
        var inserted: [Int: [String]] = [:]
        /// Writes `value` over the value of `key` on line `l` (0-based; the value, or the key of a
        /// collection, at `column`). Where `mayBeBlock` and the value is a block under the key, its
        /// lines give way to `blockLines` at the key's indentation. False when it cannot be found.
        func replace(_ key: String, line l: Int, column: Int, mayBeBlock: Bool, value: String, blockLines: [String]) -> Bool {
            if mayBeBlock, let block = blockValue(lines, line: l) {
                removed.formUnion(block)
                let indent = String(repeating: " ", count: lines[l].prefix { $0 == " " }.count)
                inserted[block.upperBound - 1, default: []] += blockLines.map { indent + $0 }
                return true
            }
            guard let span = valueSpan(in: lines[l], key: key, column: column) else { return false }
            patches.append((l, span.lowerBound, span.upperBound, value))
            return true
        }
        /// Takes `key` and its value out of line `l`: its part of a flow mapping, its line, or
        /// (where `mayBeBlock`) the block under it. False when it cannot be found.
        func remove(_ key: String, line l: Int, column: Int, mayBeBlock: Bool) -> Bool {
            if mayBeBlock, let block = blockValue(lines, line: l) {
                removed.formUnion(block)
                return true
            }
            guard let cut = keySpan(in: lines[l], key: key, column: column) else { return false }
            if let cut { patches.append((l, cut.lowerBound, cut.upperBound, "")) } else { removed.insert(l) }
            return true
        }
        // The name and summary: written over on their lines; a summary gained goes under the name,
        // one cleared loses its line. (A summary folded over lines is not found on its line: nil.)
        if original.name != edited.name || original.summary != edited.summary {
            guard let root = try? Yams.compose(yaml: text), let (nk, nv) = entry(root, ["name"]),
                  let nl = nk.mark?.line, nl >= 1, nl <= lines.count else { return nil }
            if original.name != edited.name {
                guard replace("name", line: nl - 1, column: nv.mark?.column ?? 0, mayBeBlock: false, value: YAMLWriter.quote(edited.name), blockLines: []) else { return nil }
            }
            if original.summary != edited.summary {
                if let (sk, sv) = entry(root, ["summary"]), let sl = sk.mark?.line, sl >= 1, sl <= lines.count {
                    if edited.summary.isEmpty {
                        guard remove("summary", line: sl - 1, column: sv.mark?.column ?? 0, mayBeBlock: false) else { return nil }
                    } else {
                        guard replace("summary", line: sl - 1, column: sv.mark?.column ?? 0, mayBeBlock: false, value: YAMLWriter.quote(edited.summary), blockLines: []) else { return nil }
                    }
                } else if !edited.summary.isEmpty {
                    guard nv.scalar != nil else { return nil }
                    inserted[nl - 1, default: []] += ["summary: " + YAMLWriter.quote(edited.summary)]
                }
            }
        }
        // The requirements and the design's entry, zones and workload, found in the file's YAML.
        let emittedA = original.yaml(), emittedB = edited.yaml()
        let sections = ["requirements", "design"].map { ($0, Self.sectionLines($0, in: emittedA), Self.sectionLines($0, in: emittedB)) }
        if sections.contains(where: { $0.1.map(\.key) != $0.2.map(\.key) || $0.1.map(\.value) != $0.2.map(\.value) }) {
            guard let root = try? Yams.compose(yaml: text) else { return nil }
            for (section, a, b) in sections {
                let before = Dictionary(a, uniquingKeysWith: { x, _ in x }), after = Dictionary(b, uniquingKeysWith: { x, _ in x })
                guard before != after else { continue }
                guard let map = entry(root, [section])?.value.mapping else { return nil }
                for (key, value) in b where before[key] != nil && before[key] != value {
                    guard let (k, v) = entry(root, [section, key]), let kl = k.mark?.line, kl >= 1, kl <= lines.count else { return nil }
                    // A block mapping (latency: p50…, p99… on lines of their own) becomes one flow line.
                    guard replace(key, line: kl - 1, column: (v.scalar != nil ? v.mark : k.mark)?.column ?? 0, mayBeBlock: v.scalar == nil,
                                  value: value, blockLines: [key + ": " + value]) else { return nil }
                }
                for (key, _) in a where after[key] == nil {
                    guard let (k, v) = entry(root, [section, key]), let kl = k.mark?.line, kl >= 1, kl <= lines.count,
                          remove(key, line: kl - 1, column: (v.scalar != nil ? v.mark : k.mark)?.column ?? 0, mayBeBlock: v.scalar == nil) else { return nil }
                }
                let gained = b.filter { before[$0.key] == nil }
                guard !gained.isEmpty else { continue }
                // After the section's last entry, at its indentation; not into a one-line { … }.
                guard let last = map.reversed().first(where: { $0.key.string != "components" }),
                      let kl = last.key.mark?.line, kl >= 1, kl <= lines.count, let kc = last.key.mark?.column,
                      flowDepth(lines[kl - 1], before: kc - 1) == 0 else { return nil }
                let end = last.value.scalar == nil ? (blockValue(lines, line: kl - 1)?.upperBound ?? kl) : kl
                inserted[end - 1, default: []] += gained.map { String(repeating: " ", count: kc - 1) + $0.key + ": " + $0.value }
            }
        }
        let oldByID = Dictionary(original.design.components.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for old in original.design.components where !newIDs.contains(old.id) {
            guard let block = componentBlock(lines, old) else { return nil }
            removed.formUnion(block)
        }
        for (k, new) in edited.design.components.enumerated() {
            guard let old = oldByID[new.id] else {
                // Added: after the component before it (itself perhaps just added), as its siblings are written.
                guard k > 0, let style = componentStyle(lines, original.design.components) else { return nil }
                var before = k - 1
                while oldByID[newIDs[before]] == nil, before > 0 { before -= 1 }
                guard let anchor = oldByID[newIDs[before]], let block = componentBlock(lines, anchor) else { return nil }
                inserted[block.upperBound - 1, default: []] += componentText(edited, new, style: style)
                continue
            }
            let a = original.fields(of: old), b = edited.fields(of: new)
            for (key, value) in b where a[key] != nil && a[key] != value {
                // Calls as a block list: its lines give way to the emitter's; on one line, its `[…]`.
                guard let at = old.fieldLocations[key], at.line >= 1, at.line <= lines.count,
                      replace(key, line: at.line - 1, column: at.column, mayBeBlock: key == "calls", value: key == "calls" ? Self.flowCalls(value) : value,
                              blockLines: value.split(separator: "\n").map(String.init)) else { return nil }
            }
            for key in a.keys where b[key] == nil {
                guard let at = old.fieldLocations[key], at.line >= 1, at.line <= lines.count,
                      remove(key, line: at.line - 1, column: at.column, mayBeBlock: key == "calls") else { return nil }
            }
            // Gained keys in the emitter's order, after the component's kind.
            let gained = edited.fieldLines(of: new).filter { a[$0.key] == nil }
            guard !gained.isEmpty else { continue }
            guard let at = old.fieldLocations["kind"], at.line >= 1, at.line <= lines.count,
                  let span = valueSpan(in: lines[at.line - 1], key: "kind", column: at.column) else { return nil }
            let line = lines[at.line - 1]
            let indent = line.prefix { $0 == " " }.count
            if line.count >= indent + 5, String(String.UnicodeScalarView(line[indent..<(indent + 5)])) == "kind:" {
                inserted[at.line - 1, default: []] += gained.flatMap { $0.lines }.map { String(repeating: " ", count: indent) + $0 }
            } else if Self.flowDepth(line, before: span.lowerBound) > 0 {
                patches.append((at.line - 1, span.upperBound, span.upperBound, gained.map { ", " + $0.flow }.joined()))
            } else {
                return nil
            }
        }
        // No change found is the text as it is (a save with nothing edited re-emitted the whole
        // file and lost its comments), if it still reads as `edited`: the check below.
        // Right to left, so that two changes on one line keep their columns.
        for p in patches.sorted(by: { ($0.line, $0.start) > ($1.line, $1.start) }) {
            lines[p.line].replaceSubrange(p.start..<p.end, with: Array(p.value.unicodeScalars))
        }
        var out = String.UnicodeScalarView()
        var first = true
        func write(_ line: [Unicode.Scalar]) {
            if !first { out.append("\n") }
            first = false
            out.append(contentsOf: line)
        }
        for (i, line) in lines.enumerated() {
            if !removed.contains(i) { write(line) }
            for added in inserted[i] ?? [] { write(Array(added.unicodeScalars)) }
        }
        let patched = String(out)
        guard let reread = try? Scenario.parse(yaml: patched, path: path).scenario, reread.yaml() == emittedB else { return nil }
        return patched
    }

    /// The scenario without what a save can write in place: components, requirements, and the
    /// design's entry, zones and workload. Two scenarios equal here differ only in those.
    var withoutEditableParts: Scenario {
        var s = self
        s.design.components = []
        s.requirements = Requirements()
        s.design.entry = ""
        s.design.zones = nil
        s.design.zoneAvailability = nil
        s.design.workload = Workload()
        s.name = ""
        s.summary = ""
        return s
    }

    /// The entries of a top-level section in the emitter's text `yaml`, in order: `requirements`
    /// (`peak_qps` → `5k/s`, `latency` → `{ p50: 20ms, p99: 50ms }`) or `design` (`entry`,
    /// `zones`, `zone_availability`, `workload` as one flow mapping); the design's components are
    /// not among them.
    static func sectionLines(_ section: String, in yaml: String) -> [(key: String, value: String)] {
        var out: [(key: String, value: String)] = []
        var inside = false
        for line in yaml.split(separator: "\n") {
            if !line.hasPrefix(" ") { inside = line == section + ":"; continue }
            guard inside, line.hasPrefix("  "), !line.hasPrefix("   "), line.contains(":") else { continue }
            let e = entry(of: line.dropFirst(2))
            if e.key != "components" { out.append(e) }
        }
        return out
    }

    /// The key and value nodes at `path` in the composed file, nil when it has none.
    static func entry(_ root: Node, _ path: [String]) -> (key: Node, value: Node)? {
        var node = root
        for (i, name) in path.enumerated() {
            guard let pair = node.mapping?.first(where: { $0.key.string == name }) else { return nil }
            if i == path.count - 1 { return (pair.key, pair.value) }
            node = pair.value
        }
        return nil
    }

    /// A component's keys in the emitter's order, each with its lines (the calls: `calls:` and one
    /// line per group) and the same on one line for a flow mapping (`calls: [{ … }, { … }]`).
    func fieldLines(of c: Component) -> [(key: String, lines: [String], flow: String)] {
        var out: [(key: String, lines: [String], flow: String)] = []
        for line in componentLines(c) {
            if line.hasPrefix("  - "), !out.isEmpty {
                out[out.count - 1].lines.append(line)
                continue
            }
            guard let colon = line.firstIndex(of: ":") else { continue }
            out.append((String(line[..<colon]), [line], line))
        }
        return out.map { f in f.key == "calls" ? (f.key, f.lines, "calls: " + Self.flowCalls(f.lines.dropFirst().joined(separator: "\n"))) : f }
    }

    /// The calls' group lines (`  - { sequence: [a] }`, one a line) as one flow list.
    static func flowCalls(_ groupLines: String) -> String {
        let groups = groupLines.split(separator: "\n").compactMap { line -> String? in
            let t = line.drop { $0 == " " }
            return t.hasPrefix("- ") ? String(t.dropFirst(2)) : nil
        }
        return "[" + groups.joined(separator: ", ") + "]"
    }

    /// How the file writes its components: the indentation of their ids, and either block
    /// mappings (with the indentation of their keys) or one-line flow mappings. Taken from the
    /// first component; nil when it cannot be read.
    static func componentStyle(_ lines: [[Unicode.Scalar]], _ components: [Component]) -> (indent: Int, keys: Int?)? {
        guard let c = components.first, let at = c.location, at.line >= 1, at.line <= lines.count else { return nil }
        let line = lines[at.line - 1]
        let indent = line.prefix { $0 == " " }.count
        if let kind = c.fieldLocations["kind"], kind.line != at.line, kind.line >= 1, kind.line <= lines.count {
            return (indent, lines[kind.line - 1].prefix { $0 == " " }.count)
        }
        return line.contains("{") ? (indent, nil) : nil
    }

    /// A new component's lines in the file's style.
    static func componentText(_ scenario: Scenario, _ c: Component, style: (indent: Int, keys: Int?)) -> [String] {
        let pad = String(repeating: " ", count: style.indent)
        guard let keys = style.keys else {
            return [pad + YAMLWriter.quote(c.id) + ": { " + scenario.fieldLines(of: c).map(\.flow).joined(separator: ", ") + " }"]
        }
        let inner = String(repeating: " ", count: keys)
        return [pad + YAMLWriter.quote(c.id) + ":"] + scenario.componentLines(c).map { inner + $0 }
    }

    /// The lines of a component's entry: its id's line, and in a block mapping every line after it
    /// indented deeper (blank and comment lines at its end belong to what follows). Nil when its
    /// place is unknown or a flow mapping does not close on its line.
    static func componentBlock(_ lines: [[Unicode.Scalar]], _ c: Component) -> Range<Int>? {
        guard let at = c.location, at.line >= 1, at.line <= lines.count else { return nil }
        let first = at.line - 1
        let line = lines[first]
        if let kind = c.fieldLocations["kind"], kind.line == at.line {
            // One line: the flow mapping must close on it.
            return flowDepth(line, before: line.count) == 0 ? first..<(first + 1) : nil
        }
        return first..<deeperLinesEnd(lines, after: first, indent: line.prefix { $0 == " " }.count, listsAtSameIndent: false)
    }

    /// The lines of a block collection under the key on `line` (the key's line included): the
    /// lines after it indented deeper, or list items (`- `) at its own indentation. Nil when the
    /// value is on the key's line.
    static func blockValue(_ lines: [[Unicode.Scalar]], line: Int) -> Range<Int>? {
        let text = lines[line]
        guard let colon = text.firstIndex(of: ":") else { return nil }
        let rest = text[(colon + 1)...].drop { $0 == " " || $0 == "\r" }
        guard rest.isEmpty || rest.first == "#" else { return nil }
        let end = deeperLinesEnd(lines, after: line, indent: text.prefix { $0 == " " }.count, listsAtSameIndent: true)
        return end > line + 1 ? line..<end : nil
    }

    /// Past the last line after `line` that is indented deeper than `indent` (or, with
    /// `listsAtSameIndent`, is a `- ` item at it), blank and comment lines at the end left out.
    static func deeperLinesEnd(_ lines: [[Unicode.Scalar]], after line: Int, indent: Int, listsAtSameIndent: Bool) -> Int {
        var end = line + 1, j = line + 1
        while j < lines.count {
            let l = lines[j]
            let spaces = l.prefix { $0 == " " }.count
            let body = l.dropFirst(spaces)
            if body.isEmpty || body.first == "#" || body.first == "\r" { j += 1; continue }
            let isItem = body.first == "-" && (body.count == 1 || body.dropFirst().first == " ")
            guard spaces > indent || (listsAtSameIndent && spaces == indent && isItem) else { break }
            j += 1
            end = j
        }
        return end
    }

    /// A component's keys and their values as the emitter writes them (`replicas` → `12`); the
    /// calls as one entry of all their lines.
    func fields(of c: Component) -> [String: String] {
        Dictionary(fieldLines(of: c).map { f in (f.key, f.key == "calls" ? f.lines.joined(separator: "\n") : Self.entry(of: f.lines[0]).value) },
                   uniquingKeysWith: { a, _ in a })
    }

    /// An emitted `key: value` line split at its first colon (`replicas: 12` → `replicas`, `12`).
    static func entry(of line: Substring) -> (key: String, value: String) {
        guard let colon = line.firstIndex(of: ":") else { return (String(line), "") }
        let start = line.index(colon, offsetBy: 2, limitedBy: line.endIndex) ?? line.endIndex
        return (String(line[..<colon]), String(line[start...]))
    }

    static func entry(of line: String) -> (key: String, value: String) { entry(of: line[...]) }

    /// What to take out of `line` to remove `key` and its value: nil (the outer optional) when it
    /// cannot be done on this line; the whole line (`.some(nil)`) in a block mapping where the key
    /// and its value are all the line holds, a comment after them included; else, in a flow
    /// mapping, the key, its value and one separating comma.
    static func keySpan(in line: [Unicode.Scalar], key: String, column: Int) -> Range<Int>?? {
        guard let value = valueSpan(in: line, key: key, column: column) else { return nil }
        // The key's start: back from the value over spaces, the colon and the key itself.
        let keyScalars = Array(key.unicodeScalars)
        var j = value.lowerBound
        while j > 0, line[j - 1] == " " { j -= 1 }
        guard j > 0, line[j - 1] == ":" else { return nil }
        j -= 1
        while j > 0, line[j - 1] == " " { j -= 1 }
        guard j >= keyScalars.count, Array(line[(j - keyScalars.count)..<j]) == keyScalars else { return nil }
        let k = j - keyScalars.count
        if flowDepth(line, before: k) == 0 {
            // Block: only indentation before the key, and nothing but a comment after the value.
            guard line[..<k].allSatisfy({ $0 == " " }) else { return nil }
            let rest = line[value.upperBound...].drop { $0 == " " || $0 == "\r" }
            guard rest.isEmpty || rest.first == "#" else { return nil }
            return .some(nil)
        }
        // Flow: with the comma before it (and the spaces after that comma), or the one after it.
        var start = k
        while start > 0, line[start - 1] == " " { start -= 1 }
        if start > 0, line[start - 1] == "," { return .some((start - 1)..<value.upperBound) }
        var end = value.upperBound
        while end < line.count, line[end] == " " { end += 1 }
        guard end < line.count, line[end] == "," else { return nil }
        end += 1
        while end < line.count, line[end] == " " { end += 1 }
        return .some(k..<end)
    }

    /// How many flow collections (`{`, `[`) are open on `line` before each scalar, and after the
    /// last (`line.count + 1` depths); brackets inside quotes are not counted.
    static func flowDepths(_ line: [Unicode.Scalar]) -> [Int] {
        var depths = [0]
        depths.reserveCapacity(line.count + 1)
        var depth = 0
        var quote: Unicode.Scalar?
        for s in line {
            if let q = quote {
                if s == q { quote = nil }
            } else if s == "\"" || s == "'" {
                quote = s
            } else if s == "{" || s == "[" {
                depth += 1
            } else if s == "}" || s == "]" {
                depth -= 1
            }
            depths.append(depth)
        }
        return depths
    }

    /// How many flow collections are open on `line` before scalar `index` (see ``flowDepths(_:)``).
    static func flowDepth(_ line: [Unicode.Scalar], before index: Int) -> Int {
        flowDepths(line)[max(0, min(index, line.count))]
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
        let depths = flowDepths(line)
        if first == "{" || first == "[" {
            // A flow collection: to its matching bracket on this line (the first scalar after
            // which the depth is back to what it was before the opening one), quotes respected.
            return (i..<line.count).first { depths[$0 + 1] == depths[i] }.map { i..<($0 + 1) }
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
        let inFlow = depths[i] > 0
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
