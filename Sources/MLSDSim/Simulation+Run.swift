import CEngineHints
import MLSDCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The event loop. Generic over the observer so that a run without one compiles to no observer code.
struct Engine<Observer: SimulationObserver>: ~Copyable {
    // Model, flattened into arrays indexed by component, group or target.
    let model: SimulationModel
    let servers: UnsafeArray<Int32>
    let queueLimit: UnsafeArray<Int>
    let samplers: UnsafeArray<Sampler>
    let table: UnsafeArray<Double>
    let zigguratK: UnsafeArray<UInt64>
    let zigguratW: UnsafeArray<Double>
    let zigguratF: UnsafeArray<Double>
    var ziggurat: ZigguratPointers { ZigguratPointers(k: UnsafePointer(zigguratK.base), w: UnsafePointer(zigguratW.base), f: UnsafePointer(zigguratF.base)) }
    let normalK: UnsafeArray<UInt64>
    let normalW: UnsafeArray<Double>
    let normalF: UnsafeArray<Double>
    var normalZiggurat: NormalZigguratPointers { NormalZigguratPointers(k: UnsafePointer(normalK.base), w: UnsafePointer(normalW.base), f: UnsafePointer(normalF.base)) }
    let timeout: UnsafeArray<Double>
    let retries: UnsafeArray<Int32>
    /// Retry budget per first attempt, −1 where there is none.
    let retryBudget: UnsafeArray<Double>
    /// Backoff base per component, seconds; 0 retries at once.
    let backoff: UnsafeArray<Double>
    /// Per component, the policies a call there must consult (``policyExtras``, ``policyBreaker``,
    /// ``policyDeadline``); 0 for most, so a design without them pays one test per call.
    let policy: UnsafeArray<UInt8>
    /// Circuit breaker state per component (unused where there is none).
    var breakers: UnsafeArray<BreakerState>
    /// Set once any call has timed out: from then on a successful answer may reach a caller that
    /// gave up, which goodput must not count.
    var hasAbandonedCallers = false
    let fallback: UnsafeArray<Int32>
    /// Hit ratio per cache (0 elsewhere); a `--hit-ratio` fault changes it for its window.
    var hitRatio: UnsafeArray<Double>
    /// Service-time factor per component: 1, or the product of the `--slow` faults open on it.
    var slowFactor: UnsafeArray<Double>
    /// Whether each fault's window is open now.
    var faultOpen: [Bool]
    let maxBatch: UnsafeArray<Int32>
    let maxWait: UnsafeArray<Double>
    let groupStart: UnsafeArray<Int32>
    let groupKind: UnsafeArray<SimulationModel.GroupKind>
    let groupProbability: UnsafeArray<Double>
    let targetStart: UnsafeArray<Int32>
    let targets: UnsafeArray<Int32>
    let entry: Int32
    let componentCount: Int
    /// Per component: its index among the `llm_server`s, −1 for others; their token engine's state.
    let llmSlot: UnsafeArray<Int32>
    /// Per call group: an `llm_router`'s rule on the request's tokens (nil elsewhere).
    let groupRule: [TokenRule?]
    /// Per call group: an `llm_router`'s routed group (a rule or a written share).
    let groupRouted: UnsafeArray<Bool>
    var llm: LLMState
    let isClosedLoop: Bool
    /// The arrival rate when arrivals are Poisson, else 0.
    let poissonRate: Double
    let observer: Observer

    // Run settings.
    let stop: Simulation.StopCondition
    let requestLimit: Int
    let timeLimit: Double
    let warmupCount: Int
    let warmupTime: Double
    let inFlightLimit: Int
    /// Most frames (calls in flight, timed-out calls still queued included): the memory bound.
    let frameLimit: Int
    /// Most events processed: the work bound, which also holds after the last arrival.
    let eventLimit: Int
    let seed: UInt64

    // State.
    var now = 0.0
    var nextArrival = Double.infinity
    var rng: SplitMix64
    /// Service ends, batch timers, outages and retries in the heap; timeout timers in one lane per
    /// component (a component's timers fire in the order they were set).
    var events: EventQueue
    var frames = UnsafeArray<Frame>(repeating: Frame(), count: 0)
    /// Per frame, the next frame of its request (or of the free list): 4 bytes a frame beside the
    /// 64-byte frames, so walking a chain — every allocation takes the free list's head — reads a
    /// compact array instead of a frame scattered over tens of megabytes (a design that keeps
    /// hundreds of thousands of frames spent over half its time on that one load; issue #13).
    var frameLink = UnsafeArray<Int32>(repeating: -1, count: 0)
    var freeFrame: Int32 = -1
    var requests = UnsafeArray<RequestSlot>(repeating: RequestSlot(), count: 0)
    /// Per request slot, the frame chain's tail and the live frames: what each call updates.
    var requestCalls = UnsafeArray<RequestCalls>(repeating: RequestCalls(), count: 0)
    var freeRequest: Int32 = -1
    var inFlight = 0
    var arrived = 0
    var busy: UnsafeArray<Int32>
    /// Σ service end times − Σ service start times of each component, and its busy area at the window's start.
    var busyClock: UnsafeArray<Double>
    var busyAtWindowStart: UnsafeArray<Double>
    var isWindowStartTaken = false
    var isWindowEndTaken = false
    /// Servers able to start work now: servers minus those of replicas down in an outage.
    var capacity: UnsafeArray<Int32>
    var serversDown: UnsafeArray<Int32>
    var queueHead: UnsafeArray<Int32>
    var queueTail: UnsafeArray<Int32>
    var queueLength: UnsafeArray<Int>
    var batchTimerPending: UnsafeArray<Bool>
    /// Retries each budgeted component may still spend (token bucket, at most ``SimulationModel/retryBudgetBurst``).
    var retryTokens: UnsafeArray<Double>
    /// Retries waiting out their backoff, by slot; their events are outage events with index
    /// 2·outages + slot. Free slots are chained through `freeRetries`.
    var pendingRetries: [PendingRetry] = []
    var freeRetries: [Int32] = []
    var eventCount = 0
    var wasCutOff: Bool { cutOff != nil }
    var cutOff: SimulationResult.CutOff?
    /// Asked every 65 536 events with the share of arrivals made so far; true stops the run early
    /// (a cancelled TUI run).
    var isCancelled: ((Double) -> Bool)? = nil

    // Statistics.
    var windowStart = Double.infinity
    var windowEnd = Double.infinity
    /// When the last request released its slot (all its calls done): a run of so many requests
    /// drains the event queue, fault windows included, so `now` ends at the last fault's end.
    var lastReleaseSeconds = 0.0
    var counters: UnsafeArray<ComponentCounters>
    /// Histograms in pages of one octave (1 024 buckets, 8 kB), allocated when first recorded into:
    /// component i's sojourn is histogram i, end-to-end latency histogram n. A component costs only
    /// the octaves its latencies span, not 320 kB (issue #13, finding 8).
    /// `histogramPageOf[h · pagesPerHistogram + octave]` is the page's number in `histogramPages`, or −1.
    var histogramPageOf: UnsafeArray<Int32>
    var histogramPages: UnsafeArray<UInt64>
    var histogramTotals: UnsafeArray<HistogramTotals>
    var measuredArrivals = 0
    var errors = Array(repeating: 0, count: Outcome.count)
    /// How the warm-up's requests ended, by outcome: a run stopped before its warm-up ended counts
    /// them (it has nothing else to report), a run that measured does not.
    var warmupOutcomes = Array(repeating: 0, count: Outcome.count)
    /// Requests answered in a run stopped before its warm-up ended (no latency recorded).
    var answeredUnmeasured = 0
    /// Of the warm-up's answers, those a fallback's answer reached.
    var warmupDegraded = 0
    /// Critical-path seconds per (latency band, component), for the waterfall of the slowest requests.
    var bandSeconds: UnsafeArray<Double>
    var bandCounts: UnsafeArray<Int>
    /// Lowest latency band the waterfall still records (see ``finishRequest(_:_:)``).
    var waterfallFirstBand = 0
    var successes = 0
    /// Measured requests that succeeded with a fallback's answer in their own answer.
    var degraded = 0
    static var bandShift: Int { 5 }   // 32 bands per octave of end-to-end latency
    static var bandCount: Int { LatencyHistogram.bucketCount >> bandShift }
    static var pageBits: Int { LatencyHistogram.subBucketBits }
    static var pagesPerHistogram: Int { LatencyHistogram.bucketCount >> pageBits }

