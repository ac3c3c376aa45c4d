/* salesplan_simulate(plan jsonb, trials int, seed bigint) returns jsonb: the
 * Monte Carlo summary, the same as
 * `salesplan simulate PLAN --trials N --seed S --format json`. */
#include "slpg.h"

#include <string.h>

#include "miscadmin.h"

PG_FUNCTION_INFO_V1(salesplan_simulate_sql);

static salesplan_status run(slpg_held *h, const char *text, size_t len,
                            const salesplan_simulate_options *o, salesplan_error *err,
                            Datum *out)
{
    salesplan_status rc = salesplan_plan_load_buffer(&h->plan, text, len, err);
    if (rc == SALESPLAN_OK)
        rc = salesplan_simulate(&h->simulation, h->plan, o, err);
    size_t n = 0;
    if (rc == SALESPLAN_OK)
        rc = salesplan_simulation_render(&h->text, &n, h->simulation, SALESPLAN_FORMAT_JSON,
                                         err);
    if (rc == SALESPLAN_OK)
        *out = slpg_text_to_jsonb(h->text);
    return rc;
}

Datum salesplan_simulate_sql(PG_FUNCTION_ARGS)
{
    int32 trials = PG_GETARG_INT32(1);
    int64 seed = PG_GETARG_INT64(2);
    if (trials < 1)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("salesplan_simulate: trials must be at least 1; found %d",
                               trials)));
    if ((unsigned long long)trials > SALESPLAN_SIMULATE_MAX_TRIALS)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("salesplan_simulate: trials must be at most %llu; found %d",
                               SALESPLAN_SIMULATE_MAX_TRIALS, trials)));
    if (seed < 0)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("salesplan_simulate: seed must be at least 0; found " INT64_FORMAT,
                               seed)));
    salesplan_simulate_options opts = SALESPLAN_SIMULATE_OPTIONS_INIT;
    opts.trials = (unsigned long long)trials;
    opts.seed = (unsigned long long)seed;
    /* One thread: a backend is single-threaded (palloc is not thread-safe)
     * and the output does not depend on the thread count. */
    opts.threads = 1;
    opts.progress = slpg_progress;
    size_t len = 0;
    char *text = slpg_jsonb_to_text(PG_GETARG_JSONB_P(0), &len);

    for (;;) {
        CHECK_FOR_INTERRUPTS();
        slpg_held h;
        memset(&h, 0, sizeof h);
        salesplan_error err;
        salesplan_status rc = SALESPLAN_EINTERNAL;
        Datum result = (Datum)0;
        PG_TRY();
        {
            rc = run(&h, text, len, &opts, &err, &result);
        }
        PG_FINALLY();
        {
            slpg_held_free(&h);
        }
        PG_END_TRY();
        if (rc == SALESPLAN_OK) {
            pfree(text);
            PG_RETURN_DATUM(result);
        }
        /* Stopped for an interrupt: everything is freed, so serve it now
         * (a cancel or a timeout raises here); one that raises nothing (a
         * barrier, a memory-context dump) costs a fresh start of the run. */
        if (rc != SALESPLAN_ECANCELED)
            slpg_raise("salesplan_simulate", "plan", rc, &err);
    }
}
