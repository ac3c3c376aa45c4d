/* Writing a plan as a JSON plan file (SPEC §3): keys in the order of the
 * format's table, two-space indentation, numbers that round-trip a double.
 * Everything set in the model is written, defaults included, except what is
 * absent (unset optional values, empty lists, default phases). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "common/alloc.h"
#include "common/io.h"
#include "salesplan/plan.h"
#include "common/strbuf.h"
#include "json/json_pos.h"

#define MAX_NEST 16

typedef struct jw {
    slp_strbuf sb;
    int depth;
    int first[MAX_NEST];
} jw;

static void indent(jw *w)
{
    slp_sb_putc(&w->sb, '\n');
    for (int i = 0; i < w->depth; i++)
        slp_sb_puts(&w->sb, "  ");
}

/* Start a new member or item of the innermost container. */
static void next(jw *w)
{
    if (!w->first[w->depth])
        slp_sb_putc(&w->sb, ',');
    w->first[w->depth] = 0;
    indent(w);
}

static void open_(jw *w, char c)
{
    slp_sb_putc(&w->sb, c);
    if (w->depth + 1 < MAX_NEST)
        w->depth++;
    w->first[w->depth] = 1;
}

static void close_(jw *w, char c)
{
    int empty = w->first[w->depth];
    w->depth--;
    if (!empty)
        indent(w);
    slp_sb_putc(&w->sb, c);
}

static void key(jw *w, const char *k)
{
    next(w);
    slp_sb_json_string(&w->sb, k);
    slp_sb_puts(&w->sb, ": ");
}

static void kstr(jw *w, const char *k, const char *s)
{
    if (s == NULL)
        return;
    key(w, k);
    slp_sb_json_string(&w->sb, s);
}

/* A number member; absent (NaN) values are left out. */
static void knum(jw *w, const char *k, double v)
{
    if (isnan(v))
        return;
    key(w, k);
    slp_sb_json_number(&w->sb, v);
}

static void kint(jw *w, const char *k, long long v)
{
    key(w, k);
    slp_sb_printf(&w->sb, "%lld", v);
}

/* A list of strings, one per line. */
typedef const char *(*str_at_fn)(const salesplan_plan *p, size_t i, size_t j);

static void kstrs(jw *w, const char *k, const salesplan_plan *p, size_t n, str_at_fn at, size_t i)
{
    if (n == 0)
        return;
    key(w, k);
    open_(w, '[');
    for (size_t j = 0; j < n; j++) {
        next(w);
        slp_sb_json_string(&w->sb, at(p, i, j));
    }
    close_(w, ']');
}

static const char *holiday_at(const salesplan_plan *p, size_t i, size_t j)
{
    (void)i;
    return salesplan_plan_holiday(p, j);
}

static const char *list_at(const salesplan_plan *p, size_t i, size_t j)
{
    return salesplan_plan_list_item(p, (salesplan_list)i, j);
}

static const char *skill_at(const salesplan_plan *p, size_t i, size_t j)
{
    return salesplan_plan_activity_skill(p, i, j);
}

static void write_period(jw *w, const salesplan_plan *p)
{
    static const char *const days[7] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    if (salesplan_plan_period_start(p) != NULL) {
        key(w, "period");
        open_(w, '{');
        kstr(w, "start", salesplan_plan_period_start(p));
        kint(w, "days", salesplan_plan_period_days(p));
        size_t n = salesplan_plan_phase_count(p);
        if (n > 0) {
            key(w, "phases");
            slp_sb_putc(&w->sb, '[');
            for (size_t i = 0; i < n; i++)
                slp_sb_printf(&w->sb, "%s%d", i ? ", " : "", salesplan_plan_phase(p, i));
            slp_sb_putc(&w->sb, ']');
        }
        close_(w, '}');
    }
    key(w, "calendar");
    open_(w, '{');
    key(w, "workdays");
    slp_sb_putc(&w->sb, '[');
    unsigned mask = salesplan_plan_workdays(p);
    int first = 1;
    for (unsigned d = 0; d < 7; d++) {
        if (!(mask & (1u << d)))
            continue;
        slp_sb_printf(&w->sb, "%s\"%s\"", first ? "" : ", ", days[d]);
        first = 0;
    }
    slp_sb_putc(&w->sb, ']');
    kstrs(w, "holidays", p, salesplan_plan_holiday_count(p), holiday_at, 0);
    close_(w, '}');
}

