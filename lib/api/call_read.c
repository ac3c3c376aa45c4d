/* Reading the keys of a salesplan_json_call() request (lib/api/call.h). The
 * scanner has already decoded strings and numbers without the locale; these
 * helpers add the types, ranges and messages of the protocol. */
#include <stdio.h>
#include <string.h>

#include "api/call.h"
#include "common/error.h"
#include "json/json_write.h"

size_t slp_call_member(const slp_call *rq, size_t obj, const char *key)
{
    size_t n = slp_jpos_member(rq->jp, obj, key, strlen(key));
    if (n != SLP_JPOS_NONE && slp_jpos_type(rq->jp, n) == SLP_JT_NULL)
        return SLP_JPOS_NONE;
    return n;
}

int slp_call_key_string(const slp_call *rq, const char *key, const char **out,
                        salesplan_error *err)
{
    return slp_call_string(rq, slp_call_member(rq, 0, key), key, out, err);
}

int slp_call_key_count(const slp_call *rq, const char *key, unsigned long long max,
                       unsigned long long *out, salesplan_error *err)
{
    return slp_call_count(rq, slp_call_member(rq, 0, key), key, max, out, err);
}

int slp_call_trials(const slp_call *rq, unsigned long long *trials, unsigned long long *seed,
                    unsigned *threads, salesplan_error *err)
{
    unsigned long long t = *threads;
    int rc = slp_call_key_count(rq, "trials", ~0ULL, trials, err);
    if (rc == SALESPLAN_OK)
        rc = slp_call_key_count(rq, "seed", ~0ULL, seed, err);
    if (rc == SALESPLAN_OK)
        rc = slp_call_key_count(rq, "threads", ~0u, &t, err);
    *threads = (unsigned)t;
    return rc;
}

const char *slp_call_type_name(slp_jtype t)
{
    static const char *const names[] = {
        [SLP_JT_OBJECT] = "an object", [SLP_JT_ARRAY] = "an array",  [SLP_JT_STRING] = "a string",
        [SLP_JT_NUMBER] = "a number",  [SLP_JT_TRUE] = "a boolean", [SLP_JT_FALSE] = "a boolean",
        [SLP_JT_NULL] = "null"};
    return (size_t)t < sizeof names / sizeof names[0] ? names[t] : "a boolean";
}

int slp_call_string(const slp_call *rq, size_t n, const char *path, const char **out,
                    salesplan_error *err)
{
    if (n == SLP_JPOS_NONE)
        return SALESPLAN_OK;
    size_t len = 0;
    const char *s = slp_jpos_string(rq->jp, n, &len);
    if (s == NULL)
        return slp_error_set(err, SALESPLAN_EINVAL, path, 0, 0, "must be a string, found %s",
                             slp_call_type_name(slp_jpos_type(rq->jp, n)));
    *out = s;
    return SALESPLAN_OK;
}

int slp_call_bool(const slp_call *rq, size_t n, const char *path, int *out,
                  salesplan_error *err)
{
    if (n == SLP_JPOS_NONE)
        return SALESPLAN_OK;
    if (slp_jpos_bool(rq->jp, n, out) != 0)
        return slp_error_set(err, SALESPLAN_EINVAL, path, 0, 0,
                             "must be true or false, found %s",
                             slp_call_type_name(slp_jpos_type(rq->jp, n)));
    return SALESPLAN_OK;
}

int slp_call_count(const slp_call *rq, size_t n, const char *path, unsigned long long max,
                   unsigned long long *out, salesplan_error *err)
{
    if (n == SLP_JPOS_NONE)
        return SALESPLAN_OK;
    size_t len = 0;
    const char *s = slp_jpos_type(rq->jp, n) == SLP_JT_NUMBER ? slp_jpos_raw(rq->jp, n, &len)
                                                               : NULL;
    unsigned long long v = 0;
    int ok = s != NULL && len > 0;
    for (size_t i = 0; ok && i < len; i++) {
        unsigned d = (unsigned)(s[i] - '0');
        if (d > 9 || d > max || v > (max - d) / 10) /* not a digit, or past max */
            ok = 0;
        else
            v = v * 10 + d;
    }
    if (!ok)
        return slp_error_set(err, SALESPLAN_EINVAL, path, 0, 0,
                             "must be a whole number from 0 to %llu, found %s%.*s", max,
                             s ? "" : slp_call_type_name(slp_jpos_type(rq->jp, n)),
                             s ? (int)(len < 40 ? len : 40) : 0, s ? s : "");
    *out = v;
    return SALESPLAN_OK;
}

