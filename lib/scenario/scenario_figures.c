/* One plan's figures for a comparison or a sensitivity setting: the computed
 * result, and with trials a simulation that includes the run at capacity. */
#include <math.h>

#include "common/error.h"
#include "scenario/scenario_internal.h"

salesplan_status salesplan_scenario_options_init(salesplan_scenario_options *opts,
                                                 unsigned version)
{
    if (opts == NULL || version != SALESPLAN_SCENARIO_OPTIONS_VERSION)
        return SALESPLAN_EINVAL;
    salesplan_scenario_options d = SALESPLAN_SCENARIO_OPTIONS_INIT;
    *opts = d;
    return SALESPLAN_OK;
}

int slp_scenario_options(const salesplan_scenario_options *in, salesplan_scenario_options *o,
                         salesplan_error *err)
{
    salesplan_scenario_options d = SALESPLAN_SCENARIO_OPTIONS_INIT;
    *o = in ? *in : d;
    if (o->version != SALESPLAN_SCENARIO_OPTIONS_VERSION)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0,
                             "unknown scenario options version %u (this library knows %u)",
                             o->version, SALESPLAN_SCENARIO_OPTIONS_VERSION);
    if (!(o->step > 0.0 && o->step < 1.0))
        return slp_error_set(err, SALESPLAN_EINVAL, "step", 0, 0,
                             "step must be a number in (0, 1); found %g", o->step);
    if (o->trials > SALESPLAN_SIMULATE_MAX_TRIALS)
        return slp_error_set(err, SALESPLAN_ELIMIT, "trials", 0, 0,
                             "trials must be at most %llu, found %llu",
                             SALESPLAN_SIMULATE_MAX_TRIALS, o->trials);
    return SALESPLAN_OK;
}

int slp_scenario_run(const salesplan_plan *p, const salesplan_scenario_options *o, int capacity,
                     salesplan_result **res, salesplan_simulation **sim, salesplan_error *err)
{
    *res = NULL;
    *sim = NULL;
    int rc = salesplan_compute(res, p, NULL, err);
    if (rc != SALESPLAN_OK || o->trials == 0)
        return rc;
    salesplan_simulate_options so = SALESPLAN_SIMULATE_OPTIONS_INIT;
    so.trials = o->trials;
    so.seed = o->seed;
    so.threads = o->threads;
    so.capacity = capacity;
    rc = salesplan_simulate(sim, p, &so, err);
    if (rc != SALESPLAN_OK) {
        salesplan_result_free(*res);
        *res = NULL;
    }
    return rc;
}
