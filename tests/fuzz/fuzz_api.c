/* Fuzz target: the public API called in orders the fuzzer chooses.
 *
 * The input is a program. Byte 0 configures allocation failures: bit 7 set
 * means "fail allocation number N" (N from bytes 1-2, then bit 6: fail every
 * allocation from N on). Every later byte starts an instruction: an opcode,
 * a plan slot (4 slots, which may be empty: NULL handles are part of the
 * contract) and operands read from the following bytes: doubles (NaN, inf,
 * huge, negative, denormal, or 8 raw bytes), integers, indices (in and out of
 * range) and strings (NULL, names the plan uses, dates, bad UTF-8, or raw
 * bytes).
 *
 * Checked: nothing crashes or leaks, whatever the sequence; a refused setter
 * leaves the value as it was, an accepted one reads back; rendered JSON
 * parses; to_json of a plan that passes salesplan_plan_check() loads again
 * and serialises to the same text; load and validate agree. The checks that
 * need exact values are skipped when an allocation failed during the call. */
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json/json_pos.h"
#include "fuzz_check.h"
#include "salesplan.h"
#include "model/plan_model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);


/* ---- allocation failures -------------------------------------------------------------- */

typedef struct fail_state {
    unsigned long count;   /* allocations so far */
    unsigned long fail_at; /* 0: never */
    int sticky;            /* fail every allocation from fail_at on */
    unsigned long failed;  /* allocations refused so far */
} fail_state;

static fail_state g_fail; /* the allocator hook is process-wide too */

static int should_fail(void)
{
    unsigned long n = __atomic_add_fetch(&g_fail.count, 1, __ATOMIC_RELAXED);
    if (g_fail.fail_at != 0 && (n == g_fail.fail_at || (g_fail.sticky && n > g_fail.fail_at))) {
        __atomic_add_fetch(&g_fail.failed, 1, __ATOMIC_RELAXED);
        return 1;
    }
    return 0;
}

static void *f_malloc(void *ctx, size_t n)
{
    (void)ctx;
    return should_fail() ? NULL : malloc(n);
}

static void *f_realloc(void *ctx, void *p, size_t n)
{
    (void)ctx;
    return should_fail() ? NULL : realloc(p, n);
}

static void f_free(void *ctx, void *p)
{
    (void)ctx;
    free(p);
}

static unsigned long failures(void)
{
    return __atomic_load_n(&g_fail.failed, __ATOMIC_RELAXED);
}

/* ---- reading operands ------------------------------------------------------------------ */

typedef struct prog {
    const uint8_t *p;
    size_t n;
    char str[4][320]; /* rotating string operands; each lives for one call */
    unsigned next_str;
} prog;

static unsigned u8(prog *g)
{
    if (g->n == 0)
        return 0;
    g->n--;
    return *g->p++;
}

static void raw(prog *g, void *out, size_t n)
{
    memset(out, 0, n);
    size_t k = n < g->n ? n : g->n;
    memcpy(out, g->p, k);
    g->p += k;
    g->n -= k;
}

static double take_double(prog *g)
{
    static const double table[] = {
        0.0, -0.0, 1.0, -1.0, 0.5, 0.3, 0.999999, 1e-300, 4.9e-324, DBL_MAX, -DBL_MAX, 1e15,
        1e308, 2.0, 3.0, 7.0, 30.0, 90.0, 100.0, 1000.0, 5000.0, 250000.0, 1e9, 0.05, 1.5,
        480.0, 9223372036854775808.0, 1e-9, 0.1, 0.9, 1.0000000000000002, 12.0, 0.25, 1e-5};
    unsigned s = u8(g);
    if (s < 0x08)
        return NAN;
    if (s < 0x0C)
        return s & 1 ? INFINITY : -INFINITY;
    if (s >= 0xF0) {
        double v;
        raw(g, &v, sizeof v);
        return v;
    }
    return table[s % (sizeof table / sizeof table[0])];
}

static long long take_ll(prog *g)
{
    static const long long table[] = {0, 1, -1, 2, 7, 30, 31, 59, 60, 90, 91, 183, 365, 366,
                                      367, 1000, 3660, 3661, 10000, 12000, 12001, INT_MAX,
                                      INT_MIN, 12, 24, -30, LLONG_MAX, LLONG_MIN, 1LL << 53};
    unsigned s = u8(g);
    if (s >= 0xF0) {
        long long v;
        raw(g, &v, sizeof v);
        return v;
    }
    return table[s % (sizeof table / sizeof table[0])];
}

static int take_int(prog *g)
{
    long long v = take_ll(g);
    return (int)(v > INT_MAX ? INT_MAX : v < INT_MIN ? INT_MIN : v);
}

static size_t take_index(prog *g)
{
    unsigned s = u8(g);
    if (s < 0xF0)
        return s % 8u;
    if (s == 0xFF)
        return SIZE_MAX;
    if (s == 0xFE)
        return (size_t)1 << 40;
    return s - 0xF0u + 8u;
}