    /// Index: outage number · 2 + 1 at its end, + 0 at its start.
    static var outageEvent: UInt32 { 0 }
    static var serviceEvent: UInt32 { 1 }
    static var timeoutEvent: UInt32 { 2 }
    static var batchEvent: UInt32 { 3 }

    /// ``policy`` bits: a timeout timer or retry-budget deposit at each call; a circuit breaker;
    /// deadline propagation.
    static var policyExtras: UInt8 { 1 }
    static var policyBreaker: UInt8 { 2 }
    static var policyDeadline: UInt8 { 4 }
    static var policyShed: UInt8 { 8 }

    init(model: SimulationModel, seed: UInt64, warmupFraction: Double, stop: Simulation.StopCondition,
         inFlightLimit: Int?, eventLimit eventLimitOverride: Int? = nil, observer: Observer) {
        self.model = model
        self.seed = seed
        self.observer = observer
        self.stop = stop
        let n = model.components.count
        componentCount = n
        var table: [Double] = []
        var samplers: [Sampler] = []
        for c in model.components {
            samplers.append(Sampler(c.distribution, scale: 1 / c.speedup, tableOffset: table.count))
            if let v = c.distribution.empiricalValues { table += v }
        }
        self.samplers = UnsafeArray(samplers)
        self.table = UnsafeArray(table)
        zigguratK = UnsafeArray(ZigguratTables.exponential.k)
        zigguratW = UnsafeArray(ZigguratTables.exponential.w)
        zigguratF = UnsafeArray(ZigguratTables.exponential.f)
        normalK = UnsafeArray(ZigguratTables.normal.k)
        normalW = UnsafeArray(ZigguratTables.normal.w)
        normalF = UnsafeArray(ZigguratTables.normal.f)
        servers = UnsafeArray(model.components.map { Int32(clamping: $0.servers) })
        queueLimit = UnsafeArray(model.components.map { $0.queueLimit ?? Int.max })
        timeout = UnsafeArray(model.components.map { $0.timeoutSeconds ?? .infinity })
        retries = UnsafeArray(model.components.map { Int32(clamping: $0.retries) })
        retryBudget = UnsafeArray(model.components.map { $0.retryBudget ?? -1 })
        retryTokens = UnsafeArray(repeating: SimulationModel.retryBudgetBurst, count: n)
        backoff = UnsafeArray(model.components.map { $0.backoffSeconds ?? 0 })
        policy = UnsafeArray(model.components.map { c -> UInt8 in
            (c.timeoutSeconds != nil || c.retryBudget != nil ? Self.policyExtras : 0)
                | (c.circuitBreaker != nil ? Self.policyBreaker : 0) | (c.deadlinePropagation ? Self.policyDeadline : 0)
                | (c.deadlineShedding ? Self.policyShed : 0)
        })
        breakers = UnsafeArray(model.components.map { c -> BreakerState in
            guard let b = c.circuitBreaker else { return BreakerState() }
            return BreakerState(threshold: Int32(clamping: b.failures), probes: Int32(clamping: b.halfOpenProbes), openSeconds: b.openFor.seconds)
        })
        fallback = UnsafeArray(model.components.map { Int32($0.fallback ?? -1) })
        hitRatio = UnsafeArray(model.components.map { $0.hitRatio ?? 0 })
        slowFactor = UnsafeArray(repeating: 1, count: n)
        faultOpen = Array(repeating: false, count: model.outages.count)
        // An llm_server takes the batched path of `spawn`, where its token engine takes the call.
        maxBatch = UnsafeArray(model.components.map { Int32(clamping: $0.llm != nil ? 2 : $0.batching?.maxBatch ?? 1) })
        maxWait = UnsafeArray(model.components.map { $0.batching?.maxWait.seconds ?? 0 })
        var gs: [Int32] = [], gk: [SimulationModel.GroupKind] = []
        var gp: [Double] = [], ts: [Int32] = [], tg: [Int32] = []
        var rules: [TokenRule?] = [], routed: [Bool] = []
        for c in model.components {
            gs.append(Int32(gk.count))
            for g in c.groups {
                gk.append(g.kind)
                // A router draws its written shares among the requests its rules left.
                gp.append(g.written)
                rules.append(c.kind == .llmRouter ? g.rule : nil)
                routed.append(g.isRouted)
                ts.append(Int32(tg.count))
                tg.append(contentsOf: g.targets.map { Int32($0) })
            }
        }
        gs.append(Int32(gk.count))
        ts.append(Int32(tg.count))
        groupStart = UnsafeArray(gs); groupKind = UnsafeArray(gk); groupProbability = UnsafeArray(gp)
        groupRule = rules
        groupRouted = UnsafeArray(routed)
        targetStart = UnsafeArray(ts); targets = UnsafeArray(tg)
        entry = Int32(model.entry)
        llm = LLMState(model: model)
        llmSlot = UnsafeArray(llm.slot.isEmpty ? Array(repeating: -1, count: n) : llm.slot)
        if case .closed = model.arrivals { isClosedLoop = true } else { isClosedLoop = false }
        if case .poisson(let rate) = model.arrivals { poissonRate = rate } else { poissonRate = 0 }
        rng = SplitMix64(seed: seed)
        events = EventQueue(lanes: n)
        busy = UnsafeArray(repeating: 0, count: n)
        busyClock = UnsafeArray(repeating: 0, count: n)
        busyAtWindowStart = UnsafeArray(repeating: 0, count: n)
        capacity = UnsafeArray(model.components.map { Int32(clamping: $0.servers) })
        serversDown = UnsafeArray(repeating: 0, count: n)
        queueHead = UnsafeArray(repeating: -1, count: n)
        queueTail = UnsafeArray(repeating: -1, count: n)
        queueLength = UnsafeArray(repeating: 0, count: n)
        batchTimerPending = UnsafeArray(repeating: false, count: n)
        counters = UnsafeArray(repeating: ComponentCounters(), count: n)
        histogramPageOf = UnsafeArray(repeating: -1, count: (n + 1) * Self.pagesPerHistogram)
        histogramPages = UnsafeArray(repeating: 0, count: 0)
        histogramTotals = UnsafeArray(repeating: HistogramTotals(), count: n + 1)
        bandSeconds = UnsafeArray(repeating: 0, count: Self.bandCount * n)
        bandCounts = UnsafeArray(repeating: 0, count: Self.bandCount)
        switch stop {
        case .requests(let count):
            requestLimit = max(count, 0)
            timeLimit = .infinity
            warmupCount = Int(Double(requestLimit) * warmupFraction)
            warmupTime = 0
        case .time(let seconds):
            requestLimit = Int.max
            timeLimit = max(seconds, 0)
            warmupCount = 0
            warmupTime = timeLimit * warmupFraction
            windowStart = warmupTime
            windowEnd = timeLimit
        }
        if let limit = inFlightLimit {
            self.inFlightLimit = max(limit, 1)
        } else {
            let analytic = AnalyticModel(model: model)
            if analytic.isStable {
                let little = model.arrivals.meanRate * analytic.meanLatencySeconds
                self.inFlightLimit = Int(min(Double(Self.defaultInFlightCap), max(200_000, 50 * little)))
            } else {
                self.inFlightLimit = 20_000
            }
        }
        frameLimit = min(16 * self.inFlightLimit, Self.frameCap)
        let expectedArrivals: Double = switch stop {
        case .requests: Double(requestLimit)
        case .time: model.arrivals.meanRate * timeLimit
        }
        // An LLM call takes a step event per output token at worst (a batch of one).
        let perRequest = Double(Self.eventsPerRequest) * (model.hasLLM ? 1 + model.outputTokens.mean * 2 : 1)
        eventLimit = eventLimitOverride ?? Int(min(Double(Int.max / 2), max(Double(Self.baseEventLimit), perRequest * expectedArrivals)))
    }

