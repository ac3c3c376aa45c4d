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
    unsigned long long threads = o.threads;
    salesplan_format fmt;
    const char *fmt_name;
    /* The limits are the library's (ELIMIT past them); the request only
     * has to hold whole numbers that fit the fields. */
    int rc = slp_call_count(rq, slp_call_member(rq, 0, "trials"), "trials", ~0ULL, &o.trials,
                            err);
    if (rc == SALESPLAN_OK)
        rc = slp_call_count(rq, slp_call_member(rq, 0, "seed"), "seed", ~0ULL, &o.seed, err);
    if (rc == SALESPLAN_OK)
        rc = slp_call_count(rq, slp_call_member(rq, 0, "threads"), "threads", ~0u, &threads, err);
    if (rc == SALESPLAN_OK)
        rc = slp_call_format(rq,
                             SLP_CALL_FMT(SALESPLAN_FORMAT_JSON) |
                                 SLP_CALL_FMT(SALESPLAN_FORMAT_MARKDOWN) |
                                 SLP_CALL_FMT(SALESPLAN_FORMAT_SVG),
                             &fmt, &fmt_name, err);
    o.threads = (unsigned)threads;
    salesplan_plan *plan = NULL;
    if (rc == SALESPLAN_OK)
        rc = slp_call_load_plan(rq, &plan, err);
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
    if (rc == SALESPLAN_OK)
        slp_call_reply(out, fmt, fmt_name, text, len);
    salesplan_free(text);
    return rc;
}