static const char *take_string(prog *g)
{
    static const char *const table[] = {
        NULL, "", "Lead", "Qualified", "Demo", "Proposal", "Won", "Opportunity", "AE", "SDR",
        "Ann", "Bob", "2026-01-05", "2026-02-29", "2024-02-29", "9999-12-31", "0000-01-01",
        "2026-1-5", "USD", "usd", "EUR", "X", "Calls", "Emails", "\xff\xfe", "caf\xc3\xa9",
        "{\"a\": [1, 2.5e3, null, true]}", "null", "{}", "[", "x-ext", "x-source", "a\nb\tc",
        "\xf0\x9f\x98\x80", "\xed\xa0\x80", "1e999", "\"quoted\"", "<svg>&amp;</svg>", "a,b;c",
        "negotiation", "discovery"};
    unsigned s = u8(g);
    char *buf = g->str[g->next_str++ % 4];
    if (s < 0xE0)
        return table[s % (sizeof table / sizeof table[0])];
    size_t n = s == 0xFF ? 300 : u8(g) % 64u; /* raw bytes, or a long run */
    if (s == 0xFF) {
        memset(buf, 'a' + (int)(u8(g) % 26u), n);
    } else {
        raw(g, buf, n);
    }
    buf[n] = '\0';
    return buf;
}

/* ---- checks ------------------------------------------------------------------------------ */

static int same_double(double a, double b)
{
    return (isnan(a) && isnan(b)) || a == b;
}

/* 1 when `text` is JSON (0 only when an injected allocation failure reached
 * the reader). The setters refuse text that is not UTF-8, so every document the
 * library writes must parse (corpus/api/crash-name-bad-utf8.bin once failed). */
static int check_json_text(const char *text, size_t len)
{
    slp_jpos *j = NULL;
    salesplan_error jerr;
    int rc = slp_jpos_scan_value(&j, text, len, &jerr);
    if (rc != SALESPLAN_OK) {
        if (rc == SALESPLAN_ENOMEM || failures() > 0)
            return 0; /* the reader shares the failing allocator */
        fprintf(stderr, "invalid JSON (%s, line %ld col %ld):\n%.3000s\n", jerr.message,
                jerr.line, jerr.column, text);
        abort();
    }
    slp_jpos_free(j);
    return 1;
}

/* Deep equality of node x of a and node y of b: objects with the same keys in
 * any order, arrays item by item, strings decoded, numbers by value. */
static int same_value(const slp_jpos *a, size_t x, const slp_jpos *b, size_t y)
{
    slp_jtype t = slp_jpos_type(a, x);
    if (x == SLP_JPOS_NONE || y == SLP_JPOS_NONE || t != slp_jpos_type(b, y))
        return 0;
    size_t n = slp_jpos_nkids(a, x), la, lb;
    double da, db;
    switch (t) {
    case SLP_JT_OBJECT:
        if (n != slp_jpos_nkids(b, y))
            return 0;
        for (size_t i = 0; i < n; i++) {
            size_t k = slp_jpos_kid(a, x, i);
            const char *key = slp_jpos_key(a, k, &la);
            if (!same_value(a, k, b, slp_jpos_member(b, y, key, la)))
                return 0;
        }
        return 1;
    case SLP_JT_ARRAY:
        if (n != slp_jpos_nkids(b, y))
            return 0;
        for (size_t i = 0; i < n; i++)
            if (!same_value(a, slp_jpos_kid(a, x, i), b, slp_jpos_kid(b, y, i)))
                return 0;
        return 1;
    case SLP_JT_STRING: {
        const char *sa = slp_jpos_string(a, x, &la), *sb = slp_jpos_string(b, y, &lb);
        return la == lb && memcmp(sa, sb, la) == 0;
    }
    case SLP_JT_NUMBER:
        return slp_jpos_number(a, x, &da) == 0 && slp_jpos_number(b, y, &db) == 0 && da == db;
    default: return 1;
    }
}

static void check_text(const char *s)
{
    if (s != NULL) {
        volatile size_t n = strlen(s);
        (void)n;
    }
}

static void check_diags(salesplan_diagnostics *d, int rc)
{
    if (d == NULL) {
        CHECK(rc == SALESPLAN_ENOMEM);
        return;
    }
    size_t n = salesplan_diagnostics_count(d);
    if (rc == SALESPLAN_OK)
        CHECK(n == 0);
    else if (rc != SALESPLAN_ENOMEM)
        CHECK(n > 0);
    for (size_t i = 0; i < n; i++) {
        const salesplan_error *e = salesplan_diagnostics_get(d, i);
        CHECK(e != NULL && e->code != SALESPLAN_OK && e->message[0] != '\0');
        CHECK(memchr(e->message, '\0', sizeof e->message) != NULL);
        CHECK(memchr(e->path, '\0', sizeof e->path) != NULL);
    }
    CHECK(salesplan_diagnostics_get(d, n) == NULL);
    salesplan_diagnostics_free(d);
}

