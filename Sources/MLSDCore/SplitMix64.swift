/// The seeded random number generator of the simulator, the random designs and the tests
/// (SplitMix64, Steele, Lea & Flood 2014). It lives in MLSDCore so that everything above can share it.
///
/// Every random draw in a run comes from one generator seeded by the user, so a run is a pure
/// function of (model, seed). We do not use `Double.random(in:using:)`: its algorithm may change
/// between Swift versions, which would change golden results.
///
///     var rng = SplitMix64(seed: 42)
///     let u = rng.nextUniform()   // in [0, 1)
public struct SplitMix64: RandomNumberGenerator, Hashable, Sendable {
    /// The generator's whole state.
    public var state: UInt64

    /// A generator that starts from `seed`; equal seeds give equal streams.
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    ///
    /// - Complexity: O(1), a handful of integer operations.
    @inlinable
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform double in [0, 1) built from the top 53 bits: `Double(next() >> 11) * 0x1p-53`.
    ///
    /// - Complexity: O(1).
    @inlinable
    public mutating func nextUniform() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// A uniform double in (0, 1], safe to pass to `log`.
    ///
    /// - Complexity: O(1).
    @inlinable
    public mutating func nextOpenUniform() -> Double { Double((next() >> 11) + 1) * 0x1p-53 }
}

extension SplitMix64 {
    /// A whole number in 0..<n (0 when n ≤ 1), for random choices in generators and tests.
    public mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(n, 1))) }
    /// True with probability p.
    public mutating func chance(_ p: Double) -> Bool { nextUniform() < p }
}
