/* The JSON writer (see json_write.h). */
#include "json/json_write.h"

#include <math.h>
#include <string.h>

#include "common/utf8.h"
#include "json/dtoa.h"

/* ---- strings ----------------------------------------------------------------- */

/* Bytes that need no escape in a JSON string (bytes >= 0x80 included). */
static inline int plain(unsigned char c)
{
    return (c >= 0x20) & (c != '"') & (c != '\\');
}

/* Plain and ASCII: copied without a UTF-8 check. */
static inline int plain_ascii(unsigned char c)
{
    return plain(c) & (c < 0x80);
}

/* "s[0, n)" into the buffer in one piece: the usual case of a short plain string. */
static void quoted(slp_strbuf *sb, const char *s, size_t n)
{
    char *o = slp_sb_room(sb, n + 2);
    if (o == NULL)
        return;
    o[0] = '"';
    memcpy(o + 1, s, n);
    o[n + 1] = '"';
    slp_sb_commit(sb, n + 2);
}

/* The escaping loop, for a string whose first `n` bytes are known plain. */
static void escaped(slp_strbuf *sb, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    slp_sb_putc(sb, '"');
    const char *run = s;
    for (const char *q = s + n; *q; q++) {
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

void slp_json_string(slp_strbuf *sb, const char *s)
{
    size_t n = 0;
    while (plain((unsigned char)s[n])) /* stops at the NUL */
        n++;
    if (s[n] == '\0')
        quoted(sb, s, n);
    else
        escaped(sb, s, n);
}

void slp_json_text(slp_strbuf *sb, const char *s)
{
    const unsigned char *u = (const unsigned char *)(s ? s : "");
    size_t i = 0, n;
    while (plain_ascii(u[i])) /* ASCII needs no UTF-8 check */
        i++;
    if (u[i] == '\0') { /* the usual case: one pass, one copy */
        quoted(sb, (const char *)u, i);
        return;
    }
    size_t head = i;
    while (u[i] && (n = slp_utf8_decode(u + i, SLP_UTF8_NUL_TERMINATED, NULL)) > 0)
        i += n;
    if (u[i] == '\0') { /* well-formed: escape what needs it */
        escaped(sb, (const char *)u, head);
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
/* Longest integer text: "-" and 20 digits, rounded up. */
#define INT_SIZE 24
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
    char *o = slp_sb_room(w->sb, SEP_MAX);
    if (o != NULL)
        slp_sb_commit(w->sb, put_sep(w, o));
}

/* Length of a key that can be written as it is (short, nothing to escape),
 * else 0. */
static inline size_t plain_key(const char *key)
{
    size_t n = 0;
    while (n <= KEY_FAST && plain((unsigned char)key[n]))
        n++;
    return n <= KEY_FAST && key[n] == '\0' ? n : 0;
}

/* Separator and "key": written in place, leaving room for `extra` bytes of
 * value after them; returns where the value goes (the caller commits), or
 * NULL when the key needed escaping (then it is appended and the value must
 * be appended too) or the buffer failed (w->sb->failed). */
static char *key_prefix(slp_jw *w, const char *key, size_t extra, size_t *used)
{
    size_t k = plain_key(key);
    char *o = slp_sb_room(w->sb, SEP_MAX + k + 4 + extra);
    if (o == NULL)
        return NULL;
    size_t n = put_sep(w, o);
    if (k == 0 && key[0] != '\0') {
        slp_sb_commit(w->sb, n);
        slp_json_string(w->sb, key);
        slp_sb_append(w->sb, ": ", 2);
        w->after_key = 1;
        return NULL;
    }
    o[n] = '"';
    memcpy(o + n + 1, key, k);
    memcpy(o + n + 1 + k, "\": ", 3);
    *used = n + k + 4;
    return o;
}

static void open_container(slp_jw *w, char c, int layout, int array)
{
    char *o = slp_sb_room(w->sb, SEP_MAX + 1);
    if (o != NULL) {
        size_t n = put_sep(w, o);
        o[n] = c;
        slp_sb_commit(w->sb, n + 1);
    }
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
    w->wrap = 0;
    if (w->st[top].pretty)
        w->depth--;
    char *o = slp_sb_room(w->sb, SEP_MAX + 1);
    if (o == NULL)
        return;
    size_t n = 0;
    if (w->st[top].pretty && !w->st[top].first) {
        o[n++] = '\n';
        memset(o + n, ' ', 2 * (size_t)w->depth);
        n += 2 * (size_t)w->depth;
    }
    o[n++] = w->st[top].array ? ']' : '}';
    slp_sb_commit(w->sb, n);
}

void slp_jw_wrap(slp_jw *w)
{
    w->wrap = 1;
}

void slp_jw_key(slp_jw *w, const char *key)
{
    size_t n;
    if (key_prefix(w, key, 0, &n) != NULL)
        slp_sb_commit(w->sb, n);
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
    char *o = slp_sb_room(w->sb, SEP_MAX + SLP_DTOA_SIZE);
    if (o != NULL) {
        size_t n = put_sep(w, o);
        slp_sb_commit(w->sb, n + put_number(o + n, v));
    }
}

/* Decimal text of v (with a '-' when neg) into o; returns its length. */
static size_t put_int(char *o, unsigned long long v, int neg)
{
    char tmp[INT_SIZE];
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

static void int_value(slp_jw *w, unsigned long long v, int neg)
{
    char *o = slp_sb_room(w->sb, SEP_MAX + INT_SIZE);
    if (o != NULL) {
        size_t n = put_sep(w, o);
        slp_sb_commit(w->sb, n + put_int(o + n, v, neg));
    }
}

void slp_jw_uint(slp_jw *w, unsigned long long v)
{
    int_value(w, v, 0);
}

void slp_jw_int(slp_jw *w, long long v)
{
    int_value(w, magnitude(v), v < 0);
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

/* Numbers are most of a document: separator, key and value written in place. */
void slp_jw_knumber(slp_jw *w, const char *key, double v)
{
    size_t n;
    char *o = key_prefix(w, key, SLP_DTOA_SIZE, &n);
    if (o != NULL)
        slp_sb_commit(w->sb, n + put_number(o + n, v));
    else
        slp_jw_number(w, v); /* after an escaped key */
}

void slp_jw_kint(slp_jw *w, const char *key, long long v)
{
    size_t n;
    char *o = key_prefix(w, key, INT_SIZE, &n);
    if (o != NULL)
        slp_sb_commit(w->sb, n + put_int(o + n, magnitude(v), v < 0));
    else
        slp_jw_int(w, v); /* after an escaped key */
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