/* Every getter, with indices in and out of range. */
static void read_everything(const salesplan_plan *p)
{
    check_text(salesplan_plan_name(p));
    check_text(salesplan_plan_currency(p));
    check_text(salesplan_plan_period_start(p));
    (void)salesplan_plan_period_days(p);
    (void)salesplan_plan_workdays(p);
    for (size_t i = 0, n = salesplan_plan_phase_count(p); i <= n; i++)
        (void)slp_long_at(salesplan_plan_phase, p, i);
    for (size_t i = 0, n = salesplan_plan_holiday_count(p); i <= n; i++)
        check_text(slp_text_at(salesplan_plan_holiday, p, i));
    for (int f = -1; f <= 4; f++)
        check_text(salesplan_plan_text(p, (salesplan_text_field)f));
    for (size_t i = 0, n = salesplan_plan_competitor_count(p); i <= n; i++) {
        check_text(slp_text_at(salesplan_plan_competitor_name, p, i));
        check_text(slp_text_at(salesplan_plan_competitor_notes, p, i));
        (void)slp_competitor_kind_at(p, i);
    }
    for (int l = -1; l <= 2; l++)
        for (size_t i = 0, n = salesplan_plan_list_count(p, (salesplan_list)l); i <= n; i++)
            check_text(slp_list_item_at(p, (salesplan_list)l, i));
    (void)salesplan_plan_target_revenue(p);
    (void)salesplan_plan_target_kind(p);
    (void)salesplan_plan_over_assignment(p);
    for (size_t i = 0, n = salesplan_plan_seasonality_count(p); i <= n; i++)
        (void)slp_num_at(salesplan_plan_seasonality, p, i);
    (void)salesplan_plan_deal_size(p);
    (void)salesplan_plan_deal_size_cv(p);
    (void)salesplan_plan_confidence(p);
    for (size_t i = 0, n = salesplan_plan_stage_count(p); i <= n; i++) {
        const char *name = slp_text_at(salesplan_plan_stage_name, p, i);
        check_text(name);
        if (name != NULL)
            CHECK(salesplan_plan_find_stage(p, name) >= 0);
        (void)slp_num_at(salesplan_plan_stage_conversion, p, i);
        (void)slp_num_at(salesplan_plan_stage_days, p, i);
        long long a = 0, l = 0;
        (void)salesplan_plan_stage_observed(&a, &l, p, i);
    }
    (void)salesplan_plan_opportunity_stage(p);
    for (size_t i = 0, n = salesplan_plan_pipeline_count(p); i <= n; i++) {
        check_text(slp_text_at(salesplan_plan_pipeline_stage, p, i));
        (void)slp_llong_at(salesplan_plan_pipeline_deals, p, i);
    }
    for (size_t i = 0, n = salesplan_plan_activity_count(p); i <= n; i++) {
        check_text(slp_text_at(salesplan_plan_activity_name, p, i));
        check_text(slp_text_at(salesplan_plan_activity_stage, p, i));
        check_text(slp_text_at(salesplan_plan_activity_role, p, i));
        (void)slp_num_at(salesplan_plan_activity_per_entry, p, i);
        (void)slp_num_at(salesplan_plan_activity_share, p, i);
        (void)slp_num_at(salesplan_plan_activity_minutes, p, i);
        for (size_t j = 0, m = slp_size_at(salesplan_plan_activity_skill_count, p, i); j <= m; j++)
            check_text(slp_skill_at(p, i, j));
    }
    for (size_t i = 0, n = salesplan_plan_role_count(p); i <= n; i++) {
        const char *name = slp_text_at(salesplan_plan_role_name, p, i);
        check_text(name);
        if (name != NULL)
            CHECK(salesplan_plan_find_role(p, name) >= 0);
        for (size_t m = 0, k = slp_size_at(salesplan_plan_role_ramp_count, p, i); m <= k; m++)
            (void)slp_ramp_at(p, i, m);
        (void)slp_num_at(salesplan_plan_role_quota_monthly, p, i);
        (void)slp_num_at(salesplan_plan_role_minutes_per_day, p, i);
    }
    for (size_t i = 0, n = salesplan_plan_rep_count(p); i <= n; i++) {
        check_text(slp_text_at(salesplan_plan_rep_name, p, i));
        check_text(slp_text_at(salesplan_plan_rep_role, p, i));
        check_text(slp_text_at(salesplan_plan_rep_start, p, i));
        (void)slp_long_at(salesplan_plan_rep_tenure_months, p, i);
        (void)slp_num_at(salesplan_plan_rep_territory_weight, p, i);
    }
    (void)salesplan_plan_attrition_monthly(p);
    (void)salesplan_plan_expected_attainment(p);
    for (int f = -1; f <= 4; f++)
        (void)salesplan_plan_economics(p, (salesplan_economics_field)f);
    for (size_t i = 0, n = salesplan_plan_extension_count(p); i <= n; i++) {
        check_text(slp_text_at(salesplan_plan_extension_key, p, i));
        check_text(slp_text_at(salesplan_plan_extension_json, p, i));
    }
}

static void render_all(const salesplan_result *r)
{
    for (int f = 0; f <= 4; f++) {
        char *out = NULL;
        size_t len = 0;
        salesplan_error err;
        int rc = salesplan_result_render(&out, &len, r, (salesplan_format)f, &err);
        if (rc == SALESPLAN_OK) {
            CHECK(out != NULL && strlen(out) == len);
            if (f == SALESPLAN_FORMAT_JSON)
                check_json_text(out, len);
            salesplan_free(out);
        } else {
            CHECK(rc == SALESPLAN_ENOMEM || rc == SALESPLAN_EINVAL);
            CHECK(rc == SALESPLAN_ENOMEM || f == 4 || r == NULL);
        }
    }
}

