/* What the team can really do: capacity of timed activities (workload.h). */
#include <math.h>

#include "engine/workload.h"

static int timed(const slp_workload_act *a)
{
    return a->role >= 0 && !isnan(a->minutes) && a->minutes > 0.0 && !isnan(a->window_workdays);
}

void slp_workload_caps(const slp_workload_act *acts, size_t na, const double *role_mpd,
                       size_t nr, double *role_minutes, double *act_cap, double *stage_cap,
                       size_t ns)
{
    for (size_t r = 0; r < nr; r++)
        role_minutes[r] = 0.0;
    for (size_t s = 0; s < ns; s++)
        stage_cap[s] = NAN;
    /* planned minutes of each role */
    for (size_t a = 0; a < na; a++)
        if (timed(&acts[a]))
            role_minutes[acts[a].role] += acts[a].total * acts[a].minutes;
    for (size_t a = 0; a < na; a++) {
        const slp_workload_act *x = &acts[a];
        act_cap[a] = NAN;
        if (!timed(x))
            continue;
        double share;
        if (role_minutes[x->role] > 0.0) {
            share = x->total * x->minutes / role_minutes[x->role];
        } else {
            size_t k = 0; /* nothing planned: equal shares */
            for (size_t b = 0; b < na; b++)
                k += timed(&acts[b]) && acts[b].role == x->role;
            share = 1.0 / (double)k;
        }
        double hc = isnan(x->window_hc) ? 0.0 : x->window_hc;
        double m = hc * role_mpd[x->role] * x->window_workdays / x->minutes;
        act_cap[a] = m * share;
        double entries = act_cap[a] / (x->share * x->per_entry);
        double *cap = &stage_cap[x->stage];
        if (isnan(*cap) || entries < *cap)
            *cap = entries;
    }
}
