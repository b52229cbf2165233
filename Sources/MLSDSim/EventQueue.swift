import CEngineHints
/// A min-priority queue of simulation events ordered by (time, sequence).
///
/// The sequence number is the order in which events were scheduled, so events at equal times come
/// out first-scheduled first and a run is a pure function of (model, seed). (`Heap` from
/// HeapModule is not stable for equal keys; this queue breaks ties itself, as SimPy's `eid` does.)
/// It is two 4-ary heaps over contiguous, cache-line-aligned buffers of 16-byte entries (no
/// per-event allocation): one for service ends and the other scheduled events, one for the heads of
/// the timer lanes.
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
            invariant(!(time < 0), "negative event time \(time)")
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

    /// A 4-ary min-heap of entries: the children of entry i are 4i+1…4i+4. The buffer is 64-byte
    /// aligned and the root sits at slot 3, so each node's four children (4 × 16 bytes) share one
    /// cache line: a sift touches one line per level over half as many levels as a binary heap.
    struct Heap: ~Copyable {
        private var storage: UnsafeMutablePointer<Entry>
        private var capacity: Int
        private(set) var count = 0
        /// Entries above which a sift prefetches the level below the next (see ``replaceRoot(_:)``),
        /// and the event loop the next service's frame (``EventQueue/isLarge``).
        static var prefetchingSize: Int { 256 }
        /// Slots before the root, so that child groups start on a cache line.
        private static var offset: Int { 3 }

        init(capacity: Int) {
            self.capacity = max(capacity, 4)
            storage = Self.allocate(self.capacity)
        }

        deinit { UnsafeMutableRawPointer(storage).deallocate() }

        private static func allocate(_ capacity: Int) -> UnsafeMutablePointer<Entry> {
            UnsafeMutableRawPointer.allocate(byteCount: (capacity + offset) * MemoryLayout<Entry>.stride, alignment: 64)
                .bindMemory(to: Entry.self, capacity: capacity + offset)
        }

        /// The root's slot: `heap[i]` is entry i.
        private var heap: UnsafeMutablePointer<Entry> { storage + Self.offset }

        /// The earliest entry; only when `count > 0`.
        var root: Entry {
            @inline(__always) get { heap[0] }
        }

        private mutating func grow() {
            let bigger = Self.allocate(capacity * 2)
            (bigger + Self.offset).moveInitialize(from: heap, count: count)
            UnsafeMutableRawPointer(storage).deallocate()
            storage = bigger
            capacity *= 2
        }

        /// Adds an entry: it sifts up from a new leaf.
        @inline(__always)
        mutating func insert(_ entry: Entry) {
            if count == capacity { grow() }
            count += 1
            siftUp(entry, from: count - 1)
        }

        /// Puts `entry` in the hole at `i` or above it, moving larger parents down.
        @inline(__always)
        private func siftUp(_ entry: Entry, from start: Int) {
            let h = heap
            var i = start
            while i > 0 {
                let parent = (i &- 1) >> 2
                if !(entry < h[parent]) { break }
                h[i] = h[parent]
                i = parent
            }
            h[i] = entry
        }

        /// The payload of the root's child with the earliest time (the root's successor unless an
        /// earlier entry is inserted first; a tie of times may pick the wrong one), when the root
        /// has four children. They share one cache line; comparing times alone keeps it cheap.
        var earliestChildPayload: UInt32? {
            @inline(__always) get {
                guard count > 4 else { return nil }
                let h = heap
                @inline(__always) func time(_ i: Int) -> UInt64 { UInt64(truncatingIfNeeded: h[i].word >> 64) }
                let a = time(2) < time(1) ? 2 : 1
                let b = time(4) < time(3) ? 4 : 3
                return h[time(b) < time(a) ? b : a].payload
            }
        }

        /// Appends an entry not smaller than any already in the heap (a sorted refill).
        mutating func appendLargest(_ entry: Entry) {
            if count == capacity { grow() }
            heap[count] = entry
            count += 1
        }

        /// Removes the root; there must be one.
        ///
        /// Bottom-up (Floyd): the hole at the root follows the smallest child down to a leaf, then
        /// the last entry sifts up from there (it usually belongs near the bottom).
        @inline(__always)
        mutating func removeRoot() {
            count -= 1
            if count > 0 { replaceRoot(heap[count]) }
        }

        /// Replaces the root (an event already handed out) by `entry`: the hole at the root
        /// follows the smallest child down to a leaf, then `entry` sifts up from there.
        @inline(__always)
        mutating func replaceRoot(_ entry: Entry) {
            let h = heap
            let n = count
            // A heap of thousands of entries (a design with thousands of calls in flight) spills its
            // lower levels out of the L1 cache: the next level's four child groups, four adjacent
            // lines, start loading while this level's smallest child is found (only where that
            // level exists; a prefetch past the last entry is harmless, but pointless).
            let prefetching = n > Self.prefetchingSize
            var i = 0
            while true {
                let first = i &<< 2 &+ 1
                if first >= n { break }
                var child = first
                if prefetching, first &<< 2 &+ 1 < n {
                    let next = UnsafeRawPointer(h + (first &<< 2 &+ 1))
                    mlsd_prefetch_read(next)
                    mlsd_prefetch_read(next + 64)
                    mlsd_prefetch_read(next + 128)
                    mlsd_prefetch_read(next + 192)
                }
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
            siftUp(entry, from: i)
        }

        #if MLSD_INVARIANTS
        func _checkInvariants(_ name: String) {
            for i in 1..<max(count, 1) {
                precondition(!(heap[i] < heap[(i - 1) / 4]), "event queue \(name) heap property broken at \(i)")
            }
        }
        #endif
    }

    /// Service ends, batch timers, faults and retries.
    private var main = Heap(capacity: 1024)
    /// The head of each lane that has one (at most one entry per lane): a lane's timer fires with a
    /// sift of this small heap, not of the main one, whose size grows with the services in flight.
    private var laneHeads: Heap
    /// Which heap's root ``take()`` handed out and left in its slot: 0 none, 1 the main heap, 2 the
    /// lane heads. The next insert into that heap takes the slot (one sift instead of a removal's
    /// and an insertion's); the next read of the queue removes it.
    private var taken: UInt8 = 0
    private static var takenMain: UInt8 { 1 }
    private static var takenLane: UInt8 { 2 }
    private var nextSequence: UInt64 = 0
    /// Schedule numbers are renumbered when they reach this (2³²; smaller in tests).
    var sequenceLimit: UInt64 = 1 << 32

    // Lanes: FIFO rings of events whose times never decrease within the lane (a component's
    // timeout timers: now + a constant). Only each lane's head is in a heap (``laneHeads``), so
    // the main heap holds the service ends alone. Same order as pushing them all into one heap:
    // each entry keeps the schedule number it was given when pushed to its lane.
    private var laneBuffers: UnsafeMutablePointer<UnsafeMutablePointer<Entry>?>
    private var laneStart: UnsafeMutablePointer<Int>
    private var laneCount: UnsafeMutablePointer<Int>
    /// Ring capacity − 1 (a power of two − 1); −1 before the first push.
    private var laneMask: UnsafeMutablePointer<Int>
    private(set) var lanes = 0

    /// A queue with `lanes` lanes (numbered from 0) for ``pushToLane(_:time:payload:)``.
    init(lanes: Int = 0) {
        self.lanes = lanes
        laneHeads = Heap(capacity: lanes)
        laneBuffers = .allocate(capacity: max(lanes, 1))
        laneBuffers.initialize(repeating: nil, count: max(lanes, 1))
        laneStart = .allocate(capacity: max(lanes, 1)); laneStart.initialize(repeating: 0, count: max(lanes, 1))
        laneCount = .allocate(capacity: max(lanes, 1)); laneCount.initialize(repeating: 0, count: max(lanes, 1))
        laneMask = .allocate(capacity: max(lanes, 1)); laneMask.initialize(repeating: -1, count: max(lanes, 1))
    }

    deinit {
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
        invariant(n == 0 || !(entry < ring[(laneStart[lane] + n - 1) & laneMask[lane]]), "lane \(lane) out of order")
        ring[(laneStart[lane] + n) & laneMask[lane]] = entry
        laneCount[lane] = n + 1
        if n == 0 { insertLaneHead(entry) }
    }

    /// The head of `lane` was popped: the lane's next event, if any, becomes its head.
    @inline(__always)
    mutating func advanceLane(_ lane: Int) {
        invariant(laneCount[lane] > 0, "advancing empty lane \(lane)")
        laneStart[lane] = (laneStart[lane] + 1) & laneMask[lane]
        laneCount[lane] -= 1
        if laneCount[lane] > 0 { insertLaneHead(laneBuffers[lane].unsafelyUnwrapped[laneStart[lane]]) }
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

    /// Events pending (an event handed out by ``take()`` is no longer pending; lane timers behind
    /// their lane's head are not counted).
    var pendingCount: Int { main.count + laneHeads.count - (taken != 0 ? 1 : 0) }
    var isEmpty: Bool { pendingCount == 0 }
    /// Time of the earliest pending event, or infinity when none.
    var topTime: Double {
        mutating get {
            settle()
            let t = main.count > 0 ? main.root.time : .infinity
            return laneHeads.count > 0 ? min(t, laneHeads.root.time) : t
        }
    }

    /// Removes the root handed out by ``take()``, if it is still in its slot.
    @_transparent
    mutating func settle() {
        if taken != 0 {
            if taken == Self.takenMain { main.removeRoot() } else { laneHeads.removeRoot() }
            taken = 0
        }
    }

    /// Returns the earliest event, or nil when none is pending, like ``pop()``, but leaves it in its
    /// heap's root slot until the next insert into that heap, which takes the slot with one sift
    /// (the event loop pops one event and mostly schedules one or more), or the next read of the
    /// queue, which removes it. The order of events is the same as with ``pop()``: every entry has
    /// its own schedule number, so the order of (time, schedule order) does not depend on which
    /// heap holds an entry or on a heap's shape.
    @inline(__always)
    mutating func take() -> Entry? { take(notAfter: .infinity) }

    /// ``take()`` when the earliest event is at or before `limit`, else nil with nothing taken: the
    /// event loop's one look at the queue per event (an arrival at `limit` goes after a queued event
    /// at the same time).
    ///
    /// `@_transparent`, as is ``settle()``: `Engine.run()` is too large for the optimiser to honour
    /// `@inline(__always)`, so both were calls on every event (2.8 % of tandem3's instructions and
    /// 2.5 % of video-recommendation's, by cachegrind; the same figures to the last digit).
    @_transparent
    mutating func take(notAfter limit: Double) -> Entry? {
        settle()
        if laneHeads.count > 0, main.count == 0 || laneHeads.root < main.root {
            guard !(limit < laneHeads.root.time) else { return nil }
            taken = Self.takenLane
            return laneHeads.root
        }
        guard main.count > 0, !(limit < main.root.time) else { return nil }
        taken = Self.takenMain
        return main.root
    }

    /// A guess at the payload of the main heap's next event after the one ``take()`` handed out,
    /// for the event loop to start loading what that event will touch: the root's earliest child
    /// when the root was handed out, else the root. Wrong when an earlier event is scheduled
    /// meanwhile; only a hint.
    var likelyNextPayload: UInt32? {
        @inline(__always) get { taken == Self.takenMain ? main.earliestChildPayload : main.count > 0 ? main.root.payload : nil }
    }

    /// Entries in the main heap (the root handed out by ``take()`` included).
    var mainCount: Int { @inline(__always) get { main.count } }

    /// Whether the main heap is past ``Heap/prefetchingSize``: large enough to spill out of the L1
    /// cache, with the calls in flight behind it, so that the event loop's hints pay for themselves.
    var isLarge: Bool { @inline(__always) get { main.count > Heap.prefetchingSize } }

    /// Schedules `payload` at `time`.
    ///
    /// - Complexity: O(log n).
    @inline(__always)
    mutating func push(time: Double, payload: UInt32) {
        if nextSequence >= sequenceLimit { renumber() }
        let entry = Entry(time: time, key: nextSequence << 32 | UInt64(payload))
        nextSequence &+= 1
        if taken == Self.takenMain {
            taken = 0
            main.replaceRoot(entry)
        } else {
            main.insert(entry)
        }
    }

    /// Puts a lane's new head, with its schedule number, into ``laneHeads``.
    @inline(__always)
    private mutating func insertLaneHead(_ entry: Entry) {
        if taken == Self.takenLane {
            taken = 0
            laneHeads.replaceRoot(entry)
        } else {
            laneHeads.insert(entry)
        }
    }

    /// Removes and returns the earliest event, or nil when empty. A lane's event popped here needs
    /// ``advanceLane(_:)`` as after ``take()``.
    ///
    /// - Complexity: O(log n).
    @inline(__always)
    mutating func pop() -> Entry? {
        guard let e = take() else { return nil }
        settle()
        return e
    }

    /// Gives the pending entries, in the heaps and in the lanes, schedule numbers 0..<n in their
    /// current order (after 2³² pushes).
    private mutating func renumber() {
        settle()
        // Every pending entry with where it lives: −1 the main heap, else lane · 2³² + position in
        // its ring. The lane heads' heap holds copies of the rings' first entries: it is rebuilt.
        var all: [(entry: Entry, place: Int)] = []
        while main.count > 0 { all.append((main.root, -1)); main.removeRoot() }
        while laneHeads.count > 0 { laneHeads.removeRoot() }
        for l in 0..<lanes where laneCount[l] > 0 {
            let ring = laneBuffers[l].unsafelyUnwrapped
            for j in 0..<laneCount[l] { all.append((ring[(laneStart[l] + j) & laneMask[l]], l << 32 | j)) }
        }
        all.sort { $0.entry < $1.entry }
        for (i, item) in all.enumerated() {
            let renumbered = Entry(time: item.entry.time, key: UInt64(i) << 32 | (item.entry.key & 0xFFFF_FFFF))
            if item.place < 0 {
                main.appendLargest(renumbered)   // in sorted order: a valid heap
            } else {
                let l = item.place >> 32, j = item.place & 0xFFFF_FFFF
                laneBuffers[l].unsafelyUnwrapped[(laneStart[l] + j) & laneMask[l]] = renumbered
                if j == 0 { laneHeads.insert(renumbered) }
            }
        }
        nextSequence = UInt64(all.count)
    }

    #if MLSD_INVARIANTS
    /// Checks the heap property of both heaps; debug and test builds only.
    func _checkInvariants() {
        main._checkInvariants("main")
        laneHeads._checkInvariants("lane heads")
    }
    #endif
}