static void read_result(const salesplan_result *r)
{
    const salesplan_result_overview *o = salesplan_result_overview_get(r);
    CHECK(o != NULL);
    check_text(o->name);
    check_text(o->period_start);
    check_text(o->period_end);
    for (size_t i = 0, n = salesplan_result_stage_count(r); i <= n; i++) {
        const salesplan_stage_result *s = salesplan_result_stage(r, i);
        CHECK((s != NULL) == (i < n));
        if (s)
            check_text(s->name);
    }
    for (size_t i = 0, n = salesplan_result_activity_count(r); i <= n; i++) {
        const salesplan_activity_result *a = salesplan_result_activity(r, i);
        CHECK((a != NULL) == (i < n));
        if (a) {
            check_text(a->name);
            check_text(a->stage);
            check_text(a->role);
        }
    }
    for (size_t i = 0, n = salesplan_result_role_count(r); i <= n; i++)
        CHECK((salesplan_result_role(r, i) != NULL) == (i < n));
    size_t slices = salesplan_result_slice_count(r);
    for (size_t i = 0; i <= slices; i++) {
        const salesplan_slice_result *s = salesplan_result_slice(r, i);
        CHECK((s != NULL) == (i < slices));
        if (s) {
            check_text(s->start);
            check_text(s->end);
        }
    }
    for (size_t i = 0, n = salesplan_result_rep_quota_count(r); i <= n; i++) {
        const salesplan_rep_quota *q = salesplan_result_rep_quota(r, i);
        CHECK((q != NULL) == (i < n));
        if (q) {
            volatile double sum = 0.0;
            for (size_t k = 0; k < slices; k++)
                sum += q->slices[k];
            check_text(q->name);
        }
    }
    (void)salesplan_result_unassigned(r);
    for (size_t i = 0, n = salesplan_result_phase_count(r); i <= n; i++)
        CHECK((salesplan_result_phase(r, i) != NULL) == (i < n));
    CHECK(salesplan_result_capacity(r) != NULL);
    CHECK(salesplan_result_metrics(r) != NULL);
    for (size_t i = 0, n = salesplan_result_warning_count(r); i <= n; i++) {
        const salesplan_warning *w = salesplan_result_warning(r, i);
        CHECK((w != NULL) == (i < n));
        if (w) {
            check_text(w->code);
            check_text(w->path);
            check_text(w->message);
        }
    }
    read_everything(salesplan_result_plan(r));
}

/* ---- operations ------------------------------------------------------------------------ */

#define NSLOTS 4

typedef salesplan_status (*set_double_fn)(salesplan_plan *, double, salesplan_error *);
typedef double (*get_double_fn)(const salesplan_plan *);

static const struct {
    set_double_fn set;
    get_double_fn get;
} doubles[] = {
    {salesplan_plan_set_target_revenue, salesplan_plan_target_revenue},
    {salesplan_plan_set_over_assignment, salesplan_plan_over_assignment},
    {salesplan_plan_set_deal_size, salesplan_plan_deal_size},
    {salesplan_plan_set_deal_size_cv, salesplan_plan_deal_size_cv},
    {salesplan_plan_set_confidence, salesplan_plan_confidence},
    {salesplan_plan_set_attrition_monthly, salesplan_plan_attrition_monthly},
    {salesplan_plan_set_expected_attainment, salesplan_plan_expected_attainment},
};

static void op_set_double(prog *g, salesplan_plan *p)
{
    size_t k = u8(g) % (sizeof doubles / sizeof doubles[0]);
    double v = take_double(g);
    double before = doubles[k].get(p);
    unsigned long f0 = failures();
    int rc = doubles[k].set(p, v, NULL);
    double after = doubles[k].get(p);
    if (p == NULL) {
        CHECK(rc == SALESPLAN_EINVAL);
        return;
    }
    if (failures() != f0)
        return;
    if (rc == SALESPLAN_OK)
        CHECK(same_double(after, v));
    else
        CHECK(same_double(after, before));
}

static void op_economics(prog *g, salesplan_plan *p)
{
    int field = (int)(u8(g) % 6u) - 1; /* -1 and 4 are not fields */
    double v = take_double(g);
    salesplan_economics_field f = (salesplan_economics_field)field;
    double before = salesplan_plan_economics(p, f);
    int rc = salesplan_plan_set_economics(p, f, v, NULL);
    double after = salesplan_plan_economics(p, f);
    if (p == NULL || field < 0 || field > 3) {
        CHECK(rc == SALESPLAN_EINVAL);
        return;
    }
    CHECK(rc == SALESPLAN_OK ? same_double(after, v) : same_double(after, before));
}

static void op_strings(prog *g, salesplan_plan *p, unsigned which)
{
    const char *s = take_string(g);
    int rc;
    unsigned long f0 = failures();
    switch (which % 4u) {
    case 0:
        rc = salesplan_plan_set_name(p, s, NULL);
        if (rc == SALESPLAN_OK && failures() == f0)
            CHECK(s && salesplan_plan_name(p) && strcmp(salesplan_plan_name(p), s) == 0);
        break;
    case 1:
        rc = salesplan_plan_set_currency(p, s, NULL);
        if (rc == SALESPLAN_OK && failures() == f0)
            CHECK(s && salesplan_plan_currency(p) && strcmp(salesplan_plan_currency(p), s) == 0);
        break;
    case 2: {
        int field = (int)(u8(g) % 6u) - 1;
        rc = salesplan_plan_set_text(p, (salesplan_text_field)field, s, NULL);
        if (rc == SALESPLAN_OK && failures() == f0) {
            const char *t = salesplan_plan_text(p, (salesplan_text_field)field);
            CHECK(s == NULL ? t == NULL : (t != NULL && strcmp(t, s) == 0));
        }
        break;
    }
    default:
        rc = salesplan_plan_set_period(p, s, take_int(g), NULL);
        break;
    }
    if (p == NULL)
        CHECK(rc == SALESPLAN_EINVAL);
}

