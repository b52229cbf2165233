/// The engine's internal checks: an unsafe buffer's bounds, the event queue's order, a server's
/// count. They cost time on the hot path, so they are compiled only where `MLSD_INVARIANTS` is
/// defined: every debug build (Package.swift) and the test command, which builds optimised and
/// passes `-Xswiftc -DMLSD_INVARIANTS` so the suite runs fast and still checks them. A release
/// build for users has none. (`assert` would vanish from an optimised test build.)
@inline(__always)
func invariant(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String = "") {
    #if MLSD_INVARIANTS
    precondition(condition(), message())
    #endif
}

/// Whether this build checks the engine's invariants; the suite fails without them (see
/// `InvariantTests`), so a test run that left them out says so instead of passing quietly.
#if MLSD_INVARIANTS
let invariantsAreChecked = true
#else
let invariantsAreChecked = false
#endif
