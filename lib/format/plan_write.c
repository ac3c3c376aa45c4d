/* Writing a plan as a JSON plan file (SPEC §3): keys in the order of the
 * format's table, two-space indentation, numbers that round-trip a double.
 * Everything set in the model is written, defaults included, except what is
 * absent (unset optional values, empty lists, default phases). */
#include <math.h>
#include <string.h>

#include "common/alloc.h"
#include "common/io.h"
#include "common/strbuf.h"
#include "common/text_out.h"
#include "json/json_pos.h"
#include "json/json_write.h"
#include "salesplan/plan.h"
#include "model/plan_model.h"

/* A list of strings, one per line. */
typedef const char *(*str_at_fn)(const salesplan_plan *p, size_t i, size_t j);

static void kstrs(slp_jw *w, const char *k, const salesplan_plan *p, size_t n, str_at_fn at,
                  size_t i)
{
    if (n == 0)
        return;
    slp_jw_karray(w, k, SLP_JW_PRETTY);
    for (size_t j = 0; j < n; j++)
        slp_jw_string(w, at(p, i, j));
    slp_jw_end(w);
}

static const char *holiday_at(const salesplan_plan *p, size_t i, size_t j)
{
    (void)i;
    return slp_text_at(salesplan_plan_holiday, p, j);
}

static const char *list_at(const salesplan_plan *p, size_t i, size_t j)
{
    return slp_list_item_at(p, (salesplan_list)i, j);
}

static const char *skill_at(const salesplan_plan *p, size_t i, size_t j)
{
    return slp_skill_at(p, i, j);
}

static void write_period(slp_jw *w, const salesplan_plan *p)
{
    static const char *const days[7] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    if (salesplan_plan_period_start(p) != NULL) {
        slp_jw_kobject(w, "period", SLP_JW_PRETTY);
        slp_jw_kstring_opt(w, "start", salesplan_plan_period_start(p));
        slp_jw_kint(w, "days", salesplan_plan_period_days(p));
        size_t n = salesplan_plan_phase_count(p);
        if (n > 0) {
            slp_jw_karray(w, "phases", SLP_JW_INLINE);
            for (size_t i = 0; i < n; i++)
                slp_jw_int(w, slp_long_at(salesplan_plan_phase, p, i));
            slp_jw_end(w);
        }
        slp_jw_end(w);
    }
    slp_jw_kobject(w, "calendar", SLP_JW_PRETTY);
    slp_jw_karray(w, "workdays", SLP_JW_INLINE);
    unsigned mask = salesplan_plan_workdays(p);
    for (unsigned d = 0; d < 7; d++)
        if (mask & (1u << d))
            slp_jw_string(w, days[d]);
    slp_jw_end(w);
    kstrs(w, "holidays", p, salesplan_plan_holiday_count(p), holiday_at, 0);
    slp_jw_end(w);
}

static void write_narrative(slp_jw *w, const salesplan_plan *p)
{
    static const char *const texts[4] = {"mission", "positioning", "value_proposition",
                                         "target_market"};
    size_t nc = salesplan_plan_competitor_count(p);
    size_t ns = salesplan_plan_list_count(p, SALESPLAN_LIST_STRATEGIES);
    size_t nk = salesplan_plan_list_count(p, SALESPLAN_LIST_KPIS);
    int any = nc || ns || nk;
    for (int f = 0; f < 4; f++)
        any |= salesplan_plan_text(p, (salesplan_text_field)f) != NULL;
    if (!any)
        return;
    slp_jw_kobject(w, "narrative", SLP_JW_PRETTY);
    for (int f = 0; f < 4; f++)
        slp_jw_kstring_opt(w, texts[f], salesplan_plan_text(p, (salesplan_text_field)f));
    if (nc > 0) {
        slp_jw_karray(w, "competitors", SLP_JW_PRETTY);
        for (size_t i = 0; i < nc; i++) {
            slp_jw_object(w, SLP_JW_PRETTY);
            slp_jw_kstring_opt(w, "name", slp_text_at(salesplan_plan_competitor_name, p, i));
            slp_jw_kstring_opt(w, "kind",
                               slp_competitor_kind_at(p, i) == SALESPLAN_COMPETITOR_INDIRECT
                                   ? "indirect"
                                   : "direct");
            slp_jw_kstring_opt(w, "notes", slp_text_at(salesplan_plan_competitor_notes, p, i));
            slp_jw_end(w);
        }
        slp_jw_end(w);
    }
    kstrs(w, "strategies", p, ns, list_at, SALESPLAN_LIST_STRATEGIES);
    kstrs(w, "kpis", p, nk, list_at, SALESPLAN_LIST_KPIS);
    slp_jw_end(w);
}

