/* salesplan_compare(): the headline figures of several plans side by side,
 * each with its difference to the first plan's (SPEC §13). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "common/alloc.h"
#include "common/error.h"
#include "common/list_access.h"
#include "scenario/scenario_internal.h"

typedef struct builder {
    salesplan_comparison *c;
    size_t col; /* the plan being added */
    int nomem;
} builder;

static char *dup_join(const char *a, const char *b, const char *c)
{
    size_t la = strlen(a), lb = strlen(b), lc = strlen(c);
    char *s = slp_malloc(la + lb + lc + 1);
    if (s) {
        memcpy(s, a, la);
        memcpy(s + la, b, lb);
        memcpy(s + la + lb, c, lc + 1);
    }
    return s;
}

/* Set the figure `key` of the current plan, adding the row when it is new. */
static void put(builder *b, const char *k1, const char *k2, const char *k3, const char *l1,
                const char *l2, double v)
{
    if (b->nomem)
        return;
    salesplan_comparison *c = b->c;
    char *key = dup_join(k1, k2, k3);
    if (key == NULL) {
        b->nomem = 1;
        return;
    }
    size_t i = 0;
    while (i < c->row_count && strcmp(c->rows[i].key, key) != 0)
        i++;
    if (i == c->row_count) {
        if (c->row_count == c->row_cap) {
            size_t cap = c->row_cap ? 2 * c->row_cap : 64;
            slp_cmp_row *more = slp_reallocarray(c->rows, cap, sizeof *more);
            if (more == NULL) {
                slp_free(key);
                b->nomem = 1;
                return;
            }
            c->rows = more;
            c->row_cap = cap;
        }
        slp_cmp_row *row = &c->rows[i];
        double *vals = slp_reallocarray(NULL, 2 * c->n, sizeof *vals);
        char *label = dup_join(l1, l2, "");
        if (vals == NULL || label == NULL) {
            slp_free(vals);
            slp_free(label);
            slp_free(key);
            b->nomem = 1;
            return;
        }
        for (size_t j = 0; j < 2 * c->n; j++)
            vals[j] = NAN;
        memset(&row->pub, 0, sizeof row->pub);
        row->key = key;
        row->label = label;
        row->vals = vals;
        c->row_count++;
    } else {
        slp_free(key);
    }
    c->rows[i].vals[b->col] = v;
}

static void add_plan(builder *b, const salesplan_result *r, const salesplan_simulation *sim)
{
    const salesplan_result_overview *o = salesplan_result_overview_get(r);
    put(b, "target.revenue", "", "", "Target revenue", "", o->revenue);
    put(b, "target.team_quota", "", "", "Team quota", "", o->team_quota);
    put(b, "target.deals_needed", "", "", "Deals needed", "", o->deals_needed);
    put(b, "target.pipeline_expected_deals", "", "", "Deals expected from the pipeline", "",
        o->pipeline_expected_deals);
    for (size_t i = 0, n = salesplan_result_stage_count(r); i < n; i++) {
        const salesplan_stage_result *s = salesplan_result_stage(r, i);
        put(b, "stages.", s->name, ".required", s->name, ": entries needed", s->required);
    }
    for (size_t i = 0, n = salesplan_result_activity_count(r); i < n; i++) {
        const salesplan_activity_result *a = salesplan_result_activity(r, i);
        put(b, "activities.", a->name, ".per_rep_per_workday", a->name, " per rep per workday",
            a->per_rep_per_workday);
    }
    for (size_t i = 0, n = salesplan_result_role_count(r); i < n; i++) {
        const salesplan_role_result *ro = salesplan_result_role(r, i);
        put(b, "roles.", ro->name, ".headcount", ro->name, ": ramped headcount", ro->headcount);
        put(b, "roles.", ro->name, ".hires_needed", ro->name, ": hires for the workload",
            ro->hires_needed);
    }
    put(b, "quota.unassigned", "", "", "Quota unassigned", "", salesplan_result_unassigned(r));
    const salesplan_capacity_result *c = salesplan_result_capacity(r);
    put(b, "capacity.expected", "", "", "Expected capacity", "", c->expected);
    put(b, "capacity.coverage", "", "", "Capacity coverage of the target", "", c->coverage);
    put(b, "capacity.gap", "", "", "Capacity gap", "", c->gap);
    put(b, "capacity.hires_needed", "", "", "Hires to close the gap", "", c->hires_needed);
    put(b, "capacity.hires_total", "", "", "Hires needed in all", "", c->hires_total);
    const salesplan_metrics_result *m = salesplan_result_metrics(r);
    static const struct {
        const char *key, *label;
        size_t off;
    } metrics[] = {
        {"metrics.win_rate", "Win rate", offsetof(salesplan_metrics_result, win_rate)},
        {"metrics.cycle_days", "Sales cycle (days)", offsetof(salesplan_metrics_result, cycle_days)},
        {"metrics.required_pipeline_coverage", "Pipeline coverage needed",
         offsetof(salesplan_metrics_result, required_pipeline_coverage)},
        {"metrics.open_opportunities", "Open opportunities",
         offsetof(salesplan_metrics_result, open_opportunities)},
        {"metrics.pipeline_value", "Pipeline value",
         offsetof(salesplan_metrics_result, pipeline_value)},
        {"metrics.pipeline_coverage", "Pipeline coverage",
         offsetof(salesplan_metrics_result, pipeline_coverage)},
        {"metrics.weighted_pipeline", "Weighted pipeline",
         offsetof(salesplan_metrics_result, weighted_pipeline)},
        {"metrics.sales_velocity_per_day", "Sales velocity per day",
         offsetof(salesplan_metrics_result, sales_velocity_per_day)},
        {"metrics.ltv", "Lifetime value", offsetof(salesplan_metrics_result, ltv)},
        {"metrics.ltv_to_cac", "LTV to CAC", offsetof(salesplan_metrics_result, ltv_to_cac)},
        {"metrics.cac_payback_months", "CAC payback (months)",
         offsetof(salesplan_metrics_result, cac_payback_months)},
    };
    for (size_t i = 0; i < sizeof metrics / sizeof metrics[0]; i++)
        put(b, metrics[i].key, "", "", metrics[i].label, "",
            *(const double *)(const void *)((const char *)m + metrics[i].off));
    if (sim) {
        const salesplan_simulation_summary *s = salesplan_simulation_summary_get(sim);
        put(b, "simulation.p_hit", "", "", "P(hit): chance of reaching the target", "",
            s->p_hit);
        put(b, "simulation.p_hit_capacity", "", "", "P(hit) at the team's capacity", "",
            s->p_hit_capacity);
    }
}

