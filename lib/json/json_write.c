/* The JSON writer (see json_write.h). */
#include "json/json_write.h"

#include <math.h>
#include <string.h>

#include "json/dtoa.h"

/* ---- strings ----------------------------------------------------------------- */

void slp_json_string(slp_strbuf *sb, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    slp_sb_putc(sb, '"');
    const char *run = s;
    for (const char *q = s; *q; q++) {
        unsigned char c = (unsigned char)*q;
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        slp_sb_append(sb, run, (size_t)(q - run));
        run = q + 1;
        switch (c) {
        case '"': slp_sb_append(sb, "\\\"", 2); break;
        case '\\': slp_sb_append(sb, "\\\\", 2); break;
        case '\n': slp_sb_append(sb, "\\n", 2); break;
        case '\r': slp_sb_append(sb, "\\r", 2); break;
        case '\t': slp_sb_append(sb, "\\t", 2); break;
        case '\b': slp_sb_append(sb, "\\b", 2); break;
        case '\f': slp_sb_append(sb, "\\f", 2); break;
        default: {
            char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            slp_sb_append(sb, u, sizeof u);
        }
        }
    }
    slp_sb_puts(sb, run);
    slp_sb_putc(sb, '"');
}

/* Length of the well-formed UTF-8 sequence at `s`, or 0 (RFC 3629: no
 * overlong forms, no surrogates, nothing above U+10FFFF). */
static size_t utf8_len(const unsigned char *s)
{
    unsigned char c = s[0];
    if (c < 0x80)
        return 1;
    size_t n;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        if (c == 0xE0)
            lo = 0xA0;
        else if (c == 0xED)
            hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F;
    } else {
        return 0;
    }
    if (s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 2; i < n; i++)
        if (s[i] < 0x80 || s[i] > 0xBF)
            return 0;
    return n;
}

void slp_json_text(slp_strbuf *sb, const char *s)
{
    const unsigned char *u = (const unsigned char *)(s ? s : "");
    size_t i = 0, n;
    while (u[i] && (n = utf8_len(u + i)) > 0)
        i += n;
    if (u[i] == '\0') { /* the usual case: all well-formed */
        slp_json_string(sb, (const char *)u);
        return;
    }
    slp_strbuf clean = SLP_STRBUF_INIT;
    for (i = 0; u[i];) {
        n = utf8_len(u + i);
        if (n == 0) {
            slp_sb_puts(&clean, "\xEF\xBF\xBD"); /* U+FFFD */
            i++;
        } else {
            slp_sb_append(&clean, (const char *)u + i, n);
            i += n;
        }
    }
    if (clean.failed)
        sb->failed = 1;
    else
        slp_json_string(sb, clean.data);
    slp_sb_release(&clean);
}

void slp_json_number(slp_strbuf *sb, double v)
{
    if (!isfinite(v)) {
        slp_sb_append(sb, "null", 4);
        return;
    }
    char buf[SLP_DTOA_SIZE];
    slp_sb_append(sb, buf, slp_dtoa(v, buf));
}

/* ---- layout ------------------------------------------------------------------ */

void slp_jw_init(slp_jw *w, slp_strbuf *sb)
{
    memset(w, 0, sizeof *w);
    w->sb = sb;
}

static void indent(slp_jw *w, int columns)
{
    static const char spaces[] = "                                ";
    slp_sb_putc(w->sb, '\n');
    while (columns > 0) {
        int n = columns < (int)sizeof spaces - 1 ? columns : (int)sizeof spaces - 1;
        slp_sb_append(w->sb, spaces, (size_t)n);
        columns -= n;
    }
}

/* Separator and indentation before a member, an item or a top value. */
static void before_value(slp_jw *w)
{
    if (w->after_key) {
        w->after_key = 0;
        return;
    }
    if (w->level == 0)
        return;
    int top = w->level - 1;
    int first = w->st[top].first;
    w->st[top].first = 0;
    if (w->st[top].pretty) {
        if (!first)
            slp_sb_putc(w->sb, ',');
        indent(w, 2 * w->depth);
    } else if (w->wrap && !first) {
        slp_sb_putc(w->sb, ',');
        indent(w, 2 * w->depth + 1);
    } else if (!first) {
        slp_sb_append(w->sb, ", ", 2);
    }
    w->wrap = 0;
}

