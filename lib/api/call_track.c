/* The "track" operation of salesplan_json_call() (SPEC §11):
 *
 *   {"op": "track", "plan": {...} or "<plan text>",
 *    "actuals": {...} or "<actuals text>", "as_of": "YYYY-MM-DD",
 *    "format": "json"|"markdown"|"md"|"csv"|"svg"}
 *
 * The plan is read as the "plan" operation reads it, the actuals document
 * against it; problems of an object given inline carry the request's own
 * line and column. "as_of" (optional) overrides the document's. The reply
 * is the document salesplan_tracking_render() writes, the same bytes as
 * `salesplan track PLAN --actuals FILE [--as-of DATE] --format F`. */
#include "api/call.h"
#include "common/error.h"

static int load_actuals(const slp_call *rq, const salesplan_plan *plan, salesplan_actuals **out,
                        salesplan_error *err)
{
    slp_call_plan_src src;
    int rc = slp_call_text_source(rq, "actuals", &src, err);
    if (rc != SALESPLAN_OK)
        return rc;
    rc = salesplan_actuals_load_buffer(out, plan, src.buf, src.len, err);
    if (rc != SALESPLAN_OK && err)
        slp_call_shift(&src, &err->line, &err->column);
    return rc;
}

static int run_track(const slp_call *rq, slp_strbuf *out, salesplan_error *err)
{
    slp_call_doc doc = SLP_CALL_DOC(SLP_DOC_TRACKING);
    const char *as_of = NULL;
    int rc = slp_call_format(rq, SLP_CALL_FMTS_ALL, &doc.fmt, &doc.fmt_name, err);
    if (rc == SALESPLAN_OK)
        rc = slp_call_key_string(rq, "as_of", &as_of, err);
    salesplan_plan *plan = NULL;
    salesplan_actuals *act = NULL;
    if (rc == SALESPLAN_OK)
        rc = slp_call_load_plan(rq, &plan, err);
    if (rc == SALESPLAN_OK)
        rc = load_actuals(rq, plan, &act, err);
    if (rc == SALESPLAN_OK && as_of)
        rc = salesplan_actuals_set_as_of(act, as_of, err);
    if (rc == SALESPLAN_OK)
        rc = salesplan_track(&doc.u.tracking, plan, act, NULL, err);
    rc = slp_call_reply_doc(out, rc, &doc, err);
    salesplan_actuals_free(act);
    salesplan_plan_free(plan);
    return rc;
}

static const char *const track_keys[] = {"plan", "actuals", "as_of", "format", NULL};
const slp_call_op slp_op_track = {"track", run_track, track_keys};
