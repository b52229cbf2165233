/// A min-priority queue of simulation events ordered by (time, sequence).
///
/// The sequence number is the order in which events were scheduled, so events at equal times come
/// out first-scheduled first and a run is a pure function of (model, seed). (`Heap` from
/// HeapModule is not stable for equal keys; this queue breaks ties itself, as SimPy's `eid` does.)
/// It is a plain binary heap over one contiguous buffer of 24-byte entries: no per-event allocation.
struct EventQueue: ~Copyable {
    /// One scheduled event. `payload` is opaque to the queue (the engine packs kind and indices into it).
    struct Entry: Sendable, Equatable {
        var time: Double
        var sequence: UInt64
        var payload: UInt64

        @inline(__always)
        static func < (a: Entry, b: Entry) -> Bool {
            a.time < b.time || (a.time == b.time && a.sequence < b.sequence)
        }
    }

    private var heap = UnsafeArray<Entry>(repeating: Entry(time: 0, sequence: 0, payload: 0), count: 0)
    private var nextSequence: UInt64 = 0

    init() {}

    var count: Int { heap.count }
    var isEmpty: Bool { heap.count == 0 }
    /// Time of the earliest event, or infinity when empty.
    var topTime: Double { heap.count > 0 ? heap.base[0].time : .infinity }

    /// Schedules `payload` at `time`.
    ///
    /// - Complexity: O(log n).
    @inline(__always)
    mutating func push(time: Double, payload: UInt64) {
        let entry = Entry(time: time, sequence: nextSequence, payload: payload)
        nextSequence &+= 1
        heap.append(entry)
        let h = heap.base
        var i = heap.count - 1
        while i > 0 {
            let parent = (i - 1) >> 1
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
            let left = 2 * i + 1
            if left >= n { break }
            let right = left + 1
            let child = right < n && h[right] < h[left] ? right : left
            h[i] = h[child]
            i = child
        }
        while i > 0 {
            let parent = (i - 1) >> 1
            if !(last < h[parent]) { break }
            h[i] = h[parent]
            i = parent
        }
        h[i] = last
        return top
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
