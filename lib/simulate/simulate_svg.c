/* The simulation chart (SVG): a histogram of revenue per trial, with the
 * target and the P10, P50 and P90 of revenue marked. The figures shown are
 * the simulation's summary; the bar heights are its histogram
 * (salesplan_simulation_histogram()). docs/charts.md describes the chart. */
#include <math.h>
#include <stdio.h>

#include "common/error.h"
#include "common/numeric.h"
#include "render/render.h"
#include "render/render_svg.h"
#include "simulate/simulate_internal.h"
#include "render/svg.h"

#define MARGIN 20.0
#define RIGHT (SLP_SVG_WIDTH - MARGIN)
#define PLOT_H 260.0
#define MAX_BINS 60
#define ROW 16.0 /* height of one row of marker labels */

/* Plan name and currency. The public header has no accessor for them yet:
 * this is the only place that reads the handle's internals. */
static void labels(const salesplan_simulation *sim, const char **name, const char **currency)
{
    *name = sim->name ? sim->name : "";
    *currency = sim->currency;
}

/* How to bin revenue. When every won deal has the same size (revenue is
 * deals times a constant), the bins are centred on whole deal counts, a few
 * counts per bin at most, so that no bin is empty by aliasing; otherwise
 * MAX_BINS equal bins span [min, max]. */
typedef struct binning {
    double lo, hi;
    size_t bins;
} binning;

static binning choose_bins(const salesplan_simulation_summary *s)
{
    const salesplan_simulation_stats *rv = &s->revenue, *dl = &s->deals;
    binning b = {rv->min, rv->max, MAX_BINS};
    if (!(rv->max > rv->min)) { /* one value: one bin around it */
        double d = fabs(rv->min) * 0.01 > 0.5 ? fabs(rv->min) * 0.01 : 0.5;
        b.lo = rv->min - d;
        b.hi = rv->min + d;
        b.bins = 1;
        return b;
    }
    if (dl->max > 0 && dl->max > dl->min) {
        double a = rv->max / dl->max, tol = SLP_ROUND_EPS * fabs(rv->max);
        if (a > 0 && fabs(rv->min - dl->min * a) <= tol && fabs(rv->p50 - dl->p50 * a) <= tol &&
            fabs(rv->mean - dl->mean * a) <= 1e-7 * fabs(rv->max)) {
            double counts = dl->max - dl->min + 1;
            double per = ceil(counts / MAX_BINS);
            b.bins = (size_t)ceil(counts / per);
            b.lo = rv->min - a / 2;
            b.hi = b.lo + (double)b.bins * per * a;
        }
    }
    return b;
}

/* A vertical marker: the line and its label, on the lowest row of labels
 * where it does not overlap an earlier one (markers are laid out left to
 * right). */
typedef struct marker {
    double x;
    const char *label;
    const char *colour;
    const char *dash;
    const char *cls;
    int bold;
    /* layout */
    double tx;
    slp_svg_anchor anchor;
    size_t row;
} marker;

#define MARKERS 4

/* Sort and place the labels; returns the number of rows used. */
static size_t layout_markers(marker *m, size_t n)
{
    for (size_t i = 1; i < n; i++) /* by position, left to right */
        for (size_t j = i; j > 0 && m[j].x < m[j - 1].x; j--) {
            marker tmp = m[j];
            m[j] = m[j - 1];
            m[j - 1] = tmp;
        }
    double row_end[MARKERS];
    size_t used = 0;
    for (size_t k = 0; k < MARKERS; k++)
        row_end[k] = -1e9;
    for (size_t i = 0; i < n && i < MARKERS; i++) {
        double w = slp_svg_text_width(m[i].label, 11, m[i].bold);
        double left = m[i].x - w / 2;
        m[i].tx = m[i].x;
        m[i].anchor = SLP_SVG_MIDDLE;
        if (left < MARGIN) {
            m[i].anchor = SLP_SVG_START;
            left = m[i].tx = m[i].x - 2;
        } else if (m[i].x + w / 2 > RIGHT) {
            m[i].anchor = SLP_SVG_END;
            m[i].tx = m[i].x + 2;
            left = m[i].tx - w;
        }
        size_t row = 0;
        while (row + 1 < MARKERS && left < row_end[row] + 8)
            row++;
        row_end[row] = left + w;
        m[i].row = row;
        used = row + 1 > used ? row + 1 : used;
    }
    return used;
}

