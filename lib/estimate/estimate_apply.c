/* Applying an estimate to a plan so that the plan stays valid (SPEC §7, issue 13):
 * - a plan without stages takes the estimate's funnel fragment as it is;
 * - transitions: each export stage is mapped onto the plan stage of the same
 *   name (ignoring case) or the one a map names, and gives it its conversion,
 *   days and history; the plan's other stages stay;
 * - snapshot: the plan's stages stay; those from the opportunity stage to the
 *   won stage are rescaled so that their product, the opportunity-to-won
 *   probability, equals the estimated win rate (c_i' = c_i^a with
 *   a = ln(win rate) / ln(prod c_i): every stage keeps its share of the log
 *   probability, and every c_i' stays in (0, 1]), and their days so that they
 *   sum to the mean cycle (d_i' = d_i * cycle / sum d_i; equal parts when the
 *   plan's sum is 0). docs/maths.md writes the rule down.
 * Everything is checked before the plan changes: a refusal leaves it as it was. */
#include <math.h>
#include <string.h>

#include "common/alloc.h"
#include "common/error.h"
#include "estimate/estimate_internal.h"
#include "model/plan_model.h"

/* The estimate's funnel as the plan's whole funnel (a plan without stages). */
static int replace_funnel(salesplan_plan *p, const salesplan_estimate *e, salesplan_error *err)
{
    size_t n = e->funnel_count;
    if (n < 2)
        return slp_error_set(err, SALESPLAN_EDATA, "funnel.stages", 0, 0,
                             "the estimate's funnel has %zu stage(s); a plan needs at least 2",
                             n);
    for (size_t i = 0; i + 1 < n; i++) {
        const salesplan_estimate_funnel_stage *f = &e->funnel[i];
        if (isnan(f->conversion))
            return slp_error_set(err, SALESPLAN_EDATA, "funnel.stages", 0, 0,
                                 "stage '%.60s' has no closed history (nothing advanced or was "
                                 "lost), so it has no conversion to put in a plan",
                                 f->name);
        if (!(f->conversion > 0.0 && f->conversion <= 1.0))
            return slp_error_set(err, SALESPLAN_EDATA, "funnel.stages", 0, 0,
                                 "stage '%.60s' has a conversion of %g; a plan needs one in "
                                 "(0, 1]",
                                 f->name, f->conversion);
    }
    int rc = SALESPLAN_OK;
    for (size_t i = 0; rc == SALESPLAN_OK && i < n; i++) {
        const salesplan_estimate_funnel_stage *f = &e->funnel[i];
        int last = i + 1 == n;
        rc = salesplan_plan_add_stage(p, f->name, last ? (double)NAN : f->conversion,
                                      isnan(f->days) || last ? 0.0 : f->days, NULL);
        if (rc == SALESPLAN_OK && !last)
            rc = salesplan_plan_set_stage_observed(p, i, f->advanced, f->lost, NULL);
    }
    if (rc != SALESPLAN_OK) {
        salesplan_plan_clear_stages(p);
        return slp_error_set(err, rc, "funnel.stages", 0, 0,
                             "could not add the estimate's stages: %s", salesplan_strerror(rc));
    }
    return SALESPLAN_OK;
}

/* "A, B, C" of the plan's stage names (truncated). */
static void plan_stages(const salesplan_plan *p, char *buf, size_t size)
{
    size_t w = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < p->stage_count; i++) {
        const char *name = p->stages[i].name;
        if (!slp_est_list_add(buf, size, &w, name, strlen(name), i == 0))
            return;
    }
}

/* Plan stage of an export stage name: through the map, else by name ignoring case. */
static long plan_stage_of(const salesplan_plan *p, const char *name, const char *const *crm,
                          const char *const *plan, size_t nmap)
{
    const char *want = name;
    for (size_t i = 0; i < nmap; i++)
        if (slp_est_name_eq(crm[i], strlen(crm[i]), name, strlen(name))) {
            want = plan[i];
            break;
        }
    for (size_t i = 0; i < p->stage_count; i++)
        if (slp_est_name_eq(p->stages[i].name, strlen(p->stages[i].name), want, strlen(want)))
            return (long)i;
    return -1;
}

