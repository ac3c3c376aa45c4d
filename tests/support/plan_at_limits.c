/* A plan at the documented count limits, through the public setters. */
#include "plan_at_limits.h"

#include <math.h>
#include <stdio.h>

void limits_name(char *buf, size_t size, const char *what, size_t i)
{
    snprintf(buf, size, "%s %zu", what, i);
}

void limits_holiday(char *buf, size_t size, size_t i)
{
    /* Civil date of day 11323 + i since 1970-01-01 (1990-01-01 + i). */
    long z = 7305L + (long)i + 719468L;
    long era = z / 146097L, doe = z - era * 146097L;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
    long d = doy - (153 * mp + 2) / 5 + 1, m = mp < 10 ? mp + 3 : mp - 9;
    long y = yoe + era * 400 + (m <= 2);
    snprintf(buf, size, "%04ld-%02ld-%02ld", y, m, d);
}

#define TRY(call)                                                                              \
    do {                                                                                       \
        int rc_ = (call);                                                                      \
        if (rc_ != SALESPLAN_OK) {                                                             \
            salesplan_plan_free(p);                                                            \
            return rc_;                                                                        \
        }                                                                                      \
    } while (0)

int build_plan_at_limits(salesplan_plan **out)
{
    salesplan_plan *p = NULL;
    char a[64], b[64];
    *out = NULL;
    TRY(salesplan_plan_create(&p, "At the limits", NULL));
    TRY(salesplan_plan_set_period(p, "2026-01-05", 90, NULL));
    TRY(salesplan_plan_set_target_revenue(p, 1e6, NULL));
    TRY(salesplan_plan_set_deal_size(p, 1000.0, NULL));
    for (size_t i = 0; i < LIMIT_STAGES; i++) {
        limits_name(a, sizeof a, "stage", i);
        TRY(salesplan_plan_add_stage(p, a, i + 1 < LIMIT_STAGES ? 0.999 : (double)NAN, 0.0, NULL));
    }
    for (size_t i = 0; i + 1 < LIMIT_STAGES; i++) {
        limits_name(a, sizeof a, "stage", i);
        TRY(salesplan_plan_set_pipeline(p, a, (long long)i, NULL));
    }
    for (size_t i = 0; i < LIMIT_ITEMS; i++) {
        limits_name(a, sizeof a, "role", i);
        TRY(salesplan_plan_add_role(p, a, NULL));
        limits_name(b, sizeof b, "rep", i);
        TRY(salesplan_plan_add_rep_tenure(p, b, a, 12, NULL));
        limits_name(b, sizeof b, "activity", i);
        limits_name(a, sizeof a, "stage", i % (LIMIT_STAGES - 1));
        TRY(salesplan_plan_add_activity(p, b, a, 1.0, NULL));
        limits_name(a, sizeof a, "competitor", i);
        TRY(salesplan_plan_add_competitor(p, a, SALESPLAN_COMPETITOR_DIRECT, NULL, NULL));
        limits_holiday(a, sizeof a, i);
        TRY(salesplan_plan_add_holiday(p, a, NULL));
        limits_name(a, sizeof a, "x-ext", i);
        TRY(salesplan_plan_set_extension(p, a, "1", NULL));
    }
    *out = p;
    return SALESPLAN_OK;
}
