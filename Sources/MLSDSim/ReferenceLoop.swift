import MLSDCore
/// The benchmark's yardstick: a hand-written, single-purpose event loop for a tandem of c-server
/// FIFO stations with Poisson arrivals and exponential service — what one would write to simulate
/// exactly that model and nothing else.
///
/// `mlsd-bench` runs it beside the engine on tandem3 and reports the engine's events per second as
/// a share of this loop's (issue #9: goal 0.95). It shares the engine's random numbers (SplitMix64,
/// ziggurat exponentials) so the comparison is of the loops, not of the samplers; it has a plain
/// binary heap keyed by time alone and one FIFO ring per station. Events are counted as the engine
/// counts them: each arrival and each service end.
///
/// It comes in two forms, one loop with two bookkeepers: ``run(rate:stations:requests:seed:warmupFraction:)``
/// keeps only the mean sojourn after the warm-up (the bare loop); ``report(rate:stations:requests:seed:warmupFraction:)``
/// keeps what the engine keeps and reports what `mlsd simulate` reports for the model, equal to the
/// engine's figures to the last bit (ReferenceLoopTests): the like-for-like yardstick.
public enum ReferenceLoop {
    public struct Result: Sendable {
        /// Arrivals plus service ends.
        public var events: Int
        /// Mean time in the system of the requests after the warm-up, seconds.
        public var meanSojournSeconds: Double
    }

    /// What `mlsd simulate` reports for a tandem, as the loop that keeps the engine's statistics
    /// computes it: end-to-end percentiles, each station's utilisation, wait and sojourn, and the
    /// slow requests' critical path.
    public struct Report: Sendable, Equatable {
        public struct Station: Sendable, Equatable {
            public var utilization: Double
            public var meanWaitSeconds: Double
            public var meanSojournSeconds: Double
            public var p99SojournSeconds: Double
        }
        /// Arrivals plus service ends.
        public var events: Int
        public var latency: SimulationResult.Latency
        public var throughput: Double
        public var stations: [Station]
        /// Each station's mean time on the requests at or above the p99 band (0 if none).
        public var criticalPathP99: [Double]
    }

    /// Simulates `requests` arrivals at `rate` per second through `stations` (servers, mean service
    /// seconds) in order, until every request has left; the first `warmupFraction` are not measured.
    /// Keeps only the mean sojourn.
    public static func run(rate: Double, stations: [(servers: Int, meanServiceSeconds: Double)], requests: Int,
                           seed: UInt64, warmupFraction: Double = 0.1) -> Result {
        let warmup = Int(Double(requests) * warmupFraction)
        var loop = Loop(rate: rate, stations: stations, requests: requests, seed: seed, books: MeanOnly(requests: requests, warmup: warmup))
        let events = loop.run()
        return Result(events: events, meanSojournSeconds: loop.books.measured > 0 ? loop.books.sum / Double(loop.books.measured) : .nan)
    }

    /// The same loop keeping what the engine keeps for this model (latency histograms with the
    /// engine's buckets, end-to-end and per station; busy time over the measurement window; waits;
    /// the per-band critical path), so it reports what `mlsd simulate` reports: the like-for-like
    /// yardstick. With the engine's warm-up (0.1) its report equals the engine's to the last bit.
    public static func report(rate: Double, stations: [(servers: Int, meanServiceSeconds: Double)], requests: Int,
                              seed: UInt64, warmupFraction: Double = 0.1) -> Report {
        let warmup = Int(Double(requests) * warmupFraction)
        let books = EngineBooks(stations: stations.count, warmup: warmup)
        var loop = Loop(rate: rate, stations: stations, requests: requests, seed: seed, books: books)
        let events = loop.run()
        return loop.books.report(events: events, servers: stations.map(\.servers))
    }

    /// What the loop keeps besides the queues: told of each arrival (it names the request in the
    /// queues: its index, or a recycled slot), service start and end and departure, and called
    /// before each event (where the engine takes its window's busy time).
    protocol Books: ~Copyable {
        mutating func beforeEvent(at now: Double, busy: UnsafeMutablePointer<Int>)
        mutating func arrived(_ r: Int, at now: Double, isLast: Bool) -> Int32
        mutating func entered(_ s: Int, _ id: Int32, at now: Double)
        mutating func started(_ s: Int, _ id: Int32, at now: Double)
        mutating func ended(_ s: Int, _ id: Int32, at now: Double)
        mutating func left(_ id: Int32, at now: Double)
    }

