/* The plan chart (SVG): a header, then the funnel, the quota by month and
 * rep (render_svg_quota.c) and capacity against target, stacked vertically.
 * docs/charts.md describes what each panel shows. */
#include <math.h>

#include "common/error.h"
#include "render/render.h"
#include "render/render_svg.h"
#include "render/svg.h"

#define MARGIN 20.0
#define RIGHT (SLP_SVG_WIDTH - MARGIN)
#define INK "#222222"
#define MUTED "#666666"

static const slp_svg_font f_title = {18, SLP_SVG_START, 1, INK, "chart-title"};
static const slp_svg_font f_sub = {12, SLP_SVG_START, 0, MUTED, "chart-subtitle"};
static const slp_svg_font f_head = {15, SLP_SVG_START, 1, INK, "panel-title"};
static const slp_svg_font f_note = {11, SLP_SVG_START, 0, MUTED, "panel-note"};

/* Title and one line of context; returns the y below them. */
static double header(const salesplan_result_overview *o, slp_strbuf *sb)
{
    char title[SLP_FMT_SIZE * 2], name[SLP_FMT_SIZE], from[SLP_FMT_SIZE], to[SLP_FMT_SIZE],
        money[SLP_FMT_SIZE], quota[SLP_FMT_SIZE], q[SLP_FMT_SIZE], line[SLP_FMT_SIZE * 4];
    slp_svg_fit(name, sizeof name, o->name, f_title.size, 1,
                RIGHT - MARGIN - slp_svg_text_width("Sales plan: ", f_title.size, 1));
    SLP_SVG_JOIN(title, "Sales plan: ", name);
    slp_svg_text(sb, MARGIN, 34, &f_title, title);
    slp_fmt_date_long(from, sizeof from, o->period_start, 0);
    slp_fmt_date_long(to, sizeof to, o->period_end, 0);
    slp_fmt_money(money, sizeof money, o->revenue, o->currency);
    slp_fmt_money(quota, sizeof quota, o->team_quota, o->currency);
    if (o->mode == SALESPLAN_MODE_CONFIDENCE) {
        char pct[SLP_FMT_SIZE];
        slp_fmt_percent(pct, sizeof pct, o->confidence);
        SLP_SVG_JOIN(q, "volumes for ", pct, " confidence");
    } else {
        SLP_SVG_JOIN(q, "expected volumes");
    }
    SLP_SVG_JOIN(line, from, " to ", to, " \u00b7 target ", money, " \u00b7 team quota ", quota,
                 " \u00b7 ", q);
    slp_svg_text(sb, MARGIN, 56, &f_sub, line);
    return 72;
}

/* ---- funnel ------------------------------------------------------------------ */

#define ROW_H 30.0
#define BAR_H 22.0