    /// Highest default bound on requests in flight (1 M request slots ≈ 48 MB).
    static var defaultInFlightCap: Int { 1_000_000 }
    /// Most frames whatever the in-flight bound: 4 Mi frames of 64 bytes ≈ 256 MB.
    static var frameCap: Int { 4 << 20 }
    /// The work bound: events per requested arrival, and a floor for short runs. A shipped scenario
    /// needs 4–40 events per request; 50 M events take a few seconds in a release build.
    static var eventsPerRequest: Int { 100 }
    static var baseEventLimit: Int { 50_000_000 }

    // MARK: Loop

    mutating func run() -> SimulationResult {
        if requestLimit > 0 {
            if case .closed(let users, _, _) = model.arrivals { startUsers(users) } else { scheduleNextArrival() }
        }
        for (k, o) in model.outages.enumerated() {
            schedule(o.startSeconds, Self.outageEvent, Int32(2 * k))
            schedule(o.endSeconds, Self.outageEvent, Int32(2 * k + 1))
        }
        while true {
            // The next arrival is kept outside the heap: one heap operation fewer per request.
            // An arrival at the same time as a queued event goes second (it was scheduled later).
            // One look at the queue per event: its earliest event if not after the next arrival,
            // taken, not popped (the root's slot goes to the first event this one schedules).
            guard let event = events.take(notAfter: nextArrival) else {
                if nextArrival == .infinity || nextArrival > timeLimit { break }
                now = nextArrival
                snapshotWindow()
                eventCount &+= 1
                nextArrival = .infinity
                arrive()
                if arrived < requestLimit { scheduleNextArrival() } else if windowEnd == .infinity { windowEnd = now }
                // Requests in flight, and frames (timed-out calls still queued count too), are bounded.
                if inFlight > inFlightLimit { cutOff = .requestsInFlight(limit: inFlightLimit); break }
                if frames.count > frameLimit { cutOff = .callsInFlight(limit: frameLimit); break }
                continue
            }
            if event.time > timeLimit { break }
            now = event.time
            snapshotWindow()
            eventCount &+= 1
            if eventCount & 0xFFFF == 0, let isCancelled, isCancelled(requestLimit > 0 ? Double(arrived) / Double(requestLimit) : 0) { cutOff = .cancelled; break }
            let index = Int32(bitPattern: event.payload >> 2)
            // The frame of the service that likely ends next has been idle since it was called; with
            // thousands of calls in flight it is out of cache. Start loading it while this event runs.
            // (With few services pending, frames stay in cache and the guess would cost more than it
            // saves: by Little's law tandem3 keeps about 25 pending, video-recommendation at 50k/s about 2,000.)
            if events.isLarge, let next = events.likelyNextPayload, next & 3 == Self.serviceEvent {
                mlsd_prefetch_read(frames.base + Int(next >> 2))
            }
            switch event.payload & 3 {
            case Self.serviceEvent:
                serviceDone(index)
            case Self.timeoutEvent:
                events.advanceLane(Int(frames[Int(index)].component))
                timeoutFired(index)
            case Self.outageEvent:
                if Int(index) >= 2 * model.outages.count { retryDue(Int(index) - 2 * model.outages.count) } else { outageChanged(Int(index)) }
            case Self.batchEvent:
                let i = Int(index)
                if i >= componentCount {
                    if i == userArrivalEvent { userArrives() } else { llmStepDone(i - componentCount) }
                    if inFlight > inFlightLimit { cutOff = .requestsInFlight(limit: inFlightLimit); break }
                } else {
                    batchTimerPending[i] = false
                    dispatchBatches(i)
                }
            default:
                break
            }
            // The bounds hold after the last arrival too: retries, fan-out and calls left queued by
            // timeouts can keep growing while the system drains.
            if frames.count > frameLimit { cutOff = .callsInFlight(limit: frameLimit); break }
            if eventCount > eventLimit { cutOff = .events(limit: eventLimit); break }
        }
        if case .time = stop { windowEnd = min(timeLimit, max(now, windowStart)) }
        if windowEnd == .infinity { windowEnd = now }
        if wasCutOff { windowEnd = now }
        // The loop may end before an event past the window's ends; no component changes after `now`.
        if !isWindowEndTaken {
            let end = now
            now = max(now, windowEnd)
            snapshotWindow()
            now = end
        }
        // Calls still unanswered at the end (a cut-off or timed run) are not goodput.
        for i in 0..<requests.count where !requests[i].isReleased {
            var f = requests[i].firstFrame
            while f >= 0 {
                let flags = frames[Int(f)].flags
                if flags & (Frame.answered | Frame.async) == 0, flags & Frame.measured != 0 { counters[Int(frames[Int(f)].component)].notUseful += 1 }
                f = frameLink[Int(f)]
            }
        }
        // A cancelled run (stopped by its user) leaves them unfinished, not judged, as the end of a
        // timed run does: counted as failed, a fault run stopped in the TUI showed an error rate
        // (0.05 % on fraud-detection) where the same run to its end had none.
        if wasCutOff, cutOff != .cancelled {
            // Requests still unanswered fail. If the run was stopped before the warm-up ended, every
            // arrival counts, so an unstable design never reports an empty run: those that ended
            // count as they ended (answered ones without a latency, none having been recorded), the
            // rest as failed. They read "still in flight" before, and "none answered".
            let all = measuredArrivals == 0
            if all {
                measuredArrivals = arrived
                answeredUnmeasured = warmupOutcomes[Int(Outcome.success.rawValue)]
                degraded += warmupDegraded
                for k in 0..<Outcome.count where k != Int(Outcome.success.rawValue) { errors[k] += warmupOutcomes[k] }
            }
            for i in 0..<requests.count where !requests[i].isReleased && !requests[i].isFinished && (all || requests[i].isMeasured) {
                errors[Int(Outcome.failed.rawValue)] += 1
            }
        }
        #if MLSD_INVARIANTS
        if !wasCutOff, case .requests = stop { _checkInvariants() }
        #endif
        return makeResult()
    }

    #if MLSD_INVARIANTS
    /// After a run that drained (every request answered, the event queue empty): no server busy, no
    /// queue, nothing in flight, every frame and request slot back in its pool. Debug and test builds only.
    func _checkInvariants() {
        precondition(events.isEmpty, "events left after a drained run")
        precondition(inFlight == 0, "\(inFlight) requests in flight after a drained run")
        for c in 0..<componentCount {
            precondition(busy[c] == 0 && queueLength[c] == 0, "component \(c) busy \(busy[c]) queued \(queueLength[c])")
        }
        var free = 0, f = freeFrame
        while f >= 0 { free += 1; f = frameLink[Int(f)] }
        precondition(free == frames.count, "\(frames.count - free) frames not returned to the pool")
        for i in 0..<requests.count { precondition(requests[i].isReleased, "request slot \(i) not released") }
        for r in 0..<llm.replicas.count {
            let rep = llm.replicas[r]
            precondition(!rep.stepping && rep.running.isEmpty && rep.waitingCount == 0 && rep.delivering.isEmpty && rep.kvUsed == 0,
                         "LLM replica \(r) holds work after a drained run (KV \(rep.kvUsed))")
        }
    }
    #endif

    /// A call's deadline check, timeout timer and retry-budget deposit, out of line so that ``spawn``
    /// stays small (one test on the hot path when a design has none of them). Returns true when the
    /// call was dropped because its caller had given up (deadline propagation).
    @inline(never)
    mutating func spawnExtras(_ f: Int32, component ci: Int, request ri: Int, attempt: Int32, flags: UInt16) -> Bool {
        if policy[ci] & Self.policyDeadline != 0, hasAbandonedCallers, isAbandoned(f) {
            abandon(f)
            return true
        }
        let limit = timeout[ci]
        if limit < .infinity, flags & Frame.async == 0 {
            requests[ri].pendingTimers += 1
            events.pushToLane(ci, time: now + limit, payload: Self.timeoutEvent | UInt32(bitPattern: f) << 2)
        }
        if attempt == 0, retryBudget[ci] >= 0 {   // a first attempt deposits its share of a retry
            retryTokens[ci] = min(SimulationModel.retryBudgetBurst, retryTokens[ci] + retryBudget[ci])
        }
        return false
    }

    // MARK: Deadline propagation