static void op_arrays(prog *g, salesplan_plan *p, unsigned which)
{
    size_t n = u8(g) % 14u;
    double dv[16];
    long iv[16];
    for (size_t i = 0; i < n; i++) {
        if (which % 3u == 0)
            iv[i] = take_int(g);
        else
            dv[i] = take_double(g);
    }
    unsigned long f0 = failures();
    int rc;
    switch (which % 3u) {
    case 0:
        rc = salesplan_plan_set_phases(p, n ? iv : NULL, n, NULL);
        if (rc == SALESPLAN_OK && failures() == f0) {
            CHECK(salesplan_plan_phase_count(p) == n);
            for (size_t i = 0; i < n; i++)
                CHECK(slp_long_at(salesplan_plan_phase, p, i) == iv[i]);
        }
        break;
    case 1:
        rc = salesplan_plan_set_seasonality(p, n ? dv : NULL, n, NULL);
        if (rc == SALESPLAN_OK && failures() == f0) {
            CHECK(salesplan_plan_seasonality_count(p) == n);
            for (size_t i = 0; i < n; i++)
                CHECK(same_double(slp_num_at(salesplan_plan_seasonality, p, i), dv[i]));
        }
        break;
    default: {
        size_t role = take_index(g);
        rc = salesplan_plan_set_role_ramp(p, role, n ? dv : NULL, n, NULL);
        if (rc == SALESPLAN_OK && failures() == f0) {
            CHECK(slp_size_at(salesplan_plan_role_ramp_count, p, role) == n);
            for (size_t i = 0; i < n; i++)
                CHECK(same_double(slp_ramp_at(p, role, i), dv[i]));
        }
        break;
    }
    }
    if (p == NULL)
        CHECK(rc == SALESPLAN_EINVAL);
}

static void op_add(prog *g, salesplan_plan *p, unsigned which)
{
    int rc = SALESPLAN_OK;
    switch (which % 10u) {
    case 0: {
        const char *name = take_string(g);
        double conv = take_double(g), days = take_double(g);
        size_t before = salesplan_plan_stage_count(p);
        unsigned long f0 = failures();
        rc = salesplan_plan_add_stage(p, name, conv, days, NULL);
        if (p != NULL && failures() == f0)
            CHECK(salesplan_plan_stage_count(p) == before + (rc == SALESPLAN_OK));
        break;
    }
    case 1: rc = salesplan_plan_clear_stages(p);
        if (p != NULL && rc == SALESPLAN_OK)
            CHECK(salesplan_plan_stage_count(p) == 0);
        break;
    case 2: {
        const char *name = take_string(g);
        const char *stage = take_string(g);
        rc = salesplan_plan_add_activity(p, name, stage, take_double(g), NULL);
        break;
    }
    case 3: rc = salesplan_plan_add_role(p, take_string(g), NULL); break;
    case 4: {
        const char *name = take_string(g);
        const char *role = take_string(g);
        if (u8(g) & 1u)
            rc = salesplan_plan_add_rep(p, name, role, take_string(g), NULL);
        else
            rc = salesplan_plan_add_rep_tenure(p, name, role, take_int(g), NULL);
        break;
    }
    case 5: rc = salesplan_plan_add_holiday(p, take_string(g), NULL); break;
    case 6: {
        const char *name = take_string(g);
        int kind = (int)(u8(g) % 4u) - 1;
        rc = salesplan_plan_add_competitor(p, name, (salesplan_competitor_kind)kind,
                                           take_string(g), NULL);
        break;
    }
    case 7: {
        int list = (int)(u8(g) % 4u) - 1;
        rc = salesplan_plan_add_list_item(p, (salesplan_list)list, take_string(g), NULL);
        break;
    }
    case 8: {
        const char *key = take_string(g);
        rc = salesplan_plan_set_extension(p, key, take_string(g), NULL);
        break;
    }
    default: {
        const char *stage = take_string(g);
        rc = salesplan_plan_set_pipeline(p, stage, take_ll(g), NULL);
        break;
    }
    }
    if (p == NULL)
        CHECK(rc == SALESPLAN_EINVAL);
}

