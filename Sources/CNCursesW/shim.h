#ifndef LOYALNEST_CNCURSESW_SHIM_H
#define LOYALNEST_CNCURSESW_SHIM_H
// Wide-character ncurses: these must be defined before curses.h is read.
#define _XOPEN_SOURCE_EXTENDED 1
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <langinfo.h>
#include <wchar.h>
#include <ncursesw/curses.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

// Swift cannot see C macros that expand to expressions or globals behind macros; expose them as functions.
static inline WINDOW *ln_stdscr(void) { return stdscr; }
static inline WINDOW *ln_curscr(void) { return curscr; }
static inline FILE *ln_stdin(void) { return stdin; }
static inline FILE *ln_stdout(void) { return stdout; }
static inline int ln_lines(void) { return LINES; }
static inline int ln_cols(void) { return COLS; }
static inline int ln_colors(void) { return COLORS; }
static inline int ln_color_pairs(void) { return COLOR_PAIRS; }
static inline attr_t ln_color_pair(short pair) { return COLOR_PAIR(pair); }
static inline int ln_key_resize(void) { return KEY_RESIZE; }
static inline int ln_key_code_yes(void) { return KEY_CODE_YES; }
static inline int ln_err(void) { return ERR; }
static inline attr_t ln_a_bold(void) { return A_BOLD; }
static inline attr_t ln_a_reverse(void) { return A_REVERSE; }
static inline attr_t ln_a_underline(void) { return A_UNDERLINE; }
static inline attr_t ln_a_dim(void) { return A_DIM; }
static inline attr_t ln_a_normal(void) { return A_NORMAL; }
static inline attr_t ln_a_italic(void) { return A_ITALIC; }
static inline int ln_max_chars_per_cell(void) { return CCHARW_MAX; }

static inline mmask_t ln_button1_pressed(void) { return BUTTON1_PRESSED; }
static inline mmask_t ln_button1_clicked(void) { return BUTTON1_CLICKED; }
static inline mmask_t ln_button2_pressed(void) { return BUTTON2_PRESSED; }
static inline mmask_t ln_button2_clicked(void) { return BUTTON2_CLICKED; }
static inline mmask_t ln_button3_pressed(void) { return BUTTON3_PRESSED; }
static inline mmask_t ln_button3_clicked(void) { return BUTTON3_CLICKED; }
static inline mmask_t ln_button4_pressed(void) { return BUTTON4_PRESSED; }
static inline mmask_t ln_button5_pressed(void) { return BUTTON5_PRESSED; }

// The terminal's size from the kernel (TIOCGWINSZ is a variadic ioctl, which Swift cannot call). 0 on success.
static inline int ln_terminal_size(int fd, int *rows, int *cols) {
    struct winsize ws;
    if (ioctl(fd, TIOCGWINSZ, &ws) != 0 || ws.ws_row == 0 || ws.ws_col == 0) return -1;
    *rows = ws.ws_row;
    *cols = ws.ws_col;
    return 0;
}

// A terminfo string capability, or NULL when the terminal lacks it (tigetstr's (char *)-1 means "not a string").
static inline const char *ln_string_capability(const char *name) {
    const char *value = tigetstr(name);
    return (value == NULL || value == (const char *)-1) ? NULL : value;
}

// ---------------------------------------------------------------------------------------------------------------
// Terminal restoration from signal handlers and atexit.
//
// A handler may only call async-signal-safe functions, so it cannot call endwin() (which allocates, uses stdio
// and takes ncurses' state as consistent). Instead, everything is prepared before any signal can arrive: the
// terminal mode from before curses started (tcgetattr) and the bytes that undo curses' output modes (leave the
// alternate screen, show the cursor, reset attributes, keypad and mouse reporting off). The handlers then use
// only write, tcsetattr, sigaction and raise. The compromise: a crash in the middle of a refresh can leave a
// half-written escape sequence that the reset bytes follow; terminals recover from that.
//
// The state lives in one function-local static (Swift does not emit a header's file-scope statics), so it is
// private to the one Swift file that calls these functions (NCursesBackend.swift).

#define LN_CRASH_SIGNAL_COUNT 6
#define LN_TERMINATION_SIGNAL_COUNT 3

struct ln_terminal_guard {
    int fd;
    struct termios mode;
    int mode_saved;
    char bytes[512];
    size_t length;
    volatile sig_atomic_t armed;
    pthread_t curses_thread;
    int crash_installed;
    struct sigaction crash_previous[LN_CRASH_SIGNAL_COUNT];
    int atexit_registered;
    int termination_installed;
    struct sigaction termination_previous[LN_TERMINATION_SIGNAL_COUNT];
    volatile sig_atomic_t termination_signal;
};

static inline struct ln_terminal_guard *ln_guard(void) {
    static struct ln_terminal_guard state = { .fd = -1 };
    return &state;
}

static inline int ln_crash_signal(int i) {
    static const int signals[LN_CRASH_SIGNAL_COUNT] = { SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE };
    return signals[i];
}

static inline int ln_termination_signal_number(int i) {
    static const int signals[LN_TERMINATION_SIGNAL_COUNT] = { SIGTERM, SIGINT, SIGHUP };
    return signals[i];
}