static double funnel_panel(const salesplan_result *r, slp_strbuf *sb, double top)
{
    static const slp_svg_font f_name = {12, SLP_SVG_END, 0, INK, "stage-name"};
    static const slp_svg_font f_count = {13, SLP_SVG_START, 1, INK, "stage-count"};
    static const slp_svg_font f_conv = {11, SLP_SVG_START, 0, MUTED, "stage-conversion"};
    static const slp_svg_font f_late = {11, SLP_SVG_START, 0, "#b03a2e", "stage-unreachable"};
    size_t n = salesplan_result_stage_count(r);
    slp_svg_group_open(sb, "panel funnel");
    slp_svg_text(sb, MARGIN, top + 22, &f_head, "Funnel: entries needed per stage");
    slp_svg_text(sb, MARGIN, top + 40, &f_note,
                 "Deals that must enter each stage during the period, rounded up; bar widths to "
                 "scale.");
    /* Columns: names | centred bars | counts | conversion to the next stage. */
    double name_w = 180, count_w = 0, conv_w = 0, max_n = 0;
    for (size_t i = 0; i < n; i++) {
        const salesplan_stage_result *s = salesplan_result_stage(r, i);
        if (s == NULL)
            continue;
        char buf[SLP_FMT_SIZE], conv[SLP_FMT_SIZE];
        slp_fmt_fixed(buf, sizeof buf, s->required_int, 0, 1, 1);
        double w = slp_svg_text_width(buf, f_count.size, 1);
        count_w = w > count_w ? w : count_w;
        if (!s->reachable)
            SLP_SVG_JOIN(conv, "not reachable in the period");
        else if (isfinite(s->conversion))
            slp_fmt_percent(conv, sizeof conv, s->conversion);
        else
            SLP_SVG_JOIN(conv, "won");
        if (s->reachable && isfinite(s->conversion)) {
            SLP_SVG_JOIN(buf, conv, " to next");
            SLP_SVG_JOIN(conv, buf);
        }
        w = slp_svg_text_width(conv, f_conv.size, 0);
        conv_w = w > conv_w ? w : conv_w;
        if (isfinite(s->required_int) && s->required_int > max_n)
            max_n = s->required_int;
    }
    double bar_l = MARGIN + name_w + 12, conv_x = RIGHT - conv_w;
    double count_x = conv_x - 14 - count_w, bar_r = count_x - 12;
    if (bar_r - bar_l < 200) { /* huge counts: let the conversion column go */
        conv_x = RIGHT + 1;
        count_x = RIGHT - count_w;
        bar_r = count_x - 12;
    }
    double mid = (bar_l + bar_r) / 2, half = (bar_r - bar_l) / 2;
    double y = top + 54;
    for (size_t i = 0; i < n; i++, y += ROW_H) {
        const salesplan_stage_result *s = salesplan_result_stage(r, i);
        if (s == NULL)
            continue;
        char name[SLP_FMT_SIZE], count[SLP_FMT_SIZE], buf[SLP_FMT_SIZE], tip[SLP_FMT_SIZE * 3];
        int won = i + 1 == n;
        slp_svg_fit(name, sizeof name, s->name, f_name.size, 0, name_w);
        slp_fmt_fixed(count, sizeof count, s->required_int, 0, 1, 1);
        slp_fmt_fixed(buf, sizeof buf, s->required, 2, 1, 1);
        SLP_SVG_JOIN(tip, s->name ? s->name : "", ": ", count,
                     won ? " deals to win (exactly " : " entries needed (exactly ", buf, ")");
        double w = max_n > 0 && isfinite(s->required_int) ? half * s->required_int / max_n : 0;
        if (w > 0 && w < 1)
            w = 1;
        slp_svg_group_open(sb, "stage");
        const char *fill = !s->reachable ? "#bab0ac" : won ? "#59a14f" : "#4e79a7";
        slp_svg_rect(sb, mid - w, y, 2 * w, BAR_H, fill, tip);
        slp_svg_text(sb, MARGIN + name_w, y + 15.5, &f_name, name);
        slp_svg_text(sb, count_x, y + 16, &f_count, count);
        if (conv_x <= RIGHT) {
            if (!s->reachable) {
                slp_svg_text(sb, conv_x, y + 15.5, &f_late, "not reachable in the period");
            } else if (!won && isfinite(s->conversion)) {
                char line[SLP_FMT_SIZE + 16];
                slp_fmt_percent(buf, sizeof buf, s->conversion);
                SLP_SVG_JOIN(line, buf, " to next");
                slp_svg_text(sb, conv_x, y + 15.5, &f_conv, line);
            } else if (won) {
                slp_svg_text(sb, conv_x, y + 15.5, &f_conv, "won");
            }
        }
        slp_svg_group_close(sb);
    }
    slp_svg_group_close(sb);
    return y + 8;
}

/* ---- capacity ---------------------------------------------------------------- */

