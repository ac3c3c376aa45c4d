/* salesplan_json_call(): one JSON request in, one JSON reply out, for hosts
 * that talk to the library through a foreign-function interface.
 *
 * Each operation is a row of `ops`: its name, the request keys it accepts
 * besides "op", and a handler that appends its reply to a text buffer or
 * fails with a status and a filled salesplan_error (which becomes the
 * {"error": {...}} reply). The list of operations in messages and in the
 * "version" reply comes from that table. estimate, simulate, track,
 * sensitivity, compare and activities live in call_<op>.c, each with its
 * keys (slp_op_<op>); the key readers in call_read.c.
 *
 * The request is read with the library's own scanner (json_pos.h): it checks
 * the grammar and the limits (duplicate keys included), reports an honest
 * "out of memory", decodes strings and numbers without the locale, and gives
 * each value's exact source text: an embedded plan object is handed to the
 * plan reader as the caller wrote it, so its line and column can be reported
 * in the request's own coordinates. */
#include <stdio.h>
#include <string.h>

#include "api/call.h"
#include "common/error.h"
#include "json/json_write.h"

/* Largest request: the limit of every JSON input of the library (16 MiB). */
#define SLP_CALL_MAX_REQUEST SLP_JSON_MAX_BYTES

static int op_plan(const slp_call *rq, slp_strbuf *out, salesplan_error *err);
static int op_validate(const slp_call *rq, slp_strbuf *out, salesplan_error *err);
static int op_example(const slp_call *rq, slp_strbuf *out, salesplan_error *err);
static int op_version(const slp_call *rq, slp_strbuf *out, salesplan_error *err);

static const char *const plan_keys[] = {"plan", "confidence", "mode", "format", NULL};
static const char *const validate_keys[] = {"plan", NULL};
static const char *const activities_keys[] = {"log", "deals", "plan", "options",
                                              "emit_activities", "format", NULL};
static const char *const no_keys[] = {NULL};

static const slp_call_op plan_op = {"plan", op_plan, plan_keys};
static const slp_call_op validate_op = {"validate", op_validate, validate_keys};
static const slp_call_op example_op = {"example", op_example, no_keys};
static const slp_call_op version_op = {"version", op_version, no_keys};
static const slp_call_op activities_op = {"activities", slp_call_activities, activities_keys};

/* The operations, in the order messages and the "version" reply list them. */
static const slp_call_op *const ops[] = {
    &plan_op,         &validate_op,  &example_op,         &version_op,     &slp_op_estimate,
    &slp_op_simulate, &slp_op_track, &slp_op_sensitivity, &slp_op_compare, &activities_op};

#define NOPS (sizeof ops / sizeof ops[0])

/* "plan, validate, ..." from the table, for messages. */
static const char *op_names(char *buf, size_t size)
{
    size_t at = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < NOPS; i++) {
        int k = snprintf(buf + at, size - at, "%s%s", i ? ", " : "", ops[i]->name);
        if (k < 0 || (size_t)k >= size - at)
            break;
        at += (size_t)k;
    }
    return buf;
}

/* "mode" and "confidence" into compute options. */
static int compute_options(const slp_call *rq, salesplan_compute_options *opts,
                           salesplan_error *err)
{
    salesplan_compute_options_init(opts, SALESPLAN_COMPUTE_OPTIONS_VERSION);
    size_t q = slp_call_member(rq, 0, "confidence");
    if (q != SLP_JPOS_NONE) {
        double v = 0.0;
        if (slp_jpos_number(rq->jp, q, &v) != 0)
            return slp_error_set(err, SALESPLAN_EINVAL, "confidence", 0, 0,
                                 "must be a number in (0, 1), found %s",
                                 slp_call_type_name(slp_jpos_type(rq->jp, q)));
        if (!(v > 0.0 && v < 1.0))
            return slp_error_set(err, SALESPLAN_EINVAL, "confidence", 0, 0,
                                 "must be in (0, 1), found %.17g", v);
        opts->mode = SALESPLAN_MODE_CONFIDENCE;
        opts->confidence = v;
    }
    const char *mode = NULL;
    int rc = slp_call_key_string(rq, "mode", &mode, err);
    if (rc != SALESPLAN_OK || mode == NULL)
        return rc;
    if (strcmp(mode, "expected") == 0) {
        if (q != SLP_JPOS_NONE)
            return slp_error_set(err, SALESPLAN_EINVAL, "mode", 0, 0,
                                 "\"expected\" cannot be combined with a confidence");
        opts->mode = SALESPLAN_MODE_EXPECTED;
    } else if (strcmp(mode, "confidence") == 0) {
        opts->mode = SALESPLAN_MODE_CONFIDENCE;
    } else {
        return slp_error_set(err, SALESPLAN_EINVAL, "mode", 0, 0,
                             "must be \"expected\" or \"confidence\"");
    }
    return SALESPLAN_OK;
}

