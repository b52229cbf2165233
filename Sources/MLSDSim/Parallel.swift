import Foundation

/// `transform(i)` for every i in `0..<count` on `jobs` threads (worker w takes w, w + jobs, …),
/// results in index order. Once `isCancelled` returns true no further index starts, and the
/// result holds only the indices done, still in order. What is computed for an index does not
/// depend on `jobs`, so neither does the result.
func parallelMap<R: Sendable>(count: Int, jobs: Int, isCancelled: @escaping @Sendable () -> Bool = { false },
                              _ transform: @escaping @Sendable (Int) -> R) -> [R] {
    let slots = Slots<R>(count: count)
    let workers = max(1, min(jobs, count))
    DispatchQueue.concurrentPerform(iterations: workers) { worker in
        for i in stride(from: worker, to: count, by: workers) {
            if isCancelled() { break }
            slots.set(i, transform(i))
        }
    }
    return slots.values
}

/// `transform` applied to every element, `jobs` at a time, results in order.
func parallelMap<T: Sendable, R: Sendable>(_ items: [T], jobs: Int, _ transform: @escaping @Sendable (T) -> R) -> [R] {
    parallelMap(count: items.count, jobs: jobs) { transform(items[$0]) }
}

/// Results written by concurrent workers, one slot per index.
private final class Slots<R: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [R?]
    init(count: Int) { slots = Array(repeating: nil, count: count) }
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
