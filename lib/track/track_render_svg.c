/* Burn-up chart of the period: the cumulative target (the plan's phase
 * curve, day by day), the bookings to date, and from today to the end the
 * projection from the open pipeline with its p10–p90 range (the exact
 * distribution of the pipeline's wins times the deal size). */
#include <math.h>

#include "model/plan_model.h"
#include "render/render.h"
#include "render/svg.h"
#include "track/track_internal.h"

#define W 720.0
#define HGT 420.0
#define L 80.0
#define R 20.0
#define TOP 50.0
#define BOT 50.0

static void polyline(slp_strbuf *sb, const double *xs, const double *ys, size_t n,
                     const char *stroke, const char *dash, const char *cls)
{
    slp_sb_printf(sb, "<polyline class=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s%s%s"
                      " points=\"",
                  cls, stroke, dash ? " stroke-dasharray=\"" : "", dash ? dash : "",
                  dash ? "\"" : "");
    for (size_t i = 0; i < n; i++) {
        if (i)
            slp_sb_putc(sb, ' ');
        slp_svg_num(sb, xs[i]);
        slp_sb_putc(sb, ',');
        slp_svg_num(sb, ys[i]);
    }
    slp_sb_puts(sb, "\"/>\n");
}

int slp_track_render_svg(const void *obj, slp_strbuf *sb, salesplan_error *err)
{
    const salesplan_tracking *t = obj;
    (void)err;
    int H = t->plan->period_days;
    long a = t->summary.as_of_day;
    double A = t->deal_size, B = t->summary.booked;
    double lo = B + A * t->wins_p10, hi = B + A * t->wins_p90;
    double ymax = t->revenue;
    if (hi > ymax)
        ymax = hi;
    if (t->summary.projected_from_pipeline > ymax)
        ymax = t->summary.projected_from_pipeline;
    double step = slp_svg_nice_step(ymax, 6);
    ymax = ceil(ymax / step) * step;
    const salesplan_plan *p = t->plan;
    slp_svg_begin(sb, W, HGT, "Burn-up: ", p->name);
    slp_svg_font title = {16, SLP_SVG_START, 1, "#222222", "title"};
    slp_svg_font small = {11, SLP_SVG_END, 0, "#555555", "axis"};
    slp_svg_font legend = {11, SLP_SVG_START, 0, "#333333", "legend"};
    slp_svg_text(sb, L, 28, &title, p->name);
    slp_svg_group_open(sb, "axes");
    for (double v = 0; v <= ymax + step / 2; v += step) {
        double y = slp_svg_scale(v, 0, ymax, HGT - BOT, TOP);
        char b[SLP_FMT_SIZE];
        slp_fmt_money(b, sizeof b, v, p->currency);
        slp_svg_line(sb, L, y, W - R, y, "#e5e5e5", 1, NULL);
        slp_svg_text(sb, L - 6, y + 4, &small, b);
    }
    slp_svg_line(sb, L, HGT - BOT, W - R, HGT - BOT, "#888888", 1, NULL);
    double xa = slp_svg_scale((double)a + 1, 0, H, L, W - R);
    slp_svg_line(sb, xa, TOP, xa, HGT - BOT, "#999999", 1, "4 3");
    slp_svg_font today = {11, SLP_SVG_MIDDLE, 0, "#555555", "today"};
    slp_svg_text(sb, xa, HGT - BOT + 16, &today, t->as_of);
    slp_svg_group_close(sb);

    /* the pipeline range: a band from today to the end */
    double xe = W - R, y0 = slp_svg_scale(B, 0, ymax, HGT - BOT, TOP);
    double ylo = slp_svg_scale(lo, 0, ymax, HGT - BOT, TOP);
    double yhi = slp_svg_scale(hi, 0, ymax, HGT - BOT, TOP);
    slp_sb_puts(sb, "<polygon class=\"pipeline-range\" fill=\"#4c78a8\" fill-opacity=\"0.15\" "
                    "points=\"");
    slp_svg_num(sb, xa);
    slp_sb_putc(sb, ',');
    slp_svg_num(sb, y0);
    slp_sb_putc(sb, ' ');
    slp_svg_num(sb, xe);
    slp_sb_putc(sb, ',');
    slp_svg_num(sb, yhi);
    slp_sb_putc(sb, ' ');
    slp_svg_num(sb, xe);
    slp_sb_putc(sb, ',');
    slp_svg_num(sb, ylo);
    slp_sb_puts(sb, "\"/>\n");

    double xs[2], ys[2];
    /* the cumulative target, sampled every day */
    slp_sb_puts(sb, "<polyline class=\"target\" fill=\"none\" stroke=\"#888888\" "
                    "stroke-width=\"2\" points=\"");
    for (int b = 0; b <= H; b++) {
        if (b)
            slp_sb_putc(sb, ' ');
        slp_svg_num(sb, slp_svg_scale(b, 0, H, L, W - R));
        slp_sb_putc(sb, ',');
        slp_svg_num(sb, slp_svg_scale(t->cum_target[b], 0, ymax, HGT - BOT, TOP));
    }
    slp_sb_puts(sb, "\"/>\n");
    /* booked through each day to date */
    slp_sb_puts(sb, "<polyline class=\"booked\" fill=\"none\" stroke=\"#4c78a8\" "
                    "stroke-width=\"3\" points=\"");
    slp_svg_num(sb, L);
    slp_sb_putc(sb, ',');
    slp_svg_num(sb, HGT - BOT);
    for (long d = 0; d <= a; d++) {
        slp_sb_putc(sb, ' ');
        slp_svg_num(sb, slp_svg_scale((double)d + 1, 0, H, L, W - R));
        slp_sb_putc(sb, ',');
        slp_svg_num(sb, slp_svg_scale(t->cum_booked[d], 0, ymax, HGT - BOT, TOP));
    }
    slp_sb_puts(sb, "\"/>\n");
    xs[0] = xa;
    ys[0] = y0;
    xs[1] = xe;
    ys[1] = slp_svg_scale(t->summary.projected_from_pipeline, 0, ymax, HGT - BOT, TOP);
    polyline(sb, xs, ys, 2, "#4c78a8", "6 4", "projection");

    slp_svg_group_open(sb, "legend");
    slp_svg_line(sb, L, HGT - 14, L + 24, HGT - 14, "#888888", 2, NULL);
    slp_svg_text(sb, L + 30, HGT - 10, &legend, "cumulative target");
    slp_svg_line(sb, L + 150, HGT - 14, L + 174, HGT - 14, "#4c78a8", 3, NULL);
    slp_svg_text(sb, L + 180, HGT - 10, &legend, "booked");
    slp_svg_line(sb, L + 250, HGT - 14, L + 274, HGT - 14, "#4c78a8", 2, "6 4");
    slp_svg_text(sb, L + 280, HGT - 10, &legend, "projection from pipeline (p10–p90 band)");
    slp_svg_group_close(sb);
    slp_svg_end(sb);
    return sb->failed ? SALESPLAN_ENOMEM : SALESPLAN_OK;
}