static void draw_markers(slp_strbuf *sb, const marker *m, size_t n, double plot_t, double plot_b)
{
    for (size_t i = 0; i < n; i++)
        slp_svg_line(sb, m[i].x, plot_t - 3 - (double)m[i].row * ROW, m[i].x, plot_b, m[i].colour,
                     m[i].bold ? 2 : 1.25, m[i].dash);
    /* Labels over the lines, with a white halo where a line crosses them. */
    slp_sb_puts(sb, "<g stroke=\"#ffffff\" stroke-width=\"3\" stroke-linejoin=\"round\" "
                    "paint-order=\"stroke\">\n");
    for (size_t i = 0; i < n; i++) {
        slp_svg_font f = {11, m[i].anchor, m[i].bold, m[i].colour, m[i].cls};
        slp_svg_text(sb, m[i].tx, plot_t - 6 - (double)m[i].row * ROW, &f, m[i].label);
    }
    slp_sb_puts(sb, "</g>\n");
}

/* X axis: money ticks, as many as fit side by side (at most 12). */
static void x_axis(slp_strbuf *sb, const char *cur, double lo, double hi, double plot_l,
                   double plot_b)
{
    static const slp_svg_font f_tick = {11, SLP_SVG_MIDDLE, 0, "#666666", "sim-xtick"};
    char buf[SLP_FMT_SIZE];
    double step = 1, first = 0;
    int n = 0;
    for (int target = 7; target >= 2; target--) {
        step = slp_svg_nice_step(hi - lo, target);
        first = ceil(lo / step);
        double w = 0;
        for (n = 0; n < 12 && (first + n) * step <= hi; n++) {
            slp_fmt_money(buf, sizeof buf, (first + n) * step, cur);
            double tw = slp_svg_text_width(buf, f_tick.size, 0);
            w = tw > w ? tw : w;
        }
        if ((w + 16) * (hi - lo) / step <= RIGHT - plot_l)
            break;
    }
    for (int k = 0; k < n; k++) {
        double v = (first + k) * step;
        double x = slp_svg_scale(v, lo, hi, plot_l, RIGHT);
        slp_svg_line(sb, x, plot_b, x, plot_b + 4, "#888888", 1, NULL);
        slp_fmt_money(buf, sizeof buf, v, cur);
        slp_svg_text(sb, x, plot_b + 17, &f_tick, buf);
    }
}

/* Left edge of the plot: room for the largest count on the y axis. */
static double plot_left(double top_n)
{
    char buf[SLP_FMT_SIZE];
    slp_fmt_fixed(buf, sizeof buf, top_n, 0, 1, 1);
    return MARGIN + slp_svg_text_width(buf, 11, 0) + 8;
}

/* Y axis: trials per bin, grid lines and tick labels. */
static void y_axis(slp_strbuf *sb, double top_n, double step, double plot_l, double plot_t,
                   double plot_b)
{
    static const slp_svg_font f_tick = {11, SLP_SVG_END, 0, "#666666", "sim-ytick"};
    char buf[SLP_FMT_SIZE];
    for (double v = 0; v <= top_n + step / 2; v += step) {
        double y = slp_svg_scale(v, 0, top_n, plot_b, plot_t);
        slp_fmt_fixed(buf, sizeof buf, v, 0, 1, 1);
        slp_svg_line(sb, plot_l, y, RIGHT, y, v == 0 ? "#888888" : "#e4e4e4", 1, NULL);
        slp_svg_text(sb, plot_l - 6, y + 4, &f_tick, buf);
    }
}

