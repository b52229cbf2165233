import MLSDCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The token-level engine of `llm_server` components (issue #11): continuous (iteration-level)
/// batching per replica, prefill and decode timed by ``LLMServerSpec/stepSeconds(prefillTokens:prefillContext:decodeSeqs:decodeContext:)``,
/// a KV cache that admits sequences while it has room and preempts the newest when decodes
/// overflow it, optional chunked prefill and a prefix-cache hit ratio. README "LLM serving".

/// One sequence (a call of an `llm_server`) on a replica.
struct LLMSequence {
    var frame: Int32
    /// Prompt tokens after the prefix cache.
    var prompt: Int32
    /// Tokens still to prefill in total: the prompt after the prefix cache, plus the answer so far
    /// after a preemption (recomputed).
    var toPrefill: Int32
    var prefilled: Int32 = 0
    var output: Int32
    var generated: Int32 = 0
    /// Tokens this sequence holds in the KV cache.
    var kv: Int32 = 0
    /// Prefill tokens scheduled in the running step; −1 when it decodes in it, 0 when not scheduled.
    var scheduled: Int32 = 0
    /// Arrival at the server and time of the first token (−1 before).
    var arrival: Double
    var firstToken: Double = -1
}

/// One replica: its running batch, its waiting queue (from `waitHead`) and its KV cache.
struct LLMReplica {
    var running: [LLMSequence] = []
    var waiting: [LLMSequence] = []
    var waitHead = 0
    var kvUsed = 0
    var stepping = false
    var stepStart = 0.0
    /// When the running step ends (valid while `stepping`).
    var stepEnd = 0.0
    /// Sequences whose last token the running step's output processing delivers when it ends.
    var delivering: [LLMSequence] = []
    var stepSeqs = 0
    var waitingCount: Int { waiting.count - waitHead }
    var load: Int { running.count + waitingCount }
}

/// What a replica's step plan reads of its server's spec, copied out once: reading the
/// ``LLMServerSpec`` itself each step copied it (strings and all) and worked out its datasheet
/// figures again.
struct LLMSlotSettings {
    var cost: LLMStepCost
    var maxBatchTokens: Int
    var maxSeqs: Int
    var chunkedPrefill: Bool
    var prefixCacheHitRatio: Double

    init(_ spec: LLMServerSpec) {
        cost = LLMStepCost(spec)
        maxBatchTokens = spec.maxBatchTokens
        maxSeqs = spec.maxSeqs
        chunkedPrefill = spec.chunkedPrefill
        prefixCacheHitRatio = spec.prefixCacheHitRatio
    }
}

/// Per-run state of every `llm_server`, and the token figures of the requests.
struct LLMState: ~Copyable {
    /// Per component: index among the LLM components, or −1.
    var slot: [Int32] = []
    /// Per LLM component: its component index, spec, KV capacity and first replica.
    var component: [Int] = []
    var spec: [LLMServerSpec] = []
    var settings: [LLMSlotSettings] = []
    var kvCapacity: [Int] = []
    var firstReplica: [Int] = []
    /// Every replica's state, changed in place through ``UnsafeArray/base``: its count is fixed
    /// once the state is built. (Moved out of an `Array` and back for each step, each replica left
    /// three empty arrays to make and free, and every change checked the array's uniqueness.)
    var replicas = UnsafeArray<LLMReplica>(repeating: LLMReplica(), count: 0)
    /// Two empty buffers with room, lent to ``Engine/llmStepDone(_:)`` for the sequences a step
    /// finishes and those it delivers, and given back empty: a step allocates nothing.
    var spareFinished: [LLMSequence] = []
    var spareDelivered: [LLMSequence] = []
    /// Per replica: its LLM component.
    var replicaSlot: [Int] = []
    /// Per LLM component, measured in the window.
    var ttft: [LatencyHistogram] = []
    var tpot: [LatencyHistogram] = []
    var outputTokens: [Int] = []
    var preemptions: [Int] = []
    var tooLong: [Int] = []
    var batchArea: [Double] = []
    var kvArea: [Double] = []
    var steppingArea: [Double] = []
    var kvPeak: [Double] = []
    /// Per LLM component: sequences a replica runs at once at the workload's mean tokens (KV cache
    /// and `max_seqs` allowing): the denominator of its utilisation.
    var fullBatch: [Int] = []
    /// Per request slot: its prompt and answer tokens (−1 until drawn), the time of the latest
    /// first token and the time per output token of that stream (−1 when none).
    var input: [Int32] = []
    var output: [Int32] = []
    var firstToken: [Double] = []
    var requestTPOT: [Double] = []
    /// End-to-end histograms: empty until the first LLM component is found (a histogram is 320 kB,
    /// which a design without an LLM should not pay for in every run).
    var endToEndTTFT = LatencyHistogram.empty
    var endToEndTPOT = LatencyHistogram.empty
    var isActive: Bool { !component.isEmpty }
    /// Some `llm_router` routes by a rule on the request's tokens, so requests draw tokens even
    /// when no `llm_server` runs.
    var hasTokenRules = false

    init() {}

    init(model: SimulationModel) {
        slot = Array(repeating: -1, count: model.components.count)
        hasTokenRules = model.components.contains { $0.groups.contains { $0.rule != nil } }
        for (i, c) in model.components.enumerated() {
            guard let s = c.llm else { continue }
            slot[i] = Int32(component.count)
            component.append(i)
            spec.append(s)
            settings.append(LLMSlotSettings(s))
            kvCapacity.append(max(s.kvCapacityTokens, 1))
            fullBatch.append(s.concurrentSequences(input: model.inputTokens.mean, output: model.outputTokens.mean))
            firstReplica.append(replicas.count)
            for _ in 0..<c.replicas { replicas.append(LLMReplica()) }
            replicaSlot += Array(repeating: component.count - 1, count: c.replicas)
        }
        let n = component.count
        guard n > 0 else { return }
        endToEndTTFT = LatencyHistogram()
        endToEndTPOT = LatencyHistogram()
        ttft = Array(repeating: LatencyHistogram(), count: n)
        tpot = Array(repeating: LatencyHistogram(), count: n)
        outputTokens = Array(repeating: 0, count: n)
        preemptions = Array(repeating: 0, count: n)
        tooLong = Array(repeating: 0, count: n)
        batchArea = Array(repeating: 0, count: n)
        kvArea = Array(repeating: 0, count: n)
        steppingArea = Array(repeating: 0, count: n)
        kvPeak = Array(repeating: 0, count: n)
    }
}

extension Engine {
    /// Event index (batch events) of replica `r`'s step end; the closed-loop user event follows them.
    var llmStepEventBase: Int { componentCount }
    var userArrivalEvent: Int { componentCount + llm.replicas.count }

    // MARK: Requests

    /// Draws the request's prompt and answer tokens the first time one of its calls reaches an
    /// LLM server (every LLM call of a request sees the same tokens).
    mutating func llmTokens(_ ri: Int) -> (input: Int, output: Int) {
        if llm.input.count <= ri {
            let grow = ri + 1 - llm.input.count
            llm.input += Array(repeating: -1, count: grow)
            llm.output += Array(repeating: -1, count: grow)
            llm.firstToken += Array(repeating: -1, count: grow)
            llm.requestTPOT += Array(repeating: -1, count: grow)
        }
        if llm.input[ri] < 0 {
            llm.input[ri] = Int32(model.inputTokens.value(z: model.inputTokens.sigma > 0 ? standardNormal() : 0))
            llm.output[ri] = Int32(model.outputTokens.value(z: model.outputTokens.sigma > 0 ? standardNormal() : 0))
        }
        return (Int(llm.input[ri]), Int(llm.output[ri]))
    }

    /// A standard normal draw (Box–Muller).
    mutating func standardNormal() -> Double {
        let u = rng.nextOpenUniform(), v = rng.nextUniform()
        return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
    }

    /// A new request: forget the token figures its slot held for an earlier request.
    @inline(never)
    mutating func llmRequestArrived(_ ri: Int) {
        guard ri < llm.input.count else { return }
        llm.input[ri] = -1
        llm.output[ri] = -1
        llm.firstToken[ri] = -1
        llm.requestTPOT[ri] = -1
    }

    /// A measured request succeeded: its end-to-end time to first token and time per output token.
    @inline(never)
    mutating func llmRequestFinished(_ ri: Int) {
        guard ri < llm.firstToken.count, llm.firstToken[ri] >= 0 else { return }
        llm.endToEndTTFT.record(llm.firstToken[ri] - requests[ri].arrival)
        if llm.requestTPOT[ri] >= 0 { llm.endToEndTPOT.record(llm.requestTPOT[ri]) }
    }

    // MARK: Arrival and routing

    /// A call reaches an LLM server: it joins the waiting queue of the least-loaded replica that is up.
    @inline(never)
    mutating func llmArrive(_ ci: Int, _ f: Int32) {
        let s = Int(llm.slot[ci])
        let replicas = model.components[ci].replicas
        let down = min(replicas, Int(serversDown[ci]) / max(model.components[ci].concurrency, 1))
        guard down < replicas else { reject(f); return }
        var best = -1, bestLoad = Int.max
        for k in down..<replicas {
            let load = llm.replicas[llm.firstReplica[s] + k].load
            if load < bestLoad { best = k; bestLoad = load }
        }
        let r = llm.firstReplica[s] + best
        if llm.replicas[r].waitingCount >= queueLimit[ci] { reject(f); return }
        let tokens = llmTokens(Int(frames[Int(f)].request))
        let prompt = max(1, Int((Double(tokens.input) * (1 - llm.settings[s].prefixCacheHitRatio)).rounded()))
        let seq = LLMSequence(frame: f, prompt: Int32(clamping: prompt), toPrefill: Int32(clamping: prompt), output: Int32(clamping: max(tokens.output, 1)), arrival: now)
        llm.replicas[r].waiting.append(seq)
        if !llm.replicas[r].stepping { llmSchedule(r, s) }
    }

    // MARK: Steps

    /// Plans and starts replica `r`'s next step, if it has work: every decoding sequence gets one
    /// token (preempting the newest while the KV cache cannot hold them), then unfinished prefills
    /// and waiting sequences fill the token budget while sequences and KV room allow.
    ///
    /// `planned`: the decodes ``llmStepDone(_:)`` already marked in its pass over the batch (each
    /// running sequence that decodes has `scheduled` −1 and its KV slot counted in `kv`, the
    /// others 0), with their count and context; used as they are unless the KV cache cannot hold
    /// them, when the marks are undone and the plan starts over. The same plan, one pass fewer.
    mutating func llmSchedule(_ r: Int, _ s: Int, planned: (seqs: Int, context: Double)? = nil) {
        let settings = llm.settings[s]
        let capacity = llm.kvCapacity[s]
        let c = llm.component[s]
        let rep = llm.replicas.base + r
        // Calls to drop (abandoned) or refuse (too long) are answered after this replica's state
        // is stored: answering them may send new calls here, which must see a consistent replica.
        var dropped: [Int32] = [], refused: [Int32] = []
        defer {
            for f in dropped { abandon(f) }
            for f in refused { reject(f) }
        }
        // Drop waiting calls nobody waits for any more (deadline propagation).
        if policy[c] & Self.policyDeadline != 0, hasAbandonedCallers {
            var k = rep.pointee.waitHead
            var kept: [LLMSequence] = []
            while k < rep.pointee.waiting.count {
                let seq = rep.pointee.waiting[k]
                if isAbandoned(seq.frame) { dropped.append(seq.frame) } else { kept.append(seq) }
                k += 1
            }
            rep.pointee.waiting = kept
            rep.pointee.waitHead = 0
        }
        var decodeSeqs = 0, decodeContext = 0.0, prefillTokens = 0, prefillContext = 0.0
        var isPlanned = false
        if let planned {
            if rep.pointee.kvUsed + planned.seqs <= capacity || rep.pointee.running.count <= 1 {
                (decodeSeqs, decodeContext) = planned
                isPlanned = true
            } else {
                rep.pointee.running.withUnsafeMutableBufferPointer { running in
                    for k in running.indices where running[k].scheduled == -1 { running[k].kv -= 1 }
                }
            }
        }
        // Decodes need one more KV slot each; preempt the newest running sequence until they fit.
        while !isPlanned {
            let decodes = rep.pointee.running.withUnsafeBufferPointer { running in
                var n = 0
                for k in running.indices where running[k].prefilled >= running[k].toPrefill { n += 1 }
                return n
            }
            if rep.pointee.kvUsed + decodes <= capacity || rep.pointee.running.count <= 1 { break }
            var victim = rep.pointee.running.removeLast()
            rep.pointee.kvUsed -= Int(victim.kv)
            // Recompute: the prompt and the answer so far are prefilled again when it is readmitted.
            victim.toPrefill = Int32(clamping: Int(victim.prompt) + Int(victim.generated))
            victim.prefilled = 0
            victim.kv = 0
            victim.scheduled = 0
            if now >= windowStart, now <= windowEnd { llm.preemptions[s] += 1 }
            if observer.isActive { trace(.retry, victim.frame, detail: "preempted: KV cache full, recomputed later") }
            if rep.pointee.waitHead > 0 { rep.pointee.waitHead -= 1; rep.pointee.waiting[rep.pointee.waitHead] = victim } else { rep.pointee.waiting.insert(victim, at: 0) }
        }
        var budget = settings.maxBatchTokens
        if !isPlanned { (decodeSeqs, decodeContext) = rep.pointee.running.withUnsafeMutableBufferPointer { running in
            var seqs = 0, context = 0.0   // locals, not captured: kept in registers
            for k in running.indices {
                if running[k].prefilled >= running[k].toPrefill {
                    running[k].scheduled = -1
                    seqs += 1
                    context += Double(running[k].kv)
                    running[k].kv += 1
                } else {
                    running[k].scheduled = 0
                }
            }
            return (seqs, context)
        } }
        rep.pointee.kvUsed += decodeSeqs
        budget -= decodeSeqs
        // Unfinished prefills (chunked), oldest first: the running sequences that do not decode.
        var prefillSeqs = 0   // sequences with a prefill chunk in this step
        if rep.pointee.running.count > decodeSeqs {
            for k in rep.pointee.running.indices where rep.pointee.running[k].scheduled == 0 && budget > 0 {
                let left = Int(rep.pointee.running[k].toPrefill - rep.pointee.running[k].prefilled)
                let chunk = min(left, budget, capacity - rep.pointee.kvUsed)
                guard chunk > 0 else { break }
                rep.pointee.running[k].scheduled = Int32(chunk)
                prefillTokens += chunk
                prefillContext += Double(chunk) * (Double(rep.pointee.running[k].prefilled) + Double(chunk) / 2)
                rep.pointee.kvUsed += chunk
                rep.pointee.running[k].kv += Int32(chunk)
                budget -= chunk
                prefillSeqs += 1
            }
        }
        // Admit waiting sequences in order while a sequence slot, token budget and KV room remain.
        while rep.pointee.waitingCount > 0, rep.pointee.running.count < settings.maxSeqs, budget > 0 {
            var seq = rep.pointee.waiting[rep.pointee.waitHead]
            let need = Int(seq.toPrefill)
            if need + 1 > capacity {
                // It can never fit in this replica's KV cache: refused.
                rep.pointee.waitHead += 1
                if frames[Int(seq.frame)].flags & Frame.measured != 0 { llm.tooLong[s] += 1 }
                refused.append(seq.frame)
                continue
            }
            let chunk: Int
            if settings.chunkedPrefill {
                chunk = min(need, budget)
                // Room for this chunk now; the rest of the prompt is checked as it is prefilled.
                guard rep.pointee.kvUsed + chunk + 1 <= capacity else { break }
            } else {
                let nothingYet = decodeSeqs == 0 && prefillTokens == 0
                guard need <= budget || nothingYet, rep.pointee.kvUsed + need + 1 <= capacity else { break }
                chunk = need
            }
            rep.pointee.waitHead += 1
            seq.scheduled = Int32(chunk)
            seq.kv = Int32(chunk)
            rep.pointee.kvUsed += chunk
            prefillTokens += chunk
            prefillContext += Double(chunk) * Double(chunk) / 2
            budget -= chunk
            let fi = Int(seq.frame)
            if frames[fi].flags & Frame.measured != 0, seq.generated == 0 {
                counters[c].started += 1
                counters[c].waitSum += now - frames[fi].arrival
            }
            if observer.isActive, seq.generated == 0 { trace(.start, seq.frame, detail: "prefill \(need) tokens") }
            rep.pointee.running.append(seq)
            prefillSeqs += 1
        }
        if rep.pointee.waitHead > 1024, rep.pointee.waitHead * 2 > rep.pointee.waiting.count {
            rep.pointee.waiting.removeFirst(rep.pointee.waitHead)
            rep.pointee.waitHead = 0
        }
        invariant(rep.pointee.kvUsed == rep.pointee.running.reduce(0) { $0 + Int($1.kv) } && rep.pointee.kvUsed <= capacity,
                  "replica \(r): KV in use \(rep.pointee.kvUsed) is not its running sequences' (capacity \(capacity))")
        guard decodeSeqs + prefillTokens > 0 else { return }
        let seconds = settings.cost.seconds(prefillTokens: prefillTokens, prefillContext: prefillContext, decodeSeqs: decodeSeqs, decodeContext: decodeContext)
            * slowFactor[c] / model.components[c].speedup   // `--slow` faults; sensitivity's service-time moves
        rep.pointee.stepping = true
        rep.pointee.stepStart = now
        rep.pointee.stepEnd = now + seconds
        rep.pointee.stepSeqs = decodeSeqs + prefillSeqs
        // Busy "servers" are the sequences in the step; the result replaces the utilisation by the
        // share of the full batch in use (``llmUtilization(_:window:)``).
        busy[c] += Int32(clamping: rep.pointee.stepSeqs)
        busyClock[c] -= now * Double(rep.pointee.stepSeqs)
        if now >= windowStart, now <= windowEnd {
            let d = min(seconds, windowEnd - now)
            llm.batchArea[s] += Double(rep.pointee.stepSeqs) * d
            llm.kvArea[s] += Double(rep.pointee.kvUsed) / Double(capacity) * d
            llm.steppingArea[s] += d
            llm.kvPeak[s] = max(llm.kvPeak[s], Double(rep.pointee.kvUsed) / Double(capacity))
        }
        schedule(now + seconds, Self.batchEvent, Int32(llmStepEventBase + r))
    }

    /// Replica `r`'s step is over: prefills advance, decodes add a token each, and the next step
    /// starts. Tokens reach their callers one step late: like vLLM's asynchronous output processor
    /// (vllm-project/vllm#7049) and TensorRT-LLM's overlap scheduler, the engine detokenises and
    /// streams step N's tokens while step N + 1 runs, so a token is delivered when the following
    /// step ends, or at once when the replica has no following step. Finished sequences answer
    /// their callers on delivery.
    mutating func llmStepDone(_ r: Int) {
        let s = llm.replicaSlot[r]
        let c = llm.component[s]
        let rep = llm.replicas.base + r
        busy[c] -= Int32(clamping: rep.pointee.stepSeqs)
        busyClock[c] += now * Double(rep.pointee.stepSeqs)
        rep.pointee.stepping = false
        let inWindow = now >= windowStart && now <= windowEnd
        // Delivered now: the sequences the step that just ended was streaming out. The replica
        // takes an empty buffer in their place; `finished` is the other spare (see LLMState).
        var delivered: [LLMSequence] = [], finished: [LLMSequence] = []
        swap(&delivered, &llm.spareDelivered)
        swap(&delivered, &rep.pointee.delivering)
        swap(&finished, &llm.spareFinished)
        // Finished sequences leave `running`; the others move up in order, those that decode next
        // marked for the next step's plan (see ``llmSchedule(_:_:planned:)``). firstTokens:
        // sequences whose first token this step made (marked pending, −2).
        let (kept, emittedTokens, freed, firstTokens, decodes, context) = rep.pointee.running.withUnsafeMutableBufferPointer { running in
            var kept = 0, emittedTokens = 0, freed = 0, firstTokens = 0, decodes = 0, context = 0.0   // locals: kept in registers
            for k in running.indices {
                var q = running[k]
                var emitted = false
                if q.scheduled == -1 {
                    q.generated += 1
                    emitted = true
                } else if q.scheduled > 0 {
                    q.prefilled += q.scheduled
                    if q.prefilled >= q.toPrefill {
                        // The prefill's last chunk yields the next token (the first, unless recomputing).
                        q.generated += 1
                        emitted = true
                    }
                }
                q.scheduled = 0
                if emitted { emittedTokens += 1 }
                if emitted, q.firstToken == -1 { q.firstToken = -2; firstTokens += 1 }
                if q.generated >= q.output {
                    freed += Int(q.kv)
                    finished.append(q)
                    continue
                }
                if q.prefilled >= q.toPrefill {
                    q.scheduled = -1
                    decodes += 1
                    context += Double(q.kv)
                    q.kv += 1
                }
                running[kept] = q
                kept += 1
            }
            return (kept, emittedTokens, freed, firstTokens, decodes, context)
        }
        rep.pointee.kvUsed -= freed
        if inWindow { llm.outputTokens[s] += emittedTokens }
        if kept < rep.pointee.running.count { rep.pointee.running.removeLast(rep.pointee.running.count - kept) }
        llmSchedule(r, s, planned: (decodes, context))
        // This step's tokens leave when the step just started ends (or now, if none started).
        let delivery = rep.pointee.stepping ? rep.pointee.stepEnd : now
        if firstTokens > 0 {
            // Stamped in this order: the finished, the running, then a sequence preempted by the
            // next step's plan, which waits again near the queue's head.
            var left = firstTokens
            for i in finished.indices where left > 0 { llmStampFirstToken(&finished[i], delivery, s, &left) }
            for i in rep.pointee.running.indices where left > 0 { llmStampFirstToken(&rep.pointee.running[i], delivery, s, &left) }
            var i = rep.pointee.waitHead
            while left > 0, i < rep.pointee.waiting.count { llmStampFirstToken(&rep.pointee.waiting[i], delivery, s, &left); i += 1 }
        }
        // With a step running, this step's finished sequences answer when it ends; without, now.
        if rep.pointee.stepping { swap(&rep.pointee.delivering, &finished) }
        // Answering a call can send new calls to this replica (``llmArrive(_:_:)`` plans a step
        // if none runs): its state is whole by now.
        for i in delivered.indices { llmFinish(delivered[i].frame, delivered[i], c, s) }
        for i in finished.indices { llmFinish(finished[i].frame, finished[i], c, s) }
        if !delivered.isEmpty { delivered.removeAll(keepingCapacity: true) }
        if !finished.isEmpty { finished.removeAll(keepingCapacity: true) }
        llm.spareDelivered = consume delivered
        llm.spareFinished = consume finished
    }

    /// Gives a sequence whose first token the last step made (marked −2) that token's delivery time,
    /// and records its TTFT.
    @inline(__always)
    mutating func llmStampFirstToken(_ q: inout LLMSequence, _ delivery: Double, _ s: Int, _ left: inout Int) {
        guard q.firstToken == -2 else { return }
        q.firstToken = delivery
        left -= 1
        let fi = Int(q.frame)
        if frames[fi].flags & Frame.measured != 0 { llm.ttft[s].record(delivery - q.arrival) }
        let ri = Int(frames[fi].request)
        if ri < llm.firstToken.count { llm.firstToken[ri] = delivery }
    }

    /// A sequence has its whole answer: the call's service is over and the frame goes on to its
    /// own calls, as after any service.
    mutating func llmFinish(_ f: Int32, _ q: LLMSequence, _ c: Int, _ s: Int) {
        let fi = Int(f)
        let tpot = q.generated > 1 ? (now - q.firstToken) / Double(q.generated - 1) : -1
        if frames[fi].flags & Frame.measured != 0, tpot >= 0 { llm.tpot[s].record(tpot) }
        let ri = Int(frames[fi].request)
        if ri < llm.requestTPOT.count { llm.requestTPOT[ri] = tpot }
        let sojournTime = now - frames[fi].arrival
        if frames[fi].flags & Frame.timedOut == 0 { frames[fi].ownTime = sojournTime }
        if frames[fi].flags & Frame.measured != 0 { record(sojournTime, in: c) }
        if observer.isActive { trace(.finish, f, detail: "\(q.generated) tokens") }
        frames[fi].next = -1
        frames[fi].group = groupStart[c]
        frames[fi].position = 0
        advance(f)
    }

    // MARK: Closed loop

    /// Starts the closed loop: every user sends a first request at time 0.
    mutating func startUsers(_ users: Int) {
        for _ in 0..<users { schedule(0, Self.batchEvent, Int32(userArrivalEvent)) }
    }

    /// A user's request is answered (or failed): after its think time the user sends the next.
    @inline(never)
    mutating func userDone() {
        guard case .closed(_, let think, _) = model.arrivals else { return }
        let pause = think > 0 ? ziggurat.exponential(using: &rng) * think : 0
        schedule(now + pause, Self.batchEvent, Int32(userArrivalEvent))
    }

    /// A closed-loop user sends a request (unless the run has all its requests).
    mutating func userArrives() {
        guard arrived < requestLimit else { return }
        arrive()
        if arrived >= requestLimit, windowEnd == .infinity { windowEnd = now }
    }

    // MARK: Results

    /// Sequences in steps over time ÷ (window × replicas × full batch): the share of the replicas'
    /// batch capacity the run used.
    func llmUtilization(_ s: Int, window: Double) -> Double {
        let c = model.components[llm.component[s]]
        let denominator = window * Double(c.replicas * max(llm.fullBatch[s], 1))
        return denominator > 0 ? llm.batchArea[s] / denominator : 0
    }

    func llmResults(window: Double) -> [SimulationResult.LLMServerResult] {
        llm.component.indices.map { s in
            let c = model.components[llm.component[s]]
            let spec = llm.spec[s]
            let tokensPerSecond = window > 0 ? Double(llm.outputTokens[s]) / window : 0
            let steps = llm.steppingArea[s]
            let answered = llm.tpot[s].count + UInt64(0)
            return SimulationResult.LLMServerResult(
                id: c.id, model: spec.model.name, gpu: spec.gpu.rawValue, gpusPerReplica: spec.gpusPerReplica, precision: spec.precision.rawValue,
                replicas: c.replicas, kvCapacityTokens: llm.kvCapacity[s],
                ttft: .init(llm.ttft[s]), tpot: .init(llm.tpot[s]),
                outputTokensPerSecond: tokensPerSecond,
                meanBatch: steps > 0 ? llm.batchArea[s] / steps : 0,
                meanKVUtilization: steps > 0 ? llm.kvArea[s] / steps : 0,
                peakKVUtilization: llm.kvPeak[s],
                preemptions: llm.preemptions[s], refusedTooLong: llm.tooLong[s],
                costPerHour: c.costPerHour, answered: Int(answered))
        }
    }
}

extension SimulationResult {
    /// Percentiles of a token latency (time to first token, time per output token), seconds.
    public struct TokenLatency: Hashable, Sendable {
        /// Values recorded (0: nothing to judge).
        public var count: Int
        public var mean: Double
        public var p50: Double
        public var p90: Double
        public var p99: Double

        init(_ h: LatencyHistogram) {
            count = Int(h.count)
            let q = h.count > 0 ? h.quantiles([0.5, 0.9, 0.99]) : [0, 0, 0]
            mean = h.meanSeconds
            p50 = q[0]; p90 = q[1]; p99 = q[2]
        }

        public init(count: Int, mean: Double, p50: Double, p90: Double, p99: Double) {
            self.count = count; self.mean = mean; self.p50 = p50; self.p90 = p90; self.p99 = p99
        }

        /// The quantile asked for by a requirement (0.5 or 0.99; 0.9 too).
        public func value(at q: Double) -> Double { q <= 0.5 ? p50 : q <= 0.9 ? p90 : p99 }
    }

    /// Measured figures of one `llm_server`.
    public struct LLMServerResult: Hashable, Sendable {
        public var id: String
        public var model: String
        public var gpu: String
        public var gpusPerReplica: Int
        public var precision: String
        public var replicas: Int
        /// Tokens one replica's KV cache holds.
        public var kvCapacityTokens: Int
        /// Time from the call's arrival at the server to its first token.
        public var ttft: TokenLatency
        /// Time per output token after the first: (last − first token time) ÷ (tokens − 1), per call.
        public var tpot: TokenLatency
        /// Output tokens per second of the measured window, all replicas.
        public var outputTokensPerSecond: Double
        /// Sequences in a step, averaged over the time replicas were stepping.
        public var meanBatch: Double
        /// KV cache in use ÷ capacity, averaged over stepping time, and its peak.
        public var meanKVUtilization: Double
        public var peakKVUtilization: Double
        /// Sequences evicted from a full KV cache (recomputed later).
        public var preemptions: Int
        /// Calls refused because their prompt can never fit one replica's KV cache.
        public var refusedTooLong: Int
        /// Price of all replicas, dollars per hour.
        public var costPerHour: Double
        /// Calls answered with more than one token (the TPOT sample).
        public var answered: Int

        public var outputTokensPerSecondPerReplica: Double { replicas > 0 ? outputTokensPerSecond / Double(replicas) : 0 }
        public var outputTokensPerSecondPerGPU: Double { replicas > 0 ? outputTokensPerSecond / Double(replicas * gpusPerReplica) : 0 }
        /// Dollars per million output tokens at the measured rate; infinite when none were produced.
        public var costPerMillionOutputTokens: Double { outputTokensPerSecond > 0 ? costPerHour / (outputTokensPerSecond * 3600) * 1e6 : .infinity }
    }
}
