/* Render an estimate as the SPEC §7 JSON document or as Markdown. */
#include <math.h>
#include <string.h>

#include "common/error.h"
#include "common/strbuf.h"
#include "estimate/estimate_internal.h"
#include "estimate/rep_render.h"
#include "json/json_fields.h"
#include "json/json_write.h"
#include "render/render_escape.h"
#include "render/render_cells.h"
#include "render/render_doc.h"

/* ---- JSON ------------------------------------------------------------------------ */
/* Every text that comes from the CSV (column names, stage and group values, and
 * the warnings and problems that quote them) goes through slp_jw_text: an export
 * may hold bytes that are not UTF-8, and the document must still parse. */

/* Numbers and strings go through json/json_write.h; the layout (which
 * objects sit on one line) is the SPEC §7 document's. The members of each
 * part are listed once, in document order (json/json_fields.h). */

#define SLP_JF_STRUCT salesplan_estimate_figures
static const slp_jfield figures_fields[] = {
    SLP_JFI(deals), SLP_JFI(won), SLP_JFI(lost), SLP_JFI(open), SLP_JFN(win_rate),
    SLP_JF_PAIR("win_rate_ci95", win_rate_low, win_rate_high),
    SLP_JF_OBJECT("won_amount", SLP_JW_INLINE), SLP_JF(LLONG, "count", won_amount_count),
    SLP_JF(NUMBER, "mean", won_amount_mean), SLP_JF(NUMBER, "median", won_amount_median),
    SLP_JF(NUMBER, "sum", won_amount_sum), SLP_JF_CLOSE, SLP_JF_OBJECT("cycle_days", SLP_JW_INLINE),
    SLP_JF(LLONG, "count", cycle_count), SLP_JF(NUMBER, "mean", cycle_days_mean),
    SLP_JF(NUMBER, "median", cycle_days_median), SLP_JF(NUMBER, "p90", cycle_days_p90),
    SLP_JF_CLOSE,
};
#undef SLP_JF_STRUCT
/* The won stage (the last) has its name only. */
#define SLP_JF_STRUCT salesplan_estimate_funnel_stage
static const slp_jfield funnel_fields[] = {
    SLP_JFT(name), SLP_JFN(conversion), SLP_JF(NUMBER_OPT, "days", days),
    SLP_JF_OBJECT("observed", SLP_JW_INLINE), SLP_JFI(advanced), SLP_JFI(lost), SLP_JF_CLOSE,
};
#undef SLP_JF_STRUCT
#define SLP_JF_STRUCT salesplan_estimate_info
static const slp_jfield column_fields[] = {
    SLP_JF(TEXT, "id", id_column), SLP_JF(TEXT, "stage", stage_column),
    SLP_JF(TEXT, "created", created_column), SLP_JF(TEXT, "closed", closed_column),
    SLP_JF(TEXT, "amount", amount_column), SLP_JF(TEXT, "date", date_column),
};
#undef SLP_JF_STRUCT
/* Counts on the first line, rates on the second. */
#define SLP_JF_STRUCT salesplan_estimate_stage
static const slp_jfield stage_fields[] = {
    SLP_JFT(name), SLP_JFI(entered), SLP_JFI(advanced), SLP_JFI(lost), SLP_JFI(open), SLP_JF_WRAPS,
    SLP_JFN(conversion), SLP_JF_PAIR("conversion_ci95", conversion_low, conversion_high),
    SLP_JFN(days_mean), SLP_JFN(days_median),
};
#undef SLP_JF_STRUCT
#define SLP_JF_STRUCT salesplan_estimate_group
static const slp_jfield group_fields[] = {SLP_JFT(column), SLP_JFT(value)};
#undef SLP_JF_STRUCT
#define SLP_JF_STRUCT salesplan_estimate_problem
static const slp_jfield problem_fields[] = {SLP_JFI(line), SLP_JFT(message)};
#undef SLP_JF_STRUCT

/* {"stages": [...]}: the value of a plan's "funnel", one stage a line. */
static void json_funnel(slp_jw *w, const salesplan_estimate *e)
{
    slp_jw_object(w, SLP_JW_INLINE);
    slp_jw_karray(w, "stages", SLP_JW_PRETTY);
    for (size_t i = 0; i < e->funnel_count; i++)
        slp_jw_record(w, SLP_JW_INLINE, &e->funnel[i], funnel_fields,
                      i + 1 < e->funnel_count ? SLP_JF_COUNT(funnel_fields) : 1);
    slp_jw_end(w);
    slp_jw_end(w);
}

static void json_columns(slp_jw *w, const salesplan_estimate *e)
{
    slp_jw_kobject(w, "columns", SLP_JW_INLINE);
    slp_jw_fields(w, &e->info, SLP_JF_TABLE(column_fields));
    slp_jw_karray(w, "groups", SLP_JW_INLINE);
    for (size_t i = 0; i < e->group_column_count; i++)
        slp_jw_text(w, e->group_columns[i]);
    slp_jw_end(w);
    slp_jw_end(w);
}

