/* One CSV row per rep and activity with today's targets, for a CRM import:
 * as_of, rep, role, status, pace, booked, quota, remaining, deals_needed,
 * activity, per_workday (rounded to 0.1), done_to_date. RFC 4180 quoting. */
#include <math.h>
#include <string.h>

#include "render/render.h"
#include "render/render_cells.h"
#include "track/track_internal.h"

static void number(slp_strbuf *sb, double v, int decimals)
{
    char b[SLP_FMT_SIZE];
    if (isnan(v))
        return;
    slp_fmt_fixed(b, sizeof b, v, decimals, 0, 1);
    slp_sb_puts(sb, b);
}

/* A cell: a text, the status, or a number with `arg` decimals. */
enum { TEXT = -1, STATUS = -2 };

static void put(slp_strbuf *sb, const void *obj, const slp_cell *c, const void *ctx)
{
    (void)ctx;
    if (c->arg == TEXT)
        slp_csv_field(sb, slp_cell_text(obj, c));
    else if (c->arg == STATUS)
        slp_csv_field(sb, salesplan_track_status_name((salesplan_track_status)slp_cell_int(obj, c)));
    else
        number(sb, slp_cell_num(obj, c), c->arg);
}

#define SLP_CELL_STRUCT salesplan_tracking_rep
static const slp_cell rep_cells[] = {
    SLP_CELL_S(name, put, TEXT), SLP_CELL_S(role, put, TEXT),
    SLP_CELL_E(salesplan_track_status, status, put, STATUS), SLP_CELL_D(pace, put, 3),
    SLP_CELL_D(booked, put, 2), SLP_CELL_D(quota, put, 2), SLP_CELL_D(remaining, put, 2),
    SLP_CELL_D(deals_needed, put, 0),
};
#undef SLP_CELL_STRUCT
#define SLP_CELL_STRUCT salesplan_tracking_rep_activity
static const slp_cell activity_cells[] = {
    SLP_CELL_S(name, put, TEXT), SLP_CELL_D(per_workday, put, 1), SLP_CELL_D(done_to_date, put, 0),
};
#undef SLP_CELL_STRUCT

int slp_track_render_csv(const void *obj, slp_strbuf *sb, salesplan_error *err)
{
    (void)err;
    const salesplan_tracking *t = obj;
    slp_sb_puts(sb, "as_of,rep,role,status,pace,booked,quota,remaining,deals_needed,activity,"
                    "per_workday,done_to_date\r\n");
    for (size_t i = 0; i < t->rep_count; i++) {
        const salesplan_tracking_rep *r = &t->reps[i];
        size_t n = r->activity_count ? r->activity_count : 1;
        for (size_t k = 0; k < n; k++) {
            /* a rep without activities still gets its row, the activity cells empty */
            const salesplan_tracking_rep_activity *a = r->activity_count ? &r->activities[k] : NULL;
            slp_sb_puts(sb, t->as_of);
            slp_cells(sb, ",", r, SLP_CELL_TABLE(rep_cells), NULL);
            slp_cells(sb, ",", a, SLP_CELL_TABLE(activity_cells), NULL);
            slp_sb_puts(sb, "\r\n");
        }
    }
    return sb->failed ? SALESPLAN_ENOMEM : SALESPLAN_OK;
}