static void op_indexed(prog *g, salesplan_plan *p, unsigned which)
{
    size_t i = take_index(g);
    int rc;
    switch (which % 10u) {
    case 0: rc = salesplan_plan_set_opportunity_stage(p, i, NULL); break;
    case 1: {
        long long a = take_ll(g), l = take_ll(g);
        rc = salesplan_plan_set_stage_observed(p, i, a, l, NULL);
        long long ra = -7, rl = -7;
        if (rc == SALESPLAN_OK && salesplan_plan_stage_observed(&ra, &rl, p, i) == SALESPLAN_OK)
            CHECK(a < 0 || l < 0 ? ra == -1 && rl == -1 : ra == a && rl == l);
        break;
    }
    case 2: rc = salesplan_plan_set_activity_share(p, i, take_double(g), NULL); break;
    case 3: rc = salesplan_plan_set_activity_role(p, i, take_string(g), NULL); break;
    case 4: rc = salesplan_plan_set_activity_minutes(p, i, take_double(g), NULL); break;
    case 5: rc = salesplan_plan_add_activity_skill(p, i, take_string(g), NULL); break;
    case 6: rc = salesplan_plan_set_role_quota_monthly(p, i, take_double(g), NULL); break;
    case 7: rc = salesplan_plan_set_role_minutes_per_day(p, i, take_double(g), NULL); break;
    case 8: rc = salesplan_plan_set_rep_territory_weight(p, i, take_double(g), NULL); break;
    default: {
        unsigned mask = u8(g);
        unsigned before = salesplan_plan_workdays(p);
        rc = salesplan_plan_set_workdays(p, mask, NULL);
        if (p != NULL)
            CHECK(salesplan_plan_workdays(p) == (rc == SALESPLAN_OK ? mask : before));
        (void)salesplan_plan_set_target_kind(p, (salesplan_target_kind)((int)(u8(g) % 6u) - 1), NULL);
        break;
    }
    }
    if (p == NULL)
        CHECK(rc == SALESPLAN_EINVAL);
}

static void op_compute(prog *g, const salesplan_plan *p)
{
    unsigned b = u8(g);
    salesplan_compute_options o;
    CHECK(salesplan_compute_options_init(&o, SALESPLAN_COMPUTE_OPTIONS_VERSION) == SALESPLAN_OK);
    o.mode = (int)(b % 4u); /* 3 is not a mode */
    if (b & 4u)
        o.confidence = take_double(g);
    if (b & 8u)
        o.version = 2;
    salesplan_result *r = NULL;
    salesplan_error err;
    int rc = salesplan_compute(&r, p, (b & 16u) ? NULL : &o, &err);
    if (getenv("SALESPLAN_FUZZ_VERBOSE") != NULL) /* corpus upkeep: what each input reaches */
        fprintf(stderr, "compute: %s %s %s\n", salesplan_strerror(rc), rc ? err.path : "",
                rc ? err.message : "");
    if (rc != SALESPLAN_OK) {
        CHECK(r == NULL);
        CHECK(rc != SALESPLAN_EINTERNAL && err.code == rc && err.message[0] != '\0');
        return;
    }
    CHECK(r != NULL);
    read_result(r);
    render_all(r);
    salesplan_result_free(r);
}

static void op_simulate(prog *g, const salesplan_plan *p)
{
    salesplan_simulate_options o;
    CHECK(salesplan_simulate_options_init(&o, SALESPLAN_SIMULATE_OPTIONS_VERSION) == SALESPLAN_OK);
    unsigned b = u8(g);
    o.trials = 1 + b % 40u;
    o.threads = (b & 0x80u) ? 2 : 1;
    raw(g, &o.seed, 2);
    salesplan_simulation *sim = NULL;
    salesplan_error err;
    int rc = salesplan_simulate(&sim, p, &o, &err);
    if (getenv("SALESPLAN_FUZZ_VERBOSE") != NULL)
        fprintf(stderr, "simulate: %s\n", salesplan_strerror(rc));
    if (rc != SALESPLAN_OK) {
        CHECK(sim == NULL && rc != SALESPLAN_EINTERNAL);
        return;
    }
    const salesplan_simulation_summary *s = salesplan_simulation_summary_get(sim);
    CHECK(s != NULL && s->trials == o.trials);
    CHECK(s->p_hit >= 0.0 && s->p_hit <= 1.0);
    unsigned long long counts[17];
    double lo = take_double(g), hi = take_double(g);
    size_t bins = u8(g) % 18u;
    rc = salesplan_simulation_histogram(bins ? counts : NULL, bins, sim,
                                        (salesplan_simulation_quantity)(b & 1u), lo, hi, &err);
    if (rc == SALESPLAN_OK) {
        unsigned long long total = 0;
        for (size_t i = 0; i < bins; i++)
            total += counts[i];
        CHECK(total <= o.trials);
    }
    for (int f = 0; f <= 4; f++) {
        char *out = NULL;
        size_t len = 0;
        if (salesplan_simulation_render(&out, &len, sim, (salesplan_format)f, &err) ==
            SALESPLAN_OK) {
            CHECK(out != NULL && strlen(out) == len);
            if (f == SALESPLAN_FORMAT_JSON)
                check_json_text(out, len);
            salesplan_free(out);
        }
    }
    salesplan_simulation_free(sim);
}

/* json2 = to_json(load(json)): the same document (an extension's value may be
 * re-spaced: set_extension keeps the caller's text, the loader re-serialises
 * it), and from there on a fixed point, byte for byte. */
static void same_plan_text(const char *json, size_t len, const char *json2, size_t len2)
{
    if (len2 == len && memcmp(json, json2, len) == 0)
        return;
    slp_jpos *a = NULL, *b = NULL;
    int same = slp_jpos_scan(&a, json, len, NULL) == SALESPLAN_OK &&
               slp_jpos_scan(&b, json2, len2, NULL) == SALESPLAN_OK && same_value(a, 0, b, 0);
    slp_jpos_free(a);
    slp_jpos_free(b);
    salesplan_plan *q = NULL;
    char *json3 = NULL;
    size_t len3 = 0;
    if (same && salesplan_plan_load_buffer(&q, json2, len2, NULL) == SALESPLAN_OK &&
        salesplan_plan_to_json(&json3, &len3, q, NULL) == SALESPLAN_OK)
        same = len3 == len2 && memcmp(json2, json3, len2) == 0;
    salesplan_free(json3);
    salesplan_plan_free(q);
    if (!same && failures() == 0) {
        fprintf(stderr, "to_json/load/to_json differs:\n%s\n----\n%s\n", json, json2);
        abort();
    }
}

