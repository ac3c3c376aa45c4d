/* Reading the plan's top level, period, calendar, narrative, target, deal
 * and economics (SPEC §3) through the model's setters. */
#include <limits.h>
#include <math.h>
#include <stddef.h>
#include <string.h>

#include "common/alloc.h"
#include "model/plan_model.h"
#include "format/plan_read.h"

/* ---- top level --------------------------------------------------------------------- */

static void rd_version(slp_rd *r, size_t node, void *ctx)
{
    long long x;
    (void)ctx;
    if (slp_rd_int(r, node, LLONG_MIN, LLONG_MAX, &x) == 0 && x != 1)
        slp_rd_prob(r, node, 0, "unsupported format version: must be 1; found %lld", x);
}

/* A setter (or add_*) of one string of the plan. */
typedef salesplan_status (*str_setter)(salesplan_plan *p, const char *s, salesplan_error *err);

/* Hand string `node` to `set`, a refusal reported at it. */
static void set_string(slp_rd *r, size_t node, str_setter set)
{
    const char *s;
    size_t len;
    salesplan_error e;
    if (slp_rd_string(r, node, &s, &len) == 0)
        slp_rd_setter(r, set(r->p, s, &e), node, &e);
}

static void rd_name(slp_rd *r, size_t node, void *ctx)
{
    (void)ctx;
    set_string(r, node, salesplan_plan_set_name);
}

static void rd_currency(slp_rd *r, size_t node, void *ctx)
{
    (void)ctx;
    set_string(r, node, salesplan_plan_set_currency);
}

static void rd_confidence(slp_rd *r, size_t node, void *ctx)
{
    double q;
    (void)ctx;
    salesplan_error e;
    if (slp_rd_number(r, node, &q) == 0)
        slp_rd_setter(r, salesplan_plan_set_confidence(r->p, q, &e), node, &e);
}

/* ---- period ------------------------------------------------------------------------ */

typedef struct period_ctx {
    slp_fval start, days;
} period_ctx;

typedef struct intlist {
    long *v;
    int bad;
} intlist;

static void phase_item(slp_rd *r, size_t node, size_t i, void *ctx)
{
    intlist *l = ctx;
    long long x;
    if (slp_rd_int(r, node, LONG_MIN, LONG_MAX, &x) == 0)
        l->v[i] = (long)x;
    else
        l->bad = 1;
}

static void rd_phases(slp_rd *r, size_t node, void *ctx)
{
    (void)ctx;
    if (slp_rd_array(r, node) != 0)
        return;
    size_t n = slp_jpos_nkids(r->jp, node);
    intlist l = {slp_calloc(n ? n : 1, sizeof(long)), 0};
    if (l.v == NULL) {
        r->nomem = 1;
        return;
    }
    slp_rd_each(r, node, phase_item, &l);
    salesplan_error e;
    if (!l.bad)
        slp_rd_list_setter(r, salesplan_plan_set_phases(r->p, l.v, n, &e), node, &e);
    slp_free(l.v);
}

static const slp_member period_members[] = {
    {"start", SLP_F_STR, offsetof(period_ctx, start), NULL, 1, 0, 0},
    {"days", SLP_F_INT, offsetof(period_ctx, days), NULL, 1, LONG_MIN, LONG_MAX},
    {"phases", SLP_F_FN, 0, rd_phases, 0, 0, 0},
};

static void rd_period(slp_rd *r, size_t node, void *ctx)
{
    period_ctx c;
    (void)ctx;
    if (slp_rd_record(r, node, period_members, SLP_NMEMB(period_members), &c, sizeof c) != 0)
        return;
    if (c.start.state != 1 || c.days.state != 1)
        return;
    salesplan_error e;
    int rc = salesplan_plan_set_period(r->p, c.start.s, (long)c.days.i, &e);
    if (slp_rd_refused_member(r, rc, node, &e, period_members, SLP_NMEMB(period_members), &c) ==
        0) {
        /* the start was refused: the days have a rule of their own (no stand-in period) */
        if (!slp_rule_ok(SLP_RULE_PERIOD_DAYS, (double)c.days.i)) {
            slp_refuse_int(&e, SLP_RULE_PERIOD_DAYS, SLP_AT("period.days"), c.days.i);
            slp_rd_refused_member(r, SALESPLAN_EINVAL, node, &e, period_members,
                                  SLP_NMEMB(period_members), &c);
        }
    }
}