    /// True when the call, or a call up its chain of callers, has timed out: nobody waits for its answer.
    mutating func isAbandoned(_ f: Int32) -> Bool {
        var a = f
        while a >= 0 {
            if frames[Int(a)].flags & Frame.timedOut != 0 { return true }
            a = frames[Int(a)].parent
        }
        return false
    }

    /// Drops a call whose caller gave up, unserved: it fails as `abandoned`, which is neither
    /// retried nor sent to a fallback and goes up to the caller that timed out.
    @inline(never)
    mutating func abandon(_ f: Int32) {
        let fi = Int(f)
        if frames[fi].flags & Frame.measured != 0 { counters[Int(frames[fi].component)].abandoned += 1 }
        if observer.isActive { trace(.abandon, f) }
        finishFrame(f, .abandoned)
    }

    /// Starts the next call waiting at `c` on a free server; with deadline propagation, calls at
    /// the head whose caller gave up are dropped first.
    @inline(__always)
    mutating func startNext(_ c: Int) {
        if policy[c] & Self.policyDeadline != 0, hasAbandonedCallers {
            let f = dequeueLive(c)
            if f < 0 { return }
            busy[c] += 1
            startService(c, head: f, size: 1)
            return
        }
        busy[c] += 1
        startService(c, head: dequeue(c), size: 1)
    }

    /// The first waiting call at `c` whose caller still waits, dropping those before it; −1 when none.
    @inline(never)
    mutating func dequeueLive(_ c: Int) -> Int32 {
        while queueLength[c] > 0 {
            let f = dequeue(c)
            if !isAbandoned(f) { return f }
            abandon(f)
        }
        return -1
    }

    /// Deadline shedding: true when the call, queued behind the calls waiting at `c` now, would at
    /// the mean service time finish after the earliest deadline up its chain of callers (a call's
    /// deadline is its start plus the timeout its caller waits for it). Every server is busy.
    @inline(never)
    mutating func isLate(_ f: Int32, _ c: Int) -> Bool {
        let mean = model.components[c].meanServiceSeconds
        let finish = capacity[c] > 0 ? now + Double(queueLength[c] + 1) / Double(capacity[c]) * mean + mean : .infinity
        var a = f
        while a >= 0 {
            let fa = Int(a)
            if frames[fa].flags & Frame.async != 0 { break }
            let deadline = frames[fa].arrival + timeout[Int(frames[fa].component)]
            if finish > deadline { return true }
            a = frames[fa].parent
        }
        return false
    }

    // MARK: Circuit breaker

    /// Whether the breaker of `c` lets the call `f` through; if not, fails it at once (not sent,
    /// not counted as a visit). Called only when the breaker is not closed.
    @inline(never)
    mutating func breakerAdmits(_ f: Int32, _ c: Int) -> Bool {
        if breakers[c].state == BreakerState.open {
            // A new half-open round waits for the probes of the last one.
            if now >= breakers[c].openUntil, breakers[c].probesOut == 0 {
                breakers[c].state = BreakerState.halfOpen
                breakers[c].probesSucceeded = 0
                if observer.isActive { traceBreaker(c, "half-open") }
            }
        }
        if breakers[c].state == BreakerState.halfOpen, breakers[c].probesOut + breakers[c].probesSucceeded < breakers[c].probes {
            breakers[c].probesOut += 1
            frames[Int(f)].flags |= Frame.probe
            return true
        }
        let fi = Int(f)
        if frames[fi].flags & Frame.measured != 0 {
            counters[c].fastFailed += 1
            if frames[fi].attempt > 0 { counters[c].retries -= 1 }   // a retry not made: counted as fast-failed instead
        }
        if observer.isActive { trace(.fastFail, f) }
        finishFrame(f, .shortCircuited)
        return false
    }

    /// A call through the breaker of `c` has its answer: closed, consecutive failures open it;
    /// half-open, a failed probe opens it again and enough successful ones close it.
    @inline(never)
    mutating func breakerRecord(_ f: Int32, _ c: Int, _ outcome: Outcome) {
        let isProbe = frames[Int(f)].flags & Frame.probe != 0
        if isProbe { breakers[c].probesOut -= 1 }
        // Not an answer from the component: refused by this breaker, or dropped because the caller
        // gave up (a dropped probe frees its place for another).
        if outcome == .shortCircuited || outcome == .abandoned { return }
        switch breakers[c].state {
        case BreakerState.closed:
            if outcome == .success {
                breakers[c].consecutiveFailures = 0
            } else {
                breakers[c].consecutiveFailures += 1
                if breakers[c].consecutiveFailures >= breakers[c].threshold { openBreaker(c) }
            }
        case BreakerState.halfOpen where isProbe:
            if outcome != .success {
                openBreaker(c)
            } else {
                breakers[c].probesSucceeded += 1
                if breakers[c].probesSucceeded >= breakers[c].probes {
                    breakers[c].state = BreakerState.closed
                    breakers[c].consecutiveFailures = 0
                    breakers[c].notClosedSeconds += windowOverlap(from: breakers[c].openedAt, to: now)
                    if observer.isActive { traceBreaker(c, "closed") }
                }
            }
        default:
            break   // answers of calls let through before it opened, or of an earlier round's probes
        }
    }

    mutating func openBreaker(_ c: Int) {
        if breakers[c].state == BreakerState.closed { breakers[c].openedAt = now }
        breakers[c].state = BreakerState.open
        breakers[c].openUntil = now + breakers[c].openSeconds
        if now >= windowStart, now <= windowEnd { breakers[c].opens += 1 }
        if observer.isActive { traceBreaker(c, "open") }
    }

    /// Seconds of [start, end] inside the measurement window (0 while the window has not begun).
    func windowOverlap(from start: Double, to end: Double) -> Double {
        max(0, min(end, windowEnd) - max(start, windowStart))
    }

    func traceBreaker(_ c: Int, _ detail: String) {
        observer.observe(TraceEvent(time: now, kind: .breaker, request: -1, component: model.components[c].id, detail: detail))
    }

    /// Payload: kind in the low 2 bits, a frame or component index in the other 30.
    @inline(__always)
    mutating func schedule(_ time: Double, _ kind: UInt32, _ index: Int32) {
        events.push(time: time, payload: kind | UInt32(bitPattern: index) << 2)
    }

    /// Draws the next arrival's time. Poisson arrivals, the common case, are drawn here, where
    /// the event loop inlines it; the other patterns in ``scheduleOtherArrival()``.
    @inline(__always)
    mutating func scheduleNextArrival() {
        if poissonRate > 0 {
            nextArrival = now + ziggurat.exponential(using: &rng) / poissonRate
        } else {
            scheduleOtherArrival()
        }
    }

    mutating func scheduleOtherArrival() {
        switch model.arrivals {
        case .poisson(let rate):
            nextArrival = now + ziggurat.exponential(using: &rng) / rate
        case .deterministic(let interval):
            nextArrival = Double(arrived + 1) * interval
        case .closed:
            nextArrival = .infinity
        case .burst(let rate, let factor, let every, let length):
            let peak = rate * max(factor, 1)
            var t = now
            while true {   // thinning (Lewis & Shedler): candidates at the peak rate, kept with λ(t)/peak
                t -= log(rng.nextOpenUniform()) / peak
                let inBurst = every > 0 && t.truncatingRemainder(dividingBy: every) < length
                if rng.nextUniform() * peak < rate * (inBurst ? factor : 1) { break }
            }
            nextArrival = t
        case .diurnal(let rate, let amplitude, let period):
            let peak = rate * (1 + amplitude)
            var t = now
            while true {
                t -= log(rng.nextOpenUniform()) / peak
                if rng.nextUniform() * peak < rate * (1 + amplitude * sin(2 * Double.pi * t / period)) { break }
            }
            nextArrival = t
        }
    }

    // MARK: Requests and frames