/* to_json, then load and validate the text: the loaded plan serialises to the
 * same text, a plan that passes salesplan_plan_check() loads, and the loader and
 * the validator agree. */
static void op_round_trip(prog *g, salesplan_plan **slot)
{
    unsigned b = u8(g);
    const salesplan_plan *p = *slot;
    unsigned long f0 = failures();
    salesplan_diagnostics *d = NULL;
    int check_rc = salesplan_plan_check(&d, p);
    if (p == NULL) {
        CHECK(check_rc == SALESPLAN_EINVAL);
        salesplan_diagnostics_free(d);
    } else {
        check_diags(d, check_rc);
    }
    char *json = NULL;
    size_t len = 0;
    salesplan_error err;
    int rc = salesplan_plan_to_json(&json, &len, p, &err);
    if (rc != SALESPLAN_OK) {
        if (!(p == NULL || rc == SALESPLAN_ENOMEM))
            fprintf(stderr, "to_json: %s: %s\n", salesplan_strerror(rc), err.message);
        CHECK(json == NULL);
        /* The extension setter checks its JSON, so to_json fails only for a
         * NULL plan or out of memory (corpus/api/crash-extension-not-json.bin). */
        CHECK(p == NULL || rc == SALESPLAN_ENOMEM);
        return;
    }
    CHECK(strlen(json) == len);
    int utf8_ok = check_json_text(json, len);
    salesplan_plan *q = NULL;
    int load_rc = salesplan_plan_load_buffer(&q, json, len, &err);
    salesplan_diagnostics *vd = NULL;
    int valid_rc = salesplan_plan_validate_buffer(&vd, json, len);
    check_diags(vd, valid_rc);
    if (getenv("SALESPLAN_FUZZ_VERBOSE") != NULL)
        fprintf(stderr, "round trip: check %s, load %s, validate %s\n",
                salesplan_strerror(check_rc), salesplan_strerror(load_rc),
                salesplan_strerror(valid_rc));
    if (failures() == f0 && utf8_ok) {
        if (check_rc == SALESPLAN_OK && load_rc != SALESPLAN_OK) {
            fprintf(stderr, "a checked plan does not load: %s at %s: %s\n%s\n",
                    salesplan_strerror(load_rc), err.path, err.message, json);
            abort();
        }
        CHECK((load_rc == SALESPLAN_OK) == (valid_rc == SALESPLAN_OK));
    }
    if (load_rc == SALESPLAN_OK) {
        CHECK(q != NULL);
        char *json2 = NULL;
        size_t len2 = 0;
        if (failures() == f0 && salesplan_plan_to_json(&json2, &len2, q, &err) == SALESPLAN_OK &&
            failures() == f0)
            same_plan_text(json, len, json2, len2);
        salesplan_free(json2);
        if (b & 1u) { /* keep the loaded copy */
            salesplan_plan_free(*slot);
            *slot = q;
            q = NULL;
        }
    } else {
        CHECK(q == NULL);
    }
    salesplan_plan_free(q);
    salesplan_free(json);
}

/* Load a truncated or whole copy of the example plan. */
static void op_load_example(prog *g, salesplan_plan **slot)
{
    const char *ex = salesplan_example_json();
    size_t len = strlen(ex);
    unsigned b = u8(g);
    size_t cut = b < 0x80 ? len : len * (b & 0x7Fu) / 128u;
    salesplan_plan *q = NULL;
    salesplan_error err;
    int rc = salesplan_plan_load_buffer(&q, ex, cut, &err);
    if (rc == SALESPLAN_OK) {
        salesplan_plan_free(*slot);
        *slot = q;
    } else {
        CHECK(q == NULL);
        CHECK(cut < len || rc == SALESPLAN_ENOMEM);
    }
}

static void op_apply_estimate(prog *g, salesplan_plan *p)
{
    /* the stages of the example plan, so that its pipeline and activities still match */
    static const char csv[] = "deal,stage,date,amount\n"
                              "1,Lead,2024-01-01,\n1,Qualified,2024-01-03,\n1,Discovery,2024-01-05,\n"
                              "1,Demo,2024-01-09,\n1,Proposal,2024-01-15,\n1,Won,2024-01-20,500\n"
                              "2,Lead,2024-01-02,\n2,Qualified,2024-01-04,\n2,Lost,2024-01-05,\n"
                              "3,Lead,2024-01-02,\n3,Lost,2024-01-03,\n"
                              "4,Lead,2024-01-02,\n4,Qualified,2024-01-05,\n4,Discovery,2024-01-06,\n"
                              "4,Demo,2024-01-07,\n4,Lost,2024-01-08,\n"
                              "5,Lead,2024-01-01,\n5,Qualified,2024-01-02,\n5,Discovery,2024-01-03,\n"
                              "5,Demo,2024-01-03,\n5,Proposal,2024-01-04,\n5,Lost,2024-01-05,\n"
                              "6,Lead,2024-01-01,\n6,Qualified,2024-01-02,\n6,Discovery,2024-01-03,\n"
                              "6,Demo,2024-01-04,\n6,Proposal,2024-01-06,\n6,Won,2024-01-09,900\n";
    static const char *const order[] = {"Lead", "Qualified", "Discovery", "Demo", "Proposal"};
    salesplan_estimate_options o = SALESPLAN_ESTIMATE_OPTIONS_INIT;
    o.shape = SALESPLAN_SHAPE_TRANSITIONS;
    o.stages = order;
    o.stage_count = 5 - u8(g) % 3u; /* fewer stages: the plan's pipeline no longer matches */
    salesplan_estimate *e = NULL;
    salesplan_error err;
    if (salesplan_estimate_buffer(&e, csv, sizeof csv - 1, &o, &err) != SALESPLAN_OK)
        return;
    int rc = salesplan_plan_apply_estimate(p, e, &err);
    if (p == NULL)
        CHECK(rc == SALESPLAN_EINVAL);
    salesplan_estimate_free(e);
}

