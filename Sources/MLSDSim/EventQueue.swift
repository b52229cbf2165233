/// A min-priority queue of simulation events ordered by (time, sequence).
///
/// The sequence number is the order in which events were scheduled, so events at equal times come
/// out first-scheduled first and a run is a pure function of (model, seed). (`Heap` from
/// HeapModule is not stable for equal keys; this queue breaks ties itself, as SimPy's `eid` does.)
/// It is a plain binary heap over one contiguous buffer of 16-byte entries: no per-event allocation.
/// The schedule order (32 bits) and a 32-bit payload share one word, order in the high half, so
/// comparing that word compares schedule order; after 2³² pushes the pending entries are renumbered
/// in order, which keeps the ordering exact for runs of any length.
struct EventQueue: ~Copyable {
    /// One scheduled event. `payload` is opaque to the queue (the engine packs kind and indices into it).
    struct Entry: Sendable, Equatable {
        var time: Double
        /// Schedule order in the high 32 bits, payload in the low 32.
        var key: UInt64

        var sequence: UInt64 { key >> 32 }
        var payload: UInt32 { UInt32(truncatingIfNeeded: key) }

        @inline(__always)
        static func < (a: Entry, b: Entry) -> Bool {
            a.time < b.time || (a.time == b.time && a.key < b.key)
        }
    }

    private var heap = UnsafeArray<Entry>(repeating: Entry(time: 0, key: 0), count: 0)
    private var nextSequence: UInt64 = 0
    /// Schedule numbers are renumbered when they reach this (2³²; smaller in tests).
    var sequenceLimit: UInt64 = 1 << 32

    init() {}

    var count: Int { heap.count }
    var isEmpty: Bool { heap.count == 0 }
    /// Time of the earliest event, or infinity when empty.
    var topTime: Double { heap.count > 0 ? heap.base[0].time : .infinity }

    /// Schedules `payload` at `time`.
    ///
    /// - Complexity: O(log n).
    @inline(__always)
    mutating func push(time: Double, payload: UInt32) {
        if nextSequence >= sequenceLimit { renumber() }
        let entry = Entry(time: time, key: nextSequence << 32 | UInt64(payload))
        nextSequence &+= 1
        heap.append(entry)
        let h = heap.base
        var i = heap.count - 1
        while i > 0 {
            let parent = (i &- 1) >> 1
            if !(entry < h[parent]) { break }
            h[i] = h[parent]
            i = parent
        }
        h[i] = entry
    }

    /// Removes and returns the earliest event, or nil when empty.
    ///
    /// Bottom-up (Floyd): the hole at the root follows the smaller child down to a leaf, with the
    /// child chosen by a conditional move rather than a branch, then the last entry sifts up from
    /// there. Fewer unpredictable branches than the textbook sift-down.
    ///
    /// - Complexity: O(log n).
    @inline(__always)
    mutating func pop() -> Entry? {
        guard heap.count > 0 else { return nil }
        let last = heap.removeLast()
        let n = heap.count
        if n == 0 { return last }
        let h = heap.base
        let top = h[0]
        var i = 0
        while true {
            let left = i &<< 1 &+ 1
            if left >= n { break }
            let right = left &+ 1
            let child = right < n && h[right] < h[left] ? right : left
            h[i] = h[child]
            i = child
        }
        while i > 0 {
            let parent = (i &- 1) >> 1
            if !(last < h[parent]) { break }
            h[i] = h[parent]
            i = parent
        }
        h[i] = last
        return top
    }

    /// Gives the pending entries schedule numbers 0..<n in their current order.
    private mutating func renumber() {
        var all: [Entry] = []
        while let e = pop() { all.append(e) }
        for (i, e) in all.enumerated() {
            heap.append(Entry(time: e.time, key: UInt64(i) << 32 | (e.key & 0xFFFF_FFFF)))   // sorted order is a valid heap
        }
        nextSequence = UInt64(all.count)
    }

    #if DEBUG
    /// Checks the heap property; debug builds only.
    func _checkInvariants() {
        for i in 1..<max(heap.count, 1) {
            precondition(!(heap[i] < heap[(i - 1) / 2]), "event queue heap property broken at \(i)")
        }
    }
    #endif
}
