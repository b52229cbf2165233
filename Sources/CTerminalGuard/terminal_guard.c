#define _GNU_SOURCE
#include "terminal_guard.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdatomic.h>
#include <termios.h>
#include <unistd.h>

_Static_assert(ATOMIC_INT_LOCK_FREE == 2, "the pending-signal flag must be lock-free to be set in a handler");

/* Everything the handlers read lives here, in static storage written before they are installed. */
static atomic_int pending_signal;
static struct termios saved_termios;
static int has_saved_termios;
static int terminal_fd = -1;
static int is_installed;
/* The action each signal had before install, indexed by signal number. */
static struct sigaction previous[NSIG];
static unsigned char has_previous[NSIG];
/* The alternate signal stack: static, so that a handler can run after the thread's own stack overflowed. */
#define ALTERNATE_STACK_BYTES (256 * 1024)
static char alternate_stack[ALTERNATE_STACK_BYTES] __attribute__((aligned(16)));

/* Every signal whose default action ends the process and that can be caught: the loop polls the
 * flag, restores the terminal and exits with 128 + the signal. */
static const int quit_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM, SIGVTALRM, SIGXCPU, SIGXFSZ };
/* Ignored while the TUI runs: a write to a closed pipe fails with EPIPE instead. */
static const int ignored_signals[] = { SIGPIPE };
/* Faults: restore the terminal, then let the previous handler (Swift's backtracer) report. */
static const int crash_signals[] = { SIGILL, SIGTRAP, SIGABRT, SIGSEGV, SIGBUS, SIGFPE };
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static void on_quit(int sig) {
    atomic_store_explicit(&pending_signal, sig, memory_order_relaxed);
}

/* write(2) until done or an error other than EINTR. */
static void write_all(int fd, const char *bytes, size_t count) {
    while (count > 0) {
        ssize_t n = write(fd, bytes, count);
        if (n < 0) {
            if (errno == EINTR) continue;
            return;
        }
        bytes += n;
        count -= (size_t)n;
    }
}

static void set_default(int sig) {
    struct sigaction dfl;
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    dfl.sa_flags = 0;
    sigaction(sig, &dfl, 0);
}

/* Leaves the alternate screen, shows the cursor, resets styles and termios, then:
 * - a fault (si_code > 0: the kernel raised it for an instruction) gets the previous action back
 *   and returns, so the faulting instruction runs again and traps into the previous handler
 *   (Swift's backtracer prints its report below the restored screen);
 * - a signal this process raised itself (abort(), raise(): si_code <= 0 from our own pid) has no
 *   instruction to run again, so it is raised again under the previous action;
 * - a signal sent by another process (kill -SEGV) ends the process with the default action: the
 *   app must not keep running on a terminal that is no longer set up for it. */
static void on_crash(int sig, siginfo_t *info, void *context) {
    (void)context;
    /* The alternate screen is cleared first: after a resize tmux showed its content on the normal
       screen once it was left (see CursesTerminal.restore). */
    static const char reset[] = "\033[H\033[2J\033[?1049l\033[?25h\033[0m\r\n";
    int saved_errno = errno;
    if (terminal_fd >= 0) write_all(terminal_fd, reset, sizeof reset - 1);
    if (has_saved_termios) tcsetattr(0, TCSANOW, &saved_termios);
    int is_fault = info != 0 && info->si_code > 0;
    int is_own = info != 0 && info->si_code <= 0 && info->si_pid == getpid();
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, sig);
    if (!is_fault && !is_own) {
        set_default(sig);
        sigprocmask(SIG_UNBLOCK, &set, 0);
        raise(sig);
        _exit(128 + sig);   /* not reached: the default action ends the process */
    }
    if (sig > 0 && sig < NSIG && has_previous[sig]) {
        sigaction(sig, &previous[sig], 0);
    } else {
        set_default(sig);
    }
    if (is_own) {
        sigprocmask(SIG_UNBLOCK, &set, 0);
        raise(sig);
    }
    errno = saved_errno;
}

static void replace(int sig, struct sigaction *action) {
    if (sig <= 0 || sig >= NSIG) return;
    if (sigaction(sig, action, &previous[sig]) == 0) has_previous[sig] = 1;
}

/* Gives this thread (the one that runs curses) a signal stack, unless it has a large enough one. */
static void install_alternate_stack(void) {
    stack_t current;
    if (sigaltstack(0, &current) == 0 && !(current.ss_flags & SS_DISABLE) && current.ss_size >= ALTERNATE_STACK_BYTES) return;
    stack_t stack;
    stack.ss_sp = alternate_stack;
    stack.ss_flags = 0;
    stack.ss_size = ALTERNATE_STACK_BYTES;
    sigaltstack(&stack, 0);
}

void mlsd_guard_install(void) {
    if (is_installed) return;
    has_saved_termios = tcgetattr(0, &saved_termios) == 0;
    if (terminal_fd < 0) {
        terminal_fd = isatty(1) ? fcntl(1, F_DUPFD_CLOEXEC, 3) : open("/dev/tty", O_WRONLY | O_CLOEXEC | O_NOCTTY);
    }
    install_alternate_stack();
    /* A parent (e.g. a test runner's thread) may have blocked these; a TUI must receive them. */
    sigset_t unblock;
    sigemptyset(&unblock);
    sigaddset(&unblock, SIGWINCH);
    sigaddset(&unblock, SIGTSTP);
    sigaddset(&unblock, SIGCONT);
    for (size_t i = 0; i < COUNT(quit_signals); i++) sigaddset(&unblock, quit_signals[i]);
    pthread_sigmask(SIG_UNBLOCK, &unblock, 0);

    struct sigaction action;
    for (size_t i = 0; i < COUNT(quit_signals); i++) {
        action.sa_handler = on_quit;
        sigemptyset(&action.sa_mask);
        action.sa_flags = 0;   /* no SA_RESTART: the loop's read returns and polls the flag */
        replace(quit_signals[i], &action);
    }
    for (size_t i = 0; i < COUNT(ignored_signals); i++) {
        action.sa_handler = SIG_IGN;
        sigemptyset(&action.sa_mask);
        action.sa_flags = 0;
        replace(ignored_signals[i], &action);
    }
    for (size_t i = 0; i < COUNT(crash_signals); i++) {
        action.sa_sigaction = on_crash;
        sigemptyset(&action.sa_mask);
        action.sa_flags = SA_SIGINFO | SA_NODEFER | SA_ONSTACK;
        replace(crash_signals[i], &action);
    }
    is_installed = 1;
}

void mlsd_guard_uninstall(void) {
    if (!is_installed) return;
    for (int sig = 1; sig < NSIG; sig++) {
        if (!has_previous[sig]) continue;
        sigaction(sig, &previous[sig], 0);
        has_previous[sig] = 0;
    }
    is_installed = 0;
}

int mlsd_guard_pending_signal(void) {
    return atomic_load_explicit(&pending_signal, memory_order_relaxed);
}

int mlsd_guard_has_terminal(void) {
    return terminal_fd >= 0;
}
