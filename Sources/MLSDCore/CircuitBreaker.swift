/// A circuit breaker on the calls to a component (`circuit_breaker:` in a scenario file).
///
/// Closed, it lets every call through and counts consecutive failed calls (timed out, rejected, or
/// failed downstream); `failures` of them in a row open it. Open, it fails every call at once
/// without sending it (the caller's fallback answers, or the call fails as rejected) for
/// `openFor`. Then it is half-open: it lets `halfOpenProbes` calls through as probes and fails the
/// rest at once; it closes when every probe has succeeded and opens again at the first that fails.
///
/// The defaults are common library defaults: 5 consecutive failures (Envoy's outlier detection
/// `consecutive_5xx: 5`; gobreaker trips after more than 5), 5 s open (Hystrix's
/// `sleepWindowInMilliseconds: 5000`), one probe (Hystrix's single trial request, gobreaker's
/// `MaxRequests: 1`).
public struct CircuitBreaker: Hashable, Sendable {
    /// Consecutive failed calls that open the breaker.
    public var failures: Int
    /// How long the breaker stays open before it lets probes through.
    public var openFor: TimeSpan
    /// Calls let through while half-open; all must succeed for the breaker to close.
    public var halfOpenProbes: Int

    /// 5: Envoy's `consecutive_5xx` default.
    public static let defaultFailures = 5
    /// 5 s: Hystrix's `circuitBreaker.sleepWindowInMilliseconds` default.
    public static let defaultOpenFor = TimeSpan(seconds: 5)
    /// 1: Hystrix's single trial request, gobreaker's `MaxRequests` default.
    public static let defaultHalfOpenProbes = 1
    /// Range of `failures` and `half_open_probes`.
    public static let countRange: ClosedRange<Int> = 1...1_000_000

    public init(failures: Int = defaultFailures, openFor: TimeSpan = defaultOpenFor, halfOpenProbes: Int = defaultHalfOpenProbes) {
        self.failures = failures
        self.openFor = openFor
        self.halfOpenProbes = halfOpenProbes
    }

    /// `{ failures: 5, open_for: 5s, half_open_probes: 1 }`, as written in scenario files.
    public var yaml: String { "{ failures: \(failures), open_for: \(openFor), half_open_probes: \(halfOpenProbes) }" }

    /// `5 fails → 5s open, 1 probe`, for the inspector and notes.
    public var summary: String { "\(failures) fail\(failures == 1 ? "" : "s") → \(openFor) open, \(halfOpenProbes) probe\(halfOpenProbes == 1 ? "" : "s")" }
}
