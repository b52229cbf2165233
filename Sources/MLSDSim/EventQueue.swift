/// A min-priority queue of simulation events ordered by (time, sequence).
///
/// The sequence number is the order in which events were scheduled, so events at equal times come
/// out first-scheduled first and a run is a pure function of (model, seed). (`Heap` from
/// HeapModule is not stable for equal keys; this queue breaks ties itself, as SimPy's `eid` does.)
/// It is a plain binary heap over one contiguous array of 24-byte entries: no per-event allocation.
struct EventQueue: Sendable {
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

    private(set) var entries: ContiguousArray<Entry> = []
    private var nextSequence: UInt64 = 0

    init() { entries.reserveCapacity(256) }

    var count: Int { entries.count }
    var isEmpty: Bool { entries.isEmpty }

    /// Schedules `payload` at `time`.
    ///
    /// - Complexity: O(log n).
    @inline(__always)
    mutating func push(time: Double, payload: UInt64) {
        let entry = Entry(time: time, sequence: nextSequence, payload: payload)
        nextSequence &+= 1
        entries.append(entry)
        entries.withUnsafeMutableBufferPointer { h in
            var i = h.count - 1
            while i > 0 {
                let parent = (i - 1) >> 1
                if !(entry < h[parent]) { break }
                h[i] = h[parent]
                i = parent
            }
            h[i] = entry
        }
    }

    /// Removes and returns the earliest event, or nil when empty.
    ///
    /// - Complexity: O(log n).
    @inline(__always)
    mutating func pop() -> Entry? {
        guard let last = entries.popLast() else { return nil }
        if entries.isEmpty { return last }
        let top = entries[0]
        entries.withUnsafeMutableBufferPointer { h in
            let n = h.count
            var i = 0
            while true {
                let left = 2 * i + 1
                if left >= n { break }
                var child = left
                let right = left + 1
                if right < n, h[right] < h[left] { child = right }
                if !(h[child] < last) { break }
                h[i] = h[child]
                i = child
            }
            h[i] = last
        }
        return top
    }

    #if DEBUG
    /// Checks the heap property; debug builds only.
    func _checkInvariants() {
        for i in 1..<max(entries.count, 1) {
            precondition(!(entries[i] < entries[(i - 1) / 2]), "event queue heap property broken at \(i)")
        }
    }
    #endif
}
