#ifndef CNCURSES_SHIM_H
#define CNCURSES_SHIM_H
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1      /* declares get_wch, add_wch, setcchar: no dlsym tricks */
#endif
#include <locale.h>
#include <wchar.h>
#include <stdio.h>
#include <ncursesw/curses.h>

/* Swift 6 rejects imported mutable C globals ("not concurrency-safe"): read them through functions. */
static inline WINDOW *mlsd_stdscr(void) { return stdscr; }
static inline FILE *mlsd_stdin(void) { return stdin; }
static inline FILE *mlsd_stdout(void) { return stdout; }
static inline int mlsd_colors(void) { return COLORS; }
/* Attribute macros are not imported into Swift. */
static inline attr_t mlsd_a_bold(void) { return A_BOLD; }
static inline attr_t mlsd_a_reverse(void) { return A_REVERSE; }
static inline attr_t mlsd_a_dim(void) { return A_DIM; }
static inline attr_t mlsd_a_underline(void) { return A_UNDERLINE; }
/* One wide character with attributes and a colour pair at (y, x). */
static inline int mlsd_put(int y, int x, wchar_t ch, attr_t attrs, short pair) {
    wchar_t wstr[2] = { ch, L'\0' };
    cchar_t cc;
    if (setcchar(&cc, wstr, attrs, pair, NULL) == ERR) return ERR;
    return mvadd_wch(y, x, &cc);
}
/* One character of up to four scalars (a letter and the combining marks that follow it) at
   (y, x). When curses refuses the whole, its first scalar is drawn alone. */
static inline int mlsd_put_scalars(int y, int x, const wchar_t *scalars, int count, attr_t attrs, short pair) {
    wchar_t wstr[5] = { 0, 0, 0, 0, 0 };
    for (int i = 0; i < count && i < 4; i++) wstr[i] = scalars[i];
    cchar_t cc;
    if (setcchar(&cc, wstr, attrs, pair, NULL) == ERR) {
        wstr[1] = L'\0';
        if (setcchar(&cc, wstr, attrs, pair, NULL) == ERR) return ERR;
    }
    return mvadd_wch(y, x, &cc);
}
/* Mouse macros are not imported into Swift. */
static inline mmask_t mlsd_mouse_mask(void) { return BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON2_PRESSED | BUTTON3_PRESSED | BUTTON4_PRESSED | BUTTON5_PRESSED; }
static inline int mlsd_mouse_button(mmask_t state) {
    if (state & (BUTTON1_PRESSED | BUTTON1_CLICKED)) return 1;
    if (state & BUTTON2_PRESSED) return 2;
    if (state & BUTTON3_PRESSED) return 3;
    if (state & BUTTON4_PRESSED) return 4;
    if (state & BUTTON5_PRESSED) return 5;
    return 0;
}

#include <langinfo.h>
/* True when the locale's character set is UTF-8 (after setlocale). */
static inline int mlsd_locale_is_utf8(void) {
    const char *cs = nl_langinfo(CODESET);
    return cs && (cs[0] == 'U' || cs[0] == 'u') && (cs[1] == 'T' || cs[1] == 't') && (cs[2] == 'F' || cs[2] == 'f');
}
#endif
