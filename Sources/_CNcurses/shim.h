#ifndef REPARAM_CNCURSES_SHIM_H
#define REPARAM_CNCURSES_SHIM_H
#define _XOPEN_SOURCE_EXTENDED 1
#include <locale.h>
#include <ncurses.h>
#endif
