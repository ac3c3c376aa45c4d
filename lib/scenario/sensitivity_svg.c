/* The tornado chart of a sensitivity analysis (SVG, house style of
 * render/svg.h): one row per lever in rank order, a bar from the plan's value
 * of the rank_by output to its value with the lever low (blue) and high
 * (orange); the widest bars on top. docs/charts.md describes it. */
#include <math.h>
#include <stdio.h>

#include "common/error.h"
#include "render/render_fmt.h"
#include "render/render_svg.h"
#include "render/svg.h"
#include "scenario/scenario_internal.h"

#define MARGIN 20.0
#define RIGHT (SLP_SVG_WIDTH - MARGIN)
#define ROW_H 26.0
#define BAR_H 16.0
#define TOP 96.0
#define LOW_FILL "#4e79a7"
#define HIGH_FILL "#f28e2b"

int slp_sensitivity_svg(const void *obj, slp_strbuf *sb, salesplan_error *err)
{
    const salesplan_sensitivity *s = obj;
    (void)err;
    static const slp_svg_font f_title = {18, SLP_SVG_START, 1, "#222222", "chart-title"};
    static const slp_svg_font f_sub = {12, SLP_SVG_START, 0, "#666666", "chart-subtitle"};
    static const slp_svg_font f_lever = {12, SLP_SVG_END, 0, "#222222", "tornado-lever"};
    static const slp_svg_font f_val = {11, SLP_SVG_START, 0, "#444444", "tornado-value"};
    static const slp_svg_font f_valr = {11, SLP_SVG_END, 0, "#444444", "tornado-value"};
    static const slp_svg_font f_tick = {11, SLP_SVG_MIDDLE, 0, "#666666", "tornado-tick"};
    int k = s->rank_by;
    double base = s->base[k];
    double lo = base, hi = base;
    for (size_t i = 0; i < s->nlev; i++) {
        const salesplan_sensitivity_output *o = &s->levers[i].outputs[k];
        if (o->low < lo)
            lo = o->low;
        if (o->high < lo)
            lo = o->high;
        if (o->low > hi)
            hi = o->low;
        if (o->high > hi)
            hi = o->high;
    }
    if (!isfinite(lo) || !isfinite(hi)) {
        lo = hi = 0.0;
    }
    if (!(hi > lo)) {
        lo -= 1.0;
        hi += 1.0;
    }
    /* label column: the widest lever name, at most a third of the width */
    double label_w = 80.0;
    for (size_t i = 0; i < s->nlev; i++) {
        double w = slp_svg_text_width(s->levers[i].lever, f_lever.size, 0);
        if (w > label_w)
            label_w = w;
    }
    if (label_w > SLP_SVG_WIDTH / 3)
        label_w = SLP_SVG_WIDTH / 3;
    double plot_l = MARGIN + label_w + 12.0 + 60.0, plot_r = RIGHT - 60.0;
    double height = TOP + ROW_H * (double)(s->nlev ? s->nlev : 1) + 50.0;
    slp_svg_begin(sb, SLP_SVG_WIDTH, height, "Sensitivity: ", s->name);
    char title[512], line[512], a[SLP_FMT_SIZE], b[SLP_FMT_SIZE];
    slp_svg_fit(title, sizeof title, s->name, f_title.size, 1,
                RIGHT - MARGIN - slp_svg_text_width("Sensitivity: ", f_title.size, 1));
    SLP_SVG_JOIN(line, "Sensitivity: ", title);
    slp_svg_text(sb, MARGIN, 34, &f_title, line);
    slp_fmt_percent(a, sizeof a, s->step);
    slp_sens_value_text(b, sizeof b, k, base, 1, "n/a");
    SLP_SVG_JOIN(line, slp_sens_output_names[k], " when each lever moves alone by \u00b1", a,
                 " (headcount by one rep); plan: ", b);
    slp_svg_text(sb, MARGIN, 56, &f_sub, line);
    /* legend */
    slp_svg_rect(sb, MARGIN, 68, 12, 12, LOW_FILL, NULL);
    slp_svg_text(sb, MARGIN + 16, 78, &f_val, "lever low");
    slp_svg_rect(sb, MARGIN + 90, 68, 12, 12, HIGH_FILL, NULL);
    slp_svg_text(sb, MARGIN + 106, 78, &f_val, "lever high");

    double xb = slp_svg_scale(base, lo, hi, plot_l, plot_r);
    double bottom = TOP + ROW_H * (double)s->nlev;
    slp_svg_group_open(sb, "tornado");
    for (size_t i = 0; i < s->nlev; i++) {
        const salesplan_sensitivity_lever *L = &s->levers[i];
        const salesplan_sensitivity_output *o = &L->outputs[k];
        double y = TOP + ROW_H * (double)i;
        slp_svg_group_open(sb, "lever");
        char name[512];
        slp_svg_fit(name, sizeof name, L->lever, f_lever.size, 0, label_w);
        slp_svg_text(sb, MARGIN + label_w, y + BAR_H - 3, &f_lever, name);
        const double vals[2] = {o->low, o->high};
        const char *fills[2] = {LOW_FILL, HIGH_FILL};
        for (int side = 0; side < 2; side++) {
            if (isnan(vals[side]))
                continue;
            double x = slp_svg_scale(vals[side], lo, hi, plot_l, plot_r);
            double x0 = x < xb ? x : xb, w = fabs(x - xb);
            char tip[640];
            slp_sens_value_text(a, sizeof a, k, vals[side], 1, "n/a");
            SLP_SVG_JOIN(tip, L->lever, side ? " high: " : " low: ", a);
            slp_svg_rect(sb, x0, y, w, BAR_H, fills[side], tip);
            /* the value at the bar's outer end */
            if (x < xb)
                slp_svg_text(sb, x - 4, y + BAR_H - 4, &f_valr, a);
            else if (x > xb)
                slp_svg_text(sb, x + 4, y + BAR_H - 4, &f_val, a);
        }
        slp_svg_group_close(sb);
    }
    slp_svg_group_close(sb);
    slp_svg_line(sb, xb, TOP - 6, xb, bottom + 2, "#222222", 1, NULL);
    slp_sens_value_text(a, sizeof a, k, base, 1, "n/a");
    slp_svg_text(sb, xb, bottom + 18, &f_tick, a);
    slp_svg_end(sb);
    return SALESPLAN_OK;
}
