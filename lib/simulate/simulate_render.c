/* JSON and Markdown of a simulation (SPEC §8), and the entry point that also
 * dispatches to the SVG chart (simulate_svg.c). The renderers only read the
 * summary; rounding happens in Markdown only. */
#include <stdio.h>

#include "render/render.h"
#include "render/render_doc.h"
#include "render/render_svg.h"
#include "simulate/simulate_internal.h"
#include "common/strbuf.h"
#include "json/json_fields.h"
#include "json/json_write.h"

#define SLP_JF_STRUCT salesplan_simulation_stats
static const slp_jfield stats_fields[] = {
    SLP_JFN(mean), SLP_JFN(p10), SLP_JFN(p50), SLP_JFN(p90), SLP_JFN(min), SLP_JFN(max),
};
#undef SLP_JF_STRUCT
#define SLP_JF_STRUCT salesplan_simulation_summary
static const slp_jfield run_fields[] = {SLP_JFI(trials), SLP_JFI(seed)};
static const slp_jfield hit_fields[] = {SLP_JFN(target), SLP_JFN(p_hit), SLP_JFN(p_hit_se)};
static const slp_jfield capacity_hit_fields[] = {
    SLP_JF(NUMBER, "p_hit", p_hit_capacity), SLP_JF(NUMBER, "p_hit_se", p_hit_capacity_se),
};
#undef SLP_JF_STRUCT

static void json_members(slp_jw *w, const void *obj)
{
    const salesplan_simulation *sim = obj;
    const salesplan_simulation_summary *s = &sim->summary;
    slp_jw_fields(w, s, SLP_JF_TABLE(run_fields));
    slp_jw_kstring(w, "name", sim->name);
    slp_jw_kstring(w, "currency", sim->currency);
    slp_jw_fields(w, s, SLP_JF_TABLE(hit_fields));
    slp_jw_krecord(w, "revenue", SLP_JW_INLINE, &s->revenue, SLP_JF_TABLE(stats_fields));
    slp_jw_krecord(w, "deals", SLP_JW_INLINE, &s->deals, SLP_JF_TABLE(stats_fields));
    if (s->capacity) {
        /* only with the run at capacity: the document is otherwise unchanged */
        slp_jw_kobject(w, "capacity", SLP_JW_PRETTY);
        slp_jw_fields(w, s, SLP_JF_TABLE(capacity_hit_fields));
        slp_jw_krecord(w, "revenue", SLP_JW_INLINE, &s->revenue_capacity,
                       SLP_JF_TABLE(stats_fields));
        slp_jw_krecord(w, "deals", SLP_JW_INLINE, &s->deals_capacity, SLP_JF_TABLE(stats_fields));
        slp_jw_end(w);
    }
}

static void md_row(slp_strbuf *sb, const char *label, const salesplan_simulation_stats *st,
                   const char *currency)
{
    const double vals[4] = {st->mean, st->p10, st->p50, st->p90};
    slp_sb_printf(sb, "| %s |", label);
    for (int i = 0; i < 4; i++) {
        char buf[SLP_FMT_SIZE];
        if (currency)
            slp_fmt_money(buf, sizeof buf, vals[i], currency);
        else
            slp_fmt_fixed(buf, sizeof buf, vals[i], 1, 1, 1);
        slp_sb_printf(sb, " %s |", buf);
    }
    slp_sb_puts(sb, "\n");
}

static int render_markdown(const void *obj, slp_strbuf *sb, salesplan_error *err)
{
    (void)err;
    const salesplan_simulation *sim = obj;
    const salesplan_simulation_summary *s = &sim->summary;
    char trials[SLP_FMT_SIZE], target[SLP_FMT_SIZE], p[SLP_FMT_SIZE], se[SLP_FMT_SIZE];
    slp_fmt_fixed(trials, sizeof trials, (double)s->trials, 0, 1, 1);
    slp_fmt_money(target, sizeof target, s->target, sim->currency);
    slp_fmt_percent(p, sizeof p, s->p_hit);
    /* The standard error in percentage points, with two decimals so that
     * large runs do not show "0". */
    slp_fmt_fixed(se, sizeof se, s->p_hit_se * 100.0, 2, 0, 0);
    slp_sb_puts(sb, "# Simulation: ");
    slp_md_cell(sb, sim->name);
    slp_sb_printf(sb, "\n\n%s trials of the period (seed %llu).\n\n", trials, s->seed);
    slp_sb_printf(sb, "**Chance of reaching the %s target: %s** (standard error %s points).\n\n",
                  target, p, se);
    slp_sb_puts(sb, "This chance assumes the plan's volumes happen: every entry the plan asks "
                    "for is worked, whatever the team's time allows. Conversions and deal "
                    "sizes vary from trial to trial.\n\n");
    if (s->capacity) {
        char pc[SLP_FMT_SIZE], sec[SLP_FMT_SIZE];
        slp_fmt_percent(pc, sizeof pc, s->p_hit_capacity);
        slp_fmt_fixed(sec, sizeof sec, s->p_hit_capacity_se * 100.0, 2, 0, 0);
        slp_sb_printf(sb, "**At the team's capacity: %s** (standard error %s points). This "
                          "chance assumes no stage gets more new entries than the time of its "
                          "roles allows: headcount, ramp and minutes per day of the timed "
                          "activities (same seed and trials).\n\n",
                      pc, sec);
    }
    slp_sb_puts(sb, "| Outcome per trial | Mean | P10 | Median | P90 |\n"
                    "|---|---:|---:|---:|---:|\n");
    md_row(sb, "Revenue", &s->revenue, sim->currency);
    md_row(sb, "Deals won", &s->deals, NULL);
    if (s->capacity) {
        md_row(sb, "Revenue at capacity", &s->revenue_capacity, sim->currency);
        md_row(sb, "Deals won at capacity", &s->deals_capacity, NULL);
    }
    slp_sb_puts(sb, "\nP10 means 10% of trials ended below that figure; quantiles interpolate\n"
                    "linearly between trials.\n");
    return SALESPLAN_OK;
}

salesplan_status salesplan_simulation_render(char **out, size_t *len,
                                             const salesplan_simulation *sim,
                                             salesplan_format format, salesplan_error *err)
{
    static const slp_doc_kind kind = {
        "simulation", {NULL, render_markdown, NULL, slp_render_simulation_svg}, json_members};
    return slp_render_doc(out, len, sim, format, &kind, err);
}
