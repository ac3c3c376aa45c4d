/* One CSV row per rep and activity with today's targets, for a CRM import:
 * as_of, rep, role, status, pace, booked, quota, remaining, deals_needed,
 * activity, per_workday (rounded to 0.1), done_to_date. RFC 4180 quoting. */
#include <math.h>
#include <string.h>

#include "render/render.h"
#include "track/track_internal.h"

static void number(slp_strbuf *sb, double v, int decimals)
{
    char b[SLP_FMT_SIZE];
    if (isnan(v))
        return;
    slp_fmt_fixed(b, sizeof b, v, decimals, 0, 1);
    slp_sb_puts(sb, b);
}

int slp_track_render_csv(const void *obj, slp_strbuf *sb, salesplan_error *err)
{
    const salesplan_tracking *t = obj;
    (void)err;
    slp_sb_puts(sb, "as_of,rep,role,status,pace,booked,quota,remaining,deals_needed,activity,"
                    "per_workday,done_to_date\r\n");
    for (size_t i = 0; i < t->rep_count; i++) {
        const salesplan_tracking_rep *r = &t->reps[i];
        size_t n = r->activity_count ? r->activity_count : 1;
        for (size_t k = 0; k < n; k++) {
            const salesplan_tracking_rep_activity *a = r->activity_count ? &r->activities[k] : NULL;
            slp_sb_puts(sb, t->as_of);
            slp_sb_putc(sb, ',');
            slp_csv_field(sb, r->name);
            slp_sb_putc(sb, ',');
            slp_csv_field(sb, r->role);
            slp_sb_putc(sb, ',');
            slp_csv_field(sb, salesplan_track_status_name(r->status));
            slp_sb_putc(sb, ',');
            number(sb, r->pace, 3);
            slp_sb_putc(sb, ',');
            number(sb, r->booked, 2);
            slp_sb_putc(sb, ',');
            number(sb, r->quota, 2);
            slp_sb_putc(sb, ',');
            number(sb, r->remaining, 2);
            slp_sb_putc(sb, ',');
            number(sb, r->deals_needed, 0);
            slp_sb_putc(sb, ',');
            slp_csv_field(sb, a ? a->name : NULL);
            slp_sb_putc(sb, ',');
            number(sb, a ? a->per_workday : (double)NAN, 1);
            slp_sb_putc(sb, ',');
            number(sb, a ? a->done_to_date : (double)NAN, 0);
            slp_sb_puts(sb, "\r\n");
        }
    }
    return sb->failed ? SALESPLAN_ENOMEM : SALESPLAN_OK;
}