static inline void ln_restore_terminal_now(void) {
    struct ln_terminal_guard *g = ln_guard();
    if (!g->armed) return;
    g->armed = 0;
    size_t done = 0;
    while (done < g->length) {
        ssize_t n = write(g->fd, g->bytes + done, g->length - done);
        if (n <= 0) break;
        done += (size_t)n;
    }
    if (g->mode_saved) tcsetattr(g->fd, TCSANOW, &g->mode);
}

// Remembers the terminal mode from before curses changes it. Call before newterm.
static inline void ln_save_terminal_mode(int fd) {
    struct ln_terminal_guard *g = ln_guard();
    g->fd = fd;
    g->mode_saved = tcgetattr(fd, &g->mode) == 0;
}

static inline void ln_crash_handler(int sig, siginfo_t *info, void *context) {
    (void)context;
    struct ln_terminal_guard *g = ln_guard();
    ln_restore_terminal_now();
    for (int i = 0; i < LN_CRASH_SIGNAL_COUNT; i++) {
        if (ln_crash_signal(i) == sig) { sigaction(sig, &g->crash_previous[i], NULL); break; }
    }
    // A fault raised by the CPU happens again when the handler returns, now reaching the previous handler (the
    // default one, or Swift's backtracer) with its real details. A signal sent by kill/raise/abort has to be
    // raised again; it is delivered as soon as this handler returns.
    if (info == NULL || info->si_code <= 0) raise(sig);
}

static inline void ln_atexit_restore(void) {
    struct ln_terminal_guard *g = ln_guard();
    if (!g->armed) return;
    // On the thread that owns curses, endwin() is safe and restores everything; elsewhere the main thread may be
    // inside ncurses, so only the prepared bytes are written.
    if (pthread_equal(pthread_self(), g->curses_thread)) {
        g->armed = 0;
        endwin();
    } else {
        ln_restore_terminal_now();
    }
}

// Arms the restoration with the reset bytes and installs the crash handlers and (once) the atexit hook.
static inline void ln_arm_terminal_restore(const char *bytes, size_t length) {
    struct ln_terminal_guard *g = ln_guard();
    if (length > sizeof g->bytes) length = sizeof g->bytes;
    memcpy(g->bytes, bytes, length);
    g->length = length;
    g->curses_thread = pthread_self();
    g->armed = 1;
    if (!g->crash_installed) {
        struct sigaction action;
        memset(&action, 0, sizeof action);
        action.sa_sigaction = ln_crash_handler;
        action.sa_flags = SA_SIGINFO | SA_ONSTACK;
        sigemptyset(&action.sa_mask);
        for (int i = 0; i < LN_CRASH_SIGNAL_COUNT; i++) sigaction(ln_crash_signal(i), &action, &g->crash_previous[i]);
        g->crash_installed = 1;
    }
    if (!g->atexit_registered) g->atexit_registered = atexit(ln_atexit_restore) == 0;
}

// Called on a normal exit just before endwin: the crash handlers go back to what they were.
static inline void ln_disarm_terminal_restore(void) {
    struct ln_terminal_guard *g = ln_guard();
    g->armed = 0;
    if (g->crash_installed) {
        for (int i = 0; i < LN_CRASH_SIGNAL_COUNT; i++) sigaction(ln_crash_signal(i), &g->crash_previous[i], NULL);
        g->crash_installed = 0;
    }
}

// ---------------------------------------------------------------------------------------------------------------
// SIGTERM, SIGINT and SIGHUP ask the main loop to stop: the handler stores the signal number and the loop, which
// checks it every turn, quits and calls endwin normally. A second signal before the loop has reacted means the
// main thread is stuck: the terminal is restored from here and the signal takes its default course.

static inline void ln_termination_handler(int sig) {
    struct ln_terminal_guard *g = ln_guard();
    if (g->termination_signal != 0) {
        ln_restore_terminal_now();
        signal(sig, SIG_DFL);
        raise(sig);
        return;
    }
    g->termination_signal = sig;
}

// Install before newterm: ncurses then leaves these signals alone instead of installing its own handlers.
static inline void ln_install_termination_handlers(void) {
    struct ln_terminal_guard *g = ln_guard();
    if (g->termination_installed) return;
    g->termination_signal = 0;
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = ln_termination_handler;
    sigemptyset(&action.sa_mask);
    for (int i = 0; i < LN_TERMINATION_SIGNAL_COUNT; i++)
        sigaction(ln_termination_signal_number(i), &action, &g->termination_previous[i]);
    g->termination_installed = 1;
}

static inline void ln_uninstall_termination_handlers(void) {
    struct ln_terminal_guard *g = ln_guard();
    if (!g->termination_installed) return;
    for (int i = 0; i < LN_TERMINATION_SIGNAL_COUNT; i++)
        sigaction(ln_termination_signal_number(i), &g->termination_previous[i], NULL);
    g->termination_installed = 0;
}

// The pending termination signal (0 when none), cleared by reading it.
static inline int ln_take_termination_signal(void) {
    return __atomic_exchange_n(&ln_guard()->termination_signal, 0, __ATOMIC_SEQ_CST);
}
#endif