    /// Only the mean sojourn after the warm-up: the bare loop. A request is named by its index.
    struct MeanOnly: Books, ~Copyable {
        let warmup: Int
        let arrival: UnsafeMutablePointer<Double>
        var sum = 0.0
        var measured = 0
        init(requests: Int, warmup: Int) {
            self.warmup = warmup
            arrival = .allocate(capacity: max(requests, 1))
        }
        deinit { arrival.deallocate() }
        @inline(__always) func beforeEvent(at now: Double, busy: UnsafeMutablePointer<Int>) {}
        @inline(__always) func arrived(_ r: Int, at now: Double, isLast: Bool) -> Int32 {
            arrival[r] = now
            return Int32(r)
        }
        @inline(__always) func entered(_ s: Int, _ id: Int32, at now: Double) {}
        @inline(__always) func started(_ s: Int, _ id: Int32, at now: Double) {}
        @inline(__always) func ended(_ s: Int, _ id: Int32, at now: Double) {}
        @inline(__always) mutating func left(_ id: Int32, at now: Double) {
            if Int(id) >= warmup {
                sum += now - arrival[Int(id)]
                measured += 1
            }
        }
    }

    /// The engine's statistics for a tandem, kept as a careful hand-written loop would keep them:
    /// a request in flight holds a recycled slot (its arrival, whether it is measured, and per
    /// station when it joined the queue and its time there); flat buffers for the rest. The
    /// arithmetic is the engine's, in its order.
    struct EngineBooks: Books, ~Copyable {
        typealias E = Engine<NoObserver>
        let n: Int
        let warmup: Int
        /// Slots: a free list through `next`; per slot the arrival, measured flag, and n entry and
        /// own times.
        var capacity = 0
        var used = 0
        var free: Int32 = -1
        var next: UnsafeMutablePointer<Int32>
        var arrival: UnsafeMutablePointer<Double>
        var measured: UnsafeMutablePointer<Bool>
        var enteredAt: UnsafeMutablePointer<Double>
        var ownTime: UnsafeMutablePointer<Double>
        /// n + 1 flat histograms of the engine's buckets (the last one end-to-end) and their totals.
        let counts: UnsafeMutablePointer<UInt64>
        let totals: UnsafeMutablePointer<HistogramTotals>
        let busyClock: UnsafeMutablePointer<Double>
        let busyAtStart: UnsafeMutablePointer<Double>
        let busySeconds: UnsafeMutablePointer<Double>
        let started: UnsafeMutablePointer<Int>
        let waitSum: UnsafeMutablePointer<Double>
        let bandSeconds: UnsafeMutablePointer<Double>
        let bandCounts: UnsafeMutablePointer<Int>
        var firstBand = 0
        var successes = 0
        var windowStart = Double.infinity, windowEnd = Double.infinity
        var isStartTaken = false, isEndTaken = false

        init(stations n: Int, warmup: Int) {
            self.n = n
            self.warmup = warmup
            next = .allocate(capacity: 0); arrival = .allocate(capacity: 0); measured = .allocate(capacity: 0)
            enteredAt = .allocate(capacity: 0); ownTime = .allocate(capacity: 0)
            counts = .allocate(capacity: (n + 1) * LatencyHistogram.bucketCount)
            counts.initialize(repeating: 0, count: (n + 1) * LatencyHistogram.bucketCount)
            totals = .allocate(capacity: n + 1); totals.initialize(repeating: HistogramTotals(), count: n + 1)
            busyClock = .allocate(capacity: n); busyClock.initialize(repeating: 0, count: n)
            busyAtStart = .allocate(capacity: n); busyAtStart.initialize(repeating: 0, count: n)
            busySeconds = .allocate(capacity: n); busySeconds.initialize(repeating: 0, count: n)
            started = .allocate(capacity: n); started.initialize(repeating: 0, count: n)
            waitSum = .allocate(capacity: n); waitSum.initialize(repeating: 0, count: n)
            bandSeconds = .allocate(capacity: E.bandCount * n); bandSeconds.initialize(repeating: 0, count: E.bandCount * n)
            bandCounts = .allocate(capacity: E.bandCount); bandCounts.initialize(repeating: 0, count: E.bandCount)
        }