static void write_narrative(jw *w, const salesplan_plan *p)
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
    key(w, "narrative");
    open_(w, '{');
    for (int f = 0; f < 4; f++)
        kstr(w, texts[f], salesplan_plan_text(p, (salesplan_text_field)f));
    if (nc > 0) {
        key(w, "competitors");
        open_(w, '[');
        for (size_t i = 0; i < nc; i++) {
            next(w);
            open_(w, '{');
            kstr(w, "name", salesplan_plan_competitor_name(p, i));
            kstr(w, "kind",
                 salesplan_plan_competitor_kind(p, i) == SALESPLAN_COMPETITOR_INDIRECT
                     ? "indirect"
                     : "direct");
            kstr(w, "notes", salesplan_plan_competitor_notes(p, i));
            close_(w, '}');
        }
        close_(w, ']');
    }
    kstrs(w, "strategies", p, ns, list_at, SALESPLAN_LIST_STRATEGIES);
    kstrs(w, "kpis", p, nk, list_at, SALESPLAN_LIST_KPIS);
    close_(w, '}');
}

static void write_target(jw *w, const salesplan_plan *p)
{
    static const char *const kinds[4] = {"new_business", "expansion", "renewal", "total"};
    int kind = salesplan_plan_target_kind(p);
    key(w, "target");
    open_(w, '{');
    knum(w, "revenue", salesplan_plan_target_revenue(p));
    kstr(w, "kind", kinds[kind >= 0 && kind < 4 ? kind : 0]);
    knum(w, "over_assignment", salesplan_plan_over_assignment(p));
    size_t n = salesplan_plan_seasonality_count(p);
    if (n > 0) {
        key(w, "seasonality");
        slp_sb_putc(&w->sb, '[');
        for (size_t i = 0; i < n; i++) {
            if (i)
                slp_sb_puts(&w->sb, ", ");
            slp_sb_json_number(&w->sb, salesplan_plan_seasonality(p, i));
        }
        slp_sb_putc(&w->sb, ']');
    }
    close_(w, '}');
    key(w, "deal");
    open_(w, '{');
    knum(w, "average_size", salesplan_plan_deal_size(p));
    knum(w, "size_cv", salesplan_plan_deal_size_cv(p));
    close_(w, '}');
    knum(w, "confidence", salesplan_plan_confidence(p));
}

static void write_funnel(jw *w, const salesplan_plan *p)
{
    size_t n = salesplan_plan_stage_count(p);
    long opp = salesplan_plan_opportunity_stage(p);
    key(w, "funnel");
    open_(w, '{');
    key(w, "stages");
    open_(w, '[');
    for (size_t i = 0; i < n; i++) {
        long long adv, lost;
        next(w);
        open_(w, '{');
        kstr(w, "name", salesplan_plan_stage_name(p, i));
        knum(w, "conversion", salesplan_plan_stage_conversion(p, i));
        knum(w, "days", salesplan_plan_stage_days(p, i));
        if (opp >= 0 && (size_t)opp == i) {
            key(w, "opportunity");
            slp_sb_puts(&w->sb, "true");
        }
        if (salesplan_plan_stage_observed(p, i, &adv, &lost) == SALESPLAN_OK) {
            key(w, "observed");
            slp_sb_printf(&w->sb, "{\"advanced\": %lld, \"lost\": %lld}", adv, lost);
        }
        close_(w, '}');
    }
    close_(w, ']');
    close_(w, '}');
    size_t np = salesplan_plan_pipeline_count(p);
    if (np > 0) {
        key(w, "pipeline");
        open_(w, '{');
        for (size_t i = 0; i < np; i++)
            kint(w, salesplan_plan_pipeline_stage(p, i), salesplan_plan_pipeline_deals(p, i));
        close_(w, '}');
    }
}

static void write_activities(jw *w, const salesplan_plan *p)
{
    size_t n = salesplan_plan_activity_count(p);
    if (n == 0)
        return;
    key(w, "activities");
    open_(w, '[');
    for (size_t i = 0; i < n; i++) {
        next(w);
        open_(w, '{');
        kstr(w, "name", salesplan_plan_activity_name(p, i));
        kstr(w, "stage", salesplan_plan_activity_stage(p, i));
        knum(w, "per_entry", salesplan_plan_activity_per_entry(p, i));
        knum(w, "share", salesplan_plan_activity_share(p, i));
        kstr(w, "role", salesplan_plan_activity_role(p, i));
        knum(w, "minutes", salesplan_plan_activity_minutes(p, i));
        kstrs(w, "skills", p, salesplan_plan_activity_skill_count(p, i), skill_at, i);
        close_(w, '}');
    }
    close_(w, ']');
}