static double capacity_panel(const salesplan_result_overview *o,
                             const salesplan_capacity_result *c, slp_strbuf *sb, double top)
{
    static const slp_svg_font f_label = {12, SLP_SVG_END, 0, INK, "capacity-label"};
    static const slp_svg_font f_value = {12, SLP_SVG_START, 1, INK, "capacity-value"};
    static const slp_svg_font f_gap = {12, SLP_SVG_MIDDLE, 1, "#b03a2e", "capacity-gap"};
    static const slp_svg_font f_hires = {14, SLP_SVG_START, 1, INK, "capacity-hires"};
    char target[SLP_FMT_SIZE], cap[SLP_FMT_SIZE], cov[SLP_FMT_SIZE], gap[SLP_FMT_SIZE],
        line[SLP_FMT_SIZE * 3], tip[SLP_FMT_SIZE * 2];
    const char *cur = o->currency;
    slp_fmt_money(target, sizeof target, o->revenue, cur);
    slp_fmt_money(cap, sizeof cap, c->expected, cur);
    slp_fmt_percent(cov, sizeof cov, c->coverage);
    slp_fmt_money(gap, sizeof gap, c->gap, cur);
    slp_svg_group_open(sb, "panel capacity");
    slp_svg_text(sb, MARGIN, top + 22, &f_head, "Capacity against target");
    slp_svg_text(sb, MARGIN, top + 40, &f_note,
                 "What the current team can be expected to sell, after ramp, attainment and "
                 "attrition.");
    char capline[SLP_FMT_SIZE * 2];
    SLP_SVG_JOIN(capline, cap, " (", cov, " of target)");
    double vw = slp_svg_text_width(capline, f_value.size, 1);
    double tw = slp_svg_text_width(target, f_value.size, 1);
    double label_r = MARGIN + 130, bar_l = label_r + 10;
    double bar_r = RIGHT - (vw > tw ? vw : tw) - 10;
    double hi = o->revenue;
    if (isfinite(c->expected) && c->expected > hi)
        hi = c->expected;
    double y = top + 54;
    /* Target row. */
    slp_svg_text(sb, label_r, y + 16, &f_label, "Target");
    double xt = slp_svg_scale(o->revenue, 0, hi, bar_l, bar_r);
    SLP_SVG_JOIN(tip, "Target revenue: ", target);
    slp_svg_rect(sb, bar_l, y, xt - bar_l, BAR_H, "#76787a", tip);
    slp_svg_text(sb, xt + 8, y + 16, &f_value, target);
    /* Capacity row, with the gap drawn after it up to the target. */
    y += ROW_H + 6;
    slp_svg_text(sb, label_r, y + 16, &f_label, "Expected capacity");
    double xc = isfinite(c->expected) ? slp_svg_scale(c->expected, 0, hi, bar_l, bar_r) : bar_l;
    SLP_SVG_JOIN(tip, "Expected capacity: ", cap, " (", cov, " of target)");
    slp_svg_rect(sb, bar_l, y, xc - bar_l, BAR_H, "#4e79a7", tip);
    double xend = xc;
    if (isfinite(c->gap) && c->gap > 0) {
        xend = slp_svg_scale(c->expected + c->gap, 0, hi, bar_l, bar_r);
        SLP_SVG_JOIN(tip, "Gap to the target: ", gap);
        slp_sb_puts(sb, "<rect class=\"capacity-gap-bar\" x=\"");
        slp_svg_num(sb, xc);
        slp_sb_puts(sb, "\" y=\"");
        slp_svg_num(sb, y + 0.75);
        slp_sb_puts(sb, "\" width=\"");
        slp_svg_num(sb, xend - xc > 0 ? xend - xc : 0);
        slp_sb_puts(sb, "\" height=\"");
        slp_svg_num(sb, BAR_H - 1.5);
        slp_sb_puts(sb, "\" fill=\"#fbe3e0\" stroke=\"#b03a2e\" stroke-width=\"1.5\" "
                        "stroke-dasharray=\"4 3\"><title>");
        slp_svg_escape(sb, tip);
        slp_sb_puts(sb, "</title></rect>\n");
        char gl[SLP_FMT_SIZE + 8];
        SLP_SVG_JOIN(gl, "gap ", gap);
        if (slp_svg_text_width(gl, f_gap.size, 1) + 8 <= xend - xc)
            slp_svg_text(sb, (xc + xend) / 2, y + 16, &f_gap, gl);
    }
    slp_svg_text(sb, xend + 8, y + 16, &f_value, capline);
    /* The verdict: gap and hires. */
    y += ROW_H + 14;
    char hires[SLP_FMT_SIZE], buf[SLP_FMT_SIZE];
    if (!(c->gap > 0)) {
        SLP_SVG_JOIN(hires, "No hires needed");
        SLP_SVG_JOIN(line, "No gap: the team covers ", cov, " of the target.");
    } else if (isfinite(c->hires_needed)) {
        slp_fmt_count_up(buf, sizeof buf, c->hires_needed);
        SLP_SVG_JOIN(hires, buf, c->hires_needed > 1 ? " hires needed" : " hire needed");
        slp_fmt_money(buf, sizeof buf, c->new_hire_capacity, cur);
        SLP_SVG_JOIN(line, "Gap ", gap, "; a new hire starting on day one adds ", buf, ".");
    } else if (isnan(c->new_hire_capacity)) {
        SLP_SVG_JOIN(hires, "Hires cannot be sized");
        SLP_SVG_JOIN(line, "Gap ", gap, "; no role carries a quota.");
    } else {
        SLP_SVG_JOIN(hires, "Hiring cannot close the gap");
        SLP_SVG_JOIN(line, "Gap ", gap, "; a new hire would not ramp up within the period.");
    }
    slp_svg_text(sb, bar_l, y + 4, &f_hires, hires);
    slp_svg_text(sb, bar_l + slp_svg_text_width(hires, f_hires.size, 1) + 12, y + 4, &f_sub,
                 line);
    slp_svg_group_close(sb);
    return y + 16;
}

/* ---- the document ------------------------------------------------------------ */

int slp_render_svg(const void *result, slp_strbuf *sb, salesplan_error *err)
{
    const salesplan_result *r = result;
    const salesplan_result_overview *o = salesplan_result_overview_get(r);
    const salesplan_capacity_result *c = salesplan_result_capacity(r);
    if (o == NULL || c == NULL)
        return slp_error_set(err, SALESPLAN_EINTERNAL, NULL, 0, 0,
                             "the result lacks its overview or capacity");
    slp_strbuf body = SLP_STRBUF_INIT;
    double y = header(o, &body);
    y = funnel_panel(r, &body, y);
    slp_svg_line(&body, MARGIN, y, RIGHT, y, "#dddddd", 1, NULL);
    y = slp_svg_quota_panel(r, o->currency, &body, y + 4);
    slp_svg_line(&body, MARGIN, y, RIGHT, y, "#dddddd", 1, NULL);
    y = capacity_panel(o, c, &body, y + 4);
    slp_svg_begin(sb, SLP_SVG_WIDTH, ceil(y + MARGIN), "Sales plan: ", o->name);
    if (body.failed)
        sb->failed = 1;
    else
        slp_sb_append(sb, body.data, body.len);
    slp_sb_release(&body);
    slp_svg_end(sb);
    if (sb->failed)
        return slp_error_set(err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory while drawing the chart");
    return SALESPLAN_OK;
}
