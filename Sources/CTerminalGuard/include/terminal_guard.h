#ifndef MLSD_TERMINAL_GUARD_H
#define MLSD_TERMINAL_GUARD_H

/* The TUI's signal handlers, in C so that everything that runs inside a handler is
 * async-signal-safe by construction: no Swift runtime (no allocation, no reference counting,
 * no lazy globals, no dictionaries), no locks, only static storage filled in before the handlers
 * are installed and the calls POSIX lists as async-signal-safe (write, tcsetattr, sigaction,
 * sigprocmask, raise, getpid, _exit). Only MLSDTerminal imports this module. */

/* Saves the terminal modes of fd 0, opens a descriptor on the terminal for the crash reset (a
 * duplicate of fd 1 when it is a terminal, else /dev/tty), gives the calling thread an alternate
 * signal stack, unblocks the quit signals and installs the handlers (see TerminalGuard.swift).
 * A second call before mlsd_guard_uninstall does nothing. */
void mlsd_guard_install(void);

/* Puts back the handlers that were there before mlsd_guard_install (normal exit). */
void mlsd_guard_uninstall(void);

/* The quit signal received since install (the last one), or 0. Safe from any thread. */
int mlsd_guard_pending_signal(void);

/* Whether the crash handler's terminal descriptor is open (for tests and diagnostics). */
int mlsd_guard_has_terminal(void);

#endif
