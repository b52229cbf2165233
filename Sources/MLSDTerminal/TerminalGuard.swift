#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Keeps the user's terminal usable on every way out: quit signals become a flag the loop polls,
/// and crash signals restore the screen before the runtime's backtrace prints.
///
/// The crash handler uses only async-signal-safe calls: `write`, `tcsetattr`, `sigaction`. It runs
/// on an alternate signal stack, so it still runs when the crash is a stack overflow, and it writes
/// its reset to the terminal itself (a duplicate of the descriptor curses draws on, or `/dev/tty`),
/// so `2>log` cannot send it to a file.
public enum TerminalGuard {
    /// The quit signal received (SIGINT, SIGTERM, SIGHUP), or 0.
    static let pendingSignal = Atomic<Int32>(0)
    /// The terminal modes at start. On the heap, not a `static var termios`: Swift sizes the
    /// imported struct to 57 bytes (its last field's end) while glibc's `tcgetattr` writes all 60
    /// (the stride), which overwrote the next global (AddressSanitizer: global-buffer-overflow).
    nonisolated(unsafe) static let savedTermios: UnsafeMutablePointer<termios> = {
        let p = UnsafeMutablePointer<termios>.allocate(capacity: 1)   // stride-sized: 60 bytes
        p.initialize(to: termios())
        return p
    }()
    nonisolated(unsafe) static var hasSavedTermios = false
    nonisolated(unsafe) static var previousActions: [Int32: sigaction] = [:]
    /// Where the crash reset is written: the terminal, never stderr. -1 until installed.
    nonisolated(unsafe) static var terminalDescriptor: Int32 = -1
    /// The alternate signal stack (allocated once, never freed: a handler may run at any time).
    nonisolated(unsafe) static var alternateStack: UnsafeMutableRawPointer?
    static let alternateStackBytes = 256 << 10

    static let quitSignals: [Int32] = [SIGINT, SIGTERM, SIGHUP]
    static let crashSignals: [Int32] = [SIGILL, SIGTRAP, SIGABRT, SIGSEGV, SIGBUS, SIGFPE]

    /// Saves the terminal modes and installs the handlers. Call before curses starts.
    public static func install() {
        if tcgetattr(0, savedTermios) == 0 { hasSavedTermios = true }
        if terminalDescriptor < 0 {
            terminalDescriptor = isatty(1) == 1 ? fcntl(1, F_DUPFD_CLOEXEC, 3) : open("/dev/tty", O_WRONLY | O_CLOEXEC | O_NOCTTY)
        }
        installAlternateStack()
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
            action.sa_flags = Int32(SA_NODEFER | SA_ONSTACK)
            var old = sigaction()
            sigaction(s, &action, &old)
            previousActions[s] = old
        }
    }

    /// Gives this thread (the one that runs curses) a signal stack of its own, unless it has a large
    /// enough one already, so a crash handler can run after the thread's stack overflowed.
    static func installAlternateStack() {
        var current = stack_t()
        if sigaltstack(nil, &current) == 0, current.ss_flags & Int32(SS_DISABLE) == 0, current.ss_size >= alternateStackBytes { return }
        if alternateStack == nil { alternateStack = malloc(alternateStackBytes) }
        guard let base = alternateStack else { return }
        var stack = stack_t(ss_sp: base, ss_flags: 0, ss_size: alternateStackBytes)
        sigaltstack(&stack, nil)
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
        if terminalDescriptor >= 0 { _ = write(terminalDescriptor, reset.utf8Start, reset.utf8CodeUnitCount) }
        if hasSavedTermios { tcsetattr(0, TCSANOW, savedTermios) }
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
