/// How one call (or a whole request) ended.
enum Outcome: UInt8 {
    case success = 0, timeout, rejected, failed
    /// Failed at once by the callee's open (or busy half-open) circuit breaker; never sent.
    case shortCircuited
    /// Dropped unserved: the caller, or a caller up the chain, had given up (deadline propagation).
    case abandoned
    var name: String { ["ok", "timeout", "rejected", "failed", "circuit open", "abandoned"][Int(rawValue)] }
    static var count: Int { 6 }
}

/// One visit of a request to a component: waiting, in service, or waiting for its own calls.
///
/// Frames live in one pool and are linked by index (`next` for queues and batches; the engine's
/// `frameLink` beside the pool for the frames of one request and the free list), so the event loop
/// allocates nothing per request once the pools have grown to the number of requests in flight.
struct Frame {
    var arrival: Double = 0
    /// Time this visit adds to its caller's critical path: wait + own service, or the timeout span.
    var ownTime: Double = 0
    var component: Int32 = 0
    /// Calling frame; -1 for the request's root call and for async calls.
    var parent: Int32 = -1
    var request: Int32 = 0
    var next: Int32 = -1
    /// An `llm_router`'s pick among its probabilistic call groups: the group index + 1, 0 before
    /// the pick, −1 when it picked none (``Engine/routerRuns(_:_:_:)``). The frame stays 64 bytes,
    /// one cache line in the 64-byte aligned pool.
    var route: Int32 = 0
    var previousAttempt: Int32 = -1
    var group: Int32 = 0
    var position: Int32 = 0
    var pending: Int32 = 0
    var attempt: Int32 = 0
    var flags: UInt16 = 0
    var failure: UInt8 = 0

    static let root: UInt16 = 1, async: UInt16 = 2, answered: UInt16 = 4, done: UInt16 = 8
    static let critical: UInt16 = 16, onPath: UInt16 = 32, timedOut: UInt16 = 64
    /// The frame belongs to a measured (post-warm-up) request.
    static let measured: UInt16 = 128
    /// The frame is a fallback's call, made after the call before it failed.
    static let viaFallback: UInt16 = 256
    /// The frame answered its caller with success (before any timeout).
    static let delivered: UInt16 = 512
    /// Scratch for ``Engine/finishRequest(_:_:)``: the answer reached the request's answer.
    static let used: UInt16 = 1024
    /// The call was let through a half-open circuit breaker as a probe.
    static let probe: UInt16 = 2048
}

/// The state of one component's circuit breaker (see ``CircuitBreaker``).
struct BreakerState {
    static let closed: UInt8 = 0, open: UInt8 = 1, halfOpen: UInt8 = 2
    var state: UInt8 = BreakerState.closed
    /// Consecutive failed calls while closed.
    var consecutiveFailures: Int32 = 0
    /// Probes let through and not answered yet (a new half-open round waits for them).
    var probesOut: Int32 = 0
    /// Probes of this half-open round that succeeded.
    var probesSucceeded: Int32 = 0
    /// Opening threshold, probes per round and open time, from the model.
    var threshold: Int32 = 0
    var probes: Int32 = 0
    var openSeconds: Double = 0
    /// When it may go half-open.
    var openUntil: Double = 0
    /// When it last left the closed state.
    var openedAt: Double = 0
    /// Seconds not closed inside the measurement window, for the intervals that have ended.
    var notClosedSeconds: Double = 0
    /// Times it opened inside the measurement window (re-openings after a failed probe included).
    var opens = 0
}

/// A retry waiting out its backoff: the arguments of the ``Engine/spawn`` it will make.
struct PendingRetry {
    var component: Int32
    var parent: Int32
    var request: Int32
    var attempt: Int32
    var previous: Int32
    var flags: UInt16
}

struct RequestSlot {
    var arrival: Double = 0
    var index: Int = 0
    var firstFrame: Int32 = -1
    /// Timeout events still in the queue for this request's frames; the slot and its frames are
    /// kept until they have fired, so an event's frame index always means the same frame.
    var pendingTimers: Int32 = 0
    var isFinished = false
    var isMeasured = false
    /// A fallback answered one of this request's calls (whether that answer was used is decided
    /// when the request finishes).
    var usedFallback = false
    var isReleased = false
}

/// What every call of a request updates, beside its ``RequestSlot``: 8 bytes a request in a compact
/// array, where the slot is touched only when the request arrives, finishes or is released. A
/// design with thousands of requests in flight (video-recommendation at 50k/s: about 2,000) spread
/// their 40-byte slots over more than the L1 cache, and every call read and wrote its request's.
struct RequestCalls {
    /// The last frame in the request's chain (``RequestSlot/firstFrame`` is the first), −1 before its first call.
    var lastFrame: Int32 = -1
    /// The request's frames not done yet.
    var liveFrames: Int32 = 0
}

/// Per-component counters of the measured requests.
struct ComponentCounters {
    var arrivals = 0
    var started = 0
    var rejected = 0
    var timeouts = 0
    var retries = 0
    var fallbacks = 0
    /// Retries the retry budget refused.
    var retriesDenied = 0
    /// Calls failed at once by this component's open circuit breaker (not sent, not in `arrivals`).
    var fastFailed = 0
    /// Calls dropped unserved because their caller had given up (deadline propagation; in `arrivals`).
    var abandoned = 0
    /// Measured calls that were not useful answers: failed (timeout, rejection, downstream failure),
    /// answered to a caller that had already timed out, or unanswered when the run ended. Goodput is
    /// visits − async calls − these + successful async calls, counted off the hot path.
    var notUseful = 0
    /// Measured async calls made, and those that succeeded.
    var asyncCalls = 0
    var asyncAnswered = 0
    var batches = 0
    var batchedRequests = 0
    var waitSum = 0.0
    /// Server-seconds of service started inside the measurement window.
    var busySeconds = 0.0
}
