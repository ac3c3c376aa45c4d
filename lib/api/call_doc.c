/* The end every rendering operation of salesplan_json_call() shares
 * (lib/api/call.h): the object it made is rendered in the requested format,
 * replied and freed; the operations on one plan also share their start (the
 * format, the plan and the run). */
#include "api/call.h"

static int render(const slp_call_doc *d, char **text, size_t *len, salesplan_error *err)
{
    const salesplan_format f = d->fmt;
    switch (d->kind) {
    case SLP_DOC_RESULT: return salesplan_result_render(text, len, d->u.result, f, err);
    case SLP_DOC_SIMULATION: return salesplan_simulation_render(text, len, d->u.sim, f, err);
    case SLP_DOC_SENSITIVITY: return salesplan_sensitivity_render(text, len, d->u.sens, f, err);
    case SLP_DOC_ESTIMATE: return salesplan_estimate_render(text, len, d->u.estimate, f, err);
    case SLP_DOC_TRACKING: return salesplan_tracking_render(text, len, d->u.tracking, f, err);
    case SLP_DOC_COMPARISON: return salesplan_comparison_render(text, len, d->u.comparison, f, err);
    }
    return SALESPLAN_EINTERNAL;
}

static void release(slp_call_doc *d)
{
    switch (d->kind) {
    case SLP_DOC_RESULT: salesplan_result_free(d->u.result); break;
    case SLP_DOC_SIMULATION: salesplan_simulation_free(d->u.sim); break;
    case SLP_DOC_SENSITIVITY: salesplan_sensitivity_free(d->u.sens); break;
    case SLP_DOC_ESTIMATE: salesplan_estimate_free(d->u.estimate); break;
    case SLP_DOC_TRACKING: salesplan_tracking_free(d->u.tracking); break;
    case SLP_DOC_COMPARISON: salesplan_comparison_free(d->u.comparison); break;
    }
    d->u.result = NULL;
}

int slp_call_reply_doc(slp_strbuf *out, int rc, slp_call_doc *doc, salesplan_error *err)
{
    char *text = NULL;
    size_t len = 0;
    if (rc == SALESPLAN_OK)
        rc = render(doc, &text, &len, err);
    release(doc);
    return slp_call_reply_rendered(out, rc, doc->fmt, doc->fmt_name, text, len);
}

int slp_call_plan_op(const slp_call *rq, int rc, slp_call_doc *doc, const void *opts,
                     unsigned allowed, slp_strbuf *out, salesplan_error *err)
{
    salesplan_plan *plan = NULL;
    if (rc == SALESPLAN_OK)
        rc = slp_call_format_and_plan(rq, allowed, &doc->fmt, &doc->fmt_name, &plan, err);
    if (rc == SALESPLAN_OK) {
        switch (doc->kind) {
        case SLP_DOC_RESULT: rc = salesplan_compute(&doc->u.result, plan, opts, err); break;
        case SLP_DOC_SIMULATION: rc = salesplan_simulate(&doc->u.sim, plan, opts, err); break;
        case SLP_DOC_SENSITIVITY:
            rc = salesplan_sensitivity_run(&doc->u.sens, plan, opts, err);
            break;
        default: rc = SALESPLAN_EINTERNAL; break;
        }
    }
    salesplan_plan_free(plan);
    return slp_call_reply_doc(out, rc, doc, err);
}
