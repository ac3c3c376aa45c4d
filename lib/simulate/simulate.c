/* salesplan_simulate(): from a plan to the Monte Carlo of its outcome
 * (SPEC §8). The plan is computed, turned into an slp_sim_model (what enters
 * which stage, fixed or Beta-drawn conversions, deal sizes), run by
 * sim_run.c and summarised by sim_stats.c. */
#define _POSIX_C_SOURCE 200809L

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "common/alloc.h"
#include "common/error.h"
#include "common/free_all.h"
#include "common/versioned.h"
#include "salesplan/result.h"
#include "salesplan/simulate.h"
#include "simulate/simulate_internal.h"
#include "model/plan_model.h"

/* Size of the version-1 struct: the fields before `progress`. A caller built
 * against a version-1 header passes a struct of this size only. */
#define SLP_SIM_OPTIONS_V1_SIZE offsetof(salesplan_simulate_options, progress)
/* ... and of the version-2 struct: the fields before `capacity`. */
#define SLP_SIM_OPTIONS_V2_SIZE offsetof(salesplan_simulate_options, capacity)

static const size_t sim_ends[] = {SLP_SIM_OPTIONS_V1_SIZE, SLP_SIM_OPTIONS_V2_SIZE,
                                  sizeof(salesplan_simulate_options)};

static size_t options_size(unsigned version)
{
    return slp_version_size(sim_ends, sizeof sim_ends / sizeof sim_ends[0], version);
}

salesplan_status salesplan_simulate_options_init(salesplan_simulate_options *opts, unsigned version)
{
    static const salesplan_simulate_options d = SALESPLAN_SIMULATE_OPTIONS_INIT;
    return (salesplan_status)slp_options_init(opts, &d, version, sim_ends,
                                              sizeof sim_ends / sizeof sim_ends[0]);
}

/* The caller's options of any known version as a full current struct (the
 * fields a version-1 struct does not have keep their defaults). */
static void normalise_options(salesplan_simulate_options *full, const salesplan_simulate_options *o)
{
    salesplan_simulate_options d = SALESPLAN_SIMULATE_OPTIONS_INIT;
    *full = d;
    memcpy(full, o, options_size(o->version));
    full->version = SALESPLAN_SIMULATE_OPTIONS_VERSION;
}

static unsigned cpu_count(void)
{
#if defined(_SC_NPROCESSORS_ONLN)
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    if (n >= 1)
        return n > (long)SALESPLAN_SIMULATE_MAX_THREADS ? SALESPLAN_SIMULATE_MAX_THREADS
                                                         : (unsigned)n;
#endif
    return 1;
}

static int check_options(const salesplan_simulate_options *o, salesplan_error *err)
{
    if (o->version < 1 || o->version > SALESPLAN_SIMULATE_OPTIONS_VERSION)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0,
                             "unknown simulate options version %u (this library knows 1..%u)",
                             o->version, SALESPLAN_SIMULATE_OPTIONS_VERSION);
    if (o->trials == 0)
        return slp_error_set(err, SALESPLAN_EINVAL, "trials", 0, 0,
                             "trials must be at least 1, found 0");
    if (o->trials > SALESPLAN_SIMULATE_MAX_TRIALS)
        return slp_error_set(err, SALESPLAN_ELIMIT, "trials", 0, 0,
                             "trials must be at most %llu, found %llu",
                             SALESPLAN_SIMULATE_MAX_TRIALS, o->trials);
    if (o->threads > SALESPLAN_SIMULATE_MAX_THREADS)
        return slp_error_set(err, SALESPLAN_ELIMIT, "threads", 0, 0,
                             "threads must be at most %u (0 = one per CPU), found %u",
                             SALESPLAN_SIMULATE_MAX_THREADS, o->threads);
    return SALESPLAN_OK;
}

/* Fill `stages` (count - 1 entries, the non-won stages) from the result:
 * - new entries: required_int of the first reachable non-won stage (none
 *   when no stage before won is reachable: no new deal can close in time);
 * - open pipeline of in-time stages (days_to_close <= days - 1);
 * - conversions fixed, or Beta(1 + advanced, 1 + lost) with `observed`. */