        deinit {
            for p in [UnsafeMutableRawPointer(next), UnsafeMutableRawPointer(arrival), UnsafeMutableRawPointer(measured),
                      UnsafeMutableRawPointer(enteredAt), UnsafeMutableRawPointer(ownTime), UnsafeMutableRawPointer(counts),
                      UnsafeMutableRawPointer(totals), UnsafeMutableRawPointer(busyClock), UnsafeMutableRawPointer(busyAtStart),
                      UnsafeMutableRawPointer(busySeconds), UnsafeMutableRawPointer(started), UnsafeMutableRawPointer(waitSum),
                      UnsafeMutableRawPointer(bandSeconds), UnsafeMutableRawPointer(bandCounts)] {
                p.deallocate()
            }
        }

        /// Doubles the slots (all in use).
        @inline(never)
        mutating func grow() {
            let new = max(1024, capacity * 2)
            func moved<T>(_ old: UnsafeMutablePointer<T>, _ count: Int, _ capacity: Int) -> UnsafeMutablePointer<T> {
                let p = UnsafeMutablePointer<T>.allocate(capacity: capacity)
                p.moveInitialize(from: old, count: count)
                old.deallocate()
                return p
            }
            next = moved(next, capacity, new); arrival = moved(arrival, capacity, new); measured = moved(measured, capacity, new)
            enteredAt = moved(enteredAt, capacity * n, new * n); ownTime = moved(ownTime, capacity * n, new * n)
            capacity = new
        }

        @inline(__always)
        mutating func beforeEvent(at now: Double, busy: UnsafeMutablePointer<Int>) {
            if !isStartTaken, now >= windowStart {
                for c in 0..<n { busyAtStart[c] = busyClock[c] + Double(busy[c]) * windowStart }
                isStartTaken = true
            }
            if isStartTaken, !isEndTaken, now >= windowEnd {
                for c in 0..<n { busySeconds[c] = busyClock[c] + Double(busy[c]) * windowEnd - busyAtStart[c] }
                isEndTaken = true
            }
        }

        @inline(__always)
        mutating func arrived(_ r: Int, at now: Double, isLast: Bool) -> Int32 {
            let isMeasured = r >= warmup
            if isMeasured, windowStart == .infinity { windowStart = now }
            if isLast { windowEnd = now }
            let id: Int32
            if free >= 0 {
                id = free
                free = next[Int(id)]
            } else {
                if used == capacity { grow() }
                id = Int32(used)
                used += 1
            }
            arrival[Int(id)] = now
            measured[Int(id)] = isMeasured
            return id
        }

        @inline(__always)
        func entered(_ s: Int, _ id: Int32, at now: Double) {
            enteredAt[Int(id) &* n &+ s] = now
        }

        @inline(__always)
        mutating func started(_ s: Int, _ id: Int32, at now: Double) {
            busyClock[s] -= now
            if measured[Int(id)] {
                started[s] += 1
                waitSum[s] += now - enteredAt[Int(id) &* n &+ s]
            }
        }

        @inline(__always)
        mutating func ended(_ s: Int, _ id: Int32, at now: Double) {
            busyClock[s] += now
            let k = Int(id) &* n &+ s
            let sojourn = now - enteredAt[k]
            ownTime[k] = sojourn
            if measured[Int(id)] { _ = record(sojourn, in: s) }
        }

        @inline(__always)
        mutating func record(_ seconds: Double, in h: Int) -> Int {
            let bucket = LatencyHistogram.index(ofSeconds: seconds)
            counts[h &* LatencyHistogram.bucketCount &+ bucket] &+= 1
            totals[h].add(seconds)
            return bucket
        }

        @inline(__always)
        mutating func left(_ id: Int32, at now: Double) {
            if measured[Int(id)] { measuredLeft(id, at: now) }
            next[Int(id)] = free
            free = id
        }

        mutating func measuredLeft(_ id: Int32, at now: Double) {
            let band = record(now - arrival[Int(id)], in: n) >> E.bandShift
            successes &+= 1
            if successes >= 4096, successes & (successes - 1) == 0 {
                let p90 = LatencyHistogram.index(ofSeconds: histogram(n).quantile(0.9)) >> E.bandShift
                firstBand = successes == 4096 ? p90 : min(firstBand, p90)
            }
            guard band >= firstBand else { return }
            bandCounts[band] += 1
            for s in 0..<n { bandSeconds[band &* n &+ s] += ownTime[Int(id) &* n &+ s] }
        }

