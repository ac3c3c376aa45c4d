/* Render an estimate as the SPEC §7 JSON document or as Markdown. */
#include <math.h>
#include <string.h>

#include "common/error.h"
#include "common/strbuf.h"
#include "common/text_out.h"
#include "estimate/estimate_internal.h"
#include "estimate/rep_render.h"
#include "json/json_write.h"

/* ---- JSON ------------------------------------------------------------------------ */
/* Every text that comes from the CSV (column names, stage and group values, and
 * the warnings and problems that quote them) goes through slp_jw_text: an export
 * may hold bytes that are not UTF-8, and the document must still parse. */

/* Numbers and strings go through json/json_write.h; the layout (which
 * objects sit on one line) is the SPEC §7 document's. */

static void ci95(slp_jw *w, const char *key, double low, double high)
{
    slp_jw_key(w, key);
    if (isnan(low)) {
        slp_jw_null(w);
        return;
    }
    slp_jw_array(w, SLP_JW_INLINE);
    slp_jw_number(w, low);
    slp_jw_number(w, high);
    slp_jw_end(w);
}

static void json_figures(slp_jw *w, const salesplan_estimate_figures *f)
{
    slp_jw_kint(w, "deals", f->deals);
    slp_jw_kint(w, "won", f->won);
    slp_jw_kint(w, "lost", f->lost);
    slp_jw_kint(w, "open", f->open);
    slp_jw_knumber(w, "win_rate", f->win_rate);
    ci95(w, "win_rate_ci95", f->win_rate_low, f->win_rate_high);
    slp_jw_kobject(w, "won_amount", SLP_JW_INLINE);
    slp_jw_kint(w, "count", f->won_amount_count);
    slp_jw_knumber(w, "mean", f->won_amount_mean);
    slp_jw_knumber(w, "median", f->won_amount_median);
    slp_jw_knumber(w, "sum", f->won_amount_sum);
    slp_jw_end(w);
    slp_jw_kobject(w, "cycle_days", SLP_JW_INLINE);
    slp_jw_kint(w, "count", f->cycle_count);
    slp_jw_knumber(w, "mean", f->cycle_days_mean);
    slp_jw_knumber(w, "median", f->cycle_days_median);
    slp_jw_knumber(w, "p90", f->cycle_days_p90);
    slp_jw_end(w);
}

/* {"stages": [...]}: the value of a plan's "funnel", one stage a line. */
static void json_funnel(slp_jw *w, const salesplan_estimate *e)
{
    slp_jw_object(w, SLP_JW_INLINE);
    slp_jw_karray(w, "stages", SLP_JW_PRETTY);
    for (size_t i = 0; i < e->funnel_count; i++) {
        const salesplan_estimate_funnel_stage *f = &e->funnel[i];
        slp_jw_object(w, SLP_JW_INLINE);
        slp_jw_ktext(w, "name", f->name);
        if (i + 1 < e->funnel_count) {
            slp_jw_knumber(w, "conversion", f->conversion);
            if (!isnan(f->days))
                slp_jw_knumber(w, "days", f->days);
            slp_jw_kobject(w, "observed", SLP_JW_INLINE);
            slp_jw_kint(w, "advanced", f->advanced);
            slp_jw_kint(w, "lost", f->lost);
            slp_jw_end(w);
        }
        slp_jw_end(w);
    }
    slp_jw_end(w);
    slp_jw_end(w);
}

static void json_columns(slp_jw *w, const salesplan_estimate *e)
{
    const salesplan_estimate_info *in = &e->info;
    slp_jw_kobject(w, "columns", SLP_JW_INLINE);
    slp_jw_ktext(w, "id", in->id_column);
    slp_jw_ktext(w, "stage", in->stage_column);
    slp_jw_ktext(w, "created", in->created_column);
    slp_jw_ktext(w, "closed", in->closed_column);
    slp_jw_ktext(w, "amount", in->amount_column);
    slp_jw_ktext(w, "date", in->date_column);
    slp_jw_karray(w, "groups", SLP_JW_INLINE);
    for (size_t i = 0; i < e->group_column_count; i++)
        slp_jw_text(w, e->group_columns[i]);
    slp_jw_end(w);
    slp_jw_end(w);
}