    mutating func arrive() {
        let index = arrived
        arrived += 1
        let measured: Bool
        if case .time = stop { measured = now >= warmupTime } else { measured = index >= warmupCount }
        if measured {
            measuredArrivals += 1
            if windowStart == .infinity { windowStart = now }
        }
        let r: Int32
        if freeRequest >= 0 {
            r = freeRequest
            freeRequest = requests[Int(r)].firstFrame
        } else {
            r = Int32(requests.count)
            requests.append(RequestSlot())
            requestCalls.append(RequestCalls())
        }
        requests[Int(r)] = RequestSlot(arrival: now, index: index, isMeasured: measured)
        requestCalls[Int(r)] = RequestCalls()
        if llm.isActive || llm.hasTokenRules { llmRequestArrived(Int(r)) }
        inFlight += 1
        if observer.isActive { observer.observe(TraceEvent(time: now, kind: .arrival, request: index, component: "", detail: "")) }
        spawn(entry, parent: -1, request: r, attempt: 0, previous: -1, flags: measured ? Frame.root | Frame.measured : Frame.root)
    }

    /// A fault's window opens or closes (index: fault · 2, + 1 at its end). Replicas down: their
    /// servers stop taking work, or return and start on the queue. Slow: services starting from now
    /// take the product of the open slow factors. Hit ratio: the lowest open ratio, else the design's.
    mutating func outageChanged(_ index: Int) {
        let o = model.outages[index / 2]
        guard let c = model.indexByID[o.id] else { return }
        let opens = index % 2 == 0
        faultOpen[index / 2] = opens
        switch o.effect {
        case .down(let replicas):
            let servers = Int32(clamping: min(replicas, model.components[c].replicas) * model.components[c].concurrency)
            serversDown[c] += opens ? servers : -servers
            capacity[c] = max(0, self.servers[c] - serversDown[c])
            if !opens {
                if maxBatch[c] > 1 {
                    dispatchBatches(c)
                } else {
                    while busy[c] < capacity[c], queueLength[c] > 0 { startNext(c) }
                }
            }
        case .slow:
            var factor = 1.0
            for (k, f) in model.outages.enumerated() where faultOpen[k] && f.id == o.id {
                if case .slow(let x) = f.effect { factor *= x }
            }
            slowFactor[c] = factor
        case .hitRatio:
            var ratio: Double?
            for (k, f) in model.outages.enumerated() where faultOpen[k] && f.id == o.id {
                if case .hitRatio(let x) = f.effect { ratio = min(ratio ?? x, x) }
            }
            hitRatio[c] = ratio ?? model.components[c].hitRatio ?? 0
        }
    }

    @inline(__always)
    mutating func allocateFrame() -> Int32 {
        if freeFrame >= 0 {
            let f = freeFrame
            freeFrame = frameLink[Int(f)]
            // The next allocation reads the next free frame's link and overwrites that frame: both
            // were last touched when their request ended, long out of cache in a design with
            // thousands of requests in flight. Start loading them now.
            if freeFrame >= 0 {
                mlsd_prefetch_read(frameLink.base + Int(freeFrame))
                mlsd_prefetch_write(frames.base + Int(freeFrame))
            }
            return f
        }
        frames.append(Frame())
        frameLink.append(-1)
        return Int32(frames.count - 1)
    }

    /// Starts a call of component `c` on behalf of `parent`. `flags` carry ``Frame/measured`` when
    /// the request is measured (every frame of a request has it as its request does; callers take
    /// it from the calling frame, which is in cache, rather than from the request's slot).
    mutating func spawn(_ c: Int32, parent: Int32, request r: Int32, attempt: Int32, previous: Int32, flags: UInt16) {
        let f = allocateFrame()
        let fi = Int(f)
        let ri = Int(r)
        let isMeasured = flags & Frame.measured != 0
        invariant(isMeasured == requests[ri].isMeasured, "a frame's measured flag differs from its request's")
        frames[fi] = Frame(arrival: now, ownTime: 0, component: c, parent: parent, request: r, next: -1, route: 0,
                           previousAttempt: previous, group: 0, position: 0, pending: 0, attempt: attempt,
                           flags: flags, failure: 0)
        frameLink[fi] = -1
        let last = requestCalls[ri].lastFrame
        if last >= 0 { frameLink[Int(last)] = f } else { requests[ri].firstFrame = f }
        requestCalls[ri].lastFrame = f
        requestCalls[ri].liveFrames += 1
        let ci = Int(c)
        let p = policy[ci]
        if p & Self.policyBreaker != 0, breakers[ci].state != BreakerState.closed, flags & Frame.async == 0, !breakerAdmits(f, ci) { return }
        if isMeasured { counters[ci].arrivals += 1 }
        if observer.isActive { trace(.enter, f) }
        // Deadline propagation has nothing to check until some call has timed out.
        if p & (Self.policyExtras | Self.policyDeadline) != 0, p & Self.policyExtras != 0 || hasAbandonedCallers,
           spawnExtras(f, component: ci, request: ri, attempt: attempt, flags: flags) { return }
        if maxBatch[ci] > 1 {
            if llmSlot[ci] >= 0 { llmArrive(ci, f); return }
            if queueLength[ci] >= queueLimit[ci] { reject(f); return }
            enqueue(ci, f)
            dispatchBatches(ci)
            return
        }
        if busy[ci] < capacity[ci] {
            busy[ci] += 1
            startOnArrival(ci, f, measured: isMeasured)
        } else if queueLength[ci] >= queueLimit[ci] || (p & Self.policyShed != 0 && isLate(f, ci)) {
            reject(f)
        } else {
            enqueue(ci, f)
        }
    }

    @inline(__always)
    mutating func enqueue(_ c: Int, _ f: Int32) {
        frames[Int(f)].next = -1
        if queueTail[c] >= 0 { frames[Int(queueTail[c])].next = f } else { queueHead[c] = f }
        queueTail[c] = f
        queueLength[c] += 1
    }

    @inline(__always)
    mutating func dequeue(_ c: Int) -> Int32 {
        let f = queueHead[c]
        queueHead[c] = frames[Int(f)].next
        if queueHead[c] < 0 { queueTail[c] = -1 }
        queueLength[c] -= 1
        frames[Int(f)].next = -1
        return f
    }

    mutating func reject(_ f: Int32) {
        let fi = Int(f)
        let c = Int(frames[fi].component)
        if frames[fi].flags & Frame.measured != 0 { counters[c].rejected += 1 }
        if observer.isActive { trace(.reject, f) }
        finishFrame(f, .rejected)
    }

    /// Busy server-seconds of `c` from the start of the run to time `t` (no change of `c` after `t`).
    ///
    /// Each service adds its end time and subtracts its start time to `busyClock`, so the area under
    /// the busy-servers curve up to `t` is `busyClock + busy·t`: one addition per service start and
    /// end on the hot path. Utilisation is this integral over the measurement window (see
    /// ``snapshotWindow()``): crediting a whole service when it started counted time past the window's
    /// end and missed services begun in the warm-up, so long services showed over 100 % or 0 %.
    func busyArea(_ c: Int, at t: Double) -> Double {
        busyClock[c] + Double(busy[c]) * t
    }

    /// Takes the window's busy time from the integral at its two ends. Called before the first event
    /// at or after each end, so no component has changed after the end yet.
    @inline(__always)
    mutating func snapshotWindow() {
        if !isWindowStartTaken, now >= windowStart {
            for c in 0..<componentCount { busyAtWindowStart[c] = busyArea(c, at: windowStart) }
            isWindowStartTaken = true
        }
        if isWindowStartTaken, !isWindowEndTaken, now >= windowEnd {
            for c in 0..<componentCount { counters[c].busySeconds = busyArea(c, at: windowEnd) - busyAtWindowStart[c] }
            isWindowEndTaken = true
        }
    }

    /// Starts serving call `f` at `c` the moment it arrives (a free server, no batching): what
    /// ``startService(_:head:size:)`` does for one call that waited 0, without reading the frame
    /// back (its wait adds exactly 0 to the sum, so the figures are the same to the bit).
    @inline(__always)
    mutating func startOnArrival(_ c: Int, _ f: Int32, measured: Bool) {
        invariant(busy[c] <= servers[c], "more services than servers")
        busyClock[c] -= now
        let t = samplers[c].sample(using: &rng, table: table.base, ziggurat: ziggurat, normal: normalZiggurat) * slowFactor[c]
        if measured { counters[c].started += 1 }
        if observer.isActive { trace(.start, f) }
        schedule(now + t, Self.serviceEvent, f)
    }

