/* salesplan_json_call(): one JSON request in, one JSON reply out, for hosts
 * that talk to the library through a foreign-function interface.
 *
 * Each operation is a row of `ops`: its name, the request keys it accepts
 * besides "op", and a handler that appends its reply to a text buffer or
 * fails with a status and a filled salesplan_error (which becomes the
 * {"error": {...}} reply). Adding "estimate" or "simulate" is one handler and
 * one row.
 *
 * The request is read with the library's own scanner (json_pos.h): it checks
 * the grammar and the limits, reports an honest "out of memory", and gives
 * each value's exact source text: an embedded plan object is handed to the
 * plan reader as the caller wrote it, so its line and column can be reported
 * in the request's own coordinates. */
#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/alloc.h"
#include "common/error.h"
#include "json/json_pos.h"
#include "json/json_write.h"
#include "salesplan.h"
#include "common/strbuf.h"

/* Largest request: the limit of every JSON input of the library (16 MiB). */
#define SLP_CALL_MAX_REQUEST SLP_JSON_MAX_BYTES

typedef struct request {
    const char *buf; /* the caller's text */
    size_t len;
    slp_jpos *jp;    /* its scan; node 0 is the root object */
} request;

typedef int (*op_fn)(const request *rq, slp_strbuf *out, salesplan_error *err);

static int op_plan(const request *rq, slp_strbuf *out, salesplan_error *err);
static int op_validate(const request *rq, slp_strbuf *out, salesplan_error *err);
static int op_example(const request *rq, slp_strbuf *out, salesplan_error *err);
static int op_version(const request *rq, slp_strbuf *out, salesplan_error *err);

static const char *const plan_keys[] = {"plan", "confidence", "mode", "format", NULL};
static const char *const validate_keys[] = {"plan", NULL};
static const char *const no_keys[] = {NULL};

static const struct op {
    const char *name;
    op_fn run;
    const char *const *keys; /* accepted besides "op" */
} ops[] = {
    {"plan", op_plan, plan_keys},
    {"validate", op_validate, validate_keys},
    {"example", op_example, no_keys},
    {"version", op_version, no_keys},
};

#define NOPS (sizeof ops / sizeof ops[0])

/* ---- reading the request ------------------------------------------------------ */

/* Member `key` of the request, or SLP_JPOS_NONE when absent or null. */
static size_t member(const request *rq, const char *key)
{
    size_t n = slp_jpos_member(rq->jp, 0, key, strlen(key));
    if (n != SLP_JPOS_NONE && slp_jpos_type(rq->jp, n) == SLP_JT_NULL)
        return SLP_JPOS_NONE;
    return n;
}

static const char *type_name(slp_jtype t)
{
    switch (t) {
    case SLP_JT_OBJECT: return "an object";
    case SLP_JT_ARRAY: return "an array";
    case SLP_JT_STRING: return "a string";
    case SLP_JT_NUMBER: return "a number";
    case SLP_JT_NULL: return "null";
    default: return "a boolean";
    }
}

static unsigned hex4(const char *s)
{
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        char c = s[i];
        v = v * 16u + (unsigned)(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
    }
    return v;
}

