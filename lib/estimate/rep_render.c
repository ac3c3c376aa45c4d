/* Rep diagnostics in the estimate's JSON (SPEC §12 keys) and in Markdown,
 * worded for a sales leader: who differs, by how much, and how sure we are. */
#include <math.h>

#include "estimate/estimate_internal.h"
#include "estimate/rep_render.h"
#include "render/render_escape.h"
#include "json/json_fields.h"
#include "render/render_cells.h"

static const char *flag_name(salesplan_rep_flag f)
{
    return f == SALESPLAN_REP_ABOVE ? "above" : f == SALESPLAN_REP_BELOW ? "below" : NULL;
}

#define SLP_JF_STRUCT salesplan_estimate_rep_stage
static const slp_jfield rep_stage_fields[] = {
    SLP_JFT(name), SLP_JFI(advanced), SLP_JFI(lost), SLP_JFN(rate), SLP_JFN(rest_rate),
    SLP_JF_WRAPS, SLP_JFN(shrunk_rate), SLP_JFN(p_value), SLP_JFN(q_value),
};
#undef SLP_JF_STRUCT

void slp_est_json_reps(slp_jw *w, const salesplan_estimate *e)
{
    if (e->rep_column == NULL)
        return;
    slp_jw_ktext(w, "rep_column", e->rep_column);
    slp_jw_karray(w, "reps", SLP_JW_PRETTY);
    for (size_t i = 0; i < e->rep_count; i++) {
        const salesplan_estimate_rep *r = &e->reps[i];
        slp_jw_object(w, SLP_JW_PRETTY);
        slp_jw_ktext(w, "name", r->name);
        slp_jw_karray(w, "stages", SLP_JW_PRETTY);
        for (size_t k = 0; k < r->stage_count; k++) {
            slp_jw_object(w, SLP_JW_INLINE);
            slp_jw_fields(w, &r->stages[k], SLP_JF_TABLE(rep_stage_fields));
            slp_jw_kstring(w, "flag", flag_name(r->stages[k].flag));
            slp_jw_end(w);
        }
        slp_jw_end(w);
        slp_jw_end(w);
    }
    slp_jw_end(w);
}

static void pct(slp_strbuf *sb, double v, int decimals)
{
    if (isnan(v))
        slp_sb_puts(sb, "—");
    else
        slp_sb_printf(sb, "%.*f%%", decimals, v * 100.0);
}

static void prob(slp_strbuf *sb, double v)
{
    if (isnan(v))
        slp_sb_puts(sb, "—");
    else if (v >= 0.001)
        slp_sb_printf(sb, "%.3f", v);
    else
        slp_sb_printf(sb, "%.1e", v);
}

/* The cells of the table after the rep: the stage, counts, rates, p and q, the flag. */
enum { NAME, COUNT, RATE, PROB, FLAG };

static void put_cell(slp_strbuf *sb, const void *obj, const slp_cell *c, const void *ctx)
{
    const salesplan_estimate_rep_stage *s = obj;
    switch (c->arg) {
    case NAME: slp_md_cell_bytes(sb, s->name); break;
    case COUNT: slp_cell_lld(sb, obj, c, ctx); break;
    case RATE: pct(sb, slp_cell_num(obj, c), 1); break;
    case PROB: prob(sb, slp_cell_num(obj, c)); break;
    case FLAG:
        slp_sb_puts(sb, s->flag == SALESPLAN_REP_ABOVE   ? "above"
                        : s->flag == SALESPLAN_REP_BELOW ? "below"
                        : isnan(s->p_value)              ? "too few deals"
                                                         : "");
        break;
    }
}

#define SLP_CELL_STRUCT salesplan_estimate_rep_stage
static const slp_cell stage_cells[] = {
    SLP_CELL_S(name, put_cell, NAME), SLP_CELL_LL(advanced, put_cell, COUNT),
    SLP_CELL_LL(lost, put_cell, COUNT), SLP_CELL_D(rate, put_cell, RATE),
    SLP_CELL_D(rest_rate, put_cell, RATE), SLP_CELL_D(shrunk_rate, put_cell, RATE),
    SLP_CELL_D(p_value, put_cell, PROB), SLP_CELL_D(q_value, put_cell, PROB),
    SLP_CELL_E(salesplan_rep_flag, flag, put_cell, FLAG),
};
#undef SLP_CELL_STRUCT