static void write_target(slp_jw *w, const salesplan_plan *p)
{
    static const char *const kinds[4] = {"new_business", "expansion", "renewal", "total"};
    int kind = salesplan_plan_target_kind(p);
    slp_jw_kobject(w, "target", SLP_JW_PRETTY);
    slp_jw_knumber_opt(w, "revenue", salesplan_plan_target_revenue(p));
    slp_jw_kstring_opt(w, "kind", kinds[kind >= 0 && kind < 4 ? kind : 0]);
    slp_jw_knumber_opt(w, "over_assignment", salesplan_plan_over_assignment(p));
    if (p->seasonality_count > 0)
        slp_jw_knumbers(w, "seasonality", p->seasonality, p->seasonality_count);
    slp_jw_end(w);
    slp_jw_kobject(w, "deal", SLP_JW_PRETTY);
    slp_jw_knumber_opt(w, "average_size", salesplan_plan_deal_size(p));
    slp_jw_knumber_opt(w, "size_cv", salesplan_plan_deal_size_cv(p));
    slp_jw_end(w);
    slp_jw_knumber_opt(w, "confidence", salesplan_plan_confidence(p));
}

static void write_funnel(slp_jw *w, const salesplan_plan *p)
{
    size_t n = salesplan_plan_stage_count(p);
    long opp = salesplan_plan_opportunity_stage(p);
    slp_jw_kobject(w, "funnel", SLP_JW_PRETTY);
    slp_jw_karray(w, "stages", SLP_JW_PRETTY);
    for (size_t i = 0; i < n; i++) {
        long long adv, lost;
        slp_jw_object(w, SLP_JW_PRETTY);
        slp_jw_kstring_opt(w, "name", slp_text_at(salesplan_plan_stage_name, p, i));
        slp_jw_knumber_opt(w, "conversion", slp_num_at(salesplan_plan_stage_conversion, p, i));
        slp_jw_knumber_opt(w, "days", slp_num_at(salesplan_plan_stage_days, p, i));
        if (opp >= 0 && (size_t)opp == i) {
            slp_jw_kbool(w, "opportunity", 1);
        }
        if (salesplan_plan_stage_observed(&adv, &lost, p, i) == SALESPLAN_OK && adv >= 0) {
            slp_jw_kobject(w, "observed", SLP_JW_INLINE);
            slp_jw_kint(w, "advanced", adv);
            slp_jw_kint(w, "lost", lost);
            slp_jw_end(w);
        }
        slp_jw_end(w);
    }
    slp_jw_end(w);
    slp_jw_end(w);
    size_t np = salesplan_plan_pipeline_count(p);
    if (np > 0) {
        slp_jw_kobject(w, "pipeline", SLP_JW_PRETTY);
        for (size_t i = 0; i < np; i++)
            slp_jw_kint(w, slp_text_at(salesplan_plan_pipeline_stage, p, i),
                        slp_llong_at(salesplan_plan_pipeline_deals, p, i));
        slp_jw_end(w);
    }
}

static void write_activities(slp_jw *w, const salesplan_plan *p)
{
    size_t n = salesplan_plan_activity_count(p);
    if (n == 0)
        return;
    slp_jw_karray(w, "activities", SLP_JW_PRETTY);
    for (size_t i = 0; i < n; i++) {
        slp_jw_object(w, SLP_JW_PRETTY);
        slp_jw_kstring_opt(w, "name", slp_text_at(salesplan_plan_activity_name, p, i));
        slp_jw_kstring_opt(w, "stage", slp_text_at(salesplan_plan_activity_stage, p, i));
        slp_jw_knumber_opt(w, "per_entry", slp_num_at(salesplan_plan_activity_per_entry, p, i));
        slp_jw_knumber_opt(w, "share", slp_num_at(salesplan_plan_activity_share, p, i));
        slp_jw_kstring_opt(w, "role", slp_text_at(salesplan_plan_activity_role, p, i));
        slp_jw_knumber_opt(w, "minutes", slp_num_at(salesplan_plan_activity_minutes, p, i));
        kstrs(w, "skills", p, slp_size_at(salesplan_plan_activity_skill_count, p, i), skill_at, i);
        slp_jw_end(w);
    }
    slp_jw_end(w);
}

