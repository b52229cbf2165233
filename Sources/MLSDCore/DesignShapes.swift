/// Designs of a given shape and size, for tests and benchmarks of what grows with a design:
/// layout, the estimate, memory per component (issue #13).
public enum DesignShape: String, CaseIterable, Sendable {
    /// One entry calling every other component in one parallel group.
    case fanOut = "fan-out"
    /// Each component calls the next.
    case chain
    /// Each component calls two (a binary tree, breadth-first numbering).
    case binaryTree = "binary-tree"
    /// Each component calls ten.
    case wideTree = "10-ary-tree"

    /// `count` HTTP services `c0`…, entry `c0`, wired in this shape.
    public func design(components count: Int) -> Design {
        let n = max(count, 1)
        var components = (0..<n).map { Component(id: "c\($0)", kind: .httpService) }
        func children(_ i: Int) -> [Int] {
            switch self {
            case .fanOut: return i == 0 ? Array(1..<n) : []
            case .chain: return i + 1 < n ? [i + 1] : []
            case .binaryTree: return [2 * i + 1, 2 * i + 2].filter { $0 < n }
            case .wideTree: return (10 * i + 1...10 * i + 10).filter { $0 < n }
            }
        }
        for i in 0..<n {
            let targets = children(i).map { "c\($0)" }
            if !targets.isEmpty { components[i].calls = [CallGroup(mode: self == .chain ? .sequence : .parallel, targets: targets)] }
        }
        return Design(entry: "c0", components: components)
    }
}
