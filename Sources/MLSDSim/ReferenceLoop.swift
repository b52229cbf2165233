import MLSDCore
/// The benchmark's yardstick: a hand-written, single-purpose event loop for a tandem of c-server
/// FIFO stations with Poisson arrivals and exponential service — what one would write to simulate
/// exactly that model and nothing else.
///
/// `mlsd-bench` runs it beside the engine on tandem3 and reports the engine's events per second as
/// a share of this loop's (issue #9: goal 0.95). It shares the engine's random numbers (SplitMix64,
/// ziggurat exponentials) so the comparison is of the loops, not of the samplers; it has a plain
/// binary heap keyed by time alone, one FIFO ring per station, and keeps only the mean sojourn after
/// the warm-up. Events are counted as the engine counts them: each arrival and each service end.
public enum ReferenceLoop {
    public struct Result: Sendable {
        /// Arrivals plus service ends.
        public var events: Int
        /// Mean time in the system of the requests after the warm-up, seconds.
        public var meanSojournSeconds: Double
    }

    /// Simulates `requests` arrivals at `rate` per second through `stations` (servers, mean service
    /// seconds) in order, until every request has left; the first `warmupFraction` are not measured.
    public static func run(rate: Double, stations: [(servers: Int, meanServiceSeconds: Double)], requests: Int,
                           seed: UInt64, warmupFraction: Double = 0.1) -> Result {
        var loop = Loop(rate: rate, stations: stations, requests: requests, seed: seed)
        return loop.run(warmup: Int(Double(requests) * warmupFraction))
    }

    /// The loop's state: raw buffers only (no arrays, no captured variables), as a hand-written
    /// simulator would keep it.
    private struct Loop: ~Copyable {
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
        let arrival: UnsafeMutablePointer<Double>
        // Binary heap of service ends: time, and request << 8 | station.
        var times: UnsafeMutablePointer<Double>
        var tags: UnsafeMutablePointer<Int64>
        var heapCapacity = 1024
        var size = 0
        var rng: SplitMix64
        let zk: UnsafeMutablePointer<UInt64>, zw: UnsafeMutablePointer<Double>, zf: UnsafeMutablePointer<Double>
        var z: ZigguratPointers { ZigguratPointers(k: zk, w: zw, f: zf) }

        init(rate: Double, stations: [(servers: Int, meanServiceSeconds: Double)], requests: Int, seed: UInt64) {
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
            arrival = .allocate(capacity: max(requests, 1))
            times = .allocate(capacity: 1024)
            tags = .allocate(capacity: 1024)
            rng = SplitMix64(seed: seed)
            let t = ZigguratTables.exponential
            zk = .allocate(capacity: 256); zk.initialize(from: t.k, count: 256)
            zw = .allocate(capacity: 256); zw.initialize(from: t.w, count: 256)
            zf = .allocate(capacity: 256); zf.initialize(from: t.f, count: 256)
        }

        deinit {
            for s in 0..<n { rings[s].deallocate() }
            for p in [UnsafeMutableRawPointer(servers), UnsafeMutableRawPointer(means), UnsafeMutableRawPointer(busy),
                      UnsafeMutableRawPointer(rings), UnsafeMutableRawPointer(ringMask), UnsafeMutableRawPointer(head),
                      UnsafeMutableRawPointer(length), UnsafeMutableRawPointer(arrival), UnsafeMutableRawPointer(times),
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
            if busy[s] < servers[s] {
                busy[s] += 1
                push(now + means[s] * z.exponential(using: &rng), Int64(r) << 8 | Int64(s))
            } else {
                if length[s] > ringMask[s] { growRing(s) }
                rings[s][(head[s] + length[s]) & ringMask[s]] = r
                length[s] += 1
            }
        }

        mutating func run(warmup: Int) -> Result {
            var events = 0, arrived = 0, measured = 0
            var sum = 0.0
            var nextArrival = requests > 0 ? z.exponential(using: &rng) / rate : .infinity
            while true {
                if size == 0 || nextArrival < times[0] {
                    if arrived == requests { break }
                    let now = nextArrival
                    events += 1
                    arrival[arrived] = now
                    enter(0, Int32(arrived), now)
                    arrived += 1
                    nextArrival = arrived < requests ? now + z.exponential(using: &rng) / rate : .infinity
                    continue
                }
                // Pop the earliest service end.
                let now = times[0], tag = tags[0]
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
                // The freed server takes the next waiting request, if any.
                if length[s] > 0 {
                    let next = rings[s][head[s]]
                    head[s] = (head[s] + 1) & ringMask[s]
                    length[s] -= 1
                    push(now + means[s] * z.exponential(using: &rng), Int64(next) << 8 | Int64(s))
                } else {
                    busy[s] -= 1
                }
                if s + 1 < n {
                    enter(s + 1, r, now)
                } else if Int(r) >= warmup {
                    sum += now - arrival[Int(r)]
                    measured += 1
                }
            }
            return Result(events: events, meanSojournSeconds: measured > 0 ? sum / Double(measured) : .nan)
        }
    }
}
