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

static int run_simulate(const slp_call *rq, slp_strbuf *out, salesplan_error *err)
{
    salesplan_simulate_options o;
    salesplan_simulate_options_init(&o, SALESPLAN_SIMULATE_OPTIONS_VERSION);
    slp_call_doc doc = SLP_CALL_DOC(SLP_DOC_SIMULATION);
    int rc = slp_call_trials(rq, &o.trials, &o.seed, &o.threads, err);
    return slp_call_plan_op(rq, rc, &doc, &o, SLP_CALL_FMTS_CHARTS, out, err);
}

static const char *const simulate_keys[] = {"plan", "trials", "seed", "threads", "format", NULL};
const slp_call_op slp_op_simulate = {"simulate", run_simulate, simulate_keys};
