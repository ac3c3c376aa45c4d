/* Pipeline and unit-economics metrics (SPEC §6). */
#include "engine/metrics.h"

#include <math.h>

/* a / b, NaN when either is NaN or b is 0. */
static double ratio(double a, double b)
{
    if (isnan(a) || isnan(b) || b == 0.0)
        return NAN;
    return a / b;
}

void slp_metrics_compute(const slp_metrics_in *in, salesplan_metrics_result *out)
{
    out->win_rate = in->win_rate;
    out->cycle_days = in->cycle_days;
    out->required_pipeline_coverage = ratio(1.0, in->win_rate);
    out->open_opportunities = in->open_opportunities;
    out->pipeline_value = in->deal_size * in->open_opportunities;
    out->pipeline_coverage = ratio(out->pipeline_value, in->revenue);
    out->weighted_pipeline = in->deal_size * in->existing;
    /* Sales velocity = opportunities × deal size × win rate / cycle length,
     * per day; undefined without open opportunities or with a zero cycle. */
    if (in->open_opportunities > 0.0 && in->cycle_days > 0.0)
        out->sales_velocity_per_day =
            in->open_opportunities * in->deal_size * in->win_rate / in->cycle_days;
    else
        out->sales_velocity_per_day = NAN;
    /* Unit economics, monthly: NaN propagates from any absent input. */
    double margin_per_month = in->arpa_monthly * in->gross_margin;
    out->ltv = ratio(margin_per_month, in->churn_monthly);
    out->ltv_to_cac = ratio(out->ltv, in->cac);
    out->cac_payback_months = ratio(in->cac, margin_per_month);
}