static int build_model(const salesplan_result *res, slp_sim_stage *stages, size_t nst,
                       salesplan_error *err)
{
    const salesplan_plan *p = salesplan_result_plan(res);
    const salesplan_result_overview *ov = salesplan_result_overview_get(res);
    double last_day = (double)ov->days - 1.0;
    double total = 0;
    int entered = 0;
    for (size_t k = 0; k < nst; k++) {
        const salesplan_stage_result *st = salesplan_result_stage(res, k);
        slp_sim_stage *s = &stages[k];
        s->conversion = slp_num_at(salesplan_plan_stage_conversion, p, k);
        s->beta_a = s->beta_b = 0.0;
        s->inflow = 0;
        s->entries = 0;
        s->cap = UINT64_MAX;
        if (!isnan(st->entries_capacity))
            s->cap = st->entries_capacity >= (double)SLP_SIM_MAX_DEALS
                         ? UINT64_MAX
                         : (uint64_t)floor(st->entries_capacity + 1e-9);
        long long adv, lost;
        if (salesplan_plan_stage_observed(&adv, &lost, p, k) == SALESPLAN_OK && adv >= 0) {
            s->beta_a = 1.0 + (double)adv;
            s->beta_b = 1.0 + (double)lost;
        }
        if (!entered && st->reachable) {
            entered = 1;
            double n = st->required_int;
            if (!(n >= 0.0) || n > (double)SLP_SIM_MAX_DEALS)
                return slp_error_set(err, SALESPLAN_ELIMIT, NULL, 0, 0,
                                     "stage '%s' needs %.17g entries; the simulation handles "
                                     "at most %llu deals per trial",
                                     st->name, n, SLP_SIM_MAX_DEALS);
            s->inflow = s->entries = (uint64_t)n;
            total += n;
        }
    }
    size_t np = salesplan_plan_pipeline_count(p);
    for (size_t i = 0; i < np; i++) {
        long k = salesplan_plan_find_stage(p, slp_text_at(salesplan_plan_pipeline_stage, p, i));
        long long deals = slp_llong_at(salesplan_plan_pipeline_deals, p, i);
        if (k < 0 || (size_t)k >= nst || deals <= 0)
            continue;
        const salesplan_stage_result *st = salesplan_result_stage(res, (size_t)k);
        if (!(st->days_to_close <= last_day))
            continue; /* not in time: cannot be won this period (SPEC §4) */
        total += (double)deals;
        if (total > (double)SLP_SIM_MAX_DEALS)
            break;
        stages[k].inflow += (uint64_t)deals;
    }
    if (total > (double)SLP_SIM_MAX_DEALS)
        return slp_error_set(err, SALESPLAN_ELIMIT, NULL, 0, 0,
                             "entries and pipeline add up to more than %llu deals per trial",
                             SLP_SIM_MAX_DEALS);
    return SALESPLAN_OK;
}

void salesplan_simulation_free(salesplan_simulation *sim)
{
    if (sim == NULL)
        return;
    SLP_FREE_ALL(sim->revenue, sim->deals, sim->name, sim->currency, sim);
}

/* The same trials at the team's capacity (same seed): only the summary is kept. */
static int run_capacity(salesplan_simulation *sim, slp_sim_model *m,
                        const salesplan_simulate_options *o, salesplan_error *err)
{
    if (m->nstages > SLP_SIM_MAX_STAGES)
        return slp_error_set(err, SALESPLAN_ELIMIT, NULL, 0, 0,
                             "the run at capacity handles at most %u stages", SLP_SIM_MAX_STAGES);
    /* No cap below the new entries: the flow can never reach a cap, so the
     * run at capacity is the plan's run, bit for bit. */
    uint64_t entries = 0;
    int binds = 0;
    for (size_t k = 0; k < m->nstages; k++)
        entries += m->stages[k].entries;
    for (size_t k = 0; k < m->nstages; k++)
        binds |= m->stages[k].cap < entries;
    if (!binds) {
        sim->summary.capacity = 1;
        sim->summary.p_hit_capacity = sim->summary.p_hit;
        sim->summary.p_hit_capacity_se = sim->summary.p_hit_se;
        sim->summary.revenue_capacity = sim->summary.revenue;
        sim->summary.deals_capacity = sim->summary.deals;
        return SALESPLAN_OK;
    }
    size_t n = (size_t)o->trials;
    double *rev = slp_reallocarray(NULL, n, sizeof *rev);
    uint32_t *deals = slp_reallocarray(NULL, n, sizeof *deals);
    int rc = SALESPLAN_OK;
    if (!rev || !deals)
        rc = slp_error_set(err, SALESPLAN_ENOMEM, NULL, 0, 0,
                           "out of memory for %zu simulation trials at capacity", n);
    slp_sim_totals tot;
    m->capped = 1;
    if (rc == SALESPLAN_OK) {
        unsigned threads = o->threads ? o->threads : cpu_count();
        slp_sim_progress pr = {o->progress, o->progress_ctx};
        rc = slp_sim_run(m, o->trials, o->seed, threads, &pr, rev, deals, &tot, err);
    }
    m->capped = 0;
    if (rc == SALESPLAN_OK) {
        salesplan_simulation_summary cs;
        slp_sim_summarise(rev, deals, n, &tot, m->target, &cs);
        sim->summary.capacity = 1;
        sim->summary.p_hit_capacity = cs.p_hit;
        sim->summary.p_hit_capacity_se = cs.p_hit_se;
        sim->summary.revenue_capacity = cs.revenue;
        sim->summary.deals_capacity = cs.deals;
    }
    slp_free(rev);
    slp_free(deals);
    return rc;
}

