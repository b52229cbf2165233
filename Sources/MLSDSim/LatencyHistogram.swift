/// A log-linear histogram of durations with bounded memory and ≤ 0.05 % relative error.
///
/// Values are kept in nanoseconds. Below 1024 ns every nanosecond has its own bucket; above, each
/// power of two is split into 1024 equal buckets, so a bucket is at most 1/1024 of its value wide
/// and reporting its midpoint is within 1/2048 ≈ 0.05 % of any value in it (HdrHistogram's layout
/// with 3 significant digits). Values up to 2⁴⁸ ns (≈ 3.3 days) are kept; larger ones are clamped.
public struct LatencyHistogram: Hashable, Sendable {
    static let subBucketBits = 10
    static let subBuckets = 1 << subBucketBits
    static let maxExponent = 47
    static let bucketCount = subBuckets + (maxExponent - subBucketBits + 1) * subBuckets

    private var counts: [UInt64]
    /// Number of recorded values.
    public private(set) var count: UInt64 = 0
    /// Sum of recorded values in seconds (exact, not bucketed), for the mean.
    public private(set) var sumSeconds: Double = 0
    /// Largest recorded value in seconds.
    public private(set) var maxSeconds: Double = 0

    /// An empty histogram (≈ 320 kB).
    public init() { counts = Array(repeating: 0, count: Self.bucketCount) }

    /// A placeholder holding no buckets, for state that may never record (not for recording into).
    static let empty = LatencyHistogram(placeholder: ())
    private init(placeholder: Void) { counts = [] }

    @inline(__always)
    static func index(ofNanoseconds v: UInt64) -> Int {
        if v < UInt64(subBuckets) { return Int(v) }
        let e = min(63 - v.leadingZeroBitCount, maxExponent)
        if e == maxExponent, v >> UInt64(maxExponent + 1) != 0 { return bucketCount - 1 }
        let sub = Int(v >> UInt64(e - subBucketBits)) - subBuckets
        return subBuckets + (e - subBucketBits) * subBuckets + sub
    }

    /// Midpoint of a bucket in nanoseconds.
    static func midpoint(ofIndex i: Int) -> Double {
        if i < subBuckets { return Double(i) }
        let e = (i - subBuckets) / subBuckets + subBucketBits
        let sub = (i - subBuckets) % subBuckets + subBuckets
        let width = Double(UInt64(1) << UInt64(e - subBucketBits))
        return Double(sub) * width + width / 2
    }

    /// The bucket of a duration in seconds (negative values count as 0, huge ones are clamped).
    ///
    /// Reads the exponent and top 10 mantissa bits of the nanosecond value straight from its IEEE 754
    /// bits: the same bucket as ``index(ofNanoseconds:)`` of the truncated integer, without the
    /// checked float-to-integer conversion and bit scan (a third of the cost of recording).
    ///
    /// - Complexity: O(1).
    @inline(__always)
    static func index(ofSeconds seconds: Double) -> Int {
        let ns = seconds * 1e9
        guard ns >= Double(subBuckets) else { return ns > 0 ? Int(ns) : 0 }
        let bits = ns.bitPattern
        let e = Int(truncatingIfNeeded: (bits >> 52) & 0x7FF) - 1023
        guard e <= maxExponent else { return bucketCount - 1 }
        let sub = Int(truncatingIfNeeded: (bits >> UInt64(52 - subBucketBits)) & UInt64(subBuckets - 1))
        return subBuckets + (e - subBucketBits) &* subBuckets &+ sub
    }

    /// A histogram from the event loop's pages of bucket counts: one per octave of ``subBuckets``
    /// buckets, nil for an octave nothing was recorded in.
    init(pages: [UnsafePointer<UInt64>?], totals: HistogramTotals) {
        var counts = [UInt64](repeating: 0, count: Self.bucketCount)
        counts.withUnsafeMutableBufferPointer { all in
            for (octave, page) in pages.enumerated() {
                guard let page, let base = all.baseAddress else { continue }
                (base + octave * Self.subBuckets).update(from: page, count: Self.subBuckets)
            }
        }
        self.counts = counts
        self.count = totals.count
        self.sumSeconds = totals.sum
        self.maxSeconds = totals.max
    }

    /// Records one duration in seconds (negative values count as 0).
    ///
    /// - Complexity: O(1).
    @inline(__always)
    public mutating func record(_ seconds: Double) {
        let s = max(seconds, 0)
        counts[Self.index(ofSeconds: s)] &+= 1
        count &+= 1
        sumSeconds += s
        if s > maxSeconds { maxSeconds = s }
    }

    /// Mean of the recorded values in seconds (0 when empty).
    public var meanSeconds: Double { count == 0 ? 0 : sumSeconds / Double(count) }

    /// The q-quantile (0 < q ≤ 1) in seconds by nearest rank: the smallest bucket whose cumulative
    /// count reaches ⌈q·n⌉, reported at its midpoint. 0 when empty.
    ///
    /// - Complexity: O(buckets).
    public func quantile(_ q: Double) -> Double {
        guard count > 0 else { return 0 }
        let rank = max(1, UInt64((q * Double(count)).rounded(.up)))
        var seen: UInt64 = 0
        for i in counts.indices where counts[i] != 0 {
            seen += counts[i]
            if seen >= rank { return min(Self.midpoint(ofIndex: i) / 1e9, maxSeconds) }
        }
        return maxSeconds
    }

    /// Several quantiles in one pass; `qs` must be ascending.
    public func quantiles(_ qs: [Double]) -> [Double] {
        guard count > 0 else { return qs.map { _ in 0 } }
        var out: [Double] = []
        var k = 0
        var seen: UInt64 = 0
        for i in counts.indices where counts[i] != 0 {
            seen += counts[i]
            while k < qs.count, seen >= max(1, UInt64((qs[k] * Double(count)).rounded(.up))) {
                out.append(min(Self.midpoint(ofIndex: i) / 1e9, maxSeconds))
                k += 1
            }
            if k == qs.count { break }
        }
        while out.count < qs.count { out.append(maxSeconds) }
        return out
    }

    /// Adds every value of `other`.
    public mutating func merge(_ other: LatencyHistogram) {
        for i in counts.indices { counts[i] &+= other.counts[i] }
        count &+= other.count
        sumSeconds += other.sumSeconds
        maxSeconds = max(maxSeconds, other.maxSeconds)
    }
}

/// Count, sum and maximum of the values recorded in one histogram.
struct HistogramTotals {
    var count: UInt64 = 0
    var sum = 0.0
    var max = 0.0

    @inline(__always)
    mutating func add(_ seconds: Double) {
        count &+= 1
        sum += Swift.max(seconds, 0)
        if seconds > max { max = seconds }
    }
}
