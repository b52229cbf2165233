import MLSDCore

/// A small deterministic generator (SplitMix64) so random choices in tests are the same on every run.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(n, 1))) }
    mutating func chance(_ p: Double) -> Bool { Double(next() >> 11) * 0x1p-53 < p }
}

/// The layout's random designs (``RandomDiagramDesign`` in MLSDCore, shared with `mlsd-bench`).
typealias RandomDesign = RandomDiagramDesign
