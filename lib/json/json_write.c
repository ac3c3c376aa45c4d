/* The JSON writer (see json_write.h). */
#include "json/json_write.h"

#include <math.h>
#include <string.h>

#include "common/utf8.h"
#include "json/dtoa.h"

/* ---- strings ----------------------------------------------------------------- */

/* Bytes that need no escape in a JSON string. */
static int plain(unsigned char c)
{
    return c >= 0x20 && c != '"' && c != '\\';
}

void slp_json_string(slp_strbuf *sb, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    size_t n = 0;
    while (n < 128 && s[n] && plain((unsigned char)s[n]))
        n++;
    if (s[n] == '\0') { /* short and plain, the usual case: one append */
        char tmp[132];
        tmp[0] = '"';
        memcpy(tmp + 1, s, n);
        tmp[n + 1] = '"';
        slp_sb_append(sb, tmp, n + 2);
        return;
    }
    slp_sb_putc(sb, '"');
    const char *run = s;
    for (const char *q = s; *q; q++) {
        unsigned char c = (unsigned char)*q;
        if (plain(c))
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

void slp_json_text(slp_strbuf *sb, const char *s)
{
    const unsigned char *u = (const unsigned char *)(s ? s : "");
    size_t i = 0, n;
    while (u[i] && (n = slp_utf8_decode(u + i, SLP_UTF8_NUL_TERMINATED, NULL)) > 0)
        i += n;
    if (u[i] == '\0') { /* the usual case: all well-formed */
        slp_json_string(sb, (const char *)u);
        return;
    }
    slp_strbuf clean = SLP_STRBUF_INIT;
    for (i = 0; u[i];) {
        n = slp_utf8_decode(u + i, SLP_UTF8_NUL_TERMINATED, NULL);
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



/* ---- layout ------------------------------------------------------------------ */

void slp_jw_init(slp_jw *w, slp_strbuf *sb)
{
    memset(w, 0, sizeof *w);
    w->sb = sb;
}

/* Longest separator: ",\n" and two columns per level, plus one. */
#define SEP_MAX (2 + 2 * SLP_JW_MAX_NEST + 1)
/* Longest key written in one piece with its separator. */
#define KEY_FAST 64

/* Write into o the separator and indentation before a member, an item or a
 * top value; return its length (at most SEP_MAX). */
static size_t put_sep(slp_jw *w, char *o)
{
    if (w->after_key) {
        w->after_key = 0;
        return 0;
    }
    if (w->level == 0)
        return 0;
    int top = w->level - 1;
    int first = w->st[top].first;
    w->st[top].first = 0;
    int wrap = w->wrap;
    w->wrap = 0;
    size_t n = 0, columns;
    if (w->st[top].pretty)
        columns = 2 * (size_t)w->depth;
    else if (wrap && !first)
        columns = 2 * (size_t)w->depth + 1;
    else {
        if (!first) {
            o[n++] = ',';
            o[n++] = ' ';
        }
        return n;
    }
    if (!first)
        o[n++] = ',';
    o[n++] = '\n';
    memset(o + n, ' ', columns);
    return n + columns;
}

static void before_value(slp_jw *w)
{
    char tmp[SEP_MAX];
    size_t n = put_sep(w, tmp);
    if (n)
        slp_sb_append(w->sb, tmp, n);
}

/* "key": into o when the key is short and needs no escape; else 0. */
static size_t put_key(const char *key, char *o)
{
    size_t n = 0;
    while (n <= KEY_FAST && key[n] && plain((unsigned char)key[n]))
        n++;
    if (n > KEY_FAST || key[n] != '\0')
        return 0;
    o[0] = '"';
    memcpy(o + 1, key, n);
    memcpy(o + 1 + n, "\": ", 3);
    return n + 4;
}

/* Separator and key; the value comes next. With `keep` and a plain key the
 * text is left in tmp and its length returned, for the caller to add the
 * value and append once; otherwise it is appended and 0 returned. */
static size_t key_prefix(slp_jw *w, const char *key, char *tmp, int keep)
{
    size_t n = put_sep(w, tmp);
    size_t k = put_key(key, tmp + n);
    if (k > 0 && keep)
        return n + k;
    if (k > 0) {
        slp_sb_append(w->sb, tmp, n + k);
    } else {
        slp_sb_append(w->sb, tmp, n);
        slp_json_string(w->sb, key);
        slp_sb_append(w->sb, ": ", 2);
    }
    return 0;
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
    char tmp[SEP_MAX + 1];
    size_t n = 0;
    if (w->st[top].pretty) {
        w->depth--;
        if (!w->st[top].first) {
            tmp[n++] = '\n';
            memset(tmp + n, ' ', 2 * (size_t)w->depth);
            n += 2 * (size_t)w->depth;
        }
    }
    tmp[n++] = w->st[top].array ? ']' : '}';
    slp_sb_append(w->sb, tmp, n);
    w->wrap = 0;
}

void slp_jw_wrap(slp_jw *w)
{
    w->wrap = 1;
}

void slp_jw_key(slp_jw *w, const char *key)
{
    char tmp[SEP_MAX + KEY_FAST + 4];
    key_prefix(w, key, tmp, 0);
    w->after_key = 1;
}

/* ---- values -------------------------------------------------------------------- */

/* A string value escaped by `escape`, or null. */
static void string_value(slp_jw *w, const char *s, void (*escape)(slp_strbuf *, const char *))
{
    before_value(w);
    if (s)
        escape(w->sb, s);
    else
        slp_sb_append(w->sb, "null", 4);
}

void slp_jw_string(slp_jw *w, const char *s)
{
    string_value(w, s, slp_json_string);
}

void slp_jw_text(slp_jw *w, const char *s)
{
    string_value(w, s, slp_json_text);
}

/* A number's text into o: shortest round-trip, or null. */
static size_t put_number(char *o, double v)
{
    if (!isfinite(v)) {
        memcpy(o, "null", 4);
        return 4;
    }
    return slp_dtoa(v, o);
}

void slp_jw_number(slp_jw *w, double v)
{
    char tmp[SEP_MAX + SLP_DTOA_SIZE];
    size_t n = put_sep(w, tmp);
    n += put_number(tmp + n, v);
    slp_sb_append(w->sb, tmp, n);
}

/* Decimal text of v (with a '-' when neg) into o; returns its length. */
static size_t put_int(char *o, unsigned long long v, int neg)
{
    char tmp[24];
    size_t n = sizeof tmp;
    do {
        tmp[--n] = (char)('0' + (int)(v % 10u));
        v /= 10u;
    } while (v != 0);
    if (neg)
        tmp[--n] = '-';
    memcpy(o, tmp + n, sizeof tmp - n);
    return sizeof tmp - n;
}

static unsigned long long magnitude(long long v)
{
    return v < 0 ? 0u - (unsigned long long)v : (unsigned long long)v;
}

void slp_json_number(slp_strbuf *sb, double v)
{
    char buf[SLP_DTOA_SIZE];
    slp_sb_append(sb, buf, put_number(buf, v));
}

void slp_jw_uint(slp_jw *w, unsigned long long v)
{
    char tmp[SEP_MAX + 24];
    size_t n = put_sep(w, tmp);
    n += put_int(tmp + n, v, 0);
    slp_sb_append(w->sb, tmp, n);
}

void slp_jw_int(slp_jw *w, long long v)
{
    char tmp[SEP_MAX + 24];
    size_t n = put_sep(w, tmp);
    n += put_int(tmp + n, magnitude(v), v < 0);
    slp_sb_append(w->sb, tmp, n);
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

/* Numbers are most of a document: separator, key and value in one append. */
void slp_jw_knumber(slp_jw *w, const char *key, double v)
{
    char tmp[SEP_MAX + KEY_FAST + 4 + SLP_DTOA_SIZE];
    size_t n = key_prefix(w, key, tmp, 1);
    n += put_number(tmp + n, v);
    slp_sb_append(w->sb, tmp, n);
}

void slp_jw_kint(slp_jw *w, const char *key, long long v)
{
    char tmp[SEP_MAX + KEY_FAST + 4 + 24];
    size_t n = key_prefix(w, key, tmp, 1);
    n += put_int(tmp + n, magnitude(v), v < 0);
    slp_sb_append(w->sb, tmp, n);
}

void slp_jw_kbool(slp_jw *w, const char *key, int b)
{
    slp_jw_key(w, key);
    slp_jw_bool(w, b);
}

void slp_jw_kobject(slp_jw *w, const char *key, int layout)
{
    slp_jw_key(w, key);
    slp_jw_object(w, layout);
}

void slp_jw_karray(slp_jw *w, const char *key, int layout)
{
    slp_jw_key(w, key);
    slp_jw_array(w, layout);
}

void slp_jw_knumbers(slp_jw *w, const char *key, const double *v, size_t n)
{
    slp_jw_karray(w, key, SLP_JW_INLINE);
    for (size_t i = 0; i < n; i++)
        slp_jw_number(w, v[i]);
    slp_jw_end(w);
}

void slp_jw_kstring_opt(slp_jw *w, const char *key, const char *s)
{
    if (s != NULL)
        slp_jw_kstring(w, key, s);
}

void slp_jw_knumber_opt(slp_jw *w, const char *key, double v)
{
    if (!isnan(v))
        slp_jw_knumber(w, key, v);
}
