/* The "sensitivity" and "compare" operations of salesplan_json_call():
 *
 *   {"op": "sensitivity", "plan": {...} or "<plan text>", "step": 0.1,
 *    "rank_by": "deals_needed", "activity": "Cold emails", "trials": N,
 *    "seed": S, "threads": T, "format": "json"|"markdown"|"md"|"svg"}
 *   {"op": "compare", "plans": [{...} or "<plan text>", ...],
 *    "patches": [{...}, ...], "labels": ["A", ...], "trials": N, "seed": S,
 *    "threads": T, "format": "json"|"markdown"|"md"|"csv"}
 *
 * sensitivity reads its plan as "plan" does and has the defaults of
 * salesplan_scenario_options (no trials: no p_hit). compare takes one plan or
 * more; with "patches" (then exactly one plan) the scenarios are the plan and
 * the plan with each patch applied alone (JSON Merge Patch). A plan or patch
 * that is refused is named by its place ("plans[1]", "patches[0]") before the
 * plan path. The reply is the document the renderer writes. */
#include <stdio.h>
#include <string.h>

#include "api/call.h"
#include "common/alloc.h"
#include "common/error.h"

/* The keys of "sensitivity" besides trials, seed and threads. */
static const slp_call_opt sensitivity_opts[] = {
    {"step", SLP_OPT_NUMBER, SLP_OPT_FIELD(salesplan_scenario_options, step), 0, NULL, NULL,
     "must be a number in (0, 1)"},
    SLP_OPT_STR("rank_by", salesplan_scenario_options, rank_by),
    SLP_OPT_STR("activity", salesplan_scenario_options, activity),
};

/* The scenario options of a request: trials, seed and threads, then the
 * first `n` keys of sensitivity_opts (compare reads none of them). */
static int scenario_options(const slp_call *rq, salesplan_scenario_options *o, size_t n,
                            salesplan_error *err)
{
    salesplan_scenario_options_init(o, SALESPLAN_SCENARIO_OPTIONS_VERSION);
    int rc = slp_call_trials(rq, &o->trials, &o->seed, &o->threads, err);
    if (rc == SALESPLAN_OK)
        rc = slp_call_read_opts(rq, 0, "", sensitivity_opts, n, o, err);
    return rc;
}

static int run_sensitivity(const slp_call *rq, slp_strbuf *out, salesplan_error *err)
{
    salesplan_scenario_options o;
    slp_call_doc doc = SLP_CALL_DOC(SLP_DOC_SENSITIVITY);
    int rc = scenario_options(rq, &o, SLP_CALL_NOPTS(sensitivity_opts), err);
    return slp_call_plan_op(rq, rc, &doc, &o, SLP_CALL_FMTS_CHARTS, out, err);
}

/* The JSON text of item i of array `arr`: a string's decoded text or an
 * object's source. */
static int item_text(const slp_call *rq, size_t arr, size_t i, const char *what,
                     const char **text, size_t *len, salesplan_error *err)
{
    size_t node = slp_jpos_kid(rq->jp, arr, i);
    slp_jtype t = slp_jpos_type(rq->jp, node);
    if (t == SLP_JT_STRING) {
        *text = slp_jpos_string(rq->jp, node, len);
        return SALESPLAN_OK;
    }
    if (t == SLP_JT_OBJECT) {
        *text = slp_jpos_raw(rq->jp, node, len);
        return SALESPLAN_OK;
    }
    char path[48];
    snprintf(path, sizeof path, "%s[%zu]", what, i);
    return slp_error_set(err, SALESPLAN_EINVAL, path, 0, 0, "must be an object or a string, found %s",
                         slp_call_type_name(t));
}

/* Prefix a plan problem with the place of its plan or patch. */
static int placed(salesplan_error *err, int rc, const char *what, size_t i)
{
    if (err == NULL || rc == SALESPLAN_ENOMEM)
        return rc;
    char head[48], path[SALESPLAN_ERROR_PATH_SIZE];
    int h = snprintf(head, sizeof head, "%s[%zu]%s", what, i, err->path[0] ? "." : "");
    size_t hl = h > 0 ? (size_t)h : 0, pl = strlen(err->path);
    if (hl + pl >= sizeof path)
        pl = sizeof path - 1 - hl; /* a path that long is cut, as the reader cuts it */
    memcpy(path, head, hl);
    memcpy(path + hl, err->path, pl);
    path[hl + pl] = '\0';
    memcpy(err->path, path, sizeof path);
    return rc;
}