static int run(salesplan_simulation *sim, const salesplan_result *res,
               const salesplan_simulate_options *o, salesplan_error *err)
{
    const salesplan_plan *p = salesplan_result_plan(res);
    const salesplan_result_overview *ov = salesplan_result_overview_get(res);
    size_t count = salesplan_result_stage_count(res);
    if (count < 2)
        return slp_error_set(err, SALESPLAN_EINTERNAL, NULL, 0, 0,
                             "computed plan has %zu stages", count);
    slp_sim_model m;
    m.capped = 0;
    m.nstages = count - 1;
    m.target = ov->revenue;
    m.deal_size = salesplan_plan_deal_size(p);
    m.size_cv = salesplan_plan_deal_size_cv(p);
    if (!(m.size_cv >= 0.0))
        m.size_cv = 0.0;
    if (m.size_cv > SLP_SIM_MAX_CV)
        return slp_error_set(err, SALESPLAN_ELIMIT, "deal.size_cv", 0, 0,
                             "the simulation handles size_cv up to %g, found %g",
                             SLP_SIM_MAX_CV, m.size_cv);
    slp_sim_stage *stages = slp_calloc(count - 1, sizeof *stages);
    m.stages = stages;
    sim->name = slp_strdup(ov->name ? ov->name : "");
    sim->currency = slp_strdup(ov->currency ? ov->currency : "USD");
    size_t n = (size_t)o->trials;
    sim->revenue = slp_reallocarray(NULL, n, sizeof *sim->revenue);
    sim->deals = slp_reallocarray(NULL, n, sizeof *sim->deals);
    int rc = SALESPLAN_OK;
    if (!stages || !sim->name || !sim->currency || !sim->revenue || !sim->deals)
        rc = slp_error_set(err, SALESPLAN_ENOMEM, NULL, 0, 0,
                           "out of memory for %zu simulation trials", n);
    if (rc == SALESPLAN_OK)
        rc = build_model(res, stages, count - 1, err);
    slp_sim_totals tot;
    if (rc == SALESPLAN_OK) {
        unsigned threads = o->threads ? o->threads : cpu_count();
        slp_sim_progress pr = {o->progress, o->progress_ctx};
        rc = slp_sim_run(&m, o->trials, o->seed, threads, &pr, sim->revenue, sim->deals, &tot,
                         err);
    }
    if (rc == SALESPLAN_OK) {
        sim->n = n;
        slp_sim_summarise(sim->revenue, sim->deals, n, &tot, m.target, &sim->summary);
        sim->summary.seed = o->seed;
        sim->summary.capacity = 0;
        sim->summary.p_hit_capacity = sim->summary.p_hit_capacity_se = NAN;
    }
    if (rc == SALESPLAN_OK && o->capacity)
        rc = run_capacity(sim, &m, o, err);
    slp_free(stages);
    return rc;
}

salesplan_status salesplan_simulate(salesplan_simulation **out, const salesplan_plan *plan,
                                    const salesplan_simulate_options *opts, salesplan_error *err)
{
    if (out)
        *out = NULL;
    if (out == NULL || plan == NULL)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0,
                             "salesplan_simulate: %s is NULL", out ? "plan" : "out");
    salesplan_simulate_options defaults = SALESPLAN_SIMULATE_OPTIONS_INIT, full;
    int rc = check_options(opts ? opts : &defaults, err);
    if (rc != SALESPLAN_OK)
        return rc;
    normalise_options(&full, opts ? opts : &defaults);
    const salesplan_simulate_options *o = &full;
    salesplan_result *res = NULL;
    rc = salesplan_compute(&res, plan, NULL, err);
    if (rc != SALESPLAN_OK)
        return rc;
    salesplan_simulation *sim = slp_calloc(1, sizeof *sim);
    if (sim == NULL) {
        salesplan_result_free(res);
        return slp_error_set(err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory");
    }
    rc = run(sim, res, o, err);
    salesplan_result_free(res);
    if (rc != SALESPLAN_OK) {
        salesplan_simulation_free(sim);
        return rc;
    }
    *out = sim;
    return SALESPLAN_OK;
}

const salesplan_simulation_summary *salesplan_simulation_summary_get(const salesplan_simulation *sim)
{
    return sim ? &sim->summary : NULL;
}

salesplan_status salesplan_simulation_histogram(unsigned long long *counts, size_t bins,
                                                const salesplan_simulation *sim,
                                                salesplan_simulation_quantity what, double lo,
                                                double hi, salesplan_error *err)
{
    if (sim == NULL || counts == NULL)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0,
                             "salesplan_simulation_histogram: %s is NULL",
                             sim ? "counts" : "sim");
    if (bins == 0 || !isfinite(lo) || !isfinite(hi) || !(lo < hi))
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0,
                             "histogram needs bins >= 1 and finite lo < hi, found %zu bins "
                             "over [%g, %g]", bins, lo, hi);
    if (what == SALESPLAN_SIMULATION_REVENUE)
        slp_sim_histogram_d(sim->revenue, sim->n, lo, hi, bins, counts);
    else if (what == SALESPLAN_SIMULATION_DEALS)
        slp_sim_histogram_u32(sim->deals, sim->n, lo, hi, bins, counts);
    else
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0,
                             "unknown simulation quantity %d", (int)what);
    return SALESPLAN_OK;
}
