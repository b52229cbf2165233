/// A min-priority queue of simulation events ordered by (time, sequence).
///
/// The sequence number is the order in which events were scheduled, so events at equal times come
/// out first-scheduled first and a run is a pure function of (model, seed). (`Heap` from
/// HeapModule is not stable for equal keys; this queue breaks ties itself, as SimPy's `eid` does.)
/// It is a 4-ary heap over one contiguous, cache-line-aligned buffer of 16-byte entries: no per-event allocation.
/// The schedule order (32 bits) and a 32-bit payload share one word, order in the high half, so
/// comparing that word compares schedule order; after 2³² pushes the pending entries are renumbered
/// in order, which keeps the ordering exact for runs of any length.
struct EventQueue: ~Copyable {
    /// One scheduled event. `payload` is opaque to the queue (the engine packs kind and indices into it).
    struct Entry: Sendable, Equatable {
        /// The time's bits above the key: for times ≥ 0, comparing this one 128-bit word compares
        /// (time, schedule order), without a branch (IEEE 754 order of non-negative doubles is the
        /// order of their bit patterns).
        var word: UInt128

        init(time: Double, key: UInt64) {
            assert(!(time < 0), "negative event time \(time)")
            word = UInt128((time + 0).bitPattern) << 64 | UInt128(key)   // + 0 turns −0 into +0
        }

        var time: Double { Double(bitPattern: UInt64(truncatingIfNeeded: word >> 64)) }
        /// Schedule order in the high 32 bits, payload in the low 32.
        var key: UInt64 { UInt64(truncatingIfNeeded: word) }
        var sequence: UInt64 { key >> 32 }
        var payload: UInt32 { UInt32(truncatingIfNeeded: word) }

        @inline(__always)
        static func < (a: Entry, b: Entry) -> Bool { a.word < b.word }
    }

    /// A 4-ary heap: the children of entry i are 4i+1…4i+4. The buffer is 64-byte aligned and the
    /// root sits at slot 3, so each node's four children (4 × 16 bytes) share one cache line: a pop
    /// touches one line per level over half as many levels as a binary heap. Same order, same run.
    private var storage: UnsafeMutablePointer<Entry>
    private var capacity: Int
    private(set) var count = 0
    private var nextSequence: UInt64 = 0
    /// Schedule numbers are renumbered when they reach this (2³²; smaller in tests).
    var sequenceLimit: UInt64 = 1 << 32
    /// Slots before the root, so that child groups start on a cache line.
    private static var offset: Int { 3 }

    init() {
        capacity = 1024
        storage = Self.allocate(capacity)
    }

    deinit { UnsafeMutableRawPointer(storage).deallocate() }

    private static func allocate(_ capacity: Int) -> UnsafeMutablePointer<Entry> {
        UnsafeMutableRawPointer.allocate(byteCount: (capacity + offset) * MemoryLayout<Entry>.stride, alignment: 64)
            .bindMemory(to: Entry.self, capacity: capacity + offset)
    }

    /// The root's slot: `heap[i]` is entry i.
    private var heap: UnsafeMutablePointer<Entry> { storage + Self.offset }

    var isEmpty: Bool { count == 0 }
    /// Time of the earliest event, or infinity when empty.
    var topTime: Double { count > 0 ? heap[0].time : .infinity }

    private mutating func grow() {
        let bigger = Self.allocate(capacity * 2)
        (bigger + Self.offset).moveInitialize(from: heap, count: count)
        UnsafeMutableRawPointer(storage).deallocate()
        storage = bigger
        capacity *= 2
    }

    /// Schedules `payload` at `time`.
    ///
    /// - Complexity: O(log n).
    @inline(__always)
    mutating func push(time: Double, payload: UInt32) {
        if nextSequence >= sequenceLimit { renumber() }
        let entry = Entry(time: time, key: nextSequence << 32 | UInt64(payload))
        nextSequence &+= 1
        if count == capacity { grow() }
        let h = heap
        var i = count
        count += 1
        while i > 0 {
            let parent = (i &- 1) >> 2
            if !(entry < h[parent]) { break }
            h[i] = h[parent]
            i = parent
        }
        h[i] = entry
    }

    /// Removes and returns the earliest event, or nil when empty.
    ///
    /// Bottom-up (Floyd): the hole at the root follows the smallest child down to a leaf, then the
    /// last entry sifts up from there (it usually belongs near the bottom).
    ///
    /// - Complexity: O(log n).
    @inline(__always)
    mutating func pop() -> Entry? {
        guard count > 0 else { return nil }
        count -= 1
        let h = heap
        let n = count
        let last = h[n]
        if n == 0 { return last }
        let top = h[0]
        var i = 0
        while true {
            let first = i &<< 2 &+ 1
            if first >= n { break }
            var child = first
            if first &+ 3 < n {
                // A full group: the smaller of each pair, then of the two (conditional moves).
                let a = h[first + 1] < h[first] ? first + 1 : first
                let b = h[first + 3] < h[first + 2] ? first + 3 : first + 2
                child = h[b] < h[a] ? b : a
            } else {
                var k = first + 1
                while k < n {
                    if h[k] < h[child] { child = k }
                    k += 1
                }
            }
            h[i] = h[child]
            i = child
        }
        while i > 0 {
            let parent = (i &- 1) >> 2
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
        for (i, e) in all.enumerated() {   // sorted order is a valid heap
            if count == capacity { grow() }
            heap[count] = Entry(time: e.time, key: UInt64(i) << 32 | (e.key & 0xFFFF_FFFF))
            count += 1
        }
        nextSequence = UInt64(all.count)
    }

    #if DEBUG
    /// Checks the heap property; debug builds only.
    func _checkInvariants() {
        for i in 1..<max(count, 1) {
            precondition(!(heap[i] < heap[(i - 1) / 4]), "event queue heap property broken at \(i)")
        }
    }
    #endif
}
