/* A growable text for tests that generate CSV: add() appends printf-style,
 * failing the test when memory runs out. Header-only test code (cmocka). */
#ifndef SALESPLAN_TESTS_SUPPORT_TTEXT_H
#define SALESPLAN_TESTS_SUPPORT_TTEXT_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct text {
    char *s;
    size_t len, cap;
} text;

static void add(text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add(text *t, const char *fmt, ...)
{
    va_list ap;
    for (;;) {
        va_start(ap, fmt);
        int n = vsnprintf(t->s ? t->s + t->len : NULL, t->s ? t->cap - t->len : 0, fmt, ap);
        va_end(ap);
        assert_true(n >= 0);
        if (t->s && t->len + (size_t)n < t->cap) {
            t->len += (size_t)n;
            return;
        }
        t->cap = (t->cap + (size_t)n + 1) * 2;
        t->s = realloc(t->s, t->cap);
        assert_non_null(t->s);
    }
}

#endif
