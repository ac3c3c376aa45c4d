/* Funnel arithmetic: close probabilities, deals needed, required entries,
 * activity figures (SPEC §4). */
#include "engine/funnel.h"

#include <math.h>

#include "common/alloc.h"
#include "math/binom.h"
#include "common/error.h"

double slp_ceil_count(double x)
{
    if (isnan(x))
        return x;
    double r = ceil(x - SLP_EPS);
    return r > 0.0 ? r : 0.0;
}

void slp_funnel_close(const double *conv, const double *days, size_t count, double *P,
                      double *L)
{
    if (count == 0)
        return;
    size_t n = count - 1;
    P[n] = 1.0;
    L[n] = 0.0;
    for (size_t k = n; k-- > 0;) {
        P[k] = conv[k] * P[k + 1];
        L[k] = days[k] + L[k + 1];
    }
}

/* Stage days are sums of decimal fractions (0.4 + 4.7 + 0.9 is
 * 6.000000000000001 in binary): allow 1e-9 days of rounding, as the counts do. */
int slp_funnel_in_time(double L, int days)
{
    return L <= (double)days - 1.0 + 1e-9;
}

double slp_funnel_existing(const double *P, const double *L, const double *pipe, size_t count,
                           int days)
{
    double e = 0.0;
    for (size_t k = 0; k + 1 < count; k++)
        if (pipe[k] > 0.0 && slp_funnel_in_time(L[k], days))
            e += pipe[k] * P[k];
    return e;
}

double slp_funnel_deals_expected(double revenue, double deal_size, double existing)
{
    double x = revenue / deal_size - existing;
    return slp_ceil_count(x > 0.0 ? x : 0.0);
}

double slp_funnel_deals_confidence(double revenue, double deal_size)
{
    return slp_ceil_count(revenue / deal_size);
}

void slp_funnel_expected_entries(const double *P, size_t count, double deals, double *N)
{
    for (size_t k = 0; k < count; k++)
        N[k] = deals / P[k];
    if (count > 0)
        N[count - 1] = deals;
}

int slp_funnel_pipeline_pmf(const double *P, const double *L, const double *pipe, size_t count,
                            int days, double **pmf, size_t *len, salesplan_error *err)
{
    *pmf = NULL;
    *len = 0;
    long long *counts = slp_calloc(count + 1, sizeof(*counts));
    double *probs = slp_calloc(count + 1, sizeof(*probs));
    size_t m = 0;
    int rc = SALESPLAN_ENOMEM;
    if (!counts || !probs)
        goto done;
    /* Y: wins of the in-time pipeline, an exact convolution of binomials */
    for (size_t k = 0; k + 1 < count; k++) {
        if (pipe[k] > 0.0 && slp_funnel_in_time(L[k], days)) {
            counts[m] = (long long)pipe[k];
            probs[m] = P[k];
            m++;
        }
    }
    rc = slp_pipeline_pmf(counts, probs, m, pmf, len);
    if (rc == SALESPLAN_ELIMIT)
        slp_error_set(err, rc, "pipeline", 0, 0,
                      "the in-time pipeline holds more than %lld open deals, too many for the "
                      "exact distribution of its wins",
                      (long long)SLP_PIPELINE_MAX_DEALS);
    else if (rc != SALESPLAN_OK && rc != SALESPLAN_ENOMEM)
        rc = slp_error_set(err, SALESPLAN_EINTERNAL, NULL, 0, 0,
                           "pipeline distribution failed (code %d)", rc);
done:
    slp_free(probs);
    slp_free(counts);
    return rc;
}

int slp_funnel_confidence_entries(const double *P, const double *L, const double *pipe,
                                  size_t count, int days, double deals, double q, double *N,
                                  salesplan_error *err)
{
    if (count == 0)
        return SALESPLAN_OK;
    double *ypmf = NULL;
    size_t ylen = 0;
    int rc = slp_funnel_pipeline_pmf(P, L, pipe, count, days, &ypmf, &ylen, err);
    if (rc != SALESPLAN_OK)
        goto done;
    for (size_t k = 0; k < count; k++) {
        rc = slp_confidence_entries(P[k], deals, ypmf, ylen, q, &N[k]);
        if (rc == SALESPLAN_ELIMIT) {
            slp_error_set(err, rc, "confidence", 0, 0,
                          "confidence mode: stage %zu would need more than %.0f entries to "
                          "reach %.17g deals with probability %.17g",
                          k, SLP_CONFIDENCE_MAX_ENTRIES, deals, q);
            goto done;
        }
        if (rc != SALESPLAN_OK) {
            rc = slp_error_set(err, SALESPLAN_EINTERNAL, NULL, 0, 0,
                               "confidence mode: entries of stage %zu failed (code %d)", k, rc);
            goto done;
        }
    }
    rc = SALESPLAN_OK;
done:
    slp_free(ypmf);
    return rc;
}

void slp_activity_figures(const slp_activity_in *in, salesplan_activity_result *out)
{
    double unit = in->share * in->per_entry;
    out->total = unit * in->entries;
    out->per_deal = unit / in->to_close;
    out->per_workday = NAN;
    out->per_rep_per_workday = NAN;
    out->fte = NAN;
    if (!isnan(in->window_workdays) && in->window_workdays > 0.0)
        out->per_workday = out->total / in->window_workdays;
    if (!isnan(out->per_workday) && !isnan(in->headcount) && in->headcount > 0.0)
        out->per_rep_per_workday = out->per_workday / in->headcount;
    if (!isnan(out->per_workday) && !isnan(in->minutes))
        out->fte = out->per_workday * in->minutes / in->minutes_per_day;
}
