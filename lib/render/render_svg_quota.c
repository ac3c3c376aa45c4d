/* The quota panel of the plan chart: one stacked bar per month slice, one
 * colour per quota-carrying rep, a money axis and a legend with each rep's
 * total. The amounts shown are the result's quota figures. */
#include <math.h>

#include "common/numeric.h"
#include "render/render.h"
#include "render/render_svg.h"
#include "render/svg.h"

#define MARGIN 20.0
#define RIGHT (SLP_SVG_WIDTH - MARGIN)
#define PLOT_H 220.0

static double amount(const salesplan_rep_quota *q, size_t s)
{
    double v = q && q->slices ? q->slices[s] : 0.0;
    return isfinite(v) && v > 0 ? v : 0.0;
}

/* Tick labels and grid lines of the money axis; returns the left edge of
 * the plot. */
static double axis(slp_strbuf *sb, const char *cur, double top_v, double step, double plot_t)
{
    static const slp_svg_font f_tick = {11, SLP_SVG_END, 0, "#666666", "quota-tick"};
    char buf[SLP_FMT_SIZE];
    long nt = lround(top_v / step);
    double lw = 0;
    for (long k = 0; k <= nt; k++) {
        slp_fmt_money(buf, sizeof buf, (double)k * step, cur);
        double w = slp_svg_text_width(buf, f_tick.size, 0);
        lw = w > lw ? w : lw;
    }
    double plot_l = MARGIN + lw + 8, plot_b = plot_t + PLOT_H;
    for (long k = 0; k <= nt; k++) {
        double y = slp_svg_scale((double)k * step, 0, top_v, plot_b, plot_t);
        slp_fmt_money(buf, sizeof buf, (double)k * step, cur);
        slp_svg_line(sb, plot_l, y, RIGHT, y, k == 0 ? "#888888" : "#e4e4e4", 1, NULL);
        slp_svg_text(sb, plot_l - 6, y + 4, &f_tick, buf);
    }
    return plot_l;
}

/* The legend: a swatch, the rep, the role and the rep's total, in rows. */
static double legend(const salesplan_result *r, const char *cur, slp_strbuf *sb, double y)
{
    static const slp_svg_font f_leg = {11, SLP_SVG_START, 0, "#222222", "quota-legend"};
    double x = MARGIN;
    for (size_t i = 0, nr = salesplan_result_rep_quota_count(r); i < nr; i++) {
        const salesplan_rep_quota *q = salesplan_result_rep_quota(r, i);
        if (q == NULL)
            continue;
        char name[SLP_FMT_SIZE], total[SLP_FMT_SIZE], item[SLP_FMT_SIZE * 3];
        slp_svg_fit(name, sizeof name, q->name, f_leg.size, 0, 220);
        slp_fmt_money(total, sizeof total, q->total, cur);
        if (q->role && q->role[0])
            SLP_SVG_JOIN(item, name, " (", q->role, "): ", total);
        else
            SLP_SVG_JOIN(item, name, ": ", total);
        double w = 16 + slp_svg_text_width(item, f_leg.size, 0);
        if (x > MARGIN && x + w > RIGHT) {
            x = MARGIN;
            y += 18;
        }
        slp_svg_rect(sb, x, y - 10, 12, 12, slp_svg_colour(i), NULL);
        slp_svg_text(sb, x + 16, y, &f_leg, item);
        x += w + 18;
    }
    return y;
}