/* ---- calendar ---------------------------------------------------------------------- */

typedef struct wd_ctx {
    unsigned mask;
    int bad;
} wd_ctx;

static void workday_item(slp_rd *r, size_t node, size_t i, void *ctx)
{
    static const char *const names[7] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    wd_ctx *c = ctx;
    const char *s;
    size_t len;
    (void)i;
    if (slp_rd_string(r, node, &s, &len) != 0) {
        c->bad = 1;
        return;
    }
    for (unsigned k = 0; k < 7; k++) {
        if (strcmp(s, names[k]) == 0) {
            if (c->mask & (1u << k)) {
                slp_rd_prob(r, node, 0, "weekday \"%s\" is listed twice", s);
                c->bad = 1;
            }
            c->mask |= 1u << k;
            return;
        }
    }
    slp_rd_refused(r, node, "must be one of mon, tue, wed, thu, fri, sat, sun");
    c->bad = 1;
}

static void rd_workdays(slp_rd *r, size_t node, void *ctx)
{
    wd_ctx c = {0, 0};
    (void)ctx;
    if (slp_rd_array(r, node) != 0)
        return;
    slp_rd_each(r, node, workday_item, &c);
    salesplan_error e;
    if (!c.bad)
        slp_rd_setter(r, salesplan_plan_set_workdays(r->p, c.mask, &e), node, &e);
}

/* The plan's lists of strings: holidays and the narrative's lists. */
typedef struct text_list {
    int narrative;        /* 0: the holidays */
    salesplan_list which; /* the narrative's list */
} text_list;

/* Item `node` of the text list `ctx` (a text_list) into the plan. */
static void text_item(slp_rd *r, size_t node, size_t i, void *ctx)
{
    const text_list *l = ctx;
    const char *s;
    size_t len;
    salesplan_error e;
    (void)i;
    if (slp_rd_string(r, node, &s, &len) != 0)
        return;
    salesplan_status rc = l->narrative ? salesplan_plan_add_list_item(r->p, l->which, s, &e)
                                       : salesplan_plan_add_holiday(r->p, s, &e);
    slp_rd_setter(r, (int)rc, node, &e);
}

static void rd_holidays(slp_rd *r, size_t node, void *ctx)
{
    text_list holidays = {0, SALESPLAN_LIST_STRATEGIES};
    (void)ctx;
    slp_rd_each(r, node, text_item, &holidays);
}

static const slp_member calendar_members[] = {
    {"workdays", SLP_F_FN, 0, rd_workdays, 0, 0, 0},
    {"holidays", SLP_F_FN, 0, rd_holidays, 0, 0, 0},
};

static void rd_calendar(slp_rd *r, size_t node, void *ctx)
{
    if (slp_rd_object(r, node) == 0)
        slp_rd_members(r, node, calendar_members, SLP_NMEMB(calendar_members), ctx, 0);
}

/* ---- narrative --------------------------------------------------------------------- */

typedef struct narrative_ctx {
    slp_fval text[4];
} narrative_ctx;

typedef struct competitor_ctx {
    slp_fval name, kind, notes;
} competitor_ctx;

static const slp_member competitor_members[] = {
    {"name", SLP_F_STR, offsetof(competitor_ctx, name), NULL, 1, 0, 0},
    {"kind", SLP_F_STR, offsetof(competitor_ctx, kind), NULL, 1, 0, 0},
    {"notes", SLP_F_STR, offsetof(competitor_ctx, notes), NULL, 0, 0, 0},
};

static void competitor_item(slp_rd *r, size_t node, size_t i, void *ctx)
{
    competitor_ctx c;
    (void)i;
    (void)ctx;
    if (slp_rd_record(r, node, competitor_members, SLP_NMEMB(competitor_members), &c, sizeof c) !=
        0)
        return;
    int kind = -1;
    if (c.kind.state == 1) {
        if (strcmp(c.kind.s, "direct") == 0)
            kind = SALESPLAN_COMPETITOR_DIRECT;
        else if (strcmp(c.kind.s, "indirect") == 0)
            kind = SALESPLAN_COMPETITOR_INDIRECT;
        else
            slp_rd_refused_at(r, "kind", c.kind.node, "must be \"direct\" or \"indirect\"");
    }
    if (c.name.state != 1 || kind < 0 || c.notes.state == 2)
        return;
    salesplan_error e;
    int rc = salesplan_plan_add_competitor(r->p, c.name.s, (salesplan_competitor_kind)kind,
                                           c.notes.state == 1 ? c.notes.s : NULL, &e);
    slp_rd_refused_member(r, rc, node, &e, competitor_members, SLP_NMEMB(competitor_members), &c);
}

