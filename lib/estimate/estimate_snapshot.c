/* Snapshot shape: one row per deal with its current (or final) stage. */
#include <math.h>

#include "estimate/estimate_internal.h"

/* Report a date that does not parse (kept out of the row's path: its
 * message buffer would cost every row a larger stack frame). */
#if defined(__GNUC__)
__attribute__((noinline, cold))
#endif
static int bad_date(slp_est_ctx *x, const slp_csv_row *row, const char *what, const char *s,
                    size_t n)
{
    char shown[64];
    slp_est_show(shown, sizeof shown, s, n);
    return slp_est_skip(x, row->line, "%s: %s is not a date (%s)", what, shown,
                        x->dmy ? "YYYY-MM-DD or D/M/YYYY" : "YYYY-MM-DD or M/D/YYYY");
}

/* opt_date past the cache lookup of the field as read: trim, parse, and cache
 * a padded field as read too (put: its slot, NULL when none). */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static int opt_date_slow(slp_est_ctx *x, const slp_csv_row *row, const char *s, size_t n,
                         int which, const char *what, int32_t *day, int *rc,
                         slp_scache_entry *put, uint64_t ka, uint64_t kb)
{
    const char *t = s;
    size_t tn = n;
    slp_est_trim(&t, &tn);
    if (tn == 0)
        return 0;
    int bad = slp_est_date(x, which, t, tn, day) != 0;
    if (put && tn != n)
        slp_scache_put(put, ka, kb, n, bad ? SLP_BAD_DATE : *day);
    if (bad) {
        *rc = bad_date(x, row, what, t, tn);
        *day = SLP_NO_DAY;
        return 1;
    }
    return 0;
}

/* Parse an optional date column; returns 1 when the row was skipped. The
 * field is looked up as read first: exports seldom pad dates, so most rows
 * need no trimming (a padded field is cached as read beside its trimmed form). */
static inline int opt_date(slp_est_ctx *x, const slp_csv_row *row, size_t col, int which,
                           const char *what, int32_t *day, int *rc)
{
    *day = SLP_NO_DAY;
    if (col == SIZE_MAX)
        return 0;
    const char *s = row->fields[col].ptr;
    size_t n = row->fields[col].len;
    if (n == 0)
        return 0;
    uint64_t ka = 0, kb = 0;
    slp_scache_entry *put, *e = slp_scache_find4(&x->dcache[which], s, n, &ka, &kb, &put);
    if (e && e->v != SLP_BAD_DATE) {
        *day = e->v;
        return 0;
    }
    return opt_date_slow(x, row, s, n, which, what, day, rc, put, ka, kb);
}

int slp_est_snapshot_row(slp_est_ctx *x, const slp_csv_row *row)
{
    int rc = SALESPLAN_OK;
    if (slp_est_row_shape_bad(x, row, &rc))
        return rc;
    const char *s;
    size_t n;
    int cls;
    s = row->fields[x->col_stage].ptr;
    n = row->fields[x->col_stage].len;
    if (!slp_est_stage_cached(x, s, n, &cls) && slp_est_row_stage_slow(x, row, &s, &n, &cls, &rc))
        return rc;
    int32_t created, closed;
    double amount;
    if (opt_date(x, row, x->col_created, 0, x->e->info.created_column, &created, &rc) ||
        opt_date(x, row, x->col_closed, 1, x->e->info.closed_column, &closed, &rc) ||
        slp_est_row_amount(x, row, &amount, &rc))
        return rc;
    int32_t cycle = SLP_NO_DAY;
    if (created != SLP_NO_DAY && closed != SLP_NO_DAY && cls != SLP_CLASS_OPEN) {
        if (closed < created)
            return slp_est_skip(x, row->line, "%s is before %s", x->e->info.closed_column,
                                x->e->info.created_column);
        cycle = closed - created;
    }
    int skipped;
    if ((rc = slp_est_row_groups(x, row, &skipped)) != SALESPLAN_OK || skipped)
        return rc;
    return slp_est_count(x, x->row_gid, cls, amount, cls == SLP_CLASS_WON ? cycle : SLP_NO_DAY);
}
