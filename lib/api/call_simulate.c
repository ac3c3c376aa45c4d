/* The "simulate" operation of salesplan_json_call():
 *
 *   {"op": "simulate", "plan": {...} or "<plan text>", "trials": N, "seed": S,
 *    "threads": T, "format": "json"|"markdown"|"md"|"svg"}
 *
 * trials, seed and threads are whole numbers (read from their digits, so a
 * 64-bit seed is exact) with the defaults and limits of
 * salesplan_simulate_options; the plan is read as the "plan" operation reads
 * it. The reply is the document salesplan_simulation_render() writes. */
#include "api/call.h"
#include "common/error.h"

int slp_call_simulate(const slp_call *rq, slp_strbuf *out, salesplan_error *err)
{
    salesplan_simulate_options o;
    salesplan_simulate_options_init(&o, SALESPLAN_SIMULATE_OPTIONS_VERSION);
    salesplan_format fmt;
    const char *fmt_name;
    int rc = slp_call_trials(rq, &o.trials, &o.seed, &o.threads, err);
    salesplan_plan *plan = NULL;
    if (rc == SALESPLAN_OK)
        rc = slp_call_format_and_plan(rq, SLP_CALL_FMTS_CHARTS, &fmt, &fmt_name, &plan, err);
    if (rc != SALESPLAN_OK)
        return rc;
    salesplan_simulation *sim = NULL;
    rc = salesplan_simulate(&sim, plan, &o, err);
    salesplan_plan_free(plan);
    if (rc != SALESPLAN_OK)
        return rc;
    char *text = NULL;
    size_t len = 0;
    rc = salesplan_simulation_render(&text, &len, sim, fmt, err);
    salesplan_simulation_free(sim);
    return slp_call_reply_rendered(out, rc, fmt, fmt_name, text, len);
}
