internal import CTerminalGuard

/// Keeps the user's terminal usable on every way out: quit signals become a flag the loop polls,
/// and crash signals restore the screen before the runtime's backtrace prints.
///
/// - Every signal whose default action ends the process and that can be caught is a quit signal:
///   INT, TERM, HUP, QUIT, USR1, USR2, ALRM, VTALRM, XCPU, XFSZ. The loop sees the flag within a
///   poll (≤ 0.25 s, also while a run works in the background), restores the terminal and exits
///   with 128 + the signal. SIGQUIT no longer dumps the threads over the screen.
/// - SIGPIPE is ignored while the TUI runs: a write to a closed pipe fails with EPIPE instead.
/// - A crash signal (ILL, TRAP, ABRT, SEGV, BUS, FPE) raised by a fault restores the terminal and
///   hands the fault to the previous handler (Swift's backtracer); one the process raised itself
///   (`abort()`) is raised again under the previous handler. The same signal sent by another
///   process (`kill -SEGV`) restores the terminal and then ends the process with that signal, so
///   the app never keeps running on a reset terminal.
///
/// The handlers are C (`Sources/CTerminalGuard`), so that nothing in them touches the Swift
/// runtime: they read only static storage filled in before they are installed (the saved termios,
/// a table of previous actions indexed by signal number, the terminal descriptor) and call only
/// async-signal-safe functions (`write`, `tcsetattr`, `sigaction`, `sigprocmask`, `raise`,
/// `getpid`, `_exit`); the quit flag is a lock-free C11 atomic. The crash handler runs on a static
/// alternate signal stack, so it still runs when the crash is a stack overflow, and it writes its
/// reset to the terminal itself (a duplicate of the descriptor curses draws on, or `/dev/tty`), so
/// `2>log` cannot send it to a file.
public enum TerminalGuard {
    /// Saves the terminal modes and installs the handlers. Call before curses starts.
    public static func install() { mlsd_guard_install() }

    /// Puts back the previous handlers (normal exit).
    public static func uninstall() { mlsd_guard_uninstall() }

    /// The quit signal received (the last of SIGINT, SIGTERM, SIGHUP, …), or 0.
    static var pendingSignal: Int32 { mlsd_guard_pending_signal() }
}
