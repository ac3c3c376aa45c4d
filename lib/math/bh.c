/* Benjamini-Hochberg q-values (false discovery rate, step-up). */
#include <math.h>
#include <stdlib.h>

#include "common/alloc.h"
#include "math/fisher.h"

typedef struct ranked {
    double p;
    size_t i;
} ranked;

static int cmp_ranked(const void *a, const void *b)
{
    const ranked *x = a, *y = b;
    if (x->p != y->p)
        return x->p < y->p ? -1 : 1;
    return x->i < y->i ? -1 : x->i > y->i; /* stable: a total order */
}

int slp_bh_adjust(const double *p, size_t n, double *q)
{
    ranked *r = slp_malloc((n ? n : 1) * sizeof *r);
    if (r == NULL)
        return -1;
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        q[i] = (double)NAN;
        if (!isnan(p[i]))
            r[m++] = (ranked){p[i], i};
    }
    if (m > 1)
        qsort(r, m, sizeof *r, cmp_ranked);
    double run = 1.0; /* min over j >= i of p_(j) m / j, from the largest down */
    for (size_t j = m; j-- > 0;) {
        double v = r[j].p * (double)m / (double)(j + 1);
        if (v < run)
            run = v;
        q[r[j].i] = run;
    }
    slp_free(r);
    return 0;
}
