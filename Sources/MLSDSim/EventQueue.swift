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
    /// True after ``take()``: the root is an event already handed out, still in its slot until the
    /// next push takes that slot (one sift instead of a pop's and a push's) or the queue is next read.
    private var rootTaken = false
    private var nextSequence: UInt64 = 0
    /// Schedule numbers are renumbered when they reach this (2³²; smaller in tests).
    var sequenceLimit: UInt64 = 1 << 32
    /// Slots before the root, so that child groups start on a cache line.
    private static var offset: Int { 3 }

    // Lanes: FIFO rings of events whose times never decrease within the lane (a component's
    // timeout timers: now + a constant). Only each lane's head is in the heap, so a design with
    // long timeouts keeps a heap of service ends that fits in L1 instead of one mostly of timers.
    // Same order as pushing them all into the heap: each entry keeps the schedule number it was
    // given when pushed to its lane.
    private var laneBuffers: UnsafeMutablePointer<UnsafeMutablePointer<Entry>?>
    private var laneStart: UnsafeMutablePointer<Int>
    private var laneCount: UnsafeMutablePointer<Int>
    /// Ring capacity − 1 (a power of two − 1); −1 before the first push.
    private var laneMask: UnsafeMutablePointer<Int>
    private(set) var lanes = 0

    /// A queue with `lanes` lanes (numbered from 0) for ``pushToLane(_:time:payload:)``.
    init(lanes: Int = 0) {
        capacity = 1024
        storage = Self.allocate(capacity)
        self.lanes = lanes
        laneBuffers = .allocate(capacity: max(lanes, 1))
        laneBuffers.initialize(repeating: nil, count: max(lanes, 1))
        laneStart = .allocate(capacity: max(lanes, 1)); laneStart.initialize(repeating: 0, count: max(lanes, 1))
        laneCount = .allocate(capacity: max(lanes, 1)); laneCount.initialize(repeating: 0, count: max(lanes, 1))
        laneMask = .allocate(capacity: max(lanes, 1)); laneMask.initialize(repeating: -1, count: max(lanes, 1))
    }

    deinit {
        UnsafeMutableRawPointer(storage).deallocate()
        for l in 0..<lanes { laneBuffers[l]?.deallocate() }
        laneBuffers.deallocate(); laneStart.deallocate(); laneCount.deallocate(); laneMask.deallocate()
    }

    /// Schedules `payload` at `time` in `lane`, whose last event must not be later than `time`.
    /// When it is popped, the caller must call ``advanceLane(_:)`` for that lane.
    @inline(__always)
    mutating func pushToLane(_ lane: Int, time: Double, payload: UInt32) {
        if nextSequence >= sequenceLimit { renumber() }
        let entry = Entry(time: time, key: nextSequence << 32 | UInt64(payload))
        nextSequence &+= 1
        let n = laneCount[lane]
        if n > laneMask[lane] { growLane(lane) }
        let ring = laneBuffers[lane].unsafelyUnwrapped
        assert(n == 0 || !(entry < ring[(laneStart[lane] + n - 1) & laneMask[lane]]), "lane \(lane) out of order")
        ring[(laneStart[lane] + n) & laneMask[lane]] = entry
        laneCount[lane] = n + 1
        if n == 0 { insert(entry) }
    }

    /// The head of `lane` was popped: the lane's next event, if any, enters the heap.
    @inline(__always)
    mutating func advanceLane(_ lane: Int) {
        assert(laneCount[lane] > 0, "advancing empty lane \(lane)")
        laneStart[lane] = (laneStart[lane] + 1) & laneMask[lane]
        laneCount[lane] -= 1
        if laneCount[lane] > 0 { insert(laneBuffers[lane].unsafelyUnwrapped[laneStart[lane]]) }
    }

    private mutating func growLane(_ lane: Int) {
        let old = laneMask[lane] + 1
        let size = max(16, old * 2)
        let bigger = UnsafeMutablePointer<Entry>.allocate(capacity: size)
        if let ring = laneBuffers[lane] {
            for j in 0..<laneCount[lane] { bigger[j] = ring[(laneStart[lane] + j) & laneMask[lane]] }
            ring.deallocate()
        }
        laneBuffers[lane] = bigger
        laneStart[lane] = 0
        laneMask[lane] = size - 1
    }

    private static func allocate(_ capacity: Int) -> UnsafeMutablePointer<Entry> {
        UnsafeMutableRawPointer.allocate(byteCount: (capacity + offset) * MemoryLayout<Entry>.stride, alignment: 64)
            .bindMemory(to: Entry.self, capacity: capacity + offset)
    }

    /// The root's slot: `heap[i]` is entry i.
    private var heap: UnsafeMutablePointer<Entry> { storage + Self.offset }

    /// Events pending in the heap (an event handed out by ``take()`` is no longer pending; lane
    /// timers behind their lane's head are not counted).
    var pendingCount: Int { rootTaken ? count - 1 : count }
    var isEmpty: Bool { pendingCount == 0 }
    /// Time of the earliest pending event, or infinity when none.
    var topTime: Double {
        mutating get {
            settle()
            return count > 0 ? heap[0].time : .infinity
        }
    }

    /// Removes the root handed out by ``take()``, if it is still in its slot.
    @inline(__always)
    mutating func settle() {
        if rootTaken {
            rootTaken = false
            _ = pop()
        }
    }

    /// Returns the earliest event, or nil when none is pending, like ``pop()``, but leaves it in the
    /// root's slot until the next push, which takes that slot with one bottom-up sift (the event
    /// loop pops one event and mostly schedules one or more), or the next read of the queue, which
    /// removes it. The order of events is the same as with ``pop()``: every entry has its own
    /// schedule number, so the order of (time, schedule order) does not depend on the heap's shape.
    @inline(__always)
    mutating func take() -> Entry? {
        settle()
        guard count > 0 else { return nil }
        rootTaken = true
        return heap[0]
    }

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
        insert(entry)
    }

    /// Puts an entry with its schedule number into the heap.
    @inline(__always)
    private mutating func insert(_ entry: Entry) {
        if rootTaken {
            rootTaken = false
            replaceRoot(entry)
            return
        }
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
        settle()
        guard count > 0 else { return nil }
        count -= 1
        let last = heap[count]
        if count == 0 { return last }
        let top = heap[0]
        replaceRoot(last)
        return top
    }

    /// Replaces the root (an event already handed out, or popped) by `entry`: the hole at the root
    /// follows the smallest child down to a leaf, then `entry` sifts up from there.
    @inline(__always)
    private mutating func replaceRoot(_ entry: Entry) {
        let h = heap
        let n = count
        var i = 0
        while true {
            let first = i &<< 2 &+ 1
            if first >= n { break }
            var child = first
            if first &+ 3 < n {
                // A full group: the smaller of each pair, then of the two (conditional moves; the
                // index arithmetic wraps, as it cannot overflow, so no overflow test sits in the loop).
                let a = h[first &+ 1] < h[first] ? first &+ 1 : first
                let b = h[first &+ 3] < h[first &+ 2] ? first &+ 3 : first &+ 2
                child = h[b] < h[a] ? b : a
            } else {
                var k = first &+ 1
                while k < n {
                    if h[k] < h[child] { child = k }
                    k &+= 1
                }
            }
            h[i] = h[child]
            i = child
        }
        while i > 0 {
            let parent = (i &- 1) >> 2
            if !(entry < h[parent]) { break }
            h[i] = h[parent]
            i = parent
        }
        h[i] = entry
    }

    /// Gives the pending entries, in the heap and in the lanes, schedule numbers 0..<n in their
    /// current order (after 2³² pushes).
    private mutating func renumber() {
        settle()
        // Every pending entry with where it lives: −1 the heap, else lane · 2³² + position in its ring.
        var all: [(entry: Entry, place: Int)] = []
        while let e = pop() { all.append((e, -1)) }
        for l in 0..<lanes where laneCount[l] > 1 {
            let ring = laneBuffers[l].unsafelyUnwrapped
            for j in 1..<laneCount[l] { all.append((ring[(laneStart[l] + j) & laneMask[l]], l << 32 | j)) }
        }
        all.sort { $0.entry < $1.entry }
        // Each lane's head is in the heap and, as the same entry, first in its ring.
        var headLane: [UInt128: Int] = [:]
        for l in 0..<lanes where laneCount[l] > 0 { headLane[laneBuffers[l].unsafelyUnwrapped[laneStart[l]].word] = l }
        for (i, item) in all.enumerated() {
            let renumbered = Entry(time: item.entry.time, key: UInt64(i) << 32 | (item.entry.key & 0xFFFF_FFFF))
            if item.place < 0 {
                if count == capacity { grow() }
                heap[count] = renumbered   // in sorted order: a valid heap
                count += 1
                if let l = headLane[item.entry.word] { laneBuffers[l].unsafelyUnwrapped[laneStart[l]] = renumbered }
            } else {
                let l = item.place >> 32, j = item.place & 0xFFFF_FFFF
                laneBuffers[l].unsafelyUnwrapped[(laneStart[l] + j) & laneMask[l]] = renumbered
            }
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
