/* Internal: what the team can really do (SPEC §13). A timed activity (one with
 * a role and `minutes`) can be done at most
 *     M_a = HC_role(window of its stage) · minutes_per_day · W_s / minutes_a
 * times in its stage's sourcing window. The role's time is shared by its timed
 * activities in proportion to their planned minutes U_b·minutes_b, so the
 * activity's share is M_a' = M_a · U_a·minutes_a / sum_b U_b·minutes_b (equal
 * shares when nothing is planned). The entries a stage can get are then at
 * most min over its timed activities of M_a' / (share_a · per_entry_a). */
#ifndef SLP_ENGINE_WORKLOAD_H
#define SLP_ENGINE_WORKLOAD_H

#include <stddef.h>

/* One activity as the workload rule sees it. */
typedef struct slp_workload_act {
    long stage;             /* stage index */
    long role;              /* role index, -1 without a role */
    double per_entry;       /* e */
    double share;           /* σ */
    double minutes;         /* per unit; NaN when the activity is not timed */
    double total;           /* U_a, the planned units */
    double window_hc;       /* HC of the role over the stage's window; NaN when unreachable */
    double window_workdays; /* W_s; NaN when unreachable */
} slp_workload_act;

/* act_cap[a] = M_a' (NaN for an untimed or unreachable activity);
 * stage_cap[s] = the entries stage s can get (NaN when no timed activity
 * feeds it). role_minutes is scratch of nr doubles; role_mpd[r] is the role's
 * minutes per day. */
void slp_workload_caps(const slp_workload_act *acts, size_t na, const double *role_mpd,
                       size_t nr, double *role_minutes, double *act_cap, double *stage_cap,
                       size_t ns);

#endif