static void put_utf8(slp_strbuf *sb, unsigned long cp)
{
    char u[4];
    size_t n;
    if (cp < 0x80) {
        u[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        u[0] = (char)(0xC0 | (cp >> 6));
        u[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        u[0] = (char)(0xE0 | (cp >> 12));
        u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        u[0] = (char)(0xF0 | (cp >> 18));
        u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    slp_sb_append(sb, u, n);
}

/* Decode string node `n` (already checked by the scanner: valid escapes,
 * paired surrogates, valid UTF-8, no NUL) into `out`. */
static void string_value(const request *rq, size_t n, slp_strbuf *out)
{
    size_t len = 0;
    const char *s = slp_jpos_raw(rq->jp, n, &len);
    slp_sb_append(out, "", 0); /* "" rather than NULL for an empty string */
    if (s == NULL || len < 2)
        return;
    const char *end = s + len - 1; /* the closing quote */
    for (const char *p = s + 1; p < end;) {
        const char *run = p;
        while (p < end && *p != '\\')
            p++;
        slp_sb_append(out, run, (size_t)(p - run));
        if (p >= end)
            break;
        char e = p[1];
        p += 2;
        switch (e) {
        case 'b': slp_sb_putc(out, '\b'); break;
        case 'f': slp_sb_putc(out, '\f'); break;
        case 'n': slp_sb_putc(out, '\n'); break;
        case 'r': slp_sb_putc(out, '\r'); break;
        case 't': slp_sb_putc(out, '\t'); break;
        case 'u': {
            unsigned long cp = end - p >= 4 ? hex4(p) : 0xFFFDu;
            p += end - p >= 4 ? 4 : end - p;
            if (cp >= 0xD800 && cp < 0xDC00 && end - p >= 6 && p[0] == '\\' && p[1] == 'u') {
                unsigned lo = hex4(p + 2);
                if (lo >= 0xDC00 && lo < 0xE000) {
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                    p += 6;
                }
            }
            if (cp >= 0xD800 && cp < 0xE000)
                cp = 0xFFFD; /* a lone surrogate (the scanner refuses them anyway) */
            put_utf8(out, cp);
            break;
        }
        default: slp_sb_putc(out, e); /* \" \\ \/ */
        }
    }
}

/* The string member `key`, decoded: 1 and `out` filled when it is a string,
 * 0 when absent or null, -1 (with `err`) when it has another type. */
static int string_member(const request *rq, const char *key, slp_strbuf *out,
                         salesplan_error *err)
{
    size_t n = member(rq, key);
    if (n == SLP_JPOS_NONE)
        return 0;
    if (slp_jpos_type(rq->jp, n) != SLP_JT_STRING) {
        slp_error_set(err, SALESPLAN_EINVAL, key, 0, 0, "must be a string, found %s",
                      type_name(slp_jpos_type(rq->jp, n)));
        return -1;
    }
    string_value(rq, n, out);
    return 1;
}

/* A JSON number token to a double, whatever LC_NUMERIC the host has set. */
static int number_value(const request *rq, size_t n, double *v)
{
    size_t len = 0;
    const char *s = slp_jpos_raw(rq->jp, n, &len);
    char tmp[400];
    if (s == NULL || len == 0 || len >= sizeof tmp)
        return -1;
    memcpy(tmp, s, len);
    tmp[len] = '\0';
    char *end = NULL;
    errno = 0;
    *v = strtod(tmp, &end);
    if (end != tmp + len && *end == '.') {
        const char *dp = localeconv()->decimal_point;
        if (dp && dp[0] && dp[1] == '\0') {
            *end = dp[0];
            *v = strtod(tmp, &end);
        }
    }
    return end == tmp + len ? 0 : -1;
}

/* Where the plan is and what it is. */
typedef struct plan_src {
    slp_strbuf text;   /* a decoded string plan */
    const char *buf;   /* the plan's JSON text */
    size_t len;
    long line, column; /* where an object plan starts in the request; 0 for a string */
} plan_src;

static int plan_source(const request *rq, plan_src *ps, salesplan_error *err)
{
    size_t n = member(rq, "plan");
    if (n == SLP_JPOS_NONE)
        return slp_error_set(err, SALESPLAN_EINVAL, "plan", 0, 0,
                             "missing: give the plan as an object or as a string of JSON text");
    slp_jtype t = slp_jpos_type(rq->jp, n);
    if (t == SLP_JT_STRING) {
        string_value(rq, n, &ps->text);
        if (ps->text.failed)
            return slp_error_set(err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory");
        ps->buf = ps->text.data;
        ps->len = ps->text.len;
        return SALESPLAN_OK;
    }
    if (t != SLP_JT_OBJECT)
        return slp_error_set(err, SALESPLAN_EINVAL, "plan", 0, 0,
                             "must be an object or a string of JSON text, found %s",
                             type_name(t));
    ps->buf = slp_jpos_raw(rq->jp, n, &ps->len);
    slp_jpos_where(rq->jp, n, &ps->line, &ps->column);
    return SALESPLAN_OK;
}

/* A position in an object plan's text, moved into the request's coordinates. */
static void shift_position(const plan_src *ps, long *line, long *column)
{
    if (ps->line <= 0 || *line <= 0)
        return;
    if (*line == 1)
        *column += ps->column - 1;
    *line += ps->line - 1;
}

/* "mode" and "confidence" into compute options. */
static int compute_options(const request *rq, salesplan_compute_options *opts,
                           salesplan_error *err)
{
    salesplan_compute_options_init(opts, SALESPLAN_COMPUTE_OPTIONS_VERSION);
    size_t q = member(rq, "confidence");
    if (q != SLP_JPOS_NONE) {
        double v = 0.0;
        if (slp_jpos_type(rq->jp, q) != SLP_JT_NUMBER || number_value(rq, q, &v) != 0)
            return slp_error_set(err, SALESPLAN_EINVAL, "confidence", 0, 0,
                                 "must be a number in (0, 1), found %s",
                                 type_name(slp_jpos_type(rq->jp, q)));
        if (!(v > 0.0 && v < 1.0))
            return slp_error_set(err, SALESPLAN_EINVAL, "confidence", 0, 0,
                                 "must be in (0, 1), found %.17g", v);
        opts->mode = SALESPLAN_MODE_CONFIDENCE;
        opts->confidence = v;
    }
    slp_strbuf mode = SLP_STRBUF_INIT;
    int has = string_member(rq, "mode", &mode, err);
    int rc = SALESPLAN_OK;
    if (has < 0) {
        rc = SALESPLAN_EINVAL;
    } else if (has > 0 && mode.failed) {
        rc = slp_error_set(err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory");
    } else if (has > 0 && strcmp(mode.data, "expected") == 0) {
        if (q != SLP_JPOS_NONE)
            rc = slp_error_set(err, SALESPLAN_EINVAL, "mode", 0, 0,
                               "\"expected\" cannot be combined with a confidence");
        opts->mode = SALESPLAN_MODE_EXPECTED;
    } else if (has > 0 && strcmp(mode.data, "confidence") == 0) {
        opts->mode = SALESPLAN_MODE_CONFIDENCE;
    } else if (has > 0) {
        rc = slp_error_set(err, SALESPLAN_EINVAL, "mode", 0, 0,
                           "must be \"expected\" or \"confidence\"");
    }
    slp_sb_release(&mode);
    return rc;
}

static int output_format(const request *rq, salesplan_format *fmt, const char **name,
                         salesplan_error *err)
{
    static const struct {
        const char *name, *canonical;
        salesplan_format fmt;
    } names[] = {{"json", "json", SALESPLAN_FORMAT_JSON},
                 {"markdown", "markdown", SALESPLAN_FORMAT_MARKDOWN},
                 {"md", "markdown", SALESPLAN_FORMAT_MARKDOWN},
                 {"csv", "csv", SALESPLAN_FORMAT_CSV},
                 {"svg", "svg", SALESPLAN_FORMAT_SVG}};
    *fmt = SALESPLAN_FORMAT_JSON;
    *name = "json";
    slp_strbuf f = SLP_STRBUF_INIT;
    int has = string_member(rq, "format", &f, err);
    int rc = has < 0 ? SALESPLAN_EINVAL : SALESPLAN_OK;
    if (has > 0 && f.failed)
        rc = slp_error_set(err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory");
    else if (has > 0) {
        rc = slp_error_set(err, SALESPLAN_EINVAL, "format", 0, 0,
                           "must be \"json\", \"markdown\" or \"csv\"");
        for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
            if (strcmp(f.data, names[i].name) == 0) {
                *fmt = names[i].fmt;
                *name = names[i].canonical;
                slp_error_clear(err);
                rc = SALESPLAN_OK;
            }
    }
    slp_sb_release(&f);
    return rc;
}

/* ---- operations ------------------------------------------------------------- */

static int op_plan(const request *rq, slp_strbuf *out, salesplan_error *err)
{
    salesplan_compute_options opts;
    salesplan_format fmt;
    const char *fmt_name;
    int rc = compute_options(rq, &opts, err);
    if (rc == SALESPLAN_OK)
        rc = output_format(rq, &fmt, &fmt_name, err);
    if (rc != SALESPLAN_OK)
        return rc;
    plan_src ps = {SLP_STRBUF_INIT, NULL, 0, 0, 0};
    salesplan_plan *plan = NULL;
    rc = plan_source(rq, &ps, err);
    if (rc == SALESPLAN_OK) {
        rc = salesplan_plan_load_buffer(&plan, ps.buf, ps.len, err);
        if (rc != SALESPLAN_OK && err)
            shift_position(&ps, &err->line, &err->column);
    }
    slp_sb_release(&ps.text);
    if (rc != SALESPLAN_OK)
        return rc;
    salesplan_result *res = NULL;
    rc = salesplan_compute(&res, plan, &opts, err);
    salesplan_plan_free(plan);
    if (rc != SALESPLAN_OK)
        return rc;
    char *text = NULL;
    size_t len = 0;
    rc = salesplan_result_render(res, fmt, &text, &len, err);
    salesplan_result_free(res);
    if (rc != SALESPLAN_OK)
        return rc;
    if (fmt == SALESPLAN_FORMAT_JSON) {
        slp_sb_append(out, text, len);
    } else {
        slp_jw w;
        slp_jw_init(&w, out);
        slp_jw_object(&w, SLP_JW_INLINE);
        slp_jw_kstring(&w, "format", fmt_name);
        slp_jw_ktext(&w, "text", text);
        slp_jw_end(&w);
        slp_sb_putc(out, '\n');
    }
    salesplan_free(text);
    return SALESPLAN_OK;
}

/* {"code": ..., "status": ..., "message": ..., "path": ..., "line": ..., "column": ...} */
static void error_fields(slp_jw *w, const salesplan_error *e)
{
    slp_jw_object(w, SLP_JW_INLINE);
    slp_jw_kint(w, "code", e->code);
    slp_jw_kstring(w, "status", salesplan_strerror(e->code));
    slp_jw_ktext(w, "message", e->message[0] ? e->message : salesplan_strerror(e->code));
    slp_jw_ktext(w, "path", e->path);
    slp_jw_kint(w, "line", e->line);
    slp_jw_kint(w, "column", e->column);
    slp_jw_end(w);
}

static int op_validate(const request *rq, slp_strbuf *out, salesplan_error *err)
{
    plan_src ps = {SLP_STRBUF_INIT, NULL, 0, 0, 0};
    int rc = plan_source(rq, &ps, err);
    if (rc != SALESPLAN_OK) {
        slp_sb_release(&ps.text);
        return rc;
    }
    salesplan_diagnostics *d = NULL;
    rc = salesplan_plan_validate_buffer(&d, ps.buf, ps.len);
    if (d == NULL) {
        slp_sb_release(&ps.text);
        return slp_error_set(err, rc == SALESPLAN_OK ? SALESPLAN_EINTERNAL : rc, NULL, 0, 0,
                             "validation gave no list of problems: %s", salesplan_strerror(rc));
    }
    size_t n = salesplan_diagnostics_count(d);
    slp_jw w;
    slp_jw_init(&w, out);
    slp_jw_object(&w, SLP_JW_INLINE);
    slp_jw_kbool(&w, "valid", rc == SALESPLAN_OK);
    slp_jw_key(&w, "problems");
    slp_jw_array(&w, SLP_JW_PRETTY); /* one problem a line */
    for (size_t i = 0; i < n; i++) {
        salesplan_error e = *salesplan_diagnostics_get(d, i);
        shift_position(&ps, &e.line, &e.column);
        error_fields(&w, &e);
    }
    slp_jw_end(&w);
    slp_jw_end(&w);
    slp_sb_putc(out, '\n');
    salesplan_diagnostics_free(d);
    slp_sb_release(&ps.text);
    return SALESPLAN_OK;
}

static int op_example(const request *rq, slp_strbuf *out, salesplan_error *err)
{
    (void)rq;
    (void)err;
    slp_sb_puts(out, salesplan_example_json());
    return SALESPLAN_OK;
}

static int op_version(const request *rq, slp_strbuf *out, salesplan_error *err)
{
    (void)rq;
    (void)err;
    slp_jw w;
    slp_jw_init(&w, out);
    slp_jw_object(&w, SLP_JW_INLINE);
    slp_jw_kstring(&w, "version", salesplan_version());
    slp_jw_kint(&w, "version_number", salesplan_version_number());
    slp_jw_kint(&w, "plan_format", 1);
    slp_jw_kint(&w, "result_format", 1);
    slp_jw_key(&w, "ops");
    slp_jw_array(&w, SLP_JW_INLINE);
    for (size_t i = 0; i < NOPS; i++)
        slp_jw_string(&w, ops[i].name);
    slp_jw_end(&w);
    slp_jw_end(&w);
    slp_sb_putc(out, '\n');
    return SALESPLAN_OK;
}

/* ---- the call ---------------------------------------------------------------- */

static int parse_request(request *rq, salesplan_error *err)
{
    if (rq->buf == NULL)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0, "no request (NULL)");
    if (rq->len > SLP_CALL_MAX_REQUEST)
        return slp_error_set(err, SALESPLAN_ELIMIT, NULL, 0, 0,
                             "request of %zu bytes is larger than the limit of %zu bytes",
                             rq->len, SLP_CALL_MAX_REQUEST);
    int rc = slp_jpos_scan(&rq->jp, rq->buf, rq->len, err);
    if (rc == SALESPLAN_ESYNTAX) {
        /* The scanner reads documents (object or array) and words a bare scalar
         * as a plan-file problem: a request that is valid JSON but a scalar is
         * the caller's mistake, not a syntax error. */
        slp_jpos *any = NULL;
        if (slp_jpos_scan_value(&any, rq->buf, rq->len, NULL) == SALESPLAN_OK) {
            slp_jpos_free(any);
            return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0,
                                 "the request must be a JSON object such as "
                                 "{\"op\": \"version\"}, found a JSON scalar");
        }
    }
    if (rc != SALESPLAN_OK) {
        if (rc == SALESPLAN_ESYNTAX && err) {
            char msg[SALESPLAN_ERROR_MESSAGE_SIZE];
            snprintf(msg, sizeof msg, "request is not valid JSON: %.200s", err->message);
            memcpy(err->message, msg, sizeof msg);
        }
        return rc;
    }
    if (slp_jpos_type(rq->jp, 0) != SLP_JT_OBJECT)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0,
                             "the request must be a JSON object such as {\"op\": \"version\"}, "
                             "found %s",
                             type_name(slp_jpos_type(rq->jp, 0)));
    return SALESPLAN_OK;
}

static int dispatch(const request *rq, slp_strbuf *out, salesplan_error *err)
{
    slp_strbuf name = SLP_STRBUF_INIT;
    int has = string_member(rq, "op", &name, err);
    const struct op *op = NULL;
    for (size_t i = 0; has > 0 && !name.failed && i < NOPS; i++)
        if (strcmp(ops[i].name, name.data) == 0)
            op = &ops[i];
    int rc = SALESPLAN_OK;
    if (has > 0 && name.failed)
        rc = slp_error_set(err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory");
    else if (has < 0 || has == 0)
        rc = slp_error_set(err, SALESPLAN_EINVAL, "op", 0, 0,
                           "%s: one of plan, validate, example, version",
                           has == 0 ? "missing" : "not a string");
    else if (op == NULL)
        rc = slp_error_set(err, SALESPLAN_EINVAL, "op", 0, 0,
                           "unknown operation \"%.64s\": one of plan, validate, example, version",
                           name.data);
    slp_sb_release(&name);
    if (rc != SALESPLAN_OK)
        return rc;
    /* Every key must be known to the operation, and appear once. */
    size_t nkeys = slp_jpos_nkids(rq->jp, 0);
    unsigned seen = 0;
    for (size_t i = 0; i < nkeys; i++) {
        size_t klen = 0;
        const char *key = slp_jpos_key(rq->jp, slp_jpos_kid(rq->jp, 0, i), &klen);
        unsigned bit = 0;
        if (key != NULL && klen == 2 && memcmp(key, "op", 2) == 0)
            bit = 1u;
        for (size_t k = 0; bit == 0 && key != NULL && op->keys[k]; k++)
            if (strlen(op->keys[k]) == klen && memcmp(key, op->keys[k], klen) == 0)
                bit = 2u << k;
        char shown[SALESPLAN_ERROR_PATH_SIZE];
        snprintf(shown, sizeof shown, "%.*s", (int)(klen < 100 ? klen : 100), key ? key : "");
        if (bit == 0)
            return slp_error_set(err, SALESPLAN_EINVAL, shown, 0, 0,
                                 "unknown key for operation \"%s\"", op->name);
        if (seen & bit) {
            long line = 0, col = 0;
            slp_jpos_key_where(rq->jp, slp_jpos_kid(rq->jp, 0, i), &line, &col);
            return slp_error_set(err, SALESPLAN_ESYNTAX, shown, line, col,
                                 "duplicate key: a key may appear only once in an object");
        }
        seen |= bit;
    }
    return op->run(rq, out, err);
}

char *salesplan_json_call(const char *request_text, size_t len)
{
    salesplan_error err;
    slp_error_clear(&err);
    slp_strbuf out = SLP_STRBUF_INIT;
    request rq = {request_text, len, NULL};
    int rc = parse_request(&rq, &err);
    if (rc == SALESPLAN_OK)
        rc = dispatch(&rq, &out, &err);
    slp_jpos_free(rq.jp);
    if (rc == SALESPLAN_OK && out.failed)
        rc = slp_error_set(&err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory");
    if (rc != SALESPLAN_OK) {
        if (err.message[0] == '\0') /* a code without details */
            slp_error_set(&err, rc, NULL, 0, 0, "%s", salesplan_strerror(rc));
        err.code = rc;
        slp_sb_release(&out);
        out.failed = 0;
        slp_jw w;
        slp_jw_init(&w, &out);
        slp_jw_object(&w, SLP_JW_INLINE);
        slp_jw_key(&w, "error");
        error_fields(&w, &err);
        slp_jw_end(&w);
        slp_sb_putc(&out, '\n');
    }
    char *reply = NULL;
    if (slp_sb_finish(&out, &reply, NULL) != SALESPLAN_OK)
        return NULL;
    return reply;
}