    /// Starts serving the frames chained from `head` (a batch of `size`) on one server of `c`.
    @inline(__always)
    mutating func startService(_ c: Int, head: Int32, size: Int) {
        invariant(busy[c] <= servers[c], "more services than servers")
        busyClock[c] -= now
        var t = samplers[c].sample(using: &rng, table: table.base, ziggurat: ziggurat, normal: normalZiggurat) * slowFactor[c]
        if size > 1 { t *= Double(size).squareRoot() }   // batch cost t·b^α with α = SimulationModel.batchCostExponent = 0.5
        if now >= windowStart, now <= windowEnd, maxBatch[c] > 1 {
            counters[c].batches += 1
            counters[c].batchedRequests += size
        }
        var f = head
        while f >= 0 {
            let fi = Int(f)
            if frames[fi].flags & Frame.measured != 0 {
                counters[c].started += 1
                counters[c].waitSum += now - frames[fi].arrival
            }
            if observer.isActive { trace(.start, f, detail: size > 1 ? "batch=\(size)" : "") }
            f = frames[fi].next
        }
        schedule(now + t, Self.serviceEvent, head)
    }

    /// Starts as many batches at `c` as free servers and the batching rule allow: a batch starts when
    /// `max_batch` requests wait or the oldest has waited `max_wait`.
    mutating func dispatchBatches(_ c: Int) {
        if llmSlot[c] >= 0 { return }   // an llm_server schedules its own steps
        let b = Int(maxBatch[c])
        let dropsAbandoned = policy[c] & Self.policyDeadline != 0
        while busy[c] < capacity[c], queueLength[c] > 0 {
            if dropsAbandoned, hasAbandonedCallers {
                // The batch's oldest call must be one somebody waits for.
                let first = dequeueLive(c)
                if first < 0 { return }
                frames[Int(first)].next = queueHead[c]
                queueHead[c] = first
                if queueTail[c] < 0 { queueTail[c] = first }
                queueLength[c] += 1
            }
            let oldest = frames[Int(queueHead[c])].arrival
            guard queueLength[c] >= b || now >= oldest + maxWait[c] else {
                if !batchTimerPending[c] {
                    batchTimerPending[c] = true
                    schedule(oldest + maxWait[c], Self.batchEvent, Int32(c))
                }
                return
            }
            var size = min(b, queueLength[c])
            let head = dequeue(c)
            var tail = head
            for k in 1..<max(size, 1) {
                let f = dropsAbandoned && hasAbandonedCallers ? dequeueLive(c) : dequeue(c)
                if f < 0 { size = k; break }
                frames[Int(tail)].next = f
                tail = f
            }
            busy[c] += 1
            startService(c, head: head, size: size)
        }
    }

    mutating func serviceDone(_ head: Int32) {
        let c = Int(frames[Int(head)].component)
        // What ``advance(_:)`` touches once this call succeeds: its caller's frame and its request's
        // live count, both idle since the call was made. Start loading them before the statistics.
        let parent = frames[Int(head)].parent
        if parent >= 0 { mlsd_prefetch_write(frames.base + Int(parent)) }
        mlsd_prefetch_write(requestCalls.base + Int(frames[Int(head)].request))
        busyClock[c] += now
        busy[c] -= 1
        // The first frame's count goes into its histogram bucket at the end, once the calls it
        // makes have started: the bucket's line, rarely in cache, loads meanwhile. (Nothing reads
        // this component's histogram before then; the figures are the same to the bit.)
        let hi = Int(head)
        let flags = frames[hi].flags
        let sojournTime = now - frames[hi].arrival
        if flags & Frame.timedOut == 0 { frames[hi].ownTime = sojournTime }
        let deferredCount = flags & Frame.measured != 0 ? countSlot(sojournTime, in: c) : -1
        if deferredCount >= 0 { mlsd_prefetch_write(histogramPages.base + deferredCount) }
        if observer.isActive { trace(.finish, head) }
        if frames[hi].next >= 0 { batchMembersDone(after: head, at: c) }
        // The server is free before the finished requests make their calls: a caller holds a
        // server only for its own service (what makes a chain of stations a tandem network).
        if maxBatch[c] > 1 {
            dispatchBatches(c)
        } else if queueLength[c] > 0, busy[c] < capacity[c] {
            startNext(c)
        }
        var f = head
        while f >= 0 {
            let fi = Int(f)
            let next = frames[fi].next
            frames[fi].next = -1
            frames[fi].group = groupStart[c]
            frames[fi].position = 0
            advance(f)
            f = next
        }
        if deferredCount >= 0 { histogramPages[deferredCount] &+= 1 }
    }

    /// ``serviceDone(_:)`` for the frames of a batch after its first.
    @inline(never)
    mutating func batchMembersDone(after head: Int32, at c: Int) {
        var f = frames[Int(head)].next
        while f >= 0 {
            let fi = Int(f)
            let sojournTime = now - frames[fi].arrival
            if frames[fi].flags & Frame.timedOut == 0 { frames[fi].ownTime = sojournTime }
            if frames[fi].flags & Frame.measured != 0 { record(sojournTime, in: c) }
            if observer.isActive { trace(.finish, f) }
            f = frames[fi].next
        }
    }

    /// Whether an `llm_router`'s routed call group `gi` runs for frame `fi`. A router routes each
    /// call to at most one of its routed groups: the first of them it reaches decides once. Groups
    /// with a rule (`when:`) take the call if the request's tokens meet it, in file order; otherwise
    /// one draw picks a group with a share with its probability (the shares add up in file order;
    /// past their sum, none). Groups without either run as for any component.
    mutating func routerRuns(_ fi: Int, _ gi: Int, _ end: Int) -> Bool {
        if frames[fi].route == 0 {
            frames[fi].route = -1
            var ruled = false
            var tokens: (input: Int, output: Int)?
            for k in gi..<end {
                guard let rule = groupRule[k] else { continue }
                if tokens == nil { tokens = llmTokens(Int(frames[fi].request)) }
                if let t = tokens, rule.holds(input: t.input, output: t.output) { frames[fi].route = Int32(k + 1); ruled = true; break }
            }
            if !ruled {
                let u = rng.nextUniform()
                var sum = 0.0
                for k in gi..<end where groupRouted[k] && groupRule[k] == nil {
                    sum += groupProbability[k]
                    if u < sum { frames[fi].route = Int32(k + 1); break }
                }
            }
        }
        return Int(frames[fi].route) == gi + 1
    }

    /// Runs the frame's call groups from where it stands until it must wait or is finished; a
    /// finished frame's caller goes on in the same loop (``succeed(_:)``), so a chain of calls
    /// answered at one instant unwinds without a nest of calls per level.
    mutating func advance(_ start: Int32) {
        var f = start
        outer: while f >= 0 {
            let fi = Int(f)
            let c = Int(frames[fi].component)
            let end = groupStart[c + 1]
            while true {
                let g = frames[fi].group
                if g == end { f = succeed(f); continue outer }
                let gi = Int(g)
                let kind = groupKind[gi]
                let first = Int(targetStart[gi]), count = Int(targetStart[gi + 1]) - first
                if frames[fi].position == 0 {
                    if kind == .cacheMiss {
                        if rng.nextUniform() < hitRatio[c] { f = succeed(f); continue outer }
                    } else if groupRouted[gi] {
                        if !routerRuns(fi, gi, Int(end)) {
                            frames[fi].group += 1
                            continue
                        }
                    } else if groupProbability[gi] < 1, !(rng.nextUniform() < groupProbability[gi]) {
                        frames[fi].group += 1
                        continue
                    }
                }
                let r = frames[fi].request
                switch kind {
                case .sequence, .cacheMiss:
                    let p = Int(frames[fi].position)
                    if p < count {
                        frames[fi].position += 1
                        spawn(targets[first + p], parent: f, request: r, attempt: 0, previous: -1, flags: frames[fi].flags & Frame.measured)
                        return
                    }
                    frames[fi].group += 1
                    frames[fi].position = 0
                case .parallel:
                    frames[fi].position = 1
                    frames[fi].pending = Int32(count)
                    frames[fi].failure = 0
                    let measured = frames[fi].flags & Frame.measured
                    for k in 0..<count {
                        spawn(targets[first + k], parent: f, request: r, attempt: 0, previous: -1, flags: measured)
                    }
                    return
                case .async:
                    let measured = frames[fi].flags & Frame.measured
                    for k in 0..<count {
                        if measured != 0 { counters[Int(targets[first + k])].asyncCalls += 1 }
                        spawn(targets[first + k], parent: -1, request: r, attempt: 0, previous: -1, flags: Frame.async | measured)
                    }
                    frames[fi].group += 1
                }
            }
        }
    }

