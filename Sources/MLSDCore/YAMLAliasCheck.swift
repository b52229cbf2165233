internal import CYaml

/// Bounds what YAML aliases can expand to, before the YAML library composes the document.
///
/// An alias is cheap to write and costly to expand: nine aliases of nine aliases of … make a node
/// of 9ⁿ nodes in a few hundred bytes. Composing shares the node, but the YAML library hashes every
/// mapping key in full to find duplicates, so such a node used as a key took 15 s at 487 bytes and
/// about 20 minutes at 583 bytes (issue #13, finding 5). This check reads libyaml's event stream
/// once, computes each anchored node's expanded size, and refuses a key that expands to more than
/// ``maximumKeyNodes`` nodes or a document that expands to more than ``maximumDocumentNodes``.
///
/// - Complexity: O(events), whatever the aliases expand to.
enum YAMLAliasCheck {
    /// The most nodes a mapping key may expand to (a scenario's keys are single scalars).
    static let maximumKeyNodes = 64
    /// The most nodes a document may expand to through aliases.
    static let maximumDocumentNodes = 1_000_000

    /// A problem: 1-based line and column, and the message.
    struct Problem: Equatable {
        var line: Int
        var column: Int
        var message: String
    }

    /// The first alias problem in `text`, or nil. Syntax errors are left to the YAML library, which
    /// reports them with its own messages.
    static func check(_ text: String) -> Problem? {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return nil }
        defer { yaml_parser_delete(&parser) }
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBufferPointer { buffer -> Problem? in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            // Each open collection: its expanded size so far, its anchor, whether it is a mapping,
            // how many child nodes it has had (for a mapping, even = the next node is a key).
            var stack: [(size: Int, anchor: String?, isMapping: Bool, children: Int, line: Int, column: Int)] = []
            var sizes: [String: Int] = [:]
            var total = 0
            // Adds a finished node of `size` to its parent; returns a problem if it breaks a bound.
            func finish(_ size: Int, anchor: String?, line: Int, column: Int, what: String) -> Problem? {
                if let anchor { sizes[anchor] = size }
                guard !stack.isEmpty else { return nil }
                let isKey = stack[stack.count - 1].isMapping && stack[stack.count - 1].children % 2 == 0
                stack[stack.count - 1].children += 1
                stack[stack.count - 1].size = min(Int.max / 2, stack[stack.count - 1].size + size)
                if isKey && size > maximumKeyNodes {
                    return Problem(line: line, column: column,
                                   message: "\(what) used as a mapping key expands to \(size) nodes; a key is at most \(maximumKeyNodes) (aliases that multiply are not allowed)")
                }
                return nil
            }
            while true {
                var event = yaml_event_t()
                guard yaml_parser_parse(&parser, &event) == 1 else { return nil }
                defer { yaml_event_delete(&event) }
                let line = Int(event.start_mark.line) + 1, column = Int(event.start_mark.column) + 1
                func string(_ p: UnsafeMutablePointer<yaml_char_t>?) -> String? { p.map { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) } }
                switch event.type {
                case YAML_STREAM_END_EVENT:
                    return nil
                case YAML_DOCUMENT_START_EVENT:
                    total = 0
                case YAML_SCALAR_EVENT:
                    total += 1
                    if let p = finish(1, anchor: string(event.data.scalar.anchor), line: line, column: column, what: "a value") { return p }
                case YAML_ALIAS_EVENT:
                    let name = string(event.data.alias.anchor) ?? ""
                    let size = sizes[name] ?? 1
                    total = min(Int.max / 2, total + size)
                    if total > maximumDocumentNodes {
                        return Problem(line: line, column: column,
                                       message: "alias '*\(name)' makes the document expand to more than \(maximumDocumentNodes) nodes; aliases that multiply are not allowed")
                    }
                    if let p = finish(size, anchor: nil, line: line, column: column, what: "alias '*\(name)'") { return p }
                case YAML_SEQUENCE_START_EVENT:
                    total += 1
                    stack.append((1, string(event.data.sequence_start.anchor), false, 0, line, column))
                case YAML_MAPPING_START_EVENT:
                    total += 1
                    stack.append((1, string(event.data.mapping_start.anchor), true, 0, line, column))
                case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                    guard let done = stack.popLast() else { return nil }
                    if let p = finish(done.size, anchor: done.anchor, line: done.line, column: done.column, what: "a collection") { return p }
                default:
                    break
                }
            }
        }
    }
}