/* ---- operations ------------------------------------------------------------- */

static int op_plan(const slp_call *rq, slp_strbuf *out, salesplan_error *err)
{
    salesplan_compute_options opts;
    slp_call_doc doc = SLP_CALL_DOC(SLP_DOC_RESULT);
    int rc = compute_options(rq, &opts, err);
    return slp_call_plan_op(rq, rc, &doc, &opts, SLP_CALL_FMTS_ALL, out, err);
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

static int op_validate(const slp_call *rq, slp_strbuf *out, salesplan_error *err)
{
    slp_call_plan_src ps;
    int rc = slp_call_plan_source(rq, &ps, err);
    if (rc != SALESPLAN_OK)
        return rc;
    salesplan_diagnostics *d = NULL;
    rc = salesplan_plan_validate_buffer(&d, ps.buf, ps.len);
    if (d == NULL) {
        return slp_error_set(err, rc == SALESPLAN_OK ? SALESPLAN_EINTERNAL : rc, NULL, 0, 0,
                             "validation gave no list of problems: %s", salesplan_strerror(rc));
    }
    size_t n = salesplan_diagnostics_count(d);
    slp_jw w;
    slp_jw_init(&w, out);
    slp_jw_object(&w, SLP_JW_INLINE);
    slp_jw_kbool(&w, "valid", rc == SALESPLAN_OK);
    slp_jw_karray(&w, "problems", SLP_JW_PRETTY); /* one problem a line */
    for (size_t i = 0; i < n; i++) {
        salesplan_error e = *salesplan_diagnostics_get(d, i);
        slp_call_shift(&ps, &e.line, &e.column);
        error_fields(&w, &e);
    }
    slp_jw_end(&w);
    slp_jw_end(&w);
    slp_sb_putc(out, '\n');
    salesplan_diagnostics_free(d);
    return SALESPLAN_OK;
}

static int op_example(const slp_call *rq, slp_strbuf *out, salesplan_error *err)
{
    (void)rq;
    (void)err;
    slp_sb_puts(out, salesplan_example_json());
    return SALESPLAN_OK;
}

static int op_version(const slp_call *rq, slp_strbuf *out, salesplan_error *err)
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
    slp_jw_karray(&w, "ops", SLP_JW_INLINE);
    for (size_t i = 0; i < NOPS; i++)
        slp_jw_string(&w, ops[i]->name);
    slp_jw_end(&w);
    slp_jw_end(&w);
    slp_sb_putc(out, '\n');
    return SALESPLAN_OK;
}

/* ---- the call ---------------------------------------------------------------- */

static int parse_request(slp_call *rq, salesplan_error *err)
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
                             slp_call_type_name(slp_jpos_type(rq->jp, 0)));
    return SALESPLAN_OK;
}

static int dispatch(const slp_call *rq, slp_strbuf *out, salesplan_error *err)
{
    const char *name = NULL;
    size_t n = slp_call_member(rq, 0, "op");
    int has = n == SLP_JPOS_NONE ? 0 : slp_jpos_type(rq->jp, n) == SLP_JT_STRING ? 1 : -1;
    size_t len = 0;
    if (has > 0)
        name = slp_jpos_string(rq->jp, n, &len);
    const slp_call_op *op = NULL;
    for (size_t i = 0; name != NULL && i < NOPS; i++)
        if (strcmp(ops[i]->name, name) == 0)
            op = ops[i];
    char names[128];
    if (has <= 0)
        return slp_error_set(err, SALESPLAN_EINVAL, "op", 0, 0, "%s: one of %s",
                             has == 0 ? "missing" : "not a string", op_names(names, sizeof names));
    if (op == NULL)
        return slp_error_set(err, SALESPLAN_EINVAL, "op", 0, 0,
                             "unknown operation \"%.64s\": one of %s", name,
                             op_names(names, sizeof names));
    /* Every key must be known to the operation (the scanner has already
     * refused a key that appears twice). */
    size_t nkeys = slp_jpos_nkids(rq->jp, 0);
    for (size_t i = 0; i < nkeys; i++) {
        const char *key = slp_jpos_key(rq->jp, slp_jpos_kid(rq->jp, 0, i), &len);
        int known = key != NULL && strcmp(key, "op") == 0;
        for (size_t k = 0; !known && key != NULL && op->keys[k]; k++)
            known = strcmp(key, op->keys[k]) == 0;
        if (!known)
            return slp_error_set(err, SALESPLAN_EINVAL, key ? key : "", 0, 0,
                                 "unknown key for operation \"%s\"", op->name);
    }
    return op->run(rq, out, err);
}

char *salesplan_json_call(const char *request_text, size_t len)
{
    salesplan_error err;
    slp_error_clear(&err);
    slp_strbuf out = SLP_STRBUF_INIT;
    slp_call rq = {request_text, len, NULL};
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