static int run_compare(const slp_call *rq, slp_strbuf *out, salesplan_error *err)
{
    salesplan_scenario_options o;
    slp_call_doc doc = SLP_CALL_DOC(SLP_DOC_COMPARISON);
    int rc = scenario_options(rq, &o, 0, err);
    if (rc == SALESPLAN_OK)
        rc = slp_call_format(rq, SLP_CALL_FMTS_TABLES, &doc.fmt, &doc.fmt_name, err);
    if (rc != SALESPLAN_OK)
        return rc;
    size_t plans = slp_call_member(rq, 0, "plans");
    size_t patches = slp_call_member(rq, 0, "patches");
    size_t labels = slp_call_member(rq, 0, "labels");
    if (plans == SLP_JPOS_NONE || slp_jpos_type(rq->jp, plans) != SLP_JT_ARRAY ||
        slp_jpos_nkids(rq->jp, plans) == 0)
        return slp_error_set(err, SALESPLAN_EINVAL, "plans", 0, 0,
                             "must be a list of one plan or more");
    size_t nplans = slp_jpos_nkids(rq->jp, plans);
    size_t npatch = 0;
    if (patches != SLP_JPOS_NONE) {
        if (slp_jpos_type(rq->jp, patches) != SLP_JT_ARRAY)
            return slp_error_set(err, SALESPLAN_EINVAL, "patches", 0, 0, "must be a list");
        npatch = slp_jpos_nkids(rq->jp, patches);
        if (npatch > 0 && nplans != 1)
            return slp_error_set(err, SALESPLAN_EINVAL, "patches", 0, 0,
                                 "patches make scenarios of one plan; found %zu plans", nplans);
    }
    size_t n = npatch > 0 ? npatch + 1 : nplans;
    if (labels != SLP_JPOS_NONE && (slp_jpos_type(rq->jp, labels) != SLP_JT_ARRAY ||
                                    slp_jpos_nkids(rq->jp, labels) != n))
        return slp_error_set(err, SALESPLAN_EINVAL, "labels", 0, 0,
                             "must be a list of %zu strings, one per scenario", n);
    salesplan_plan **ps = slp_calloc(n, sizeof *ps);
    const char **ls = slp_calloc(n, sizeof *ls);
    if (ps == NULL || ls == NULL) {
        slp_free(ps);
        slp_free(ls);
        return slp_error_set(err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory");
    }
    for (size_t i = 0; i < n && rc == SALESPLAN_OK; i++) {
        const char *text = NULL, *ptext = NULL;
        size_t len = 0, plen = 0;
        size_t pi = npatch > 0 ? 0 : i;
        rc = item_text(rq, plans, pi, "plans", &text, &len, err);
        if (rc == SALESPLAN_OK && npatch > 0 && i > 0)
            rc = item_text(rq, patches, i - 1, "patches", &ptext, &plen, err);
        if (rc == SALESPLAN_OK) {
            const char *const one[1] = {ptext};
            const size_t one_len[1] = {plen};
            rc = salesplan_plan_load_patched(&ps[i], text, len, one, one_len, ptext ? 1 : 0, err);
            if (rc != SALESPLAN_OK)
                placed(err, rc, ptext && strncmp(err->message, "patch", 5) == 0 ? "patches" : "plans",
                       ptext && strncmp(err->message, "patch", 5) == 0 ? i - 1 : pi);
        }
        if (rc == SALESPLAN_OK && labels != SLP_JPOS_NONE)
            rc = slp_call_string(rq, slp_jpos_kid(rq->jp, labels, i), "labels", &ls[i], err);
    }
    if (rc == SALESPLAN_OK)
        rc = salesplan_compare(&doc.u.comparison, (const salesplan_plan *const *)ps,
                               labels != SLP_JPOS_NONE ? ls : NULL, n, &o, err);
    for (size_t i = 0; i < n; i++)
        salesplan_plan_free(ps[i]);
    slp_free(ps);
    slp_free(ls);
    return slp_call_reply_doc(out, rc, &doc, err);
}

static const char *const sensitivity_keys[] = {"plan", "step", "rank_by", "activity", "trials",
                                               "seed", "threads", "format", NULL};
static const char *const compare_keys[] = {"plans", "patches", "labels", "trials", "seed",
                                           "threads", "format", NULL};
const slp_call_op slp_op_sensitivity = {"sensitivity", run_sensitivity, sensitivity_keys};
const slp_call_op slp_op_compare = {"compare", run_compare, compare_keys};