static void write_team(slp_jw *w, const salesplan_plan *p)
{
    size_t nr = salesplan_plan_role_count(p), np = salesplan_plan_rep_count(p);
    slp_jw_kobject(w, "team", SLP_JW_PRETTY);
    if (nr > 0) {
        slp_jw_karray(w, "roles", SLP_JW_PRETTY);
        for (size_t i = 0; i < nr; i++) {
            slp_jw_object(w, SLP_JW_PRETTY);
            slp_jw_kstring_opt(w, "name", slp_text_at(salesplan_plan_role_name, p, i));
            const slp_role *role = &p->roles[i];
            if (role->ramp_count > 0)
                slp_jw_knumbers(w, "ramp", role->ramp, role->ramp_count);
            slp_jw_knumber_opt(w, "quota_monthly",
                               slp_num_at(salesplan_plan_role_quota_monthly, p, i));
            slp_jw_knumber_opt(w, "minutes_per_day",
                               slp_num_at(salesplan_plan_role_minutes_per_day, p, i));
            slp_jw_end(w);
        }
        slp_jw_end(w);
    }
    if (np > 0) {
        slp_jw_karray(w, "reps", SLP_JW_PRETTY);
        for (size_t i = 0; i < np; i++) {
            slp_jw_object(w, SLP_JW_PRETTY);
            slp_jw_kstring_opt(w, "name", slp_text_at(salesplan_plan_rep_name, p, i));
            slp_jw_kstring_opt(w, "role", slp_text_at(salesplan_plan_rep_role, p, i));
            if (slp_text_at(salesplan_plan_rep_start, p, i) != NULL)
                slp_jw_kstring_opt(w, "start", slp_text_at(salesplan_plan_rep_start, p, i));
            else
                slp_jw_kint(w, "tenure_months", slp_long_at(salesplan_plan_rep_tenure_months, p, i));
            slp_jw_knumber_opt(w, "territory_weight",
                               slp_num_at(salesplan_plan_rep_territory_weight, p, i));
            slp_jw_end(w);
        }
        slp_jw_end(w);
    }
    slp_jw_knumber_opt(w, "attrition_monthly", salesplan_plan_attrition_monthly(p));
    slp_jw_knumber_opt(w, "expected_attainment", salesplan_plan_expected_attainment(p));
    slp_jw_end(w);
}

static void write_economics(slp_jw *w, const salesplan_plan *p)
{
    static const char *const names[4] = {"arpa_monthly", "gross_margin", "churn_monthly", "cac"};
    int any = 0;
    for (int f = 0; f < 4; f++)
        any |= !isnan(salesplan_plan_economics(p, (salesplan_economics_field)f));
    if (!any)
        return;
    slp_jw_kobject(w, "economics", SLP_JW_PRETTY);
    for (int f = 0; f < 4; f++)
        slp_jw_knumber_opt(w, names[f], salesplan_plan_economics(p, (salesplan_economics_field)f));
    slp_jw_end(w);
}

/* Extensions hold raw JSON set by the caller: make sure each is one JSON value. */
static int check_extensions(const salesplan_plan *p, salesplan_error *err)
{
    for (size_t i = 0; i < salesplan_plan_extension_count(p); i++) {
        const char *text = slp_text_at(salesplan_plan_extension_json, p, i);
        salesplan_error je;
        slp_jpos *v = NULL;
        int rc = slp_jpos_scan_value(&v, text, strlen(text), &je);
        slp_jpos_free(v);
        if (rc == SALESPLAN_ENOMEM)
            return slp_error_set(err, rc, NULL, 0, 0, "out of memory");
        if (rc != SALESPLAN_OK)
            return slp_error_set(err, SALESPLAN_EINVAL, slp_text_at(salesplan_plan_extension_key, p, i), 0, 0,
                                 "extension value is not valid JSON: %s", je.message);
    }
    return SALESPLAN_OK;
}

salesplan_status salesplan_plan_to_json(char **out, size_t *len, const salesplan_plan *p,
                                        salesplan_error *err)
{
    slp_error_clear(err);
    if (out == NULL)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0, "no output pointer");
    *out = NULL;
    if (len)
        *len = 0;
    if (p == NULL)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0, "no plan");
    slp_clocale loc; /* like every writer, in the C locale whatever the host set */
    if (slp_clocale_enter(&loc) != SALESPLAN_OK)
        return slp_error_set(err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory writing the plan");
    int rc = check_extensions(p, err);
    if (rc != SALESPLAN_OK) {
        slp_clocale_leave(&loc);
        return rc;
    }
    slp_strbuf sb = SLP_STRBUF_INIT;
    slp_jw w;
    slp_jw_init(&w, &sb);
    slp_jw_object(&w, SLP_JW_PRETTY);
    slp_jw_kint(&w, "salesplan", 1);
    slp_jw_kstring_opt(&w, "name", salesplan_plan_name(p));
    slp_jw_kstring_opt(&w, "currency", salesplan_plan_currency(p));
    write_period(&w, p);
    write_narrative(&w, p);
    write_target(&w, p);
    write_funnel(&w, p);
    write_activities(&w, p);
    write_team(&w, p);
    write_economics(&w, p);
    for (size_t i = 0; i < salesplan_plan_extension_count(p); i++) {
        slp_jw_key(&w, slp_text_at(salesplan_plan_extension_key, p, i));
        slp_jw_raw(&w, slp_text_at(salesplan_plan_extension_json, p, i));
    }
    slp_jw_end(&w);
    slp_sb_putc(&sb, '\n');
    return slp_text_finish(&loc, &sb, SALESPLAN_OK, out, len, "out of memory writing the plan",
                           err);
}

salesplan_status salesplan_plan_save_file(const salesplan_plan *p, const char *path, salesplan_error *err)
{
    char *text = NULL;
    size_t len = 0;
    if (path == NULL)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0, "no output file name given");
    int rc = salesplan_plan_to_json(&text, &len, p, err);
    if (rc != SALESPLAN_OK)
        return rc;
    rc = slp_write_atomic(path, text, len, err);
    slp_free(text);
    return rc;
}