static const struct {
    const char *name, *canonical;
    salesplan_format fmt;
} format_names[] = {{"json", "json", SALESPLAN_FORMAT_JSON},
                    {"markdown", "markdown", SALESPLAN_FORMAT_MARKDOWN},
                    {"md", "markdown", SALESPLAN_FORMAT_MARKDOWN},
                    {"csv", "csv", SALESPLAN_FORMAT_CSV},
                    {"svg", "svg", SALESPLAN_FORMAT_SVG}};
#define NFORMATS (sizeof format_names / sizeof format_names[0])

int slp_call_format(const slp_call *rq, unsigned allowed, salesplan_format *fmt,
                    const char **name, salesplan_error *err)
{
    *fmt = SALESPLAN_FORMAT_JSON;
    *name = "json";
    const char *f = NULL;
    int rc = slp_call_key_string(rq, "format", &f, err);
    if (rc != SALESPLAN_OK || f == NULL)
        return rc;
    for (size_t i = 0; i < NFORMATS; i++)
        if ((allowed & SLP_CALL_FMT(format_names[i].fmt)) && strcmp(f, format_names[i].name) == 0) {
            *fmt = format_names[i].fmt;
            *name = format_names[i].canonical;
            return SALESPLAN_OK;
        }
    char list[96] = "";
    size_t at = 0;
    for (size_t i = 0; i < NFORMATS; i++)
        if (allowed & SLP_CALL_FMT(format_names[i].fmt)) {
            int k = snprintf(list + at, sizeof list - at, "%s\"%s\"", at ? ", " : "",
                             format_names[i].name);
            at += k > 0 && (size_t)k < sizeof list - at ? (size_t)k : 0;
        }
    return slp_error_set(err, SALESPLAN_EINVAL, "format", 0, 0, "must be one of %s, found \"%.40s\"",
                         list, f);
}

void slp_call_reply(slp_strbuf *out, salesplan_format fmt, const char *name, const char *text,
                    size_t len)
{
    if (fmt == SALESPLAN_FORMAT_JSON) {
        slp_sb_append(out, text, len);
        return;
    }
    slp_jw w;
    slp_jw_init(&w, out);
    slp_jw_object(&w, SLP_JW_INLINE);
    slp_jw_kstring(&w, "format", name);
    slp_jw_ktext(&w, "text", text);
    slp_jw_end(&w);
    slp_sb_putc(out, '\n');
}

int slp_call_reply_rendered(slp_strbuf *out, int rc, salesplan_format fmt, const char *name,
                            char *text, size_t len)
{
    if (rc == SALESPLAN_OK)
        slp_call_reply(out, fmt, name, text, len);
    salesplan_free(text);
    return rc;
}

int slp_call_text_source(const slp_call *rq, const char *key, slp_call_plan_src *ps,
                         salesplan_error *err)
{
    memset(ps, 0, sizeof *ps);
    size_t n = slp_call_member(rq, 0, key);
    if (n == SLP_JPOS_NONE)
        return slp_error_set(err, SALESPLAN_EINVAL, key, 0, 0,
                             "missing: give the %s as an object or as a string of JSON text",
                             key);
    slp_jtype t = slp_jpos_type(rq->jp, n);
    if (t == SLP_JT_STRING) {
        ps->buf = slp_jpos_string(rq->jp, n, &ps->len);
        return SALESPLAN_OK;
    }
    if (t != SLP_JT_OBJECT)
        return slp_error_set(err, SALESPLAN_EINVAL, key, 0, 0,
                             "must be an object or a string of JSON text, found %s",
                             slp_call_type_name(t));
    ps->buf = slp_jpos_raw(rq->jp, n, &ps->len);
    slp_jpos_where(rq->jp, n, &ps->line, &ps->column);
    return SALESPLAN_OK;
}

