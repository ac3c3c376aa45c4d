/* Internal: the struct behind salesplan_tracking and the steps that fill it.
 *
 * Files: track.c (entry point, team and rep figures), track_replan.c (the
 * plan of the remaining days), track_cal.c (calendars), track_access.c
 * (accessors), track_render*.c (JSON, Markdown, CSV, SVG), track_crm.c
 * (actuals from CRM CSV exports). Not installed. */
#ifndef SLP_TRACK_INTERNAL_H
#define SLP_TRACK_INTERNAL_H

#include <stddef.h>

#include "common/error.h"
#include "common/strbuf.h"
#include "engine/calendar.h"
#include "format/actuals.h"
#include "salesplan/track.h"

struct salesplan_tracking {
    salesplan_plan *plan;     /* a copy of the plan tracked */
    salesplan_result *base;   /* the plan's own result (whole period) */
    salesplan_result *replan; /* the remaining days; NULL on the last day */
    salesplan_tracking_summary summary;
    char as_of[11];
    double revenue, deal_size;

    salesplan_tracking_rep *reps;
    size_t rep_count;
    salesplan_tracking_rep_activity *rep_acts; /* every rep's activities, rep after rep */
    salesplan_tracking_activity *acts;
    size_t act_count;

    /* for the burn-up chart: cumulative target before day b (b = 0..H),
     * booked through day t (t = 0..a), and the pipeline's p10/p90 wins */
    double *cum_target;
    double *cum_booked;
    double wins_p10, wins_p90;

    salesplan_warning *warnings;
    size_t warning_count, warning_cap;
};

/* Append a warning (strings copied). SALESPLAN_OK or SALESPLAN_ENOMEM. */
int slp_track_warn(salesplan_tracking *t, const char *code, const char *path, const char *fmt,
                   ...) SLP_PRINTF(4, 5);

/* A calendar with its own arrays (track_cal.c). */
typedef struct slp_track_cal {
    slp_calendar c;
    slp_day *hol;
    int *wd;
    slp_slice *slices;
} slp_track_cal;

/* Build the calendar of `days` days from `start` with the plan's workdays and
 * holidays. SALESPLAN_OK or SALESPLAN_ENOMEM. */
int slp_track_cal_init(slp_track_cal *tc, const salesplan_plan *p, slp_day start, int days);
void slp_track_cal_free(slp_track_cal *tc);

/* The re-plan (track_replan.c): the plan of days a+1..H-1 with target `gap`
 * and the team pipeline pipe[] (stage_count entries), computed by the
 * engine. *out is NULL (no error) when no day or no workday is left; then a
 * warning says so. Returns SALESPLAN_OK, SALESPLAN_ENOMEM, SALESPLAN_ELIMIT... */
int slp_track_replan(salesplan_tracking *t, const salesplan_plan *plan,
                     const slp_track_cal *cal, int a, double gap, const double *pipe,
                     salesplan_result **out, salesplan_error *err);

/* Renderers of a salesplan_tracking (`obj`): append to sb (writers of
 * render/render_doc.h). */
int slp_track_render_json(const void *obj, slp_strbuf *sb, salesplan_error *err);
int slp_track_render_md(const void *obj, slp_strbuf *sb, salesplan_error *err);
int slp_track_render_csv(const void *obj, slp_strbuf *sb, salesplan_error *err);
int slp_track_render_svg(const void *obj, slp_strbuf *sb, salesplan_error *err);

#endif
