/* JSON (SPEC §13 keys) and Markdown of a sensitivity analysis, and the
 * entry point that also dispatches to the tornado chart. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "common/error.h"
#include "json/json_fields.h"
#include "json/json_write.h"
#include "render/render.h"
#include "render/render_doc.h"
#include "render/render_fmt.h"
#include "scenario/scenario_internal.h"

#define SLP_JF_STRUCT salesplan_sensitivity_lever
static const slp_jfield lever_fields[] = {
    SLP_JFT(lever), SLP_JFT(path), SLP_JFN(base), SLP_JFN(low), SLP_JFN(high),
};
#undef SLP_JF_STRUCT
#define SLP_JF_STRUCT salesplan_sensitivity_output
static const slp_jfield output_fields[] = {
    SLP_JFN(low), SLP_JFN(high), SLP_JFN(swing), SLP_JFN(elasticity),
};
#undef SLP_JF_STRUCT

void slp_sensitivity_json(slp_jw *w, const void *obj)
{
    const salesplan_sensitivity *s = obj;
    slp_jw_ktext(w, "name", s->name);
    slp_jw_kstring(w, "rank_by", slp_sens_output_names[s->rank_by]);
    slp_jw_knumber(w, "step", s->step);
    slp_jw_key(w, "trials");
    slp_jw_uint(w, s->trials);
    slp_jw_key(w, "seed");
    slp_jw_uint(w, s->seed);
    slp_jw_ktext(w, "activity", s->activity);
    slp_jw_kobject(w, "base", SLP_JW_INLINE);
    for (size_t k = 0; k < s->nout; k++)
        slp_jw_knumber(w, slp_sens_output_names[k], s->base[k]);
    slp_jw_end(w);
    slp_jw_karray(w, "levers", SLP_JW_PRETTY);
    for (size_t i = 0; i < s->nlev; i++) {
        const salesplan_sensitivity_lever *L = &s->levers[i];
        slp_jw_object(w, SLP_JW_PRETTY);
        slp_jw_fields(w, L, SLP_JF_TABLE(lever_fields));
        slp_jw_kobject(w, "outputs", SLP_JW_PRETTY);
        for (size_t k = 0; k < s->nout; k++)
            slp_jw_krecord(w, L->outputs[k].name, SLP_JW_INLINE, &L->outputs[k],
                           SLP_JF_TABLE(output_fields));
        slp_jw_end(w);
        slp_jw_end(w);
    }
    slp_jw_end(w);
}

/* An output's value in the tables: counts (deals, hires) whole. */
static void fig(char *buf, size_t size, int k, double v)
{
    slp_sens_value_text(buf, size, k, v, k == SLP_OUT_DEALS || k == SLP_OUT_HIRES ? 0 : 1,
                        "\u2014");
}

static void lever_value(char *buf, size_t size, const salesplan_sensitivity_lever *L, double v)
{
    if (strncmp(L->path, "team.roles[", 11) == 0 && strstr(L->path, "ramp") == NULL)
        slp_fmt_fixed(buf, size, v, 0, 1, 1); /* reps */
    else if (strstr(L->path, "conversion") || strstr(L->path, "attainment") ||
             strstr(L->path, "attrition") || strstr(L->path, "ramp"))
        slp_fmt_percent(buf, size, v);
    else
        slp_fmt_fixed(buf, size, v, 2, 1, 1);
}

int slp_sensitivity_markdown(const void *obj, slp_strbuf *sb, salesplan_error *err)
{
    (void)err;
    const salesplan_sensitivity *s = obj;
    int k = s->rank_by;
    char a[SLP_FMT_SIZE], b[SLP_FMT_SIZE], c[SLP_FMT_SIZE], d[SLP_FMT_SIZE];
    slp_sb_puts(sb, "# Sensitivity: ");
    slp_md_cell(sb, s->name);
    slp_fmt_percent(a, sizeof a, s->step);
    slp_sb_printf(sb, "\n\nEach lever moves alone by \u2212%s and +%s (clamped to its valid "
                      "range; headcount by one rep), the others staying at the plan's values. "
                      "Levers are ranked by the swing of **%s**.",
                  a, a, slp_sens_output_names[k]);
    if (s->trials > 0) {
        slp_fmt_fixed(b, sizeof b, (double)s->trials, 0, 1, 1);
        slp_sb_printf(sb, " P(hit) is simulated with %s trials and seed %llu for every "
                          "setting (common random numbers).", b, s->seed);
    }
    if (s->activity) {
        slp_sb_puts(sb, " The activity figure is ");
        slp_md_cell(sb, s->activity);
        slp_sb_puts(sb, " per rep per workday.");
    }
    slp_sb_puts(sb, "\n\n| Output | Plan |\n|---|--:|\n");
    for (size_t j = 0; j < s->nout; j++) {
        fig(a, sizeof a, (int)j, s->base[j]);
        slp_sb_printf(sb, "| %s | %s |\n", slp_sens_output_names[j], a);
    }
    slp_sb_printf(sb, "\n| Lever | Low | High | %s at low | at high | Swing | Elasticity |\n"
                      "|---|--:|--:|--:|--:|--:|--:|\n",
                  slp_sens_output_names[k]);
    for (size_t i = 0; i < s->nlev; i++) {
        const salesplan_sensitivity_lever *L = &s->levers[i];
        const salesplan_sensitivity_output *o = &L->outputs[k];
        lever_value(a, sizeof a, L, L->low);
        lever_value(b, sizeof b, L, L->high);
        slp_sb_puts(sb, "| ");
        slp_md_cell(sb, L->lever);
        slp_sb_printf(sb, " | %s | %s |", a, b);
        fig(a, sizeof a, k, o->low);
        fig(b, sizeof b, k, o->high);
        fig(c, sizeof c, k, o->swing);
        if (isnan(o->elasticity))
            snprintf(d, sizeof d, "\u2014");
        else
            slp_fmt_fixed(d, sizeof d, o->elasticity, 2, 1, 0);
        slp_sb_printf(sb, " %s | %s | %s | %s |\n", a, b, c, d);
    }
    slp_sb_puts(sb, "\nElasticity: the change of ln(output) over the change of ln(lever) "
                    "between the low and high settings (\u2014 when a value is zero).\n");
    return SALESPLAN_OK;
}

salesplan_status salesplan_sensitivity_render(char **out, size_t *len,
                                              const salesplan_sensitivity *s,
                                              salesplan_format format, salesplan_error *err)
{
    static const slp_doc_kind kind = {
        "sensitivity analysis",
        {NULL, slp_sensitivity_markdown, NULL, slp_sensitivity_svg}, slp_sensitivity_json};
    return slp_render_doc(out, len, s, format, &kind, err);
}
