import Foundation
import MLSDCore
@testable import MLSDSim
import Testing

struct HistogramTests {
    @Test(arguments: [1e-7, 3.3e-6, 0.000_999, 0.0123, 0.5, 7.25, 3600.0])
    func quantilesAreWithinAFewHundredthsOfAPercent(value: Double) {
        var h = LatencyHistogram()
        h.record(value)
        #expect(abs(h.quantile(0.5) / value - 1) <= 0.0005 + 1e-9 / value)
    }

    @Test func bucketFromFloatBitsMatchesTheIntegerBucket() {
        var rng = SplitMix64(seed: 5)
        for _ in 0..<100_000 {
            let seconds = exp(rng.nextUniform() * 30 - 20)   // 2 ns … 22 000 s
            let ns = UInt64(seconds * 1e9)
            #expect(LatencyHistogram.index(ofSeconds: seconds) == LatencyHistogram.index(ofNanoseconds: ns))
        }
        #expect(LatencyHistogram.index(ofSeconds: -1) == 0)
        #expect(LatencyHistogram.index(ofSeconds: .infinity) == LatencyHistogram.bucketCount - 1)
    }

    @Test func quantilesOfAUniformSpreadAreExact() {
        var h = LatencyHistogram()
        for i in 1...10_000 { h.record(Double(i) * 1e-4) }   // 0.1 ms … 1 s
        #expect(abs(h.quantile(0.5) / 0.5 - 1) <= 0.0005)
        #expect(abs(h.quantile(0.99) / 0.99 - 1) <= 0.0005)
        #expect(abs(h.meanSeconds - 0.50005) <= 1e-12)
        #expect(h.quantiles([0.5, 0.99]) == [h.quantile(0.5), h.quantile(0.99)])
        #expect(h.count == 10_000)
    }

    @Test func distributionsSampleTheirAnalyticMean() {
        var rng = SplitMix64(seed: 99)
        let cases: [Distribution] = [.constant(0.002), .exponential(mean: 0.01), .uniform(low: 0.001, high: 0.003),
                                     .lognormal(mu: log(0.01), sigma: 0.5), .empirical([0.001, 0.002, 0.009])]
        for d in cases {
            var sum = 0.0
            for _ in 0..<100_000 { sum += d.sample(using: &rng) }
            // Sample mean of 100k draws: relative se ≤ 0.5 % for these CVs; 2.5 % bound.
            #expect(abs(sum / 100_000 / d.mean - 1) < 0.025, "\(d)")
        }
    }

    @Test func rangeBecomesALognormalWithTheRangeAsP5AndP95() {
        let d = Distribution(.range(low: .milliseconds(5), high: .milliseconds(20)))
        expectNear(d.cdf(0.005), 0.05, absolute: 1e-9, "p5")
        expectNear(d.cdf(0.020), 0.95, absolute: 1e-9, "p95")
    }

    @Test func splitMixIsStable() {
        // First outputs for seed 0 (reference values of SplitMix64).
        var rng = SplitMix64(seed: 0)
        #expect(rng.next() == 0xE220_A839_7B1D_CDAF)
        #expect(rng.next() == 0x6E78_9E6A_A1B9_65F4)
    }

    @Test func eventQueueIsOrderedByTimeThenScheduleOrder() {
        var q = EventQueue()
        let times = [3.0, 1.0, 2.0, 1.0, 5.0, 1.0, 0.5]
        for (i, t) in times.enumerated() { q.push(time: t, payload: UInt32(i)) }
        var out: [UInt32] = []
        while let e = q.pop() { out.append(e.payload) }
        #expect(out == [6, 1, 3, 5, 2, 0, 4])
    }