enum {
    OP_CREATE, OP_EXAMPLE, OP_FREE, OP_CLONE, OP_LOAD_EXAMPLE, OP_SET_DOUBLE, OP_ECONOMICS,
    OP_STRINGS, OP_ARRAYS, OP_ADD, OP_INDEXED, OP_CHECK, OP_COMPUTE, OP_SIMULATE,
    OP_ROUND_TRIP, OP_READ, OP_FIND, OP_APPLY_ESTIMATE, OP_COUNT
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    prog g = {data, size, {{0}}, 0};
    unsigned cfg = u8(&g);
    memset(&g_fail, 0, sizeof g_fail);
    int hooked = 0;
    if (cfg & 0x80u) {
        g_fail.fail_at = 1 + (u8(&g) | (u8(&g) << 8));
        g_fail.sticky = (cfg >> 6) & 1;
        salesplan_allocator a = {f_malloc, f_realloc, f_free, NULL};
        CHECK(salesplan_set_allocator(&a) == SALESPLAN_OK);
        hooked = 1;
    }
    salesplan_plan *slots[NSLOTS] = {NULL, NULL, NULL, NULL};
    unsigned steps = 0;
    while (g.n > 0 && steps++ < 400) {
        unsigned op = u8(&g);
        unsigned arg = u8(&g);
        salesplan_plan **slot = &slots[arg % NSLOTS];
        unsigned which = arg / NSLOTS;
        switch (op % OP_COUNT) {
        case OP_CREATE: {
            salesplan_plan_free(*slot);
            *slot = NULL;
            int rc = salesplan_plan_create(slot, take_string(&g), NULL);
            CHECK((rc == SALESPLAN_OK) == (*slot != NULL));
            break;
        }
        case OP_EXAMPLE: {
            salesplan_plan_free(*slot);
            *slot = NULL;
            int rc = salesplan_example_plan(slot);
            CHECK((rc == SALESPLAN_OK) == (*slot != NULL));
            break;
        }
        case OP_FREE:
            salesplan_plan_free(*slot);
            *slot = NULL;
            break;
        case OP_CLONE: {
            salesplan_plan *c = NULL;
            int rc = salesplan_plan_clone(&c, *slot);
            CHECK((rc == SALESPLAN_OK) == (c != NULL));
            if (c != NULL) {
                salesplan_plan **dst = &slots[which % NSLOTS];
                salesplan_plan_free(*dst);
                *dst = c;
            }
            break;
        }
        case OP_LOAD_EXAMPLE: op_load_example(&g, slot); break;
        case OP_SET_DOUBLE: op_set_double(&g, *slot); break;
        case OP_ECONOMICS: op_economics(&g, *slot); break;
        case OP_STRINGS: op_strings(&g, *slot, which); break;
        case OP_ARRAYS: op_arrays(&g, *slot, which); break;
        case OP_ADD: op_add(&g, *slot, which); break;
        case OP_INDEXED: op_indexed(&g, *slot, which); break;
        case OP_CHECK: {
            salesplan_diagnostics *d = NULL;
            int rc = salesplan_plan_check(&d, *slot);
            if (*slot == NULL) {
                CHECK(rc == SALESPLAN_EINVAL);
                salesplan_diagnostics_free(d);
            } else {
                check_diags(d, rc);
            }
            break;
        }
        case OP_COMPUTE: op_compute(&g, *slot); break;
        case OP_SIMULATE: op_simulate(&g, *slot); break;
        case OP_ROUND_TRIP: op_round_trip(&g, slot); break;
        case OP_READ: read_everything(*slot); break;
        case OP_FIND: {
            const char *s = take_string(&g);
            long k = salesplan_plan_find_stage(*slot, s);
            if (k >= 0)
                CHECK(strcmp(slp_text_at(salesplan_plan_stage_name, *slot, (size_t)k), s) == 0);
            k = salesplan_plan_find_role(*slot, take_string(&g));
            CHECK(k >= -1);
            break;
        }
        default: op_apply_estimate(&g, *slot); break;
        }
    }
    for (size_t i = 0; i < NSLOTS; i++)
        salesplan_plan_free(slots[i]);
    if (hooked)
        CHECK(salesplan_set_allocator(NULL) == SALESPLAN_OK);
    if (getenv("SALESPLAN_FUZZ_VERBOSE") != NULL)
        fprintf(stderr, "%lu allocations, %lu refused\n", g_fail.count, g_fail.failed);
    return 0;
}