static void json_stages(slp_jw *w, const salesplan_estimate *e)
{
    slp_jw_karray(w, "stages", SLP_JW_PRETTY);
    for (size_t i = 0; i < e->stage_count; i++) {
        const salesplan_estimate_stage *s = &e->stages[i];
        slp_jw_object(w, SLP_JW_INLINE);
        slp_jw_ktext(w, "name", s->name);
        slp_jw_kint(w, "entered", s->entered);
        slp_jw_kint(w, "advanced", s->advanced);
        slp_jw_kint(w, "lost", s->lost);
        slp_jw_kint(w, "open", s->open);
        slp_jw_wrap(w); /* counts on the first line, rates on the second */
        slp_jw_knumber(w, "conversion", s->conversion);
        ci95(w, "conversion_ci95", s->conversion_low, s->conversion_high);
        slp_jw_knumber(w, "days_mean", s->days_mean);
        slp_jw_knumber(w, "days_median", s->days_median);
        slp_jw_end(w);
    }
    slp_jw_end(w);
}

static void json_doc(slp_strbuf *sb, const salesplan_estimate *e)
{
    const salesplan_estimate_info *in = &e->info;
    slp_jw w;
    slp_jw_init(&w, sb);
    slp_jw_object(&w, SLP_JW_PRETTY);
    slp_jw_kint(&w, "estimate", 1);
    slp_jw_kstring(&w, "shape",
                   in->shape == SALESPLAN_SHAPE_TRANSITIONS ? "transitions" : "snapshot");
    slp_jw_kint(&w, "rows", in->rows);
    slp_jw_key(&w, "bytes");
    slp_jw_uint(&w, in->bytes);
    json_columns(&w, e);
    slp_jw_kint(&w, "join_unmatched", in->join_unmatched);
    char delim[2] = {in->delimiter, '\0'};
    slp_jw_kstring(&w, "delimiter", in->delimiter == '\t' ? "\t" : delim);
    slp_jw_kstring(&w, "date_order", in->date_order == SALESPLAN_DATE_DMY ? "dmy" : "mdy");
    slp_jw_kobject(&w, "date_range", SLP_JW_INLINE);
    slp_jw_kstring(&w, "from", in->date_from);
    slp_jw_kstring(&w, "to", in->date_to);
    slp_jw_end(&w);
    json_figures(&w, &e->overall);
    slp_jw_karray(&w, "groups", SLP_JW_PRETTY);
    for (size_t i = 0; i < e->group_count; i++) {
        const salesplan_estimate_group *g = &e->groups[i];
        slp_jw_object(&w, SLP_JW_PRETTY);
        slp_jw_ktext(&w, "column", g->column);
        slp_jw_ktext(&w, "value", g->value);
        json_figures(&w, &g->figures);
        slp_jw_end(&w);
    }
    slp_jw_end(&w);
    json_stages(&w, e);
    slp_est_json_reps(&w, e);
    slp_jw_key(&w, "funnel");
    json_funnel(&w, e);
    slp_jw_kobject(&w, "skipped", SLP_JW_INLINE);
    slp_jw_kint(&w, "count", in->skipped);
    slp_jw_karray(&w, "lines", SLP_JW_INLINE);
    for (size_t i = 0; i < e->problem_count; i++)
        slp_jw_int(&w, e->problems[i].line);
    slp_jw_end(&w);
    slp_jw_karray(&w, "problems", SLP_JW_PRETTY);
    for (size_t i = 0; i < e->problem_count; i++) {
        slp_jw_object(&w, SLP_JW_INLINE);
        slp_jw_kint(&w, "line", e->problems[i].line);
        slp_jw_ktext(&w, "message", e->problems[i].message);
        slp_jw_end(&w);
    }
    slp_jw_end(&w);
    slp_jw_end(&w);
    slp_jw_karray(&w, "warnings", SLP_JW_PRETTY);
    for (size_t i = 0; i < e->warning_count; i++)
        slp_jw_text(&w, e->warnings[i]);
    slp_jw_end(&w);
    slp_jw_end(&w);
    slp_sb_putc(sb, '\n');
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

static void md_cell(slp_strbuf *sb, const char *s)
{
    for (; *s; s++) {
        if (*s == '|')
            slp_sb_puts(sb, "\\|");
        else if (*s == '\n' || *s == '\r')
            slp_sb_putc(sb, ' ');
        else
            slp_sb_putc(sb, *s);
    }
}

static void md_row(slp_strbuf *sb, const char *label, const salesplan_estimate_figures *f)
{
    slp_sb_puts(sb, "| ");
    md_cell(sb, label);
    slp_sb_printf(sb, " | %lld | %lld | %lld | %lld | ", f->deals, f->won, f->lost, f->open);
    md_pct(sb, f->win_rate);
    slp_sb_puts(sb, " | ");
    md_ci(sb, f->win_rate_low, f->win_rate_high);
    slp_sb_puts(sb, " | ");
    md_num(sb, f->won_amount_mean, 2);
    slp_sb_puts(sb, " | ");
    md_num(sb, f->won_amount_median, 2);
    slp_sb_puts(sb, " | ");
    md_num(sb, f->won_amount_sum, 2);
    slp_sb_puts(sb, " | ");
    md_num(sb, f->cycle_days_mean, 1);
    slp_sb_puts(sb, " | ");
    md_num(sb, f->cycle_days_median, 1);
    slp_sb_puts(sb, " | ");
    md_num(sb, f->cycle_days_p90, 1);
    slp_sb_puts(sb, " |\n");
}

static const char md_head[] =
    "| | Deals | Won | Lost | Open | Win rate | 95% interval | Won mean | Won median | Won total "
    "| Cycle mean (days) | Cycle median | Cycle p90 |\n"
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n";

static void md_doc(slp_strbuf *sb, const salesplan_estimate *e)
{
    const salesplan_estimate_info *in = &e->info;
    slp_sb_printf(sb, "# Rates estimated from a CRM export\n\n%s export: %lld rows read, %lld "
                      "skipped as malformed.\n\n",
                  in->shape == SALESPLAN_SHAPE_TRANSITIONS ? "Transitions" : "Snapshot", in->rows,
                  in->skipped);
    if (in->date_from)
        slp_sb_printf(sb, "Dates from %s to %s.\n\n", in->date_from, in->date_to);
    for (size_t i = 0; i < e->warning_count; i++) {
        slp_sb_puts(sb, i == 0 ? "Warnings:\n\n- " : "- ");
        md_cell(sb, e->warnings[i]);
        slp_sb_puts(sb, i + 1 == e->warning_count ? "\n\n" : "\n");
    }
    slp_sb_puts(sb, "## Deals\n\n");
    slp_sb_puts(sb, md_head);
    md_row(sb, "All deals", &e->overall);
    for (size_t c = 0; c < e->group_column_count; c++) {
        slp_sb_puts(sb, "\n## By ");
        md_cell(sb, e->group_columns[c]);
        slp_sb_puts(sb, "\n\n");
        slp_sb_puts(sb, md_head);
        for (size_t i = 0; i < e->group_count; i++)
            if (e->groups[i].column == e->group_columns[c])
                md_row(sb, e->groups[i].value, &e->groups[i].figures);
    }
    if (e->stage_count) {
        slp_sb_puts(sb, "\n## Stages\n\n| Stage | Entered | Advanced | Lost | Open | Conversion "
                        "| 95% interval | Days mean | Days median |\n"
                        "|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (size_t i = 0; i < e->stage_count; i++) {
            const salesplan_estimate_stage *s = &e->stages[i];
            slp_sb_puts(sb, "| ");
            md_cell(sb, s->name);
            slp_sb_printf(sb, " | %lld | %lld | %lld | %lld | ", s->entered, s->advanced,
                          s->lost, s->open);
            md_pct(sb, s->conversion);
            slp_sb_puts(sb, " | ");
            md_ci(sb, s->conversion_low, s->conversion_high);
            slp_sb_puts(sb, " | ");
            md_num(sb, s->days_mean, 1);
            slp_sb_puts(sb, " | ");
            md_num(sb, s->days_median, 1);
            slp_sb_puts(sb, " |\n");
        }
    }
    slp_est_md_reps(sb, e);
    slp_sb_puts(sb, "\n## Funnel for a plan\n\n| Stage | Conversion | Days | Advanced | Lost |\n"
                    "|---|---:|---:|---:|---:|\n");
    for (size_t i = 0; i < e->funnel_count; i++) {
        const salesplan_estimate_funnel_stage *f = &e->funnel[i];
        slp_sb_puts(sb, "| ");
        md_cell(sb, f->name);
        slp_sb_puts(sb, " | ");
        if (i + 1 == e->funnel_count) {
            slp_sb_puts(sb, "(won) | | | |\n");
            continue;
        }
        md_pct(sb, f->conversion);
        slp_sb_puts(sb, " | ");
        md_num(sb, f->days, 1);
        slp_sb_printf(sb, " | %lld | %lld |\n", f->advanced, f->lost);
    }
    if (in->skipped > 0) {
        slp_sb_printf(sb, "\n## Skipped rows\n\n%lld malformed row(s) were left out", in->skipped);
        slp_sb_puts(sb, e->problem_count < (size_t)in->skipped ? "; the first ones:\n\n" : ":\n\n");
        for (size_t i = 0; i < e->problem_count; i++) {
            slp_sb_printf(sb, "- line %lld: ", e->problems[i].line);
            md_cell(sb, e->problems[i].message);
            slp_sb_putc(sb, '\n');
        }
    }
}

salesplan_status salesplan_estimate_render(char **out, size_t *len, const salesplan_estimate *e,
                                           salesplan_format format, salesplan_error *err)
{
    if (out)
        *out = NULL;
    if (e == NULL || out == NULL)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0, "NULL estimate or output");
    if (format != SALESPLAN_FORMAT_JSON && format != SALESPLAN_FORMAT_MARKDOWN)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0,
                             "an estimate renders as JSON or Markdown only (format %d)",
                             (int)format);
    slp_clocale loc; /* printf("%.1f") writes '.' whatever locale the host set */
    if (slp_clocale_enter(&loc) != SALESPLAN_OK)
        return slp_error_set(err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory");
    slp_strbuf sb = SLP_STRBUF_INIT;
    if (format == SALESPLAN_FORMAT_JSON)
        json_doc(&sb, e);
    else
        md_doc(&sb, e);
    return slp_text_finish(&loc, &sb, SALESPLAN_OK, out, len, "out of memory", err);
}

salesplan_status salesplan_estimate_funnel_json(char **out, size_t *len,
                                                const salesplan_estimate *e, salesplan_error *err)
{
    if (out)
        *out = NULL;
    if (e == NULL || out == NULL)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0, "NULL estimate or output");
    slp_clocale loc; /* the JSON writer is locale-free; the guard keeps it so */
    if (slp_clocale_enter(&loc) != SALESPLAN_OK)
        return slp_error_set(err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory");
    slp_strbuf sb = SLP_STRBUF_INIT;
    slp_jw w;
    slp_jw_init(&w, &sb);
    json_funnel(&w, e);
    slp_sb_putc(&sb, '\n');
    return slp_text_finish(&loc, &sb, SALESPLAN_OK, out, len, "out of memory", err);
}
