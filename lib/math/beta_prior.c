/* Empirical-Bayes beta prior by the method of moments (docs/maths.md §10). */
#include <math.h>

#include "math/fisher.h"

void slp_beta_prior_mom(const long long *k, const long long *n, size_t count, double *mean,
                        double *strength)
{
    double K = 0, N = 0, groups = 0, inv_n = 0;
    for (size_t i = 0; i < count; i++)
        if (n[i] > 0) {
            K += (double)k[i];
            N += (double)n[i];
            groups += 1;
            inv_n += 1.0 / (double)n[i];
        }
    *mean = N > 0 ? K / N : (double)NAN;
    *strength = INFINITY;
    double m = *mean;
    if (groups < 2 || !(m > 0 && m < 1))
        return;
    double ss = 0;
    for (size_t i = 0; i < count; i++)
        if (n[i] > 0) {
            double dev = (double)k[i] / (double)n[i] - m;
            ss += dev * dev;
        }
    double s2 = ss / (groups - 1); /* spread of the groups' rates */
    double h = inv_n / groups;     /* mean of 1/n: the binomial part of that spread */
    if (h >= 1)
        return; /* every group has one trial: the spread says nothing about the prior */
    double rho = (s2 / (m * (1 - m)) - h) / (1 - h); /* 1 / (alpha + beta + 1) */
    if (rho <= 0)
        return; /* no more spread than binomial noise: full pooling */
    *strength = rho >= 1 ? 0.0 : 1.0 / rho - 1.0;
}

double slp_beta_shrunk(long long k, long long n, double mean, double strength)
{
    if (n <= 0 || isinf(strength))
        return mean;
    if (strength == 0)
        return (double)k / (double)n;
    return ((double)k + mean * strength) / ((double)n + strength);
}
