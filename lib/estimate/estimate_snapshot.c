/* Snapshot shape: one row per deal with its current (or final) stage. */
#include <math.h>

#include "estimate/estimate_internal.h"

/* Shared checks of a row's shape; returns 1 when the row was skipped (*rc set). */
static int bad_shape(slp_est_ctx *x, const slp_csv_row *row, int *rc)
{
    if (row->count != x->ncols) {
        *rc = slp_est_skip(x, row->line, "expected %zu fields, found %zu", x->ncols, row->count);
        return 1;
    }
    if (row->flags & SLP_CSV_NUL) {
        *rc = slp_est_skip(x, row->line, "a field contains a NUL byte");
        return 1;
    }
    if (row->flags & SLP_CSV_BADQUOTE) {
        *rc = slp_est_skip(x, row->line, "text follows a closing quote inside a field");
        return 1;
    }
    return 0;
}

/* Parse an optional date column; returns 1 when the row was skipped. */
static int opt_date(slp_est_ctx *x, const slp_csv_row *row, size_t col, int which,
                    const char *what, int32_t *day, int *rc)
{
    *day = SLP_NO_DAY;
    if (col == SIZE_MAX)
        return 0;
    const char *s = row->fields[col].ptr;
    size_t n = row->fields[col].len;
    slp_est_trim(&s, &n);
    if (n == 0)
        return 0;
    if (slp_est_date(x, which, s, n, day) != 0) {
        char shown[64];
        slp_est_show(shown, sizeof shown, s, n);
        *rc = slp_est_skip(x, row->line, "%s: %s is not a date (%s)", what, shown,
                           x->o->date_order == SALESPLAN_DATE_DMY ? "YYYY-MM-DD or D/M/YYYY"
                                                                  : "YYYY-MM-DD or M/D/YYYY");
        *day = SLP_NO_DAY;
        return 1;
    }
    return 0;
}

static int opt_amount(slp_est_ctx *x, const slp_csv_row *row, double *amount, int *rc)
{
    *amount = NAN;
    if (x->col_amount == SIZE_MAX)
        return 0;
    const char *s = row->fields[x->col_amount].ptr;
    size_t n = row->fields[x->col_amount].len;
    slp_est_trim(&s, &n);
    if (n == 0)
        return 0;
    if (slp_est_parse_amount(s, n, amount) != 0) {
        char shown[64];
        slp_est_show(shown, sizeof shown, s, n);
        *rc = slp_est_skip(x, row->line, "%s: %s is not a finite number",
                           x->e->info.amount_column, shown);
        *amount = NAN;
        return 1;
    }
    return 0;
}

int slp_est_snapshot_row(slp_est_ctx *x, const slp_csv_row *row)
{
    int rc = SALESPLAN_OK;
    if (bad_shape(x, row, &rc))
        return rc;
    const slp_csv_field *st = &row->fields[x->col_stage];
    const char *s = st->ptr;
    size_t n = st->len;
    slp_est_trim(&s, &n);
    if (n == 0)
        return slp_est_skip(x, row->line, "%s: the stage is empty", x->e->info.stage_column);
    int cls;
    if ((rc = slp_est_stage_class(x, s, n, &cls)) != SALESPLAN_OK)
        return rc;
    int32_t created, closed;
    double amount;
    if (opt_date(x, row, x->col_created, 0, x->e->info.created_column, &created, &rc) ||
        opt_date(x, row, x->col_closed, 1, x->e->info.closed_column, &closed, &rc) ||
        opt_amount(x, row, &amount, &rc))
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

/* The same checks, for the transitions shape. */
int slp_est_row_shape_bad(slp_est_ctx *x, const slp_csv_row *row, int *rc)
{
    return bad_shape(x, row, rc);
}

int slp_est_row_amount(slp_est_ctx *x, const slp_csv_row *row, double *amount, int *rc)
{
    return opt_amount(x, row, amount, rc);
}
