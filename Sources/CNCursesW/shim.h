#ifndef LOYALNEST_CNCURSESW_SHIM_H
#define LOYALNEST_CNCURSESW_SHIM_H
// Wide-character ncurses: these must be defined before curses.h is read.
#define _XOPEN_SOURCE_EXTENDED 1
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <wchar.h>
#include <ncursesw/curses.h>

// Swift cannot see C macros that expand to expressions or globals behind macros; expose them as functions.
static inline WINDOW *ln_stdscr(void) { return stdscr; }
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
#endif
