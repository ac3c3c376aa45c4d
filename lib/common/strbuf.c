/* Growable text buffer. */
#include "common/strbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/alloc.h"

static int reserve(slp_strbuf *sb, size_t extra)
{
    if (extra < sb->cap - sb->len) /* room for the text and its NUL: the usual case */
        return sb->failed ? -1 : 0;
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

char *slp_sb_room_slow(slp_strbuf *sb, size_t n)
{
    return reserve(sb, n) == 0 ? sb->data + sb->len : NULL;
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
    if (reserve(sb, 1) != 0)
        return;
    sb->data[sb->len++] = c;
    sb->data[sb->len] = '\0';
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
