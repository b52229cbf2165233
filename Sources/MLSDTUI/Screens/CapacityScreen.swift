public import MLSDCore
public import MLSDSim

/// The capacity panel's own state: the last capacity search and tornado, the design they ran on,
/// and how far the panel is scrolled.
public struct CapacityScreen: Sendable, Equatable {
    /// The capacity search's answer (possibly cut short by `esc`).
    public var capacity: CapacityResult?
    /// The tornado (possibly cut short by `esc`).
    public var tornado: SensitivityResult?
    /// The version of the design the figures are for (stale when the design differs), and the
    /// requests per probe and seed the search used.
    public var scenario: Scenario?
    public var requestsPerProbe = 0
    /// Requests per tornado run: the panel says it, so `mlsd sensitivity` can give the same bars.
    public var tornadoRequests = 0
    public var seed: UInt64 = 42
    /// Why the last search or tornado did not finish, shown in the panel.
    public var failure: String?
    public var scroll = 0
    /// Set when a probe, or a tornado variant's run, is short for the design's slowest service
    /// (``ShortRun``): its "unstable" may be chance.
    public var probeNote: String?
    /// For a burst or diurnal workload, how much longer than ``requestsPerProbe`` the probes ran to
    /// measure whole cycles (``ShortRun/cycleProbeNote(scenario:requests:result:)``).
    public var cycleNote: String?
    public var tornadoNote: String?

    public init() {}
}
