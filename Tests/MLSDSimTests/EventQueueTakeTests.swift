import MLSDCore
@testable import MLSDSim
import Testing

/// ``EventQueue/take()`` hands out the earliest event but leaves it in the root's slot until the
/// next push (which takes the slot) or read; the event loop relies on it giving exactly the order
/// of ``EventQueue/pop()``.
struct EventQueueTakeTests {
    /// Random pushes, lane timers and takes with many ties, against a sorted list: every take is the
    /// earliest pending (time, schedule order), and the taken event never comes back.
    @Test(arguments: [UInt64(1) << 32, 5, 64])
    func takeGivesTheSameOrderAsASortedList(sequenceLimit: UInt64) {
        var q = EventQueue(lanes: 2)
        q.sequenceLimit = sequenceLimit
        var rng = SplitMix64(seed: 23)
        var pending: [(time: Double, order: Int)] = []
        var laneOf: [Int: Int] = [:]
        var order = 0
        var now = 0.0
        var taken = 0
        func earliest() -> Int {
            pending.indices.min { (pending[$0].time, pending[$0].order) < (pending[$1].time, pending[$1].order) }!
        }
        for step in 0..<3_000 {
            // As in the event loop: take one, then schedule none, one or a few (ties likely).
            if let e = q.take() {
                let i = earliest()
                #expect(e.time == pending[i].time && Int(e.payload) == pending[i].order, "took \(e.payload) at \(e.time), expected \(pending[i])")
                pending.remove(at: i)
                if let lane = laneOf[Int(e.payload)] { q.advanceLane(lane) }
                now = e.time
                taken += 1
            }
            #expect(q.isEmpty == pending.isEmpty)   // (lane timers behind their lane's head are not in the heap)
            let pushes = step < 1_500 ? Int(rng.next() % 4) : Int(rng.next() % 2)
            for _ in 0..<pushes {
                let t = now + Double(rng.next() % 8) / 8
                q.push(time: t, payload: UInt32(order)); pending.append((t, order)); order += 1
            }
            if rng.next() % 3 == 0 {
                let lane = Int(rng.next() % 2)
                let t = now + Double(lane + 1) / 2
                q.pushToLane(lane, time: t, payload: UInt32(order)); pending.append((t, order)); laneOf[order] = lane; order += 1
            }
            // Sometimes read the earliest time between takes, which removes the taken root.
            if rng.next() % 5 == 0, !pending.isEmpty { #expect(q.topTime == pending[earliest()].time) }
        }
        while let e = q.take() {
            let i = earliest()
            #expect(Int(e.payload) == pending[i].order)
            pending.remove(at: i)
            if let lane = laneOf[Int(e.payload)] { q.advanceLane(lane) }
        }
        #expect(pending.isEmpty && q.isEmpty && q.topTime == .infinity)
        #expect(taken > 1_500 && laneOf.count > 500)
    }

    /// The prefetch hint names the main heap's next event: after a take, with distinct times and
    /// nothing scheduled meanwhile, the payload it gives is the next take's; before any take, the
    /// root's. With fewer than four entries below a taken root there is no hint. The takes come
    /// out in time order through the sifts that prefetch (``EventQueue/Heap/prefetchingSize``).
    @Test func theNextEventHintNamesTheNextTake() {
        var q = EventQueue()
        var rng = SplitMix64(seed: 7)
        #expect(q.likelyNextPayload == nil)
        var times = Set<Double>()
        for k in 0..<400 {
            var t: Double
            repeat { t = Double(rng.next() % 1_000_000) / 1_000 } while !times.insert(t).inserted
            q.push(time: t, payload: UInt32(k))
        }
        #expect(400 > EventQueue.Heap.prefetchingSize)
        var hint = q.likelyNextPayload   // before any take: the root's
        #expect(hint != nil)
        var checked = 0
        var last = -1.0
        while let e = q.take() {
            // In time order, through sifts of a heap large enough to prefetch (over 256 entries).
            #expect(e.time > last)
            last = e.time
            if let hint {
                #expect(e.payload == hint)
                checked += 1
            }
            hint = q.likelyNextPayload
            #expect((hint == nil) == (q.mainCount <= 4), "a hint when the taken root has four children")
        }
        #expect(checked == 397, "the first take and every take after one with four entries below the root")
    }

    /// The event loop's one look per event: the earliest event when it is not after the next
    /// arrival (an event at the arrival's time goes first), else nothing taken and the queue as it
    /// was; from the main heap and from the lanes alike, and the same sequence as `take()`.
    @Test func takeNotAfterStopsAtTheLimit() {
        var q = EventQueue(lanes: 1)
        #expect(q.take(notAfter: .infinity) == nil)
        q.push(time: 2, payload: 0)
        q.pushToLane(0, time: 1, payload: 1)
        #expect(q.take(notAfter: 0.5) == nil)
        #expect(q.pendingCount == 2)
        let timer = q.take(notAfter: 1)   // equal to the limit: taken
        #expect(timer?.payload == 1 && timer?.time == 1)
        q.advanceLane(0)
        #expect(q.take(notAfter: 1.5) == nil)   // removes the taken timer, leaves the service end
        #expect(q.pendingCount == 1)
        let end = q.take(notAfter: .infinity)
        #expect(end?.payload == 0 && end?.time == 2)
        #expect(q.take(notAfter: .infinity) == nil && q.isEmpty)

        // Against take() on random pushes with ties: the same events in the same order.
        var a = EventQueue(lanes: 1), b = EventQueue(lanes: 1)
        var rng = SplitMix64(seed: 5)
        var now = 0.0, order: UInt32 = 0, lane: Set<UInt32> = []
        for _ in 0..<2_000 {
            let limit = now + Double(rng.next() % 4) / 4
            let x = a.take(notAfter: limit)
            var y: EventQueue.Entry?
            if b.topTime <= limit { y = b.take() }
            #expect(x == y)
            if let x {
                now = x.time
                if lane.contains(x.payload) { a.advanceLane(0); b.advanceLane(0) }
            }
            for _ in 0..<Int(rng.next() % 3) {
                let t = now + Double(rng.next() % 8) / 8
                a.push(time: t, payload: order); b.push(time: t, payload: order); order += 1
            }
            if rng.next() % 4 == 0 {
                a.pushToLane(0, time: now + 1, payload: order); b.pushToLane(0, time: now + 1, payload: order)
                lane.insert(order); order += 1
            }
        }
        #expect(order > 1_500)
    }

    /// Lane timers wait in a heap of their own: at equal times a timer and a service end still
    /// come out in the order they were scheduled, whichever heap holds them, and a timer taken
    /// first leaves the main heap's events in place.
    @Test func laneTimersAndOtherEventsKeepOneOrder() {
        var q = EventQueue(lanes: 2)
        q.push(time: 1, payload: 0)
        q.pushToLane(0, time: 1, payload: 1)
        q.pushToLane(1, time: 0.5, payload: 2)
        q.push(time: 1, payload: 3)
        q.pushToLane(0, time: 2, payload: 4)
        var out: [UInt32] = []
        while let e = q.take() {
            out.append(e.payload)
            if e.payload == 1 { q.advanceLane(0) }
            if e.payload == 2 { q.advanceLane(1); q.push(time: 1.5, payload: 5) }   // a push after a lane's take
            if e.payload == 4 { q.advanceLane(0) }
        }
        #expect(out == [2, 0, 1, 3, 5, 4])
        #expect(q.isEmpty && q.pendingCount == 0)
    }

    /// A take followed by a pop: the pop removes the taken root first and returns the next event.
    @Test func popAfterTakeReturnsTheNextEvent() {
        var q = EventQueue()
        for (i, t) in [2.0, 1.0, 3.0].enumerated() { q.push(time: t, payload: UInt32(i)) }
        #expect(q.take()?.payload == 1)
        #expect(q.pendingCount == 2)
        #expect(q.pop()?.payload == 0)
        #expect(q.take()?.payload == 2)
        #expect(q.isEmpty && q.take() == nil)
    }
}

/// The suite runs in an optimised build (README "Run the whole test suite"), where `assert` is gone;
/// the engine's bounds and order checks must still be in it, or the run would test less than it says.
struct InvariantTests {
    @Test func theEnginesChecksAreCompiledIntoThisBuild() {
        #expect(invariantsAreChecked,
                "MLSD_INVARIANTS is not defined for MLSDSim: run the suite as `swift test -c release -Xswiftc -DMLSD_INVARIANTS` (or a debug `swift test`)")
    }
}