int slp_call_plan_source(const slp_call *rq, slp_call_plan_src *ps, salesplan_error *err)
{
    return slp_call_text_source(rq, "plan", ps, err);
}

void slp_call_shift(const slp_call_plan_src *ps, long *line, long *column)
{
    if (ps->line <= 0 || *line <= 0)
        return;
    if (*line == 1)
        *column += ps->column - 1;
    *line += ps->line - 1;
}

int slp_call_load_plan(const slp_call *rq, salesplan_plan **out, salesplan_error *err)
{
    slp_call_plan_src ps;
    int rc = slp_call_plan_source(rq, &ps, err);
    if (rc != SALESPLAN_OK)
        return rc;
    rc = salesplan_plan_load_buffer(out, ps.buf, ps.len, err);
    if (rc != SALESPLAN_OK && err)
        slp_call_shift(&ps, &err->line, &err->column);
    return rc;
}

int slp_call_format_and_plan(const slp_call *rq, unsigned allowed, salesplan_format *fmt,
                             const char **name, salesplan_plan **plan, salesplan_error *err)
{
    int rc = slp_call_format(rq, allowed, fmt, name, err);
    if (rc == SALESPLAN_OK)
        rc = slp_call_load_plan(rq, plan, err);
    return rc;
}

int slp_call_choice(const slp_call *rq, size_t n, const char *path, const char *const *choices,
                    int *index, salesplan_error *err)
{
    const char *s = NULL;
    int rc = slp_call_string(rq, n, path, &s, err);
    if (rc != SALESPLAN_OK || s == NULL)
        return rc;
    int count = 0;
    for (; choices[count]; count++)
        if (strcmp(s, choices[count]) == 0) {
            *index = count;
            return SALESPLAN_OK;
        }
    char list[96] = "";
    size_t at = 0;
    for (int i = 0; i < count; i++) { /* "a" or "b" / one of a, b, c */
        const char *sep = count == 2 ? (i ? " or " : "") : (i ? ", " : "one of ");
        const char *q = count == 2 ? "\"" : "";
        int k = snprintf(list + at, sizeof list - at, "%s%s%s%s", sep, q, choices[i], q);
        at += k > 0 && (size_t)k < sizeof list - at ? (size_t)k : 0;
    }
    return slp_error_set(err, SALESPLAN_EINVAL, path, 0, 0, "must be %s%s found \"%.40s\"", list,
                         count == 2 ? "," : ";", s);
}

int slp_call_options(const slp_call *rq, const char *const *keys, const char *unknown,
                     size_t *obj, salesplan_error *err)
{
    size_t o = *obj = slp_call_member(rq, 0, "options");
    if (o == SLP_JPOS_NONE)
        return SALESPLAN_OK;
    if (slp_jpos_type(rq->jp, o) != SLP_JT_OBJECT)
        return slp_error_set(err, SALESPLAN_EINVAL, "options", 0, 0, "must be an object, found %s",
                             slp_call_type_name(slp_jpos_type(rq->jp, o)));
    for (size_t i = 0; i < slp_jpos_nkids(rq->jp, o); i++) {
        size_t len = 0;
        const char *key = slp_jpos_key(rq->jp, slp_jpos_kid(rq->jp, o, i), &len);
        int known = 0;
        for (size_t k = 0; !known && keys[k]; k++)
            known = strcmp(key, keys[k]) == 0;
        if (!known) {
            char path[SALESPLAN_ERROR_PATH_SIZE];
            snprintf(path, sizeof path, "options.%s", key);
            return slp_error_set(err, SALESPLAN_EINVAL, path, 0, 0, "%s", unknown);
        }
    }
    return SALESPLAN_OK;
}