    /// The frame `f` succeeded: what `finishFrame(f, .success)` does, with its delivery to a
    /// caller in a sequence or parallel group written out. Returns the caller when it goes on now
    /// (``advance(_:)`` takes it in its loop), else −1; a root's success is the request's answer.
    /// An async or already answered (timed out) frame and a component with a circuit breaker take
    /// ``finishFrame(_:_:)``.
    @inline(__always)
    mutating func succeed(_ f: Int32) -> Int32 {
        let fi = Int(f)
        let flags = frames[fi].flags
        let c = Int(frames[fi].component)
        guard flags & (Frame.async | Frame.answered) == 0, policy[c] & Self.policyBreaker == 0 else {
            finishFrame(f, .success)
            return -1
        }
        frames[fi].flags = flags | Frame.done | Frame.answered | Frame.delivered
        let r = Int(frames[fi].request)
        requestCalls[r].liveFrames -= 1
        if flags & Frame.root != 0 {
            // The request's answer.
            markCritical(f)
            finishRequest(Int32(r), .success)
            releaseIfDone(Int32(r))
            return -1
        }
        // An unanswered call's caller is not done (a caller finishes once its calls are answered,
        // and one that timed out goes on with its work), so the request cannot be released here.
        invariant(requestCalls[r].liveFrames > 0, "a call answered with no live caller")
        let p = frames[fi].parent
        // Not goodput: an answer to a caller that timed out (only possible once a timeout fired).
        if hasAbandonedCallers, flags & Frame.measured != 0, frames[Int(p)].flags & Frame.answered != 0 { counters[c].notUseful += 1 }
        return resumeCaller(p, child: f, .success)
    }

    /// The frame's work is over (served and its calls answered, or rejected).
    mutating func finishFrame(_ f: Int32, _ outcome: Outcome) {
        let fi = Int(f)
        frames[fi].flags |= Frame.done
        let r = Int(frames[fi].request)
        requestCalls[r].liveFrames -= 1
        let flags = frames[fi].flags
        if flags & (Frame.answered | Frame.async) == 0 {
            deliver(f, outcome)
        } else if flags & Frame.async != 0, outcome == .success, flags & Frame.measured != 0 {
            counters[Int(frames[fi].component)].asyncAnswered += 1   // an async call's useful work: no caller waits
        }
        releaseIfDone(Int32(r))
    }

    /// Tells the caller of `f` how the call ended, after retries and fallback.
    mutating func deliver(_ f: Int32, _ outcome: Outcome) {
        let fi = Int(f)
        let flags = frames[fi].flags
        let parent = frames[fi].parent
        let c = Int(frames[fi].component)
        // A closed breaker with no failure counted has nothing to record for a success.
        if policy[c] & Self.policyBreaker != 0,
           outcome != .success || breakers[c].consecutiveFailures != 0 || breakers[c].state != BreakerState.closed {
            breakerRecord(f, c, outcome)
        }
        if outcome == .success {
            frames[fi].flags = flags | Frame.answered | Frame.delivered
            // Not goodput: an answer to a caller that timed out (only possible once a timeout fired).
            if hasAbandonedCallers, flags & Frame.measured != 0, parent >= 0, frames[Int(parent)].flags & Frame.answered != 0 {
                counters[Int(frames[fi].component)].notUseful += 1
            }
        } else {
            frames[fi].flags = flags | Frame.answered
            // A call failed by an open breaker was never made: not a visit, so not a useless one.
            if flags & Frame.measured != 0, outcome != .shortCircuited { counters[c].notUseful += 1 }
            if outcome != .abandoned, retryOrFallBack(f, outcome) { return }
        }
        if flags & Frame.root != 0 {
            markCritical(f)
            finishRequest(frames[fi].request, outcome)
        } else {
            resolve(parent, child: f, outcome)
        }
    }

    /// A call failed: tries it again (within the retry budget, after the backoff) or calls the
    /// fallback. Returns false when neither applies and the failure goes to the caller. Out of
    /// line: the rare path stays out of ``deliver(_:_:)``.
    @inline(never)
    mutating func retryOrFallBack(_ f: Int32, _ outcome: Outcome) -> Bool {
        let fi = Int(f)
        let c = frames[fi].component
        let r = frames[fi].request
        let parent = frames[fi].parent
        // The retry or fallback call is the request's root if this was, and measured as it was.
        let inherited = frames[fi].flags & (Frame.root | Frame.measured)
        let measured = frames[fi].flags & Frame.measured != 0
        // An open breaker's refusal is not retried (it would be refused again): the fallback answers.
        var mayRetry = outcome != .shortCircuited && frames[fi].attempt < retries[Int(c)]
        if mayRetry, retryBudget[Int(c)] >= 0 {
            if retryTokens[Int(c)] >= 1 {
                retryTokens[Int(c)] -= 1
            } else {
                mayRetry = false
                if measured { counters[Int(c)].retriesDenied += 1 }
                if observer.isActive { trace(.retry, f, detail: "denied by the retry budget") }
            }
        }
        if mayRetry {
            if measured { counters[Int(c)].retries += 1 }
            if observer.isActive { trace(.retry, f, detail: outcome.name) }
            let base = backoff[Int(c)]
            if base > 0 {
                // Full jitter (Brooker, "Exponential Backoff And Jitter", AWS 2015): uniform in [0, base·2^(k−1)] before retry k.
                let delay = rng.nextUniform() * base * Double(1 << min(Int(frames[fi].attempt), 30))
                let retry = PendingRetry(component: c, parent: parent, request: r, attempt: frames[fi].attempt + 1, previous: f, flags: inherited)
                let slot: Int32
                if let free = freeRetries.popLast() { slot = free; pendingRetries[Int(slot)] = retry } else {
                    slot = Int32(pendingRetries.count)
                    pendingRetries.append(retry)
                }
                requests[Int(r)].pendingTimers += 1
                schedule(now + delay, Self.outageEvent, Int32(2 * model.outages.count) + slot)
                return true
            }
            spawn(c, parent: parent, request: r, attempt: frames[fi].attempt + 1, previous: f, flags: inherited)
            return true
        }
        let fb = fallback[Int(c)]
        if fb >= 0 {
            if measured { counters[Int(c)].fallbacks += 1 }
            if observer.isActive { trace(.fallback, f, detail: outcome.name) }
            requests[Int(r)].usedFallback = true
            spawn(fb, parent: parent, request: r, attempt: 0, previous: f, flags: inherited | Frame.viaFallback)
            return true
        }
        return false
    }

    /// A call made by `p` has its final answer.
    mutating func resolve(_ p: Int32, child f: Int32, _ outcome: Outcome) {
        let next = resumeCaller(p, child: f, outcome)
        if next >= 0 { advance(next) }
    }

    /// The caller's side of a call's final answer: a parallel group counts it off (and fails once
    /// its last branch is in, if one failed), a failure ends the caller, and the caller that goes
    /// on now is returned for ``advance(_:)`` (−1 when none).
    @inline(__always)
    mutating func resumeCaller(_ p: Int32, child f: Int32, _ outcome: Outcome) -> Int32 {
        let pi = Int(p)
        let kind = groupKind[Int(frames[pi].group)]
        if kind == .parallel {
            if outcome != .success, frames[pi].failure == 0 { frames[pi].failure = outcome.rawValue }
            frames[pi].pending -= 1
            if frames[pi].pending > 0 { return -1 }
            markCritical(f)   // the last branch to answer is the one the caller waited for
            if frames[pi].failure != 0 {
                finishFrame(p, Outcome(rawValue: frames[pi].failure) ?? .failed)
                return -1
            }
            frames[pi].group += 1
            frames[pi].position = 0
            return p
        }
        markCritical(f)
        if outcome != .success { finishFrame(p, outcome); return -1 }
        return p
    }