void salesplan_comparison_free(salesplan_comparison *c)
{
    if (c == NULL)
        return;
    for (size_t i = 0; i < c->row_count; i++) {
        slp_free(c->rows[i].key);
        slp_free(c->rows[i].label);
        slp_free(c->rows[i].vals);
    }
    slp_free(c->rows);
    for (size_t i = 0; c->labels && i < c->n; i++)
        slp_free(c->labels[i]);
    slp_free(c->labels);
    slp_free(c);
}

salesplan_status salesplan_compare(salesplan_comparison **out, const salesplan_plan *const *plans,
                                   const char *const *labels, size_t n,
                                   const salesplan_scenario_options *opts, salesplan_error *err)
{
    slp_error_clear(err);
    if (out)
        *out = NULL;
    if (out == NULL || plans == NULL || n == 0)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0,
                             "salesplan_compare needs an output and at least one plan");
    for (size_t i = 0; i < n; i++)
        if (plans[i] == NULL)
            return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0, "plan %zu is NULL", i + 1);
    salesplan_scenario_options o;
    int rc = slp_scenario_options(opts, &o, err);
    if (rc != SALESPLAN_OK)
        return rc;
    salesplan_comparison *c = slp_calloc(1, sizeof *c);
    if (c == NULL || (c->labels = slp_calloc(n, sizeof *c->labels)) == NULL) {
        slp_free(c);
        return slp_error_set(err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory");
    }
    c->n = n;
    builder b = {c, 0, 0};
    for (size_t i = 0; i < n && rc == SALESPLAN_OK; i++) {
        const char *label = labels && labels[i] ? labels[i] : salesplan_plan_name(plans[i]);
        c->labels[i] = slp_strdup(label ? label : "");
        if (c->labels[i] == NULL) {
            rc = SALESPLAN_ENOMEM;
            break;
        }
        salesplan_result *r = NULL;
        salesplan_simulation *sim = NULL;
        salesplan_error e;
        rc = slp_scenario_run(plans[i], &o, 1, &r, &sim, &e);
        if (rc != SALESPLAN_OK) {
            if (rc != SALESPLAN_ENOMEM)
                slp_error_set(err, rc, e.path, e.line, e.column, "plan %zu: %s", i + 1,
                              e.message);
            break;
        }
        b.col = i;
        add_plan(&b, r, sim);
        salesplan_result_free(r);
        salesplan_simulation_free(sim);
        if (b.nomem)
            rc = SALESPLAN_ENOMEM;
    }
    if (rc != SALESPLAN_OK) {
        salesplan_comparison_free(c);
        if (rc == SALESPLAN_ENOMEM)
            slp_error_set(err, rc, NULL, 0, 0, "out of memory comparing plans");
        return rc;
    }
    for (size_t i = 0; i < c->row_count; i++) {
        double *v = c->rows[i].vals;
        for (size_t j = 0; j < n; j++)
            v[n + j] = v[j] - v[0]; /* NaN where either is absent */
        /* pointers last: the row array no longer moves */
        c->rows[i].pub.key = c->rows[i].key;
        c->rows[i].pub.label = c->rows[i].label;
        c->rows[i].pub.values = v;
        c->rows[i].pub.differences = v + n;
    }
    *out = c;
    return SALESPLAN_OK;
}

SLP_LIST_ACCESSORS(salesplan_comparison_plan_count, salesplan_comparison_label,
                   salesplan_comparison, char, n, h->labels[i])
SLP_LIST_ACCESSORS(salesplan_comparison_row_count, salesplan_comparison_row_get,
                   salesplan_comparison, salesplan_comparison_row, row_count, &h->rows[i].pub)