    /// Interleaved pushes and pops, with many equal times, against a sorted list: every pop is the
    /// earliest (time, schedule order) pending, whatever the heap's shape (full and partial child groups).
    @Test func eventQueueMatchesASortedListUnderRandomPushesAndPops() {
        var q = EventQueue()
        var rng = SplitMix64(seed: 5)
        var pending: [(time: Double, order: Int)] = []
        var order = 0
        for step in 0..<20_000 {
            let pushes = step < 10_000 ? Int(rng.next() % 3) : Int(rng.next() % 2)
            for _ in 0..<pushes {
                let t = Double(rng.next() % 64) / 8   // coarse times: many ties
                q.push(time: t, payload: UInt32(order))
                pending.append((t, order))
                order += 1
            }
            // About as many pops as pushes: the heap wanders between empty and a few hundred entries.
            for _ in 0..<(step < 10_000 ? Int(rng.next() % 3) : 1) {
                guard let e = q.pop() else { break }
                let i = pending.indices.min { (pending[$0].time, pending[$0].order) < (pending[$1].time, pending[$1].order) }!
                #expect(e.time == pending[i].time && Int(e.payload) == pending[i].order)
                pending.remove(at: i)
            }
        }
        var last = (time: -1.0, order: -1)
        while let e = q.pop() {
            #expect((last.time, last.order) < (e.time, Int(e.payload)))
            last = (e.time, Int(e.payload))
            pending.removeAll { $0.order == Int(e.payload) }
        }
        #expect(pending.isEmpty && q.isEmpty)
    }

    /// Lanes (FIFO rings whose times never decrease, only the head in the heap) give the same order
    /// as pushing everything into the heap, with ties between lanes and heap broken by schedule order,
    /// also across renumbering (a tiny sequence limit renumbers often).
    @Test(arguments: [UInt64(1) << 32, 7, 100])
    func lanesPopInTheSameOrderAsTheHeap(sequenceLimit: UInt64) {
        var q = EventQueue(lanes: 3)
        q.sequenceLimit = sequenceLimit
        var rng = SplitMix64(seed: 11)
        var now = 0.0
        var pending: [(time: Double, order: Int)] = []
        var order = 0
        var laneOf: [Int: Int] = [:]
        var popped: [Int] = []
        var maxPending = 0
        for _ in 0..<5_000 {
            maxPending = max(maxPending, pending.count)
            // Some heap events at now + 0…7/8, and timers on lanes at now + a lane constant (ties likely).
            for _ in 0..<Int(rng.next() % 3) {
                let t = now + Double(rng.next() % 8) / 8
                q.push(time: t, payload: UInt32(order)); pending.append((t, order)); order += 1
            }
            if rng.next() % 2 == 0 {
                let lane = Int(rng.next() % 3)
                let t = now + Double(lane + 1) / 4
                q.pushToLane(lane, time: t, payload: UInt32(order)); pending.append((t, order)); laneOf[order] = lane; order += 1
            }
            for _ in 0..<Int(rng.next() % 4) {
                guard let e = q.pop() else { break }
                let i = pending.indices.min { (pending[$0].time, pending[$0].order) < (pending[$1].time, pending[$1].order) }!
                #expect(e.time == pending[i].time && Int(e.payload) == pending[i].order, "popped \(e.payload) at \(e.time), expected \(pending[i])")
                pending.remove(at: i)
                if let lane = laneOf[Int(e.payload)] { q.advanceLane(lane) }
                popped.append(Int(e.payload))
                now = e.time
            }
        }
        while let e = q.pop() {
            let i = pending.indices.min { (pending[$0].time, pending[$0].order) < (pending[$1].time, pending[$1].order) }!
            #expect(Int(e.payload) == pending[i].order)
            pending.remove(at: i)
            if let lane = laneOf[Int(e.payload)] { q.advanceLane(lane) }
        }
        #expect(pending.isEmpty && q.isEmpty)
        #expect(popped.count > 1_000 && laneOf.count > 1_000)
        #expect(maxPending > 50, "the heap was never deep: \(maxPending)")
    }

    @Test func renumberingScheduleOrderKeepsTies() {
        var q = EventQueue()
        q.sequenceLimit = 3
        var out: [UInt32] = []
        for i in 0..<5 { q.push(time: 1, payload: UInt32(i)) }          // renumbers at the 4th push
        out.append(q.pop()?.payload ?? 99)
        for i in 5..<9 { q.push(time: i == 6 ? 0.5 : 1, payload: UInt32(i)) }
        while let e = q.pop() { out.append(e.payload) }
        #expect(out == [0, 6, 1, 2, 3, 4, 5, 7, 8])
    }
}

@Suite("CSV fields") struct CSVFieldTests {
    @Test(arguments: [("plain", "plain"), ("a,b", "\"a,b\""), ("say \"hi\"", "\"say \"\"hi\"\"\""), ("=cmd()", "'=cmd()"), ("-5", "-5"),
                      ("-x", "'-x"), ("a\u{1b}[2J", "a?[2J")])
    func fieldsAreQuotedAndDefused(_ input: String, _ expected: String) {
        #expect(FigureFormat.csvField(input) == expected)
    }
}