    /// Marks a call's attempts (the frame and the attempts before it) as on its caller's critical path.
    @inline(__always)
    mutating func markCritical(_ f: Int32) {
        var a = f
        while a >= 0 {
            frames[Int(a)].flags |= Frame.critical
            a = frames[Int(a)].previousAttempt
        }
    }

    /// A retry's backoff is over: the call is made now.
    mutating func retryDue(_ slot: Int) {
        let p = pendingRetries[slot]
        freeRetries.append(Int32(slot))
        requests[Int(p.request)].pendingTimers -= 1
        if observer.isActive {
            observer.observe(TraceEvent(time: now, kind: .retry, request: requests[Int(p.request)].index,
                                        component: model.components[Int(p.component)].id, detail: "after backoff"))
        }
        spawn(p.component, parent: p.parent, request: p.request, attempt: p.attempt, previous: p.previous, flags: p.flags)
    }

    mutating func timeoutFired(_ f: Int32) {
        let fi = Int(f)
        let r = frames[fi].request
        requests[Int(r)].pendingTimers -= 1
        if frames[fi].flags & (Frame.answered | Frame.async) == 0 {
            frames[fi].flags |= Frame.timedOut
            hasAbandonedCallers = true
            frames[fi].ownTime = now - frames[fi].arrival
            let c = Int(frames[fi].component)
            if frames[fi].flags & Frame.measured != 0 { counters[c].timeouts += 1 }
            if observer.isActive { trace(.timeout, f) }
            deliver(f, .timeout)
        }
        releaseIfDone(r)
    }

    mutating func finishRequest(_ r: Int32, _ outcome: Outcome) {
        let ri = Int(r)
        requests[ri].isFinished = true
        inFlight -= 1
        if isClosedLoop { userDone() }
        if observer.isActive {
            observer.observe(TraceEvent(time: now, kind: .done, request: requests[ri].index, component: "", detail: outcome.name))
        }
        guard requests[ri].isMeasured else {
            warmupOutcomes[Int(outcome.rawValue)] &+= 1
            if outcome == .success, requests[ri].usedFallback, isDegraded(ri) { warmupDegraded &+= 1 }
            return
        }
        if outcome != .success {
            errors[Int(outcome.rawValue)] += 1
            return
        }
        let latency = now - requests[ri].arrival
        if llm.isActive { llmRequestFinished(ri) }
        let n = componentCount
        let bucket = record(latency, in: n)
        // Waterfall: add each on-path frame's time to this request's latency band. Only bands at or
        // above the lowest p90 seen so far are kept (the waterfall needs those from p99 up); the
        // threshold is refreshed at every power of two of successes from 4096 on and only falls.
        let band = bucket >> Self.bandShift
        successes &+= 1
        if successes >= 4096, successes & (successes - 1) == 0 {
            let p90 = LatencyHistogram.index(ofSeconds: histogram(n).quantile(0.9)) >> Self.bandShift
            waterfallFirstBand = successes == 4096 ? p90 : min(waterfallFirstBand, p90)
        }
        let checksFallback = requests[ri].usedFallback
        guard band >= waterfallFirstBand || checksFallback else { return }
        if checksFallback, isDegraded(ri) { degraded += 1 }
        guard band >= waterfallFirstBand else { return }
        bandCounts[band] += 1
        var f = requests[ri].firstFrame
        while f >= 0 {
            let fi = Int(f)
            let flags = frames[fi].flags
            var on = flags & Frame.critical != 0
            if on {
                let p = frames[fi].parent
                if p < 0 {
                    on = flags & Frame.root != 0
                } else {
                    let pf = frames[Int(p)].flags
                    on = pf & Frame.onPath != 0 && pf & Frame.timedOut == 0
                }
            }
            if on {
                frames[fi].flags |= Frame.onPath
                bandSeconds[band * n + Int(frames[fi].component)] += frames[fi].ownTime
            }
            f = frameLink[fi]
        }
    }

    /// True when a fallback's answer is part of the successful request's answer: some fallback
    /// frame answered with success a caller whose own answer was used, up to the request's root.
    /// Frames are chained in spawn order, so a caller is decided before its calls.
    @inline(never)
    mutating func isDegraded(_ ri: Int) -> Bool {
        var found = false
        var f = requests[ri].firstFrame
        while f >= 0 {
            let fi = Int(f)
            let flags = frames[fi].flags
            var used = flags & Frame.delivered != 0
            if used {
                let p = frames[fi].parent
                used = p < 0 ? flags & Frame.root != 0 : frames[Int(p)].flags & Frame.used != 0
            }
            if used {
                frames[fi].flags |= Frame.used
                if flags & Frame.viaFallback != 0 { found = true }
            }
            f = frameLink[fi]
        }
        return found
    }

    @inline(__always)
    mutating func releaseIfDone(_ r: Int32) {
        let ri = Int(r)
        guard requestCalls[ri].liveFrames == 0, requests[ri].isFinished, requests[ri].pendingTimers == 0, !requests[ri].isReleased else { return }
        release(r)
    }

    /// Returns a finished request's frames and slot to their pools. The free frames are chained
    /// through `frameLink`, so the request's whole chain joins the pool in O(1): walking it touched
    /// every frame of a request again, which for requests of thousands of frames scattered over a
    /// large pool cost more than the rest of the run (fuzz seed 91, README "Robustness").
    @inline(never)
    mutating func release(_ r: Int32) {
        let ri = Int(r)
        if requests[ri].firstFrame >= 0 {
            frameLink[Int(requestCalls[ri].lastFrame)] = freeFrame
            freeFrame = requests[ri].firstFrame
        }
        requests[ri].isReleased = true
        requests[ri].firstFrame = freeRequest
        freeRequest = r
        lastReleaseSeconds = now
    }

    /// Records a duration in histogram `h` (a component, or n for end-to-end); returns its bucket.
    @inline(__always) @discardableResult
    mutating func record(_ seconds: Double, in h: Int) -> Int {
        let bucket = LatencyHistogram.index(ofSeconds: seconds)
        histogramPages[slot(ofBucket: bucket, in: h)] &+= 1
        histogramTotals[h].add(seconds)
        return bucket
    }

    /// ``record(_:in:)`` but for the bucket's count: the duration is in `h`'s totals, and the caller
    /// adds 1 at the returned index of `histogramPages` before anything reads `h`.
    @inline(__always)
    mutating func countSlot(_ seconds: Double, in h: Int) -> Int {
        histogramTotals[h].add(seconds)
        return slot(ofBucket: LatencyHistogram.index(ofSeconds: seconds), in: h)
    }

    /// The index in `histogramPages` of `bucket` of histogram `h`, its page added if new.
    @inline(__always)
    mutating func slot(ofBucket bucket: Int, in h: Int) -> Int {
        let key = h &* Self.pagesPerHistogram &+ (bucket >> Self.pageBits)
        var page = Int(histogramPageOf[key])
        if page < 0 { page = newHistogramPage(key) }
        return page << Self.pageBits | (bucket & (1 << Self.pageBits - 1))
    }

    /// Adds a zeroed page for `key` and returns its number.
    @inline(never)
    mutating func newHistogramPage(_ key: Int) -> Int {
        let page = histogramPages.count >> Self.pageBits
        for _ in 0..<(1 << Self.pageBits) { histogramPages.append(0) }
        histogramPageOf[key] = Int32(page)
        return page
    }

    func histogram(_ h: Int) -> LatencyHistogram {
        let first = h * Self.pagesPerHistogram
        return LatencyHistogram(pages: (0..<Self.pagesPerHistogram).map { octave in
            let page = Int(histogramPageOf[first + octave])
            return page < 0 ? nil : UnsafePointer(histogramPages.base + (page << Self.pageBits))
        }, totals: histogramTotals[h])
    }

    func trace(_ kind: TraceEvent.Kind, _ f: Int32, detail: String = "") {
        let frame = frames[Int(f)]
        observer.observe(TraceEvent(time: now, kind: kind, request: requests[Int(frame.request)].index,
                                    component: model.components[Int(frame.component)].id, detail: detail))
    }
}
