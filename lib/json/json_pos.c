/* Position scanner over raw JSON text (see json_pos.h). */
#include "json/json_pos.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/alloc.h"
#include "common/free_all.h"
#include "common/error.h"
#include "common/utf8.h"
#include "json/json_pos_internal.h"

/* Scanner state. */
typedef struct scan {
    slp_jpos *j;
    const char *s;
    size_t n, pos;
    size_t line, line_start; /* current line (1-based) and offset where it starts */
    salesplan_error *err;
    int rc;
    int any; /* any value at the top, not only an object or array */
} scan;

static long col_of(const scan *sc, size_t off)
{
    return (long)(off - sc->line_start) + 1;
}

/* Record an error at byte `off` (which must be on the current line). */
static int fail_at(scan *sc, size_t off, int code, const char *fmt, ...) SLP_PRINTF(4, 5);
static int fail_at(scan *sc, size_t off, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sc->rc = slp_error_vset(sc->err, code, NULL, (long)sc->line, col_of(sc, off), fmt, ap);
    va_end(ap);
    return -1;
}

static void skip_ws(scan *sc)
{
    while (sc->pos < sc->n) {
        char c = sc->s[sc->pos];
        if (c == '\n') {
            sc->line++;
            sc->line_start = ++sc->pos;
        } else if (c == ' ' || c == '\t' || c == '\r') {
            sc->pos++;
        } else {
            break;
        }
    }
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static int read_hex4(const char *s, size_t n, size_t at, unsigned *out)
{
    unsigned v = 0;
    if (at + 4 > n)
        return -1;
    for (size_t i = 0; i < 4; i++) {
        int h = hexval(s[at + i]);
        if (h < 0)
            return -1;
        v = v * 16u + (unsigned)h;
    }
    *out = v;
    return 0;
}

/* Scan a string starting at the opening quote. Sets *has_esc. */
static int scan_string(scan *sc, int *has_esc)
{
    const unsigned char *u = (const unsigned char *)sc->s;
    size_t start = sc->pos;
    *has_esc = 0;
    sc->pos++;
    for (;;) {
        if (sc->pos >= sc->n)
            return fail_at(sc, start, SALESPLAN_ESYNTAX, "unterminated string");
        unsigned c = u[sc->pos];
        if (c == '"') {
            sc->pos++;
            return 0;
        }
        if (c < 0x20) {
            if (c == '\n')
                return fail_at(sc, start, SALESPLAN_ESYNTAX,
                               "unterminated string (a line break must be written \\n)");
            return fail_at(sc, sc->pos, SALESPLAN_ESYNTAX,
                           "control character in a string (must be escaped)");
        }
        if (c >= 0x80) {
            size_t k = slp_utf8_decode(u + sc->pos, sc->n - sc->pos, NULL);
            if (k == 0) {
                char hex[8];
                static const char digits[] = "0123456789abcdef";
                hex[0] = '0';
                hex[1] = 'x';
                hex[2] = digits[c >> 4];
                hex[3] = digits[c & 15u];
                hex[4] = '\0';
                return fail_at(sc, sc->pos, SALESPLAN_ESYNTAX,
                               "invalid UTF-8 byte %s in a string (the file must be UTF-8)", hex);
            }
            sc->pos += k;
            continue;
        }
        if (c != '\\') {
            sc->pos++;
            continue;
        }
        *has_esc = 1;
        size_t esc = sc->pos;
        if (esc + 1 >= sc->n)
            return fail_at(sc, start, SALESPLAN_ESYNTAX, "unterminated string");
        char e = sc->s[esc + 1];
        if (strchr("\"\\/bfnrt", e) != NULL && e != '\0') {
            sc->pos += 2;
            continue;
        }
        if (e != 'u')
            return fail_at(sc, esc, SALESPLAN_ESYNTAX, "invalid escape sequence in a string");
        unsigned cp;
        if (read_hex4(sc->s, sc->n, esc + 2, &cp) != 0)
            return fail_at(sc, esc, SALESPLAN_ESYNTAX,
                           "invalid \\u escape (needs four hex digits)");
        sc->pos = esc + 6;
        if (cp == 0)
            return fail_at(sc, esc, SALESPLAN_ESYNTAX, "\\u0000 is not allowed in strings");
        if (cp >= 0xDC00 && cp <= 0xDFFF)
            return fail_at(sc, esc, SALESPLAN_ESYNTAX,
                           "lone surrogate \\u%04x in a string (not valid Unicode)", cp);
        if (cp >= 0xD800 && cp <= 0xDBFF) {
            unsigned lo;
            if (sc->pos + 1 < sc->n && sc->s[sc->pos] == '\\' && sc->s[sc->pos + 1] == 'u' &&
                read_hex4(sc->s, sc->n, sc->pos + 2, &lo) == 0 && lo >= 0xDC00 && lo <= 0xDFFF) {
                sc->pos += 6;
                continue;
            }
            return fail_at(sc, esc, SALESPLAN_ESYNTAX,
                           "lone surrogate \\u%04x in a string (not valid Unicode)", cp);
        }
    }
}

/* Append the UTF-8 encoding of code point cp to o[*w..]. */
static void put_utf8(char *o, size_t *w, unsigned cp)
{
    if (cp < 0x80) {
        o[(*w)++] = (char)cp;
    } else if (cp < 0x800) {
        o[(*w)++] = (char)(0xC0u | (cp >> 6));
        o[(*w)++] = (char)(0x80u | (cp & 0x3Fu));
    } else if (cp < 0x10000) {
        o[(*w)++] = (char)(0xE0u | (cp >> 12));
        o[(*w)++] = (char)(0x80u | ((cp >> 6) & 0x3Fu));
        o[(*w)++] = (char)(0x80u | (cp & 0x3Fu));
    } else {
        o[(*w)++] = (char)(0xF0u | (cp >> 18));
        o[(*w)++] = (char)(0x80u | ((cp >> 12) & 0x3Fu));
        o[(*w)++] = (char)(0x80u | ((cp >> 6) & 0x3Fu));
        o[(*w)++] = (char)(0x80u | (cp & 0x3Fu));
    }
}

/* Decode the string body s[a..b) (without quotes; validated by scan_string)
 * into the arena, followed by a NUL. Escapes are never shorter than what they
 * decode to (2 bytes for 1, 6 for up to 3, 12 for 4), so the arena of
 * json_pos_internal.h always has room. */
static void decode_string(slp_jpos *j, size_t a, size_t b, int has_esc, uint32_t *off,
                          uint32_t *len)
{
    char *o = j->arena + j->arena_len;
    size_t w = 0;
    const char *s = j->buf;
    if (!has_esc) {
        memcpy(o, s + a, b - a);
        w = b - a;
    }
    for (size_t i = a; has_esc && i < b;) {
        if (s[i] != '\\') {
            o[w++] = s[i++];
            continue;
        }
        char e = s[i + 1];
        i += 2;
        switch (e) {
        case 'b': o[w++] = '\b'; continue;
        case 'f': o[w++] = '\f'; continue;
        case 'n': o[w++] = '\n'; continue;
        case 'r': o[w++] = '\r'; continue;
        case 't': o[w++] = '\t'; continue;
        case 'u': break;
        default: o[w++] = e; continue;
        }
        unsigned cp = 0, lo = 0;
        read_hex4(s, b, i, &cp);
        i += 4;
        if (cp >= 0xD800 && cp <= 0xDBFF) {
            read_hex4(s, b, i + 2, &lo);
            i += 6;
            cp = 0x10000u + ((cp - 0xD800u) << 10) + (lo - 0xDC00u);
        }
        put_utf8(o, &w, cp);
    }
    o[w] = '\0';
    *off = (uint32_t)j->arena_len;
    *len = (uint32_t)w;
    j->arena_len += w + 1;
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Move *p past the digits of s[*p..n): 1 when there was at least one. */
static int skip_digits(const char *s, size_t n, size_t *p)
{
    size_t q = *p;
    while (q < n && is_digit(s[q]))
        q++;
    int any = q > *p;
    *p = q;
    return any;
}

static int scan_number(scan *sc, double *out)
{
    const char *s = sc->s;
    size_t start = sc->pos, p = sc->pos;
    if (p < sc->n && s[p] == '-')
        p++;
    if (p < sc->n && (s[p] == 'I' || s[p] == 'i'))
        return fail_at(sc, start, SALESPLAN_ESYNTAX,
                       "infinity is not a JSON number (write a finite number)");
    if (p >= sc->n || !is_digit(s[p]))
        return fail_at(sc, start, SALESPLAN_ESYNTAX, "invalid number");
    if (s[p] == '0' && p + 1 < sc->n && is_digit(s[p + 1]))
        return fail_at(sc, start, SALESPLAN_ESYNTAX,
                       "invalid number: leading zeros are not allowed");
    skip_digits(s, sc->n, &p);
    if (p < sc->n && s[p] == '.') {
        p++;
        if (!skip_digits(s, sc->n, &p))
            return fail_at(sc, start, SALESPLAN_ESYNTAX,
                           "invalid number: digits expected after '.'");
    }
    if (p < sc->n && (s[p] == 'e' || s[p] == 'E')) {
        p++;
        if (p < sc->n && (s[p] == '+' || s[p] == '-'))
            p++;
        if (!skip_digits(s, sc->n, &p))
            return fail_at(sc, start, SALESPLAN_ESYNTAX,
                           "invalid number: digits expected in the exponent");
    }
    int r = slp_jpos_read_number(s + start, p - start, out);
    if (r == -2) {
        sc->rc = slp_error_set(sc->err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory");
        return -1;
    }
    if (r == -3)
        return fail_at(sc, start, SALESPLAN_ESYNTAX,
                       "number out of range: too close to 0 for a double (it would read as 0)");
    if (r != 0)
        return fail_at(sc, start, SALESPLAN_ESYNTAX,
                       "number too large: it overflows a double");
    sc->pos = p;
    return 0;
}

static int scan_literal(scan *sc)
{
    static const char *const words[] = {"true", "false", "null"};
    const char *s = sc->s + sc->pos;
    size_t left = sc->n - sc->pos;
    for (size_t i = 0; i < 3; i++) {
        size_t wl = strlen(words[i]);
        if (left >= wl && memcmp(s, words[i], wl) == 0) {
            sc->pos += wl;
            return (int)i;
        }
    }
    if (left >= 3 && (memcmp(s, "NaN", 3) == 0 || memcmp(s, "nan", 3) == 0))
        return fail_at(sc, sc->pos, SALESPLAN_ESYNTAX,
                       "NaN is not a JSON number (write a finite number)");
    if (left >= 1 && (s[0] == 'I' || s[0] == 'i'))
        return fail_at(sc, sc->pos, SALESPLAN_ESYNTAX,
                       "infinity is not a JSON number (write a finite number)");
    if (left >= 1 && s[0] == ']')
        return fail_at(sc, sc->pos, SALESPLAN_ESYNTAX,
                       "a value expected after ',' (JSON allows no trailing comma)");
    return fail_at(sc, sc->pos, SALESPLAN_ESYNTAX,
                   "invalid token: expected a value (string, number, object, array, "
                   "true, false or null)");
}

static int new_node(scan *sc, uint32_t parent, slp_jtype type)
{
    slp_jpos *j = sc->j;
    if (j->count >= SLP_JSON_MAX_VALUES) {
        return fail_at(sc, sc->pos, SALESPLAN_ELIMIT, "more than %u JSON values in one document",
                       SLP_JSON_MAX_VALUES);
    }
    if (slp_grow((void **)&j->nodes, &j->cap, j->count + 1, sizeof *j->nodes) != 0) {
        sc->rc = slp_error_set(sc->err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory");
        return -1;
    }
    jnode *nd = &j->nodes[j->count++];
    memset(nd, 0, sizeof *nd);
    nd->parent = parent;
    nd->type = (unsigned char)type;
    nd->off = (uint32_t)sc->pos;
    nd->line = (uint32_t)sc->line;
    nd->col = (uint32_t)col_of(sc, sc->pos);
    if (parent != UINT32_MAX)
        j->nodes[parent].nkids++;
    return 0;
}

/* The grammar, iteratively: `stack` holds the open containers. */
static int scan_document(scan *sc)
{
    uint32_t stack[SLP_JSON_MAX_DEPTH];
    size_t depth = 0;
    /* pending member key of the next value */
    uint32_t k_off = 0, k_len = 0, k_line = 0, k_col = 0;
    skip_ws(sc);
    if (sc->pos >= sc->n)
        return fail_at(sc, sc->pos, SALESPLAN_ESYNTAX,
                       "empty input: a plan file must contain a JSON object");
    if (sc->n - sc->pos >= 3 && memcmp(sc->s + sc->pos, "\xEF\xBB\xBF", 3) == 0)
        return fail_at(sc, sc->pos, SALESPLAN_ESYNTAX,
                       "a UTF-8 byte order mark is not allowed before the JSON text");
    if (!sc->any && sc->s[sc->pos] != '{' && sc->s[sc->pos] != '[')
        return fail_at(sc, sc->pos, SALESPLAN_ESYNTAX,
                       "a plan file must contain a JSON object ('{' expected)");
    goto value;

value:
    skip_ws(sc);
    if (sc->pos >= sc->n)
        return fail_at(sc, sc->pos, SALESPLAN_ESYNTAX, "unexpected end of input: a value is "
                       "missing");
    {
        uint32_t parent = depth ? stack[depth - 1] : UINT32_MAX;
        int in_obj = depth && sc->j->nodes[parent].type == SLP_JT_OBJECT;
        char c = sc->s[sc->pos];
        slp_jtype t;
        if (c == '{')
            t = SLP_JT_OBJECT;
        else if (c == '[')
            t = SLP_JT_ARRAY;
        else if (c == '"')
            t = SLP_JT_STRING;
        else if (c == '-' || is_digit(c))
            t = SLP_JT_NUMBER;
        else
            t = SLP_JT_NULL; /* refined by scan_literal */
        if (new_node(sc, parent, t) != 0)
            return -1;
        jnode *nd = &sc->j->nodes[sc->j->count - 1];
        uint32_t me = (uint32_t)(sc->j->count - 1);
        if (in_obj) {
            nd->key_off = k_off;
            nd->key_len = k_len;
            nd->key_line = k_line;
            nd->key_col = k_col;
        } else {
            nd->key_line = nd->line;
            nd->key_col = nd->col;
        }
        if (t == SLP_JT_OBJECT || t == SLP_JT_ARRAY) {
            if (depth >= SLP_JSON_MAX_DEPTH) {
                return fail_at(sc, sc->pos, SALESPLAN_ELIMIT,
                               "objects and arrays nested more than %d deep", SLP_JSON_MAX_DEPTH);
            }
            stack[depth++] = me;
            sc->pos++;
            skip_ws(sc);
            char close = t == SLP_JT_OBJECT ? '}' : ']';
            if (sc->pos < sc->n && sc->s[sc->pos] == close) {
                sc->pos++;
                depth--;
                sc->j->nodes[me].end = (uint32_t)sc->pos;
                goto after;
            }
            if (t == SLP_JT_OBJECT)
                goto key;
            goto value;
        }
        int r = 0, has_esc;
        if (t == SLP_JT_STRING) {
            size_t vs = sc->pos;
            r = scan_string(sc, &has_esc);
            if (r == 0) {
                jnode *sn = &sc->j->nodes[me];
                decode_string(sc->j, vs + 1, sc->pos - 1, has_esc, &sn->v.str.off,
                              &sn->v.str.len);
            }
        } else if (t == SLP_JT_NUMBER) {
            double num = 0.0;
            r = scan_number(sc, &num);
            sc->j->nodes[me].v.num = num;
        } else {
            r = scan_literal(sc);
            if (r >= 0)
                sc->j->nodes[me].type = (unsigned char)(r == 0   ? SLP_JT_TRUE
                                                        : r == 1 ? SLP_JT_FALSE
                                                                 : SLP_JT_NULL);
        }
        if (r < 0)
            return -1;
        sc->j->nodes[me].end = (uint32_t)sc->pos;
        goto after;
    }

key:
    skip_ws(sc);
    if (sc->pos >= sc->n)
        return fail_at(sc, sc->pos, SALESPLAN_ESYNTAX,
                       "unexpected end of input inside an object");
    if (sc->s[sc->pos] == '}')
        return fail_at(sc, sc->pos, SALESPLAN_ESYNTAX,
                       "a member name expected after ',' (JSON allows no trailing comma)");
    if (sc->s[sc->pos] != '"')
        return fail_at(sc, sc->pos, SALESPLAN_ESYNTAX,
                       "a member name in double quotes expected");
    {
        size_t ks = sc->pos;
        int has_esc;
        k_line = (uint32_t)sc->line;
        k_col = (uint32_t)col_of(sc, ks);
        if (scan_string(sc, &has_esc) != 0)
            return -1;
        decode_string(sc->j, ks + 1, sc->pos - 1, has_esc, &k_off, &k_len);
        skip_ws(sc);
        if (sc->pos >= sc->n || sc->s[sc->pos] != ':')
            return fail_at(sc, sc->pos, SALESPLAN_ESYNTAX, "':' expected after a member name");
        sc->pos++;
        goto value;
    }

after:
    skip_ws(sc);
    if (depth == 0) {
        if (sc->pos < sc->n)
            return fail_at(sc, sc->pos, SALESPLAN_ESYNTAX,
                           "unexpected text after the end of the JSON document");
        return 0;
    }
    {
        uint32_t top = stack[depth - 1];
        int obj = sc->j->nodes[top].type == SLP_JT_OBJECT;
        char close = obj ? '}' : ']';
        if (sc->pos >= sc->n)
            return fail_at(sc, sc->pos, SALESPLAN_ESYNTAX,
                           obj ? "unexpected end of input: '}' missing"
                               : "unexpected end of input: ']' missing");
        char c = sc->s[sc->pos];
        if (c == ',') {
            sc->pos++;
            if (obj)
                goto key;
            goto value;
        }
        if (c == close) {
            sc->pos++;
            sc->j->nodes[top].end = (uint32_t)sc->pos;
            depth--;
            goto after;
        }
        return fail_at(sc, sc->pos, SALESPLAN_ESYNTAX,
                       obj ? "',' or '}' expected" : "',' or ']' expected");
    }
}

static int build_kids(slp_jpos *j)
{
    size_t n = j->count;
    j->kids = slp_calloc(n ? n : 1, sizeof *j->kids);
    uint32_t *fill = slp_calloc(n ? n : 1, sizeof *fill);
    if (j->kids == NULL || fill == NULL) {
        slp_free(fill);
        return -1;
    }
    uint32_t at = 0;
    for (size_t i = 0; i < n; i++) {
        j->nodes[i].kids_start = at;
        at += j->nodes[i].nkids;
    }
    for (size_t i = 1; i < n; i++) {
        uint32_t p = j->nodes[i].parent;
        j->kids[j->nodes[p].kids_start + fill[p]++] = (uint32_t)i;
    }
    slp_free(fill);
    return 0;
}

static int scan_text(slp_jpos **out, const char *buf, size_t len, int any,
                     salesplan_error *err)
{
    *out = NULL;
    if (buf == NULL && len > 0)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0, "no input buffer");
    if (len > SLP_JSON_MAX_BYTES)
        return slp_error_set(err, SALESPLAN_ELIMIT, NULL, 0, 0,
                             "input of %zu bytes is larger than the limit of %zu bytes (16 MiB)",
                             len, SLP_JSON_MAX_BYTES);
    slp_jpos *j = slp_calloc(1, sizeof *j);
    if (j == NULL || (j->arena = slp_malloc(len + 1)) == NULL) {
        slp_free(j);
        return slp_error_set(err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory");
    }
    j->buf = buf ? buf : "";
    j->len = len;
    scan sc = {j, j->buf, len, 0, 1, 0, err, SALESPLAN_OK, any};
    if (scan_document(&sc) != 0) {
        slp_jpos_free(j);
        return sc.rc;
    }
    if (build_kids(j) != 0) {
        slp_jpos_free(j);
        return slp_error_set(err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory");
    }
    int rc = slp_jpos_check_duplicates(j, err);
    if (rc != SALESPLAN_OK) {
        slp_jpos_free(j);
        return rc;
    }
    *out = j;
    return SALESPLAN_OK;
}

int slp_jpos_scan(slp_jpos **out, const char *buf, size_t len, salesplan_error *err)
{
    return scan_text(out, buf, len, 0, err);
}

int slp_jpos_scan_value(slp_jpos **out, const char *buf, size_t len, salesplan_error *err)
{
    return scan_text(out, buf, len, 1, err);
}

void slp_jpos_free(slp_jpos *j)
{
    if (j == NULL)
        return;
    SLP_FREE_ALL(j->nodes, j->kids, j->arena, j);
}