        func histogram(_ h: Int) -> LatencyHistogram {
            let base = UnsafePointer(counts + h * LatencyHistogram.bucketCount)
            return LatencyHistogram(pages: (0..<E.pagesPerHistogram).map { base + $0 << E.pageBits }, totals: totals[h])
        }

        /// The figures, computed as the engine's result computes them.
        func report(events: Int, servers: [Int]) -> Report {
            let endToEnd = histogram(n)
            let window = max(windowEnd - windowStart, 0)
            let q = endToEnd.quantiles([0.5, 0.95, 0.99, 0.999])
            let latency = SimulationResult.Latency(mean: endToEnd.meanSeconds, p50: q[0], p95: q[1], p99: q[2], p999: q[3])
            var stations: [Report.Station] = []
            for s in 0..<n {
                let sojourn = histogram(s)
                stations.append(.init(utilization: window > 0 ? busySeconds[s] / (Double(servers[s]) * window) : 0,
                                      meanWaitSeconds: started[s] > 0 ? waitSum[s] / Double(started[s]) : 0,
                                      meanSojournSeconds: sojourn.meanSeconds, p99SojournSeconds: sojourn.quantile(0.99)))
            }
            let (slow, slowCount) = endToEnd.count > 0
                ? E.slowestBands(counts: bandCounts, seconds: bandSeconds, components: n, p99: latency.p99, firstRecorded: firstBand)
                : (Array(repeating: 0, count: n), 0)
            return Report(events: events, latency: latency, throughput: window > 0 ? Double(endToEnd.count) / window : 0,
                          stations: stations, criticalPathP99: slow.map { slowCount > 0 ? $0 / Double(slowCount) : 0 })
        }
    }

    /// The loop's state: raw buffers only (no arrays, no captured variables), as a hand-written
    /// simulator would keep it.
    private struct Loop<B: Books & ~Copyable>: ~Copyable {
        let n: Int
        let rate: Double
        let requests: Int
        let servers: UnsafeMutablePointer<Int>
        let means: UnsafeMutablePointer<Double>
        let busy: UnsafeMutablePointer<Int>
        /// Per station, a power-of-two ring of waiting requests.
        var rings: UnsafeMutablePointer<UnsafeMutablePointer<Int32>>
        let ringMask: UnsafeMutablePointer<Int>
        let head: UnsafeMutablePointer<Int>
        let length: UnsafeMutablePointer<Int>
        // Binary heap of service ends: time, and request << 8 | station.
        var times: UnsafeMutablePointer<Double>
        var tags: UnsafeMutablePointer<Int64>
        var heapCapacity = 1024
        var size = 0
        var rng: SplitMix64
        let zk: UnsafeMutablePointer<UInt64>, zw: UnsafeMutablePointer<Double>, zf: UnsafeMutablePointer<Double>
        var z: ZigguratPointers { ZigguratPointers(k: zk, w: zw, f: zf) }
        var books: B

        init(rate: Double, stations: [(servers: Int, meanServiceSeconds: Double)], requests: Int, seed: UInt64, books: consuming B) {
            n = stations.count
            self.rate = rate
            self.requests = requests
            servers = .allocate(capacity: n); servers.initialize(from: stations.map(\.servers), count: n)
            means = .allocate(capacity: n); means.initialize(from: stations.map(\.meanServiceSeconds), count: n)
            busy = .allocate(capacity: n); busy.initialize(repeating: 0, count: n)
            rings = .allocate(capacity: n)
            for s in 0..<n { (rings + s).initialize(to: .allocate(capacity: 1024)) }
            ringMask = .allocate(capacity: n); ringMask.initialize(repeating: 1023, count: n)
            head = .allocate(capacity: n); head.initialize(repeating: 0, count: n)
            length = .allocate(capacity: n); length.initialize(repeating: 0, count: n)
            times = .allocate(capacity: 1024)
            tags = .allocate(capacity: 1024)
            rng = SplitMix64(seed: seed)
            let t = ZigguratTables.exponential
            zk = .allocate(capacity: 256); zk.initialize(from: t.k, count: 256)
            zw = .allocate(capacity: 256); zw.initialize(from: t.w, count: 256)
            zf = .allocate(capacity: 256); zf.initialize(from: t.f, count: 256)
            self.books = books
        }
        deinit {
            for s in 0..<n { rings[s].deallocate() }
            for p in [UnsafeMutableRawPointer(servers), UnsafeMutableRawPointer(means), UnsafeMutableRawPointer(busy),
                      UnsafeMutableRawPointer(rings), UnsafeMutableRawPointer(ringMask), UnsafeMutableRawPointer(head),
                      UnsafeMutableRawPointer(length), UnsafeMutableRawPointer(times),
                      UnsafeMutableRawPointer(tags), UnsafeMutableRawPointer(zk), UnsafeMutableRawPointer(zw), UnsafeMutableRawPointer(zf)] {
                p.deallocate()
            }
        }

