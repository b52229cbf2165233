import Foundation

/// `transform(i)` for every i in `0..<count` on `jobs` threads, results in index order.
///
/// Each worker takes the next index not yet started when it is free, so a worker that drew
/// cheap points does not sit idle while the other still has a queue of dear ones (with a fixed
/// split, worker 1 of a load sweep got every higher-load point of each pair). Once `isCancelled`
/// returns true no further index starts, and the result holds the indices done: a prefix
/// `0..<k`, in order. What is computed for an index does not depend on `jobs` or on which worker
/// ran it, so neither does the result.
func parallelMap<R: Sendable>(count: Int, jobs: Int, isCancelled: @escaping @Sendable () -> Bool = { false },
                              _ transform: @escaping @Sendable (Int) -> R) -> [R] {
    let slots = Slots<R>(count: count)
    let workers = max(1, min(jobs, count))
    DispatchQueue.concurrentPerform(iterations: workers) { _ in
        while !isCancelled(), let i = slots.claim() {
            slots.set(i, transform(i))
        }
    }
    return slots.values
}

/// `transform` applied to every element, `jobs` at a time, results in order.
func parallelMap<T: Sendable, R: Sendable>(_ items: [T], jobs: Int, _ transform: @escaping @Sendable (T) -> R) -> [R] {
    parallelMap(count: items.count, jobs: jobs) { transform(items[$0]) }
}

/// Results written by concurrent workers, one slot per index, and the next index to start.
private final class Slots<R: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [R?]
    private var next = 0
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    /// The next index nobody has started, or nil when every one has been.
    func claim() -> Int? {
        lock.withLock {
            guard next < slots.count else { return nil }
            defer { next += 1 }
            return next
        }
    }
    func set(_ i: Int, _ value: R) { lock.withLock { slots[i] = value } }
    var values: [R] { lock.withLock { slots.compactMap { $0 } } }
}

/// Counts finished pieces of work across workers, for progress.
final class ProgressCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var n = 0
    /// Counts one more; returns how many are done.
    func increment() -> Int { lock.withLock { n += 1; return n } }
}