static void rd_competitors(slp_rd *r, size_t node, void *ctx)
{
    slp_rd_each(r, node, competitor_item, ctx);
}

static void rd_strategies(slp_rd *r, size_t node, void *ctx)
{
    text_list strategies = {1, SALESPLAN_LIST_STRATEGIES};
    (void)ctx;
    slp_rd_each(r, node, text_item, &strategies);
}

static void rd_kpis(slp_rd *r, size_t node, void *ctx)
{
    text_list kpis = {1, SALESPLAN_LIST_KPIS};
    (void)ctx;
    slp_rd_each(r, node, text_item, &kpis);
}

static const slp_member narrative_members[] = {
    {"mission", SLP_F_STR, offsetof(narrative_ctx, text[0]), NULL, 0, 0, 0},
    {"positioning", SLP_F_STR, offsetof(narrative_ctx, text[1]), NULL, 0, 0, 0},
    {"value_proposition", SLP_F_STR, offsetof(narrative_ctx, text[2]), NULL, 0, 0, 0},
    {"target_market", SLP_F_STR, offsetof(narrative_ctx, text[3]), NULL, 0, 0, 0},
    {"competitors", SLP_F_FN, 0, rd_competitors, 0, 0, 0},
    {"strategies", SLP_F_FN, 0, rd_strategies, 0, 0, 0},
    {"kpis", SLP_F_FN, 0, rd_kpis, 0, 0, 0},
};

static void rd_narrative(slp_rd *r, size_t node, void *ctx)
{
    narrative_ctx c;
    (void)ctx;
    if (slp_rd_record(r, node, narrative_members, SLP_NMEMB(narrative_members), &c, sizeof c) != 0)
        return;
    for (int f = 0; f < 4; f++) {
        if (c.text[f].state != 1)
            continue;
        salesplan_error e;
        slp_rd_setter_at(r, narrative_members[f].key,
                         salesplan_plan_set_text(r->p, (salesplan_text_field)f, c.text[f].s, &e),
                         c.text[f].node, &e);
    }
}

/* ---- target and deal ---------------------------------------------------------------- */

typedef struct target_ctx {
    slp_fval revenue, kind, over, seasonality;
} target_ctx;

static const slp_member target_members[] = {
    {"revenue", SLP_F_NUM, offsetof(target_ctx, revenue), NULL, 1, 0, 0},
    {"kind", SLP_F_STR, offsetof(target_ctx, kind), NULL, 0, 0, 0},
    {"over_assignment", SLP_F_NUM, offsetof(target_ctx, over), NULL, 0, 0, 0},
    {"seasonality", SLP_F_ANY, offsetof(target_ctx, seasonality), NULL, 0, 0, 0},
};

static void rd_target(slp_rd *r, size_t node, void *ctx)
{
    static const char *const kinds[4] = {"new_business", "expansion", "renewal", "total"};
    target_ctx c;
    (void)ctx;
    if (slp_rd_record(r, node, target_members, SLP_NMEMB(target_members), &c, sizeof c) != 0)
        return;
    salesplan_error e;
    slp_rd_set_num(r, "revenue", &c.revenue, salesplan_plan_set_target_revenue);
    if (c.kind.state == 1) {
        int k = 0;
        while (k < 4 && strcmp(kinds[k], c.kind.s) != 0)
            k++;
        size_t old = slp_rd_push_key(r, "kind");
        if (k < 4)
            slp_rd_setter(r, salesplan_plan_set_target_kind(r->p, (salesplan_target_kind)k, &e),
                          c.kind.node, &e);
        else
            slp_rd_refused(r, c.kind.node,
                           "must be one of new_business, expansion, renewal, total");
        slp_rd_pop(r, old);
    }
    slp_rd_set_num(r, "over_assignment", &c.over, salesplan_plan_set_over_assignment);
    if (c.seasonality.state == 1) {
        size_t old = slp_rd_push_key(r, "seasonality");
        slp_numlist l;
        if (slp_rd_numbers(r, c.seasonality.node, &l) == 0) {
            if (l.n == 0)
                slp_rd_prob(r, c.seasonality.node, 0,
                            "must list one weight per month slice of the period; found []");
            else
                slp_rd_list_setter(r, salesplan_plan_set_seasonality(r->p, l.v, l.n, &e),
                                   c.seasonality.node, &e);
        }
        slp_free(l.v);
        slp_rd_pop(r, old);
    }
}