        @inline(__always)
        mutating func push(_ t: Double, _ tag: Int64) {
            if size == heapCapacity { growHeap() }
            var i = size
            size += 1
            while i > 0 {
                let p = (i - 1) >> 1
                if times[p] <= t { break }
                times[i] = times[p]; tags[i] = tags[p]
                i = p
            }
            times[i] = t; tags[i] = tag
        }

        mutating func growHeap() {
            let nt = UnsafeMutablePointer<Double>.allocate(capacity: heapCapacity * 2), ng = UnsafeMutablePointer<Int64>.allocate(capacity: heapCapacity * 2)
            nt.moveInitialize(from: times, count: size); ng.moveInitialize(from: tags, count: size)
            times.deallocate(); tags.deallocate()
            times = nt; tags = ng; heapCapacity *= 2
        }

        mutating func growRing(_ s: Int) {
            let old = ringMask[s] + 1
            let bigger = UnsafeMutablePointer<Int32>.allocate(capacity: old * 2)
            for j in 0..<length[s] { bigger[j] = rings[s][(head[s] + j) & ringMask[s]] }
            rings[s].deallocate()
            rings[s] = bigger; head[s] = 0; ringMask[s] = old * 2 - 1
        }

        @inline(__always)
        mutating func enter(_ s: Int, _ r: Int32, _ now: Double) {
            books.entered(s, r, at: now)
            if busy[s] < servers[s] {
                busy[s] += 1
                books.started(s, r, at: now)
                push(now + means[s] * z.exponential(using: &rng), Int64(r) << 8 | Int64(s))
            } else {
                if length[s] > ringMask[s] { growRing(s) }
                rings[s][(head[s] + length[s]) & ringMask[s]] = r
                length[s] += 1
            }
        }

        /// Runs to the end; returns the events (arrivals plus service ends).
        mutating func run() -> Int {
            var events = 0, arrived = 0
            var nextArrival = requests > 0 ? z.exponential(using: &rng) / rate : .infinity
            while true {
                if size == 0 || nextArrival < times[0] {
                    if arrived == requests { break }
                    let now = nextArrival
                    books.beforeEvent(at: now, busy: busy)
                    events += 1
                    let id = books.arrived(arrived, at: now, isLast: arrived + 1 == requests)
                    enter(0, id, now)
                    arrived += 1
                    nextArrival = arrived < requests ? now + z.exponential(using: &rng) / rate : .infinity
                    continue
                }
                // Pop the earliest service end.
                let now = times[0], tag = tags[0]
                books.beforeEvent(at: now, busy: busy)
                size -= 1
                if size > 0 {
                    let lt = times[size], lg = tags[size]
                    var i = 0
                    while true {
                        var c = 2 * i + 1
                        if c >= size { break }
                        if c + 1 < size, times[c + 1] < times[c] { c += 1 }
                        if lt <= times[c] { break }
                        times[i] = times[c]; tags[i] = tags[c]
                        i = c
                    }
                    times[i] = lt; tags[i] = lg
                }
                events += 1
                let s = Int(tag & 0xFF), r = Int32(truncatingIfNeeded: tag >> 8)
                books.ended(s, r, at: now)
                // The freed server takes the next waiting request, if any.
                if length[s] > 0 {
                    let next = rings[s][head[s]]
                    head[s] = (head[s] + 1) & ringMask[s]
                    length[s] -= 1
                    books.started(s, next, at: now)
                    push(now + means[s] * z.exponential(using: &rng), Int64(next) << 8 | Int64(s))
                } else {
                    busy[s] -= 1
                }
                if s + 1 < n {
                    enter(s + 1, r, now)
                } else {
                    books.left(r, at: now)
                }
            }
            // The engine takes a window's end after the last event too, if no event came after it.
            books.beforeEvent(at: .infinity, busy: busy)
            return events
        }
    }
}