static void open_container(slp_jw *w, char c, int layout, int array)
{
    before_value(w);
    slp_sb_putc(w->sb, c);
    if (w->level >= SLP_JW_MAX_NEST) {
        w->sb->failed = 1;
        return;
    }
    w->st[w->level].pretty = layout == SLP_JW_PRETTY;
    w->st[w->level].first = 1;
    w->st[w->level].array = (unsigned char)array;
    w->level++;
    if (layout == SLP_JW_PRETTY)
        w->depth++;
}

void slp_jw_object(slp_jw *w, int layout)
{
    open_container(w, '{', layout, 0);
}

void slp_jw_array(slp_jw *w, int layout)
{
    open_container(w, '[', layout, 1);
}

void slp_jw_end(slp_jw *w)
{
    if (w->level == 0)
        return;
    int top = --w->level;
    if (w->st[top].pretty) {
        w->depth--;
        if (!w->st[top].first)
            indent(w, 2 * w->depth);
    }
    slp_sb_putc(w->sb, w->st[top].array ? ']' : '}');
    w->wrap = 0;
}

void slp_jw_wrap(slp_jw *w)
{
    w->wrap = 1;
}

void slp_jw_key(slp_jw *w, const char *key)
{
    before_value(w);
    slp_json_string(w->sb, key);
    slp_sb_append(w->sb, ": ", 2);
    w->after_key = 1;
}

/* ---- values -------------------------------------------------------------------- */

void slp_jw_string(slp_jw *w, const char *s)
{
    before_value(w);
    if (s)
        slp_json_string(w->sb, s);
    else
        slp_sb_append(w->sb, "null", 4);
}

void slp_jw_text(slp_jw *w, const char *s)
{
    before_value(w);
    if (s)
        slp_json_text(w->sb, s);
    else
        slp_sb_append(w->sb, "null", 4);
}

void slp_jw_number(slp_jw *w, double v)
{
    before_value(w);
    slp_json_number(w->sb, v);
}

void slp_jw_uint(slp_jw *w, unsigned long long v)
{
    before_value(w);
    char tmp[24];
    size_t n = sizeof tmp;
    do {
        tmp[--n] = (char)('0' + (int)(v % 10u));
        v /= 10u;
    } while (v != 0);
    slp_sb_append(w->sb, tmp + n, sizeof tmp - n);
}

void slp_jw_int(slp_jw *w, long long v)
{
    if (v >= 0) {
        slp_jw_uint(w, (unsigned long long)v);
        return;
    }
    before_value(w);
    slp_sb_putc(w->sb, '-');
    w->after_key = 1; /* the digits follow without a separator */
    slp_jw_uint(w, 0u - (unsigned long long)v);
}

void slp_jw_bool(slp_jw *w, int b)
{
    before_value(w);
    if (b)
        slp_sb_append(w->sb, "true", 4);
    else
        slp_sb_append(w->sb, "false", 5);
}

void slp_jw_null(slp_jw *w)
{
    before_value(w);
    slp_sb_append(w->sb, "null", 4);
}

void slp_jw_raw(slp_jw *w, const char *json)
{
    before_value(w);
    slp_sb_puts(w->sb, json);
}

/* ---- members ------------------------------------------------------------------- */

void slp_jw_kstring(slp_jw *w, const char *key, const char *s)
{
    slp_jw_key(w, key);
    slp_jw_string(w, s);
}

void slp_jw_ktext(slp_jw *w, const char *key, const char *s)
{
    slp_jw_key(w, key);
    slp_jw_text(w, s);
}

void slp_jw_knumber(slp_jw *w, const char *key, double v)
{
    slp_jw_key(w, key);
    slp_jw_number(w, v);
}

void slp_jw_kint(slp_jw *w, const char *key, long long v)
{
    slp_jw_key(w, key);
    slp_jw_int(w, v);
}

void slp_jw_kbool(slp_jw *w, const char *key, int b)
{
    slp_jw_key(w, key);
    slp_jw_bool(w, b);
}