static int apply_transitions(salesplan_plan *p, const salesplan_estimate *e,
                             const char *const *crm, const char *const *plan, size_t nmap,
                             salesplan_error *err)
{
    size_t won = p->stage_count - 1;
    long *at = slp_calloc(e->funnel_count ? e->funnel_count : 1, sizeof *at);
    if (at == NULL)
        return slp_error_set(err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory");
    char list[300];
    int rc = SALESPLAN_OK;
    size_t matched = 0;
    for (size_t i = 0; rc == SALESPLAN_OK && i + 1 < e->funnel_count; i++) {
        const salesplan_estimate_funnel_stage *f = &e->funnel[i];
        at[i] = plan_stage_of(p, f->name, crm, plan, nmap);
        if (at[i] < 0 || (size_t)at[i] == won) {
            plan_stages(p, list, sizeof list);
            rc = slp_error_set(err, SALESPLAN_EDATA, "funnel.stages", 0, 0,
                               "the export's stage '%.60s' is no open stage of the plan (%s); "
                               "map it (option `map_stage`)",
                               f->name, list);
            break;
        }
        for (size_t j = 0; j < i; j++)
            if (at[j] == at[i])
                rc = slp_error_set(err, SALESPLAN_EDATA, "funnel.stages", 0, 0,
                                   "two export stages map onto the plan's stage '%.60s'",
                                   p->stages[at[i]].name);
        if (rc == SALESPLAN_OK && !isnan(f->conversion) && !(f->conversion > 0.0))
            rc = slp_error_set(err, SALESPLAN_EDATA, "funnel.stages", 0, 0,
                               "the export's stage '%.60s' has a conversion of 0 (every deal "
                               "was lost there); a plan needs one in (0, 1]",
                               f->name);
        if (!isnan(f->conversion))
            matched++;
    }
    if (rc == SALESPLAN_OK && matched == 0)
        rc = slp_error_set(err, SALESPLAN_EDATA, "funnel.stages", 0, 0,
                           "no stage of the export has closed history (nothing advanced or was "
                           "lost): there is no conversion to put in the plan");
    for (size_t i = 0; rc == SALESPLAN_OK && i + 1 < e->funnel_count; i++) {
        const salesplan_estimate_funnel_stage *f = &e->funnel[i];
        slp_stage *s = &p->stages[at[i]];
        if (isnan(f->conversion))
            continue; /* no history: the plan's figure stays */
        s->conversion = f->conversion;
        if (!isnan(f->days))
            s->days = f->days;
        s->obs_advanced = f->advanced;
        s->obs_lost = f->lost;
    }
    slp_free(at);
    return rc;
}

static int apply_snapshot(salesplan_plan *p, const salesplan_estimate *e, salesplan_error *err)
{
    size_t o = p->opportunity >= 0 ? (size_t)p->opportunity : 0;
    size_t k = p->stage_count - 1; /* the won stage */
    double rate = e->overall.win_rate, cycle = e->overall.cycle_days_mean;
    if (o >= k)
        return slp_error_set(err, SALESPLAN_EDATA, "funnel.stages", 0, 0,
                             "the plan's opportunity stage is its won stage");
    if (isnan(rate))
        return slp_error_set(err, SALESPLAN_EDATA, "funnel.stages", 0, 0,
                             "the export has no closed deal (won or lost), so no win rate to "
                             "put in the plan");
    if (!(rate > 0.0))
        return slp_error_set(err, SALESPLAN_EDATA, "funnel.stages", 0, 0,
                             "the export's win rate is 0 (no deal won); a plan needs "
                             "conversions in (0, 1]");
    size_t m = k - o;
    double logp = 0.0, days = 0.0;
    for (size_t i = o; i < k; i++) {
        logp += log(p->stages[i].conversion);
        days += p->stages[i].days;
    }
    double c[SLP_MAX_STAGES];
    for (size_t i = o; i < k; i++) {
        /* c^a with a = ln(rate)/ln(P); all stages at 1 (P = 1): equal parts */
        c[i - o] = logp < 0.0 ? exp(log(p->stages[i].conversion) * (log(rate) / logp))
                              : pow(rate, 1.0 / (double)m);
        if (!(c[i - o] > 0.0))
            return slp_error_set(err, SALESPLAN_EDATA, "funnel.stages", 0, 0,
                                 "the win rate %g is too small to spread over the plan's "
                                 "stages",
                                 rate);
        if (c[i - o] > 1.0)
            c[i - o] = 1.0;
    }
    for (size_t i = o; i < k; i++) {
        slp_stage *s = &p->stages[i];
        s->conversion = c[i - o];
        if (!isnan(cycle))
            s->days = days > 0.0 ? s->days * (cycle / days) : cycle / (double)m;
        s->obs_advanced = s->obs_lost = -1; /* the old history no longer backs the rate */
    }
    if (o + 1 == k) { /* one stage carries the whole rate: its history is the export's */
        p->stages[o].obs_advanced = e->overall.won;
        p->stages[o].obs_lost = e->overall.lost;
    }
    return SALESPLAN_OK;
}

salesplan_status salesplan_plan_apply_estimate_mapped(salesplan_plan *p,
                                                      const salesplan_estimate *e,
                                                      const char *const *crm_stages,
                                                      const char *const *plan_stages_,
                                                      size_t map_count, salesplan_error *err)
{
    if (p == NULL || e == NULL)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0, "NULL plan or estimate");
    if (map_count > 0 && (crm_stages == NULL || plan_stages_ == NULL))
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0, "stage map: NULL list with a count");
    for (size_t i = 0; i < map_count; i++)
        if (crm_stages[i] == NULL || plan_stages_[i] == NULL)
            return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0, "stage map: entry %zu is NULL",
                                 i + 1);
    if (p->stage_count == 0)
        return replace_funnel(p, e, err);
    if (p->stage_count < 2)
        return slp_error_set(err, SALESPLAN_EDATA, "funnel.stages", 0, 0,
                             "the plan has %zu stage; it needs at least 2", p->stage_count);
    for (size_t i = 0; i + 1 < p->stage_count; i++)
        if (!(p->stages[i].conversion > 0.0 && p->stages[i].conversion <= 1.0))
            return slp_error_set(err, SALESPLAN_EDATA, "funnel.stages", 0, 0,
                                 "the plan's stage '%.60s' has no conversion in (0, 1]",
                                 p->stages[i].name);
    if (e->info.shape == SALESPLAN_SHAPE_TRANSITIONS)
        return apply_transitions(p, e, crm_stages, plan_stages_, map_count, err);
    return apply_snapshot(p, e, err);
}

salesplan_status salesplan_plan_apply_estimate(salesplan_plan *p, const salesplan_estimate *e,
                                               salesplan_error *err)
{
    return salesplan_plan_apply_estimate_mapped(p, e, NULL, NULL, 0, err);
}