static void json_members(slp_jw *w, const void *obj)
{
    const salesplan_estimate *e = obj;
    const salesplan_estimate_info *in = &e->info;
    slp_jw_kint(w, "estimate", 1);
    slp_jw_kstring(w, "shape",
                   in->shape == SALESPLAN_SHAPE_TRANSITIONS ? "transitions" : "snapshot");
    slp_jw_kint(w, "rows", in->rows);
    slp_jw_key(w, "bytes");
    slp_jw_uint(w, in->bytes);
    json_columns(w, e);
    slp_jw_kint(w, "join_unmatched", in->join_unmatched);
    char delim[2] = {in->delimiter, '\0'};
    slp_jw_kstring(w, "delimiter", in->delimiter == '\t' ? "\t" : delim);
    slp_jw_kstring(w, "date_order", in->date_order == SALESPLAN_DATE_DMY ? "dmy" : "mdy");
    slp_jw_kobject(w, "date_range", SLP_JW_INLINE);
    slp_jw_kstring(w, "from", in->date_from);
    slp_jw_kstring(w, "to", in->date_to);
    slp_jw_end(w);
    slp_jw_fields(w, &e->overall, SLP_JF_TABLE(figures_fields));
    slp_jw_karray(w, "groups", SLP_JW_PRETTY);
    for (size_t i = 0; i < e->group_count; i++) {
        const salesplan_estimate_group *g = &e->groups[i];
        slp_jw_object(w, SLP_JW_PRETTY);
        slp_jw_fields(w, g, SLP_JF_TABLE(group_fields));
        slp_jw_fields(w, &g->figures, SLP_JF_TABLE(figures_fields));
        slp_jw_end(w);
    }
    slp_jw_end(w);
    slp_jw_krecords(w, "stages", SLP_JW_INLINE, e->stages, e->stage_count, sizeof *e->stages,
                    SLP_JF_TABLE(stage_fields));
    slp_est_json_reps(w, e);
    slp_jw_key(w, "funnel");
    json_funnel(w, e);
    slp_jw_kobject(w, "skipped", SLP_JW_INLINE);
    slp_jw_kint(w, "count", in->skipped);
    slp_jw_karray(w, "lines", SLP_JW_INLINE);
    for (size_t i = 0; i < e->problem_count; i++)
        slp_jw_int(w, e->problems[i].line);
    slp_jw_end(w);
    slp_jw_krecords(w, "problems", SLP_JW_INLINE, e->problems, e->problem_count,
                    sizeof *e->problems, SLP_JF_TABLE(problem_fields));
    slp_jw_end(w);
    slp_jw_karray(w, "warnings", SLP_JW_PRETTY);
    for (size_t i = 0; i < e->warning_count; i++)
        slp_jw_text(w, e->warnings[i]);
    slp_jw_end(w);
}

/* ---- Markdown ------------------------------------------------------------------- */

static void md_num(slp_strbuf *sb, double v, int decimals)
{
    if (isnan(v))
        slp_sb_puts(sb, "—");
    else
        slp_sb_printf(sb, "%.*f", decimals, v);
}

static void md_pct(slp_strbuf *sb, double v)
{
    md_num(sb, isnan(v) ? v : v * 100.0, 1);
    if (!isnan(v))
        slp_sb_putc(sb, '%');
}

static void md_ci(slp_strbuf *sb, double lo, double hi)
{
    if (isnan(lo)) {
        slp_sb_puts(sb, "—");
        return;
    }
    slp_sb_printf(sb, "%.1f–%.1f%%", lo * 100.0, hi * 100.0);
}

/* A figure cell: md_num with `arg` decimals, or a percentage, or an interval. */
enum { PCT = -1, CI = -2 };

static void put_fig(slp_strbuf *sb, const void *obj, const slp_cell *c, const void *ctx)
{
    (void)ctx;
    double v = slp_cell_num(obj, c);
    if (c->arg == CI)
        md_ci(sb, v, slp_cell_num2(obj, c));
    else if (c->arg == PCT)
        md_pct(sb, v);
    else
        md_num(sb, v, c->arg);
}

/* The cells of the Markdown tables after the first (the label): counts and figures. */
#define CNT(m) SLP_CELL_LL(m, slp_cell_lld, 0)
#define FIG(m, arg) SLP_CELL_D(m, put_fig, arg)
#define SLP_CELL_STRUCT salesplan_estimate_figures
static const slp_cell figure_cells[] = {
    CNT(deals), CNT(won), CNT(lost), CNT(open), FIG(win_rate, PCT),
    SLP_CELL_DD(win_rate_low, win_rate_high, put_fig, CI), FIG(won_amount_mean, 2),
    FIG(won_amount_median, 2), FIG(won_amount_sum, 2), FIG(cycle_days_mean, 1),
    FIG(cycle_days_median, 1), FIG(cycle_days_p90, 1),
};
#undef SLP_CELL_STRUCT
#define SLP_CELL_STRUCT salesplan_estimate_stage
static const slp_cell stage_cells[] = {
    CNT(entered), CNT(advanced), CNT(lost), CNT(open), FIG(conversion, PCT),
    SLP_CELL_DD(conversion_low, conversion_high, put_fig, CI), FIG(days_mean, 1),
    FIG(days_median, 1),
};
#undef SLP_CELL_STRUCT
#define SLP_CELL_STRUCT salesplan_estimate_funnel_stage
static const slp_cell funnel_cells[] = {
    FIG(conversion, PCT), FIG(days, 1), CNT(advanced), CNT(lost),
};
#undef SLP_CELL_STRUCT