/* How sure a flag is, in words. */
static const char *sureness(double q)
{
    if (q <= 0.001)
        return "it is almost certainly not luck";
    if (q <= 0.01)
        return "that is very unlikely to be luck";
    if (q <= 0.05)
        return "that is unlikely to be luck";
    if (q <= 0.10)
        return "that is probably not luck, but worth checking again with more deals";
    return "that may well be luck";
}

/* "Moses Frase wins 71% of decided deals against 62% for the rest of the
 * team; with q = 0.03 that is unlikely to be luck." */
static void sentence(slp_strbuf *sb, const salesplan_estimate *e, const char *rep,
                     const salesplan_estimate_rep_stage *s)
{
    slp_sb_puts(sb, "- ");
    slp_md_cell_bytes(sb, rep);
    const char *only = s->flag == SALESPLAN_REP_BELOW ? "only " : "";
    if (e->info.shape == SALESPLAN_SHAPE_TRANSITIONS) {
        slp_sb_printf(sb, " moves %s", only);
        pct(sb, s->rate, 0);
        slp_sb_puts(sb, " of decided deals on from ");
        slp_md_cell_bytes(sb, s->name);
    } else {
        slp_sb_printf(sb, " wins %s", only);
        pct(sb, s->rate, 0);
        slp_sb_puts(sb, " of decided deals");
    }
    slp_sb_printf(sb, " (%lld of %lld) against ", s->advanced, s->advanced + s->lost);
    pct(sb, s->rest_rate, 0);
    slp_sb_puts(sb, " for the rest of the team; with q = ");
    prob(sb, s->q_value);
    slp_sb_printf(sb, " %s. Best estimate of the rep's own rate: ", sureness(s->q_value));
    pct(sb, s->shrunk_rate, 0);
    slp_sb_puts(sb, ".\n");
}

void slp_est_md_reps(slp_strbuf *sb, const salesplan_estimate *e)
{
    if (e->rep_column == NULL)
        return;
    size_t tests = 0, flagged = 0;
    for (size_t i = 0; i < e->rep_count; i++)
        for (size_t k = 0; k < e->reps[i].stage_count; k++) {
            if (!isnan(e->reps[i].stages[k].p_value))
                tests++;
            if (e->reps[i].stages[k].flag != SALESPLAN_REP_NOT_FLAGGED)
                flagged++;
        }
    slp_sb_puts(sb, "\n## Reps compared with the rest of the team (by ");
    slp_md_cell_bytes(sb, e->rep_column);
    slp_sb_printf(sb,
                  ")\n\nEach rep with at least %lld decided deals in a stage is compared with "
                  "the rest of the team there (Fisher's exact test, %zu comparison%s). Its "
                  "q-value is the p-value adjusted for making that many comparisons "
                  "(Benjamini–Hochberg): a rep is flagged when q ≤ %.2f, and of the flags "
                  "raised at that level at most about %.0f%% are expected to be luck. The best "
                  "estimate of a rep's own rate pulls the observed rate toward the team's, "
                  "more so when the rep has few deals (empirical Bayes).\n\n",
                  e->rep_min_n, tests, tests == 1 ? "" : "s", e->rep_q, e->rep_q * 100.0);
    if (flagged == 0)
        slp_sb_printf(sb, "No rep differs from the rest of the team by more than luck would "
                          "explain (no q-value is at or below %.2f).\n",
                      e->rep_q);
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < e->rep_count; i++)
            for (size_t k = 0; k < e->reps[i].stage_count; k++) {
                const salesplan_estimate_rep_stage *s = &e->reps[i].stages[k];
                if (s->flag == (pass == 0 ? SALESPLAN_REP_ABOVE : SALESPLAN_REP_BELOW))
                    sentence(sb, e, e->reps[i].name, s);
            }
    slp_sb_puts(sb, "\n| Rep | Stage | Advanced | Lost | Rate | Rest of team | Best estimate "
                    "| p | q | Flag |\n|---|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
    for (size_t i = 0; i < e->rep_count; i++)
        for (size_t k = 0; k < e->reps[i].stage_count; k++)
            slp_md_row(sb, e->reps[i].name, 1, &e->reps[i].stages[k], SLP_CELL_TABLE(stage_cells),
                       NULL);
}
