#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Keeps the user's terminal usable on every way out: quit signals become a flag the loop polls,
/// and crash signals restore the screen before the runtime's backtrace prints.
///
/// The crash handler uses only async-signal-safe calls: `write`, `tcsetattr`, `sigaction`.
public enum TerminalGuard {
    /// The quit signal received (SIGINT, SIGTERM, SIGHUP), or 0.
    static let pendingSignal = Atomic<Int32>(0)
    nonisolated(unsafe) static var savedTermios = termios()
    nonisolated(unsafe) static var hasSavedTermios = false
    nonisolated(unsafe) static var previousActions: [Int32: sigaction] = [:]

    static let quitSignals: [Int32] = [SIGINT, SIGTERM, SIGHUP]
    static let crashSignals: [Int32] = [SIGILL, SIGTRAP, SIGABRT, SIGSEGV, SIGBUS, SIGFPE]

    /// Saves the terminal modes and installs the handlers. Call before curses starts.
    public static func install() {
        if tcgetattr(0, &savedTermios) == 0 { hasSavedTermios = true }
        // A parent (e.g. a test runner thread) may have blocked these; a TUI must receive them.
        var unblock = sigset_t()
        sigemptyset(&unblock)
        for s in [SIGWINCH, SIGINT, SIGTERM, SIGHUP, SIGTSTP, SIGCONT] { sigaddset(&unblock, s) }
        pthread_sigmask(SIG_UNBLOCK, &unblock, nil)

        for s in quitSignals {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { signal in TerminalGuard.pendingSignal.store(signal, ordering: .relaxed) }
            sigemptyset(&action.sa_mask)
            action.sa_flags = 0
            var old = sigaction()
            sigaction(s, &action, &old)
            previousActions[s] = old
        }
        for s in crashSignals {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { signal in TerminalGuard.restoreAfterCrash(signal) }
            sigemptyset(&action.sa_mask)
            action.sa_flags = Int32(SA_NODEFER)
            var old = sigaction()
            sigaction(s, &action, &old)
            previousActions[s] = old
        }
    }

    /// Puts back the previous handlers (normal exit).
    public static func uninstall() {
        for (s, old) in previousActions {
            var action = old
            sigaction(s, &action, nil)
        }
        previousActions = [:]
    }

    /// Leaves the alternate screen, shows the cursor, resets styles and termios, then lets the previous
    /// handler (Swift's backtracer) see the signal: the faulting instruction runs again and traps into it.
    static func restoreAfterCrash(_ signal: Int32) {
        let reset: StaticString = "\u{1b}[?1049l\u{1b}[?25h\u{1b}[0m\r\n"
        _ = write(2, reset.utf8Start, reset.utf8CodeUnitCount)
        if hasSavedTermios { tcsetattr(0, TCSANOW, &savedTermios) }
        if var old = previousActions[signal] {
            sigaction(signal, &old, nil)
        } else {
            var dfl = sigaction()
            dfl.__sigaction_handler.sa_handler = SIG_DFL
            sigaction(signal, &dfl, nil)
        }
        if signal == SIGABRT { raise(signal) }
    }
}