static const char md_head[] =
    "| | Deals | Won | Lost | Open | Win rate | 95% interval | Won mean | Won median | Won total "
    "| Cycle mean (days) | Cycle median | Cycle p90 |\n"
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n";

static int md_doc(const void *obj, slp_strbuf *sb, salesplan_error *err)
{
    (void)err;
    const salesplan_estimate *e = obj;
    const salesplan_estimate_info *in = &e->info;
    slp_sb_printf(sb, "# Rates estimated from a CRM export\n\n%s export: %lld rows read, %lld "
                      "skipped as malformed.\n\n",
                  in->shape == SALESPLAN_SHAPE_TRANSITIONS ? "Transitions" : "Snapshot", in->rows,
                  in->skipped);
    if (in->date_from)
        slp_sb_printf(sb, "Dates from %s to %s.\n\n", in->date_from, in->date_to);
    for (size_t i = 0; i < e->warning_count; i++) {
        slp_sb_puts(sb, i == 0 ? "Warnings:\n\n- " : "- ");
        slp_md_cell_bytes(sb, e->warnings[i]);
        slp_sb_puts(sb, i + 1 == e->warning_count ? "\n\n" : "\n");
    }
    slp_sb_puts(sb, "## Deals\n\n");
    slp_sb_puts(sb, md_head);
    slp_md_row(sb, "All deals", 1, &e->overall, SLP_CELL_TABLE(figure_cells), NULL);
    for (size_t c = 0; c < e->group_column_count; c++) {
        slp_sb_puts(sb, "\n## By ");
        slp_md_cell_bytes(sb, e->group_columns[c]);
        slp_sb_puts(sb, "\n\n");
        slp_sb_puts(sb, md_head);
        for (size_t i = 0; i < e->group_count; i++)
            if (e->groups[i].column == e->group_columns[c])
                slp_md_row(sb, e->groups[i].value, 1, &e->groups[i].figures,
                           SLP_CELL_TABLE(figure_cells), NULL);
    }
    if (e->stage_count) {
        slp_sb_puts(sb, "\n## Stages\n\n| Stage | Entered | Advanced | Lost | Open | Conversion "
                        "| 95% interval | Days mean | Days median |\n"
                        "|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (size_t i = 0; i < e->stage_count; i++)
            slp_md_row(sb, e->stages[i].name, 1, &e->stages[i], SLP_CELL_TABLE(stage_cells), NULL);
    }
    slp_est_md_reps(sb, e);
    slp_sb_puts(sb, "\n## Funnel for a plan\n\n| Stage | Conversion | Days | Advanced | Lost |\n"
                    "|---|---:|---:|---:|---:|\n");
    for (size_t i = 0; i < e->funnel_count; i++) {
        const salesplan_estimate_funnel_stage *f = &e->funnel[i];
        if (i + 1 < e->funnel_count) {
            slp_md_row(sb, f->name, 1, f, SLP_CELL_TABLE(funnel_cells), NULL);
            continue;
        }
        slp_sb_puts(sb, "| ");
        slp_md_cell_bytes(sb, f->name);
        slp_sb_puts(sb, " | (won) | | | |\n");
    }
    if (in->skipped > 0) {
        slp_sb_printf(sb, "\n## Skipped rows\n\n%lld malformed row(s) were left out", in->skipped);
        slp_sb_puts(sb, e->problem_count < (size_t)in->skipped ? "; the first ones:\n\n" : ":\n\n");
        for (size_t i = 0; i < e->problem_count; i++) {
            slp_sb_printf(sb, "- line %lld: ", e->problems[i].line);
            slp_md_cell_bytes(sb, e->problems[i].message);
            slp_sb_putc(sb, '\n');
        }
    }
    return SALESPLAN_OK;
}

salesplan_status salesplan_estimate_render(char **out, size_t *len, const salesplan_estimate *e,
                                           salesplan_format format, salesplan_error *err)
{
    static const slp_doc_kind kind = {"estimate", {NULL, md_doc, NULL, NULL}, json_members};
    return slp_render_doc(out, len, e, format, &kind, err);
}

static int funnel_doc(const void *obj, slp_strbuf *sb, salesplan_error *err)
{
    (void)err;
    slp_jw w;
    slp_jw_init(&w, sb);
    json_funnel(&w, obj);
    slp_sb_putc(sb, '\n');
    return SALESPLAN_OK;
}

salesplan_status salesplan_estimate_funnel_json(char **out, size_t *len,
                                                const salesplan_estimate *e, salesplan_error *err)
{
    static const slp_doc_kind kind = {"estimate", {funnel_doc}, NULL};
    return slp_render_doc(out, len, e, SALESPLAN_FORMAT_JSON, &kind, err);
}