typedef struct deal_ctx {
    slp_fval size, cv;
} deal_ctx;

static const slp_member deal_members[] = {
    {"average_size", SLP_F_NUM, offsetof(deal_ctx, size), NULL, 1, 0, 0},
    {"size_cv", SLP_F_NUM, offsetof(deal_ctx, cv), NULL, 0, 0, 0},
};

static void rd_deal(slp_rd *r, size_t node, void *ctx)
{
    deal_ctx c;
    (void)ctx;
    if (slp_rd_record(r, node, deal_members, SLP_NMEMB(deal_members), &c, sizeof c) != 0)
        return;
    slp_rd_set_num(r, "average_size", &c.size, salesplan_plan_set_deal_size);
    slp_rd_set_num(r, "size_cv", &c.cv, salesplan_plan_set_deal_size_cv);
}

/* ---- economics ---------------------------------------------------------------------- */

typedef struct econ_ctx {
    slp_fval f[4];
} econ_ctx;

static const slp_member econ_members[] = {
    {"arpa_monthly", SLP_F_NUM, offsetof(econ_ctx, f[0]), NULL, 0, 0, 0},
    {"gross_margin", SLP_F_NUM, offsetof(econ_ctx, f[1]), NULL, 0, 0, 0},
    {"churn_monthly", SLP_F_NUM, offsetof(econ_ctx, f[2]), NULL, 0, 0, 0},
    {"cac", SLP_F_NUM, offsetof(econ_ctx, f[3]), NULL, 0, 0, 0},
};

static void rd_economics(slp_rd *r, size_t node, void *ctx)
{
    econ_ctx c;
    salesplan_error e;
    (void)ctx;
    if (slp_rd_record(r, node, econ_members, SLP_NMEMB(econ_members), &c, sizeof c) != 0)
        return;
    for (int f = 0; f < 4; f++)
        if (c.f[f].state == 1)
            slp_rd_setter_at(
                r, econ_members[f].key,
                salesplan_plan_set_economics(r->p, (salesplan_economics_field)f, c.f[f].num, &e),
                c.f[f].node, &e);
}

/* ---- the plan ------------------------------------------------------------------------ */

static const slp_member plan_members[] = {
    {"salesplan", SLP_F_FN, 0, rd_version, 1, 0, 0},
    {"name", SLP_F_FN, 0, rd_name, 1, 0, 0},
    {"currency", SLP_F_FN, 0, rd_currency, 0, 0, 0},
    {"period", SLP_F_FN, 0, rd_period, 1, 0, 0},
    {"calendar", SLP_F_FN, 0, rd_calendar, 0, 0, 0},
    {"narrative", SLP_F_FN, 0, rd_narrative, 0, 0, 0},
    {"target", SLP_F_FN, 0, rd_target, 1, 0, 0},
    {"deal", SLP_F_FN, 0, rd_deal, 1, 0, 0},
    {"confidence", SLP_F_FN, 0, rd_confidence, 0, 0, 0},
    {"funnel", SLP_F_FN, 0, slp_rd_funnel, 1, 0, 0},
    {"pipeline", SLP_F_FN, 0, slp_rd_pipeline, 0, 0, 0},
    {"activities", SLP_F_FN, 0, slp_rd_activities, 0, 0, 0},
    {"team", SLP_F_FN, 0, slp_rd_team, 0, 0, 0},
    {"economics", SLP_F_FN, 0, rd_economics, 0, 0, 0},
};

void slp_rd_plan(slp_rd *r)
{
    if (slp_jpos_type(r->jp, 0) != SLP_JT_OBJECT) {
        char found[80];
        slp_rd_describe(r, 0, found, sizeof found);
        slp_rd_prob(r, 0, 0, "a plan file must be a JSON object; found %s", found);
        return;
    }
    slp_rd_members(r, 0, plan_members, SLP_NMEMB(plan_members), NULL, 1);
}
