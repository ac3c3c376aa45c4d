/* Growable text buffer with JSON helpers. */
#include "common/strbuf.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/alloc.h"

static int reserve(slp_strbuf *sb, size_t extra)
{
    if (sb->failed)
        return -1;
    if (extra > (size_t)-1 - sb->len - 1) {
        sb->failed = 1;
        return -1;
    }
    if (slp_grow((void **)&sb->data, &sb->cap, sb->len + extra + 1, 1) != 0) {
        sb->failed = 1;
        return -1;
    }
    return 0;
}

void slp_sb_append(slp_strbuf *sb, const char *s, size_t n)
{
    if (reserve(sb, n) != 0)
        return;
    if (n)
        memcpy(sb->data + sb->len, s, n);
    sb->len += n;
    sb->data[sb->len] = '\0';
}

void slp_sb_puts(slp_strbuf *sb, const char *s)
{
    slp_sb_append(sb, s, strlen(s));
}

void slp_sb_putc(slp_strbuf *sb, char c)
{
    slp_sb_append(sb, &c, 1);
}

void slp_sb_printf(slp_strbuf *sb, const char *fmt, ...)
{
    char small[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) {
        sb->failed = 1;
        return;
    }
    if ((size_t)n < sizeof small) {
        slp_sb_append(sb, small, (size_t)n);
        return;
    }
    if (reserve(sb, (size_t)n) != 0)
        return;
    va_start(ap, fmt);
    vsnprintf(sb->data + sb->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    sb->len += (size_t)n;
}

void slp_sb_json_string(slp_strbuf *sb, const char *s)
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
        case '"': slp_sb_puts(sb, "\\\""); break;
        case '\\': slp_sb_puts(sb, "\\\\"); break;
        case '\n': slp_sb_puts(sb, "\\n"); break;
        case '\r': slp_sb_puts(sb, "\\r"); break;
        case '\t': slp_sb_puts(sb, "\\t"); break;
        case '\b': slp_sb_puts(sb, "\\b"); break;
        case '\f': slp_sb_puts(sb, "\\f"); break;
        default: {
            char u[7] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15], 0};
            slp_sb_puts(sb, u);
        }
        }
    }
    slp_sb_puts(sb, run);
    slp_sb_putc(sb, '"');
}

void slp_format_double(char *buf, size_t size, double v)
{
    if (v == 0.0) {
        snprintf(buf, size, "0");  /* also folds -0 */
        return;
    }
    /* Whole numbers (counts, days, round amounts) are most of a result
     * document: print them without the cost of printf's float path. */
    if (v == floor(v) && fabs(v) < 1e15) {
        char tmp[24];
        size_t n = 0;
        unsigned long long u = (unsigned long long)fabs(v);
        do {
            tmp[n++] = (char)('0' + (int)(u % 10ULL));
            u /= 10ULL;
        } while (u != 0);
        size_t o = 0;
        if (v < 0 && o + 1 < size)
            buf[o++] = '-';
        while (n > 0 && o + 1 < size)
            buf[o++] = tmp[--n];
        buf[o] = '\0';
        return;
    }
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, size, "%.*g", prec, v);
        if (strtod(buf, NULL) == v)
            break;
    }
    /* snprintf and strtod follow LC_NUMERIC, which a host process may have set
     * to a locale with a decimal comma: JSON and CSV always get a '.'. */
    for (char *c = buf; *c; c++)
        if (!((*c >= '0' && *c <= '9') || *c == '-' || *c == '+' || *c == 'e' || *c == 'E'))
            *c = '.';
}

void slp_sb_json_number(slp_strbuf *sb, double v)
{
    if (!isfinite(v)) {
        slp_sb_puts(sb, "null");
        return;
    }
    char buf[40];
    slp_format_double(buf, sizeof buf, v);
    slp_sb_puts(sb, buf);
}

int slp_sb_finish(slp_strbuf *sb, char **out, size_t *len)
{
    if (!sb->failed && sb->data == NULL)
        reserve(sb, 0);
    if (sb->failed) {
        slp_sb_release(sb);
        *out = NULL;
        if (len)
            *len = 0;
        return SALESPLAN_ENOMEM;
    }
    sb->data[sb->len] = '\0';
    *out = sb->data;
    if (len)
        *len = sb->len;
    sb->data = NULL;
    sb->len = sb->cap = 0;
    return SALESPLAN_OK;
}

void slp_sb_release(slp_strbuf *sb)
{
    slp_free(sb->data);
    sb->data = NULL;
    sb->len = sb->cap = 0;
}
