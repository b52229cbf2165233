#if canImport(Glibc)
import Glibc
#endif

/// A fixed-type, growable buffer that the event loop owns outright.
///
/// `Array` checks uniqueness (copy-on-write) on every mutation, which showed up as 8 % of a
/// benchmark profile. This buffer cannot be copied, so it needs no such check; it deinitialises
/// its elements and frees its memory when it goes away and moves them when it grows, so an element
/// may hold references (an LLM replica's arrays) as well as be trivial (a frame). An element is
/// changed in place through ``base`` (no exclusivity check either). Its memory is aligned to a
/// cache line, so a 64-byte element (the engine's frames) never straddles two lines.
struct UnsafeArray<Element>: ~Copyable {
    private(set) var base: UnsafeMutablePointer<Element>
    private(set) var count: Int
    private var capacity: Int

    init(repeating value: Element, count: Int) {
        capacity = max(count, 1)
        base = Self.allocate(capacity)
        base.initialize(repeating: value, count: count)
        self.count = count
    }

    init<S: Sequence>(_ values: S) where S.Element == Element {
        let array = Array(values)
        let storage = Self.allocate(max(array.count, 1))
        array.withUnsafeBufferPointer { b in
            if let a = b.baseAddress { storage.initialize(from: a, count: b.count) }
        }
        capacity = max(array.count, 1)
        base = storage
        count = array.count
    }

    deinit {
        base.deinitialize(count: count)
        UnsafeMutableRawPointer(base).deallocate()
    }

    /// Room for `capacity` elements on a 64-byte boundary. From 4 MB on (a design that keeps
    /// hundreds of thousands of frames) the buffer is aligned to 2 MB and Linux is asked to back it
    /// with huge pages: the event loop reads such a buffer at random, and with 4 kB pages nearly
    /// every read also missed the TLB.
    private static func allocate(_ capacity: Int) -> UnsafeMutablePointer<Element> {
        let bytes = capacity * MemoryLayout<Element>.stride
        let huge = bytes >= 4 << 20
        let raw = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: huge ? 2 << 20 : max(64, MemoryLayout<Element>.alignment))
        #if os(Linux)
        if huge { _ = madvise(raw, bytes, MADV_HUGEPAGE) }
        #endif
        return raw.bindMemory(to: Element.self, capacity: capacity)
    }

    @inline(__always)
    subscript(i: Int) -> Element {
        unsafeAddress {
            invariant(i >= 0 && i < count, "index \(i) out of range 0..<\(count)")
            return UnsafePointer(base + i)
        }
        nonmutating unsafeMutableAddress {
            invariant(i >= 0 && i < count, "index \(i) out of range 0..<\(count)")
            return base + i
        }
    }

    /// - Complexity: amortised O(1).
    @inline(__always)
    mutating func append(_ value: Element) {
        if count == capacity { grow() }
        (base + count).initialize(to: value)
        count += 1
    }

    @inline(__always)
    mutating func removeLast() -> Element {
        invariant(count > 0)
        count -= 1
        return (base + count).move()
    }

    private mutating func grow() {
        let bigger = Self.allocate(capacity * 2)
        bigger.moveInitialize(from: base, count: count)
        UnsafeMutableRawPointer(base).deallocate()
        base = bigger
        capacity *= 2
    }
}