/* Title, run line and revenue quantiles. */
static void header(const salesplan_simulation_summary *s, const char *name, const char *cur,
                   slp_strbuf *sb)
{
    static const slp_svg_font f_title = {18, SLP_SVG_START, 1, "#222222", "chart-title"};
    static const slp_svg_font f_sub = {12, SLP_SVG_START, 0, "#666666", "chart-subtitle"};
    static const slp_svg_font f_stats = {12, SLP_SVG_START, 0, "#222222", "sim-stats"};
    char title[SLP_FMT_SIZE], line[SLP_FMT_SIZE * 6], a[SLP_FMT_SIZE], c[SLP_FMT_SIZE],
        d[SLP_FMT_SIZE], e[SLP_FMT_SIZE], t[SLP_FMT_SIZE];
    slp_svg_fit(title, sizeof title, name, f_title.size, 1,
                RIGHT - MARGIN - slp_svg_text_width("Simulation: ", f_title.size, 1));
    SLP_SVG_JOIN(line, "Simulation: ", title);
    slp_svg_text(sb, MARGIN, 34, &f_title, line);
    slp_fmt_fixed(a, sizeof a, (double)s->trials, 0, 1, 1);
    snprintf(c, sizeof c, "%llu", s->seed);
    slp_fmt_money(t, sizeof t, s->target, cur);
    slp_fmt_percent(d, sizeof d, s->p_hit);
    slp_fmt_fixed(e, sizeof e, s->p_hit_se * 100.0, 2, 0, 0);
    SLP_SVG_JOIN(line, a, " trials \u00b7 seed ", c, " \u00b7 chance of reaching the ", t,
                 " target: ", d, " (standard error ", e, " points)");
    slp_svg_text(sb, MARGIN, 56, &f_sub, line);
    char p10[SLP_FMT_SIZE], p50[SLP_FMT_SIZE], p90[SLP_FMT_SIZE], mean[SLP_FMT_SIZE];
    slp_fmt_money(p10, sizeof p10, s->revenue.p10, cur);
    slp_fmt_money(p50, sizeof p50, s->revenue.p50, cur);
    slp_fmt_money(p90, sizeof p90, s->revenue.p90, cur);
    slp_fmt_money(mean, sizeof mean, s->revenue.mean, cur);
    SLP_SVG_JOIN(line, "Revenue per trial: P10 ", p10, " \u00b7 P50 ", p50, " \u00b7 P90 ", p90,
                 " \u00b7 mean ", mean);
    slp_svg_text(sb, MARGIN, 80, &f_stats, line);
}

