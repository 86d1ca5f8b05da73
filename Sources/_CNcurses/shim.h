#ifndef REPARAM_CNCURSES_SHIM_H
#define REPARAM_CNCURSES_SHIM_H
#define _XOPEN_SOURCE_EXTENDED 1
#include <locale.h>
#include <langinfo.h>
#include <ncurses.h>


/* Swift cannot see ncurses' macros and macro-valued globals; these inline functions
   give it the few the pane uses. */
static inline WINDOW *reparam_stdscr(void) { return stdscr; }
static inline int reparam_getmaxy(WINDOW *window) { return getmaxy(window); }
static inline int reparam_getmaxx(WINDOW *window) { return getmaxx(window); }
static inline int reparam_mvwaddstr(WINDOW *window, int y, int x, const char *text) {
    return mvwaddstr(window, y, x, text);
}
static inline int reparam_attr_on(WINDOW *window, unsigned int which) {
    return wattr_on(window, which == 0 ? A_BOLD : which == 1 ? A_DIM : A_REVERSE, NULL);
}
static inline int reparam_attr_off(WINDOW *window, unsigned int which) {
    return wattr_off(window, which == 0 ? A_BOLD : which == 1 ? A_DIM : A_REVERSE, NULL);
}
static inline int reparam_color_on(WINDOW *window, short pair) {
    return wattr_on(window, COLOR_PAIR(pair), NULL);
}
static inline int reparam_color_off(WINDOW *window, short pair) {
    return wattr_off(window, COLOR_PAIR(pair), NULL);
}
/* A terminfo string capability, or "" when the terminal has none. */
static inline const char *reparam_tigetstr(const char *name) {
    char *value = tigetstr((NCURSES_CONST char *)name);
    return (value == NULL || value == (char *)-1) ? "" : value;
}
#endif