double slp_svg_quota_panel(const salesplan_result *r, const char *cur, slp_strbuf *sb, double top)
{
    static const slp_svg_font f_head = {15, SLP_SVG_START, 1, "#222222", "panel-title"};
    static const slp_svg_font f_note = {11, SLP_SVG_START, 0, "#666666", "panel-note"};
    static const slp_svg_font f_month = {11, SLP_SVG_MIDDLE, 0, "#222222", "quota-month"};
    size_t ns = salesplan_result_slice_count(r), nr = salesplan_result_rep_quota_count(r);
    slp_svg_group_open(sb, "panel quota");
    slp_svg_text(sb, MARGIN, top + 22, &f_head, "Quota by month and rep");
    if (ns == 0 || nr == 0) {
        slp_svg_text(sb, MARGIN, top + 40, &f_note,
                     "No rep carries a quota (no role has quota_monthly above 0): nothing to "
                     "chart.");
        slp_svg_group_close(sb);
        return top + 56;
    }
    slp_svg_text(sb, MARGIN, top + 40, &f_note,
                 "One bar per month of the period, stacked by rep; the legend gives each rep's "
                 "total. Hover a block for its amount.");
    /* Scale: the tallest stack, up to a nice round amount. */
    double hi = 0;
    for (size_t s = 0; s < ns; s++) {
        double h = 0;
        for (size_t i = 0; i < nr; i++)
            h += amount(salesplan_result_rep_quota(r, i), s);
        hi = h > hi ? h : hi;
    }
    double step = slp_svg_nice_step(hi, 5);
    double top_v = hi > 0 ? ceil(hi / step - SLP_ROUND_EPS) * step : step;
    double plot_t = top + 58, plot_b = plot_t + PLOT_H;
    double plot_l = axis(sb, cur, top_v, step, plot_t);
    double slot = (RIGHT - plot_l) / (double)ns;
    double bar_w = slot * 0.72 < 84 ? slot * 0.72 : 84;
    /* Month labels: every k-th when they would not fit side by side. */
    double lw = 0;
    for (size_t s = 0; s < ns; s++) {
        const salesplan_slice_result *sl = salesplan_result_slice(r, s);
        char buf[SLP_FMT_SIZE];
        slp_fmt_slice_label(buf, sizeof buf, sl ? sl->start : NULL, sl ? sl->end : NULL);
        double w = slp_svg_text_width(buf, f_month.size, 0);
        lw = w > lw ? w : lw;
    }
    size_t every = (size_t)ceil((lw + 10) / slot);
    every = every < 1 ? 1 : every;
    for (size_t s = 0; s < ns; s++) {
        const salesplan_slice_result *sl = salesplan_result_slice(r, s);
        char month[SLP_FMT_SIZE];
        slp_fmt_slice_label(month, sizeof month, sl ? sl->start : NULL, sl ? sl->end : NULL);
        double x = plot_l + slot * (double)s + (slot - bar_w) / 2, base = plot_b;
        slp_svg_group_open(sb, "quota-month-bar");
        for (size_t i = 0; i < nr; i++) {
            const salesplan_rep_quota *q = salesplan_result_rep_quota(r, i);
            double v = amount(q, s);
            if (q == NULL || v <= 0)
                continue;
            double h = v / top_v * PLOT_H;
            char money[SLP_FMT_SIZE], tip[SLP_FMT_SIZE * 4];
            slp_fmt_money(money, sizeof money, v, cur);
            SLP_SVG_JOIN(tip, q->name ? q->name : "", ", ", month, ": ", money);
            slp_svg_rect(sb, x, base - h, bar_w, h, slp_svg_colour(i), tip);
            if (h >= 15 && slp_svg_text_width(money, 10, 0) + 6 <= bar_w) {
                slp_svg_font f = {10, SLP_SVG_MIDDLE, 0, slp_svg_ink_on(i), "quota-amount"};
                slp_svg_text(sb, x + bar_w / 2, base - h / 2 + 3.5, &f, money);
            }
            base -= h;
        }
        slp_svg_group_close(sb);
        if (s % every == 0) { /* centred under the bar, kept inside the document */
            double half = slp_svg_text_width(month, f_month.size, 0) / 2;
            double cx = plot_l + slot * ((double)s + 0.5);
            cx = cx + half > SLP_SVG_WIDTH - 4 ? SLP_SVG_WIDTH - 4 - half : cx;
            cx = cx - half < 4 ? 4 + half : cx;
            slp_svg_text(sb, cx, plot_b + 16, &f_month, month);
        }
    }
    double y = legend(r, cur, sb, plot_b + 40);
    double un = salesplan_result_unassigned(r);
    if (isfinite(un) && un > 0) {
        static const slp_svg_font f_warn = {11, SLP_SVG_START, 0, "#b03a2e", "quota-unassigned"};
        char money[SLP_FMT_SIZE], line[SLP_FMT_SIZE * 2];
        slp_fmt_money(money, sizeof money, un, cur);
        SLP_SVG_JOIN(line, "Unassigned: ", money,
                     " falls in months where no rep carries quota (not drawn).");
        y += 20;
        slp_svg_text(sb, MARGIN, y, &f_warn, line);
    }
    slp_svg_group_close(sb);
    return y + 14;
}