int slp_render_simulation_svg(const void *obj, slp_strbuf *sb, salesplan_error *err)
{
    const salesplan_simulation *sim = obj;
    static const slp_svg_font f_note = {11, SLP_SVG_START, 0, "#666666", "panel-note"};
    const salesplan_simulation_summary *s = salesplan_simulation_summary_get(sim);
    if (s == NULL)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0, "no simulation to draw (NULL)");
    const char *name, *cur;
    labels(sim, &name, &cur);
    binning b = choose_bins(s);
    unsigned long long counts[MAX_BINS];
    int rc = salesplan_simulation_histogram(counts, b.bins, sim, SALESPLAN_SIMULATION_REVENUE,
                                            b.lo, b.hi, err);
    if (rc != SALESPLAN_OK)
        return rc;

    char t[SLP_FMT_SIZE], p10[SLP_FMT_SIZE], p50[SLP_FMT_SIZE], p90[SLP_FMT_SIZE];
    slp_strbuf head = SLP_STRBUF_INIT; /* the document's height is known only later */
    slp_fmt_money(t, sizeof t, s->target, cur);
    slp_fmt_money(p10, sizeof p10, s->revenue.p10, cur);
    slp_fmt_money(p50, sizeof p50, s->revenue.p50, cur);
    slp_fmt_money(p90, sizeof p90, s->revenue.p90, cur);
    header(s, name, cur, &head);

    /* Scales. */
    unsigned long long top_c = 0;
    for (size_t i = 0; i < b.bins; i++)
        top_c = counts[i] > top_c ? counts[i] : top_c;
    double ystep = slp_svg_nice_step((double)top_c, 5);
    ystep = ystep < 1 ? 1 : ystep;
    double top_n = top_c > 0 ? ceil((double)top_c / ystep - SLP_ROUND_EPS) * ystep : ystep;
    double lo = b.lo < s->target ? b.lo : s->target, hi = b.hi > s->target ? b.hi : s->target;
    double pad = (hi - lo) * (b.bins == 1 ? 4.5 : 0.02); /* a lone bin stays narrow */
    lo -= pad;
    hi += pad;
    double plot_l = plot_left(top_n);
    char lt[SLP_FMT_SIZE + 8], l10[SLP_FMT_SIZE + 8], l50[SLP_FMT_SIZE + 8], l90[SLP_FMT_SIZE + 8];
    SLP_SVG_JOIN(lt, "Target ", t);
    SLP_SVG_JOIN(l10, "P10 ", p10);
    SLP_SVG_JOIN(l50, "P50 ", p50);
    SLP_SVG_JOIN(l90, "P90 ", p90);
    marker m[MARKERS] = {
        {slp_svg_scale(s->revenue.p10, lo, hi, plot_l, RIGHT), l10, "#444444", "5 3", "sim-p10", 0,
         0, SLP_SVG_MIDDLE, 0},
        {slp_svg_scale(s->revenue.p50, lo, hi, plot_l, RIGHT), l50, "#444444", "5 3", "sim-p50", 0,
         0, SLP_SVG_MIDDLE, 0},
        {slp_svg_scale(s->revenue.p90, lo, hi, plot_l, RIGHT), l90, "#444444", "5 3", "sim-p90", 0,
         0, SLP_SVG_MIDDLE, 0},
        {slp_svg_scale(s->target, lo, hi, plot_l, RIGHT), lt, "#b03a2e", NULL, "sim-target", 1, 0,
         SLP_SVG_MIDDLE, 0},
    };
    size_t rows = layout_markers(m, MARKERS);
    double plot_t = 96 + (double)rows * ROW, plot_b = plot_t + PLOT_H;
    slp_svg_begin(sb, SLP_SVG_WIDTH, plot_b + 60, "Simulation: ", name);
    slp_sb_append(sb, head.data ? head.data : "", head.len);
    if (head.failed)
        sb->failed = 1;
    slp_sb_release(&head);

    slp_svg_group_open(sb, "panel histogram");
    y_axis(sb, top_n, ystep, plot_l, plot_t, plot_b);
    double bw = (b.hi - b.lo) / (double)b.bins;
    for (size_t i = 0; i < b.bins; i++) {
        double x0 = slp_svg_scale(b.lo + bw * (double)i, lo, hi, plot_l, RIGHT);
        double x1 = slp_svg_scale(b.lo + bw * (double)(i + 1), lo, hi, plot_l, RIGHT);
        double h = (double)counts[i] / top_n * PLOT_H;
        char from[SLP_FMT_SIZE], to[SLP_FMT_SIZE], n[SLP_FMT_SIZE], tip[SLP_FMT_SIZE * 4];
        slp_fmt_money(from, sizeof from, b.lo + bw * (double)i, cur);
        slp_fmt_money(to, sizeof to, b.lo + bw * (double)(i + 1), cur);
        slp_fmt_fixed(n, sizeof n, (double)counts[i], 0, 1, 1);
        SLP_SVG_JOIN(tip, n, " trials with revenue from ", from, " to ", to);
        int hit = b.lo + bw * ((double)i + 0.5) >= s->target;
        double gap = x1 - x0 > 4 ? 1 : 0;
        slp_svg_rect(sb, x0 + gap / 2, plot_b - h, x1 - x0 - gap, h, hit ? "#59a14f" : "#4e79a7",
                     tip);
    }
    x_axis(sb, cur, lo, hi, plot_l, plot_b);
    slp_svg_group_close(sb);
    slp_svg_group_open(sb, "markers");
    draw_markers(sb, m, MARKERS, plot_t, plot_b);
    slp_svg_group_close(sb);
    slp_svg_text(sb, MARGIN, plot_b + 40, &f_note,
                 "Bars: trials per revenue bin; green bins reach the target. Dashed lines: "
                 "P10, P50 and P90 of revenue.");
    slp_svg_end(sb);
    if (sb->failed)
        return slp_error_set(err, SALESPLAN_ENOMEM, NULL, 0, 0,
                             "out of memory while drawing the chart");
    return SALESPLAN_OK;
}