static void write_team(jw *w, const salesplan_plan *p)
{
    size_t nr = salesplan_plan_role_count(p), np = salesplan_plan_rep_count(p);
    key(w, "team");
    open_(w, '{');
    if (nr > 0) {
        key(w, "roles");
        open_(w, '[');
        for (size_t i = 0; i < nr; i++) {
            next(w);
            open_(w, '{');
            kstr(w, "name", salesplan_plan_role_name(p, i));
            size_t nramp = salesplan_plan_role_ramp_count(p, i);
            if (nramp > 0) {
                key(w, "ramp");
                slp_sb_putc(&w->sb, '[');
                for (size_t m = 0; m < nramp; m++) {
                    if (m)
                        slp_sb_puts(&w->sb, ", ");
                    slp_sb_json_number(&w->sb, salesplan_plan_role_ramp(p, i, m));
                }
                slp_sb_putc(&w->sb, ']');
            }
            knum(w, "quota_monthly", salesplan_plan_role_quota_monthly(p, i));
            knum(w, "minutes_per_day", salesplan_plan_role_minutes_per_day(p, i));
            close_(w, '}');
        }
        close_(w, ']');
    }
    if (np > 0) {
        key(w, "reps");
        open_(w, '[');
        for (size_t i = 0; i < np; i++) {
            next(w);
            open_(w, '{');
            kstr(w, "name", salesplan_plan_rep_name(p, i));
            kstr(w, "role", salesplan_plan_rep_role(p, i));
            if (salesplan_plan_rep_start(p, i) != NULL)
                kstr(w, "start", salesplan_plan_rep_start(p, i));
            else
                kint(w, "tenure_months", salesplan_plan_rep_tenure_months(p, i));
            knum(w, "territory_weight", salesplan_plan_rep_territory_weight(p, i));
            close_(w, '}');
        }
        close_(w, ']');
    }
    knum(w, "attrition_monthly", salesplan_plan_attrition_monthly(p));
    knum(w, "expected_attainment", salesplan_plan_expected_attainment(p));
    close_(w, '}');
}

static void write_economics(jw *w, const salesplan_plan *p)
{
    static const char *const names[4] = {"arpa_monthly", "gross_margin", "churn_monthly", "cac"};
    int any = 0;
    for (int f = 0; f < 4; f++)
        any |= !isnan(salesplan_plan_economics(p, (salesplan_economics_field)f));
    if (!any)
        return;
    key(w, "economics");
    open_(w, '{');
    for (int f = 0; f < 4; f++)
        knum(w, names[f], salesplan_plan_economics(p, (salesplan_economics_field)f));
    close_(w, '}');
}

/* Extensions hold raw JSON set by the caller: make sure each is one JSON value. */
static int check_extensions(const salesplan_plan *p, salesplan_error *err)
{
    for (size_t i = 0; i < salesplan_plan_extension_count(p); i++) {
        const char *text = salesplan_plan_extension_json(p, i);
        salesplan_error je;
        slp_jpos *v = NULL;
        int rc = slp_jpos_scan_value(&v, text, strlen(text), &je);
        slp_jpos_free(v);
        if (rc == SALESPLAN_ENOMEM)
            return slp_error_set(err, rc, NULL, 0, 0, "out of memory");
        if (rc != SALESPLAN_OK)
            return slp_error_set(err, SALESPLAN_EINVAL, salesplan_plan_extension_key(p, i), 0, 0,
                                 "extension value is not valid JSON: %s", je.message);
    }
    return SALESPLAN_OK;
}

int salesplan_plan_to_json(const salesplan_plan *p, char **out, size_t *len,
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
    int rc = check_extensions(p, err);
    if (rc != SALESPLAN_OK)
        return rc;
    jw w;
    memset(&w, 0, sizeof w);
    open_(&w, '{');
    kint(&w, "salesplan", 1);
    kstr(&w, "name", salesplan_plan_name(p));
    kstr(&w, "currency", salesplan_plan_currency(p));
    write_period(&w, p);
    write_narrative(&w, p);
    write_target(&w, p);
    write_funnel(&w, p);
    write_activities(&w, p);
    write_team(&w, p);
    write_economics(&w, p);
    for (size_t i = 0; i < salesplan_plan_extension_count(p); i++) {
        key(&w, salesplan_plan_extension_key(p, i));
        slp_sb_puts(&w.sb, salesplan_plan_extension_json(p, i));
    }
    close_(&w, '}');
    slp_sb_putc(&w.sb, '\n');
    rc = slp_sb_finish(&w.sb, out, len);
    if (rc != SALESPLAN_OK)
        return slp_error_set(err, rc, NULL, 0, 0, "out of memory writing the plan");
    return SALESPLAN_OK;
}

int salesplan_plan_save_file(const salesplan_plan *p, const char *path, salesplan_error *err)
{
    char *text = NULL;
    size_t len = 0;
    if (path == NULL)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0, "no output file name given");
    int rc = salesplan_plan_to_json(p, &text, &len, err);
    if (rc != SALESPLAN_OK)
        return rc;
    rc = slp_write_atomic(path, text, len, err);
    slp_free(text);
    return rc;
}
