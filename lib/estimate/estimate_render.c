/* Render an estimate as the SPEC §7 JSON document or as Markdown. */
#include <math.h>
#include <string.h>

#include "common/error.h"
#include "estimate/estimate_internal.h"
#include "common/strbuf.h"

/* ---- JSON ------------------------------------------------------------------------ */

static void key(slp_strbuf *sb, const char *ind, const char *k)
{
    slp_sb_puts(sb, ind);
    slp_sb_json_string(sb, k);
    slp_sb_puts(sb, ": ");
}

static void str_or_null(slp_strbuf *sb, const char *s)
{
    if (s)
        slp_sb_json_string(sb, s);
    else
        slp_sb_puts(sb, "null");
}

static void json_figures(slp_strbuf *sb, const salesplan_estimate_figures *f, const char *ind)
{
    key(sb, ind, "deals");
    slp_sb_printf(sb, "%lld,\n", f->deals);
    key(sb, ind, "won");
    slp_sb_printf(sb, "%lld,\n", f->won);
    key(sb, ind, "lost");
    slp_sb_printf(sb, "%lld,\n", f->lost);
    key(sb, ind, "open");
    slp_sb_printf(sb, "%lld,\n", f->open);
    key(sb, ind, "win_rate");
    slp_sb_json_number(sb, f->win_rate);
    slp_sb_puts(sb, ",\n");
    key(sb, ind, "win_rate_ci95");
    if (isnan(f->win_rate_low)) {
        slp_sb_puts(sb, "null");
    } else {
        slp_sb_putc(sb, '[');
        slp_sb_json_number(sb, f->win_rate_low);
        slp_sb_puts(sb, ", ");
        slp_sb_json_number(sb, f->win_rate_high);
        slp_sb_putc(sb, ']');
    }
    slp_sb_puts(sb, ",\n");
    key(sb, ind, "won_amount");
    slp_sb_printf(sb, "{\"count\": %lld, \"mean\": ", f->won_amount_count);
    slp_sb_json_number(sb, f->won_amount_mean);
    slp_sb_puts(sb, ", \"median\": ");
    slp_sb_json_number(sb, f->won_amount_median);
    slp_sb_puts(sb, ", \"sum\": ");
    slp_sb_json_number(sb, f->won_amount_sum);
    slp_sb_puts(sb, "},\n");
    key(sb, ind, "cycle_days");
    slp_sb_printf(sb, "{\"count\": %lld, \"mean\": ", f->cycle_count);
    slp_sb_json_number(sb, f->cycle_days_mean);
    slp_sb_puts(sb, ", \"median\": ");
    slp_sb_json_number(sb, f->cycle_days_median);
    slp_sb_puts(sb, ", \"p90\": ");
    slp_sb_json_number(sb, f->cycle_days_p90);
    slp_sb_puts(sb, "}");
}

static void json_funnel(slp_strbuf *sb, const salesplan_estimate *e, const char *ind)
{
    slp_sb_puts(sb, "{\"stages\": [");
    for (size_t i = 0; i < e->funnel_count; i++) {
        const salesplan_estimate_funnel_stage *f = &e->funnel[i];
        slp_sb_puts(sb, i ? ",\n" : "\n");
        slp_sb_puts(sb, ind);
        slp_sb_puts(sb, "  {\"name\": ");
        slp_sb_json_string(sb, f->name);
        if (i + 1 < e->funnel_count) {
            slp_sb_puts(sb, ", \"conversion\": ");
            slp_sb_json_number(sb, f->conversion);
            if (!isnan(f->days)) {
                slp_sb_puts(sb, ", \"days\": ");
                slp_sb_json_number(sb, f->days);
            }
            slp_sb_printf(sb, ", \"observed\": {\"advanced\": %lld, \"lost\": %lld}", f->advanced,
                          f->lost);
        }
        slp_sb_putc(sb, '}');
    }
    slp_sb_puts(sb, "\n");
    slp_sb_puts(sb, ind);
    slp_sb_puts(sb, "]}");
}

static void json_doc(slp_strbuf *sb, const salesplan_estimate *e)
{
    const salesplan_estimate_info *in = &e->info;
    slp_sb_puts(sb, "{\n  \"estimate\": 1,\n");
    key(sb, "  ", "shape");
    slp_sb_json_string(sb, in->shape == SALESPLAN_SHAPE_TRANSITIONS ? "transitions" : "snapshot");
    slp_sb_printf(sb, ",\n  \"rows\": %lld,\n  \"bytes\": %llu,\n", in->rows, in->bytes);
    slp_sb_puts(sb, "  \"columns\": {\"id\": ");
    str_or_null(sb, in->id_column);
    slp_sb_puts(sb, ", \"stage\": ");
    str_or_null(sb, in->stage_column);
    slp_sb_puts(sb, ", \"created\": ");
    str_or_null(sb, in->created_column);
    slp_sb_puts(sb, ", \"closed\": ");
    str_or_null(sb, in->closed_column);
    slp_sb_puts(sb, ", \"amount\": ");
    str_or_null(sb, in->amount_column);
    slp_sb_puts(sb, ", \"date\": ");
    str_or_null(sb, in->date_column);
    slp_sb_puts(sb, ", \"groups\": [");
    for (size_t i = 0; i < e->group_column_count; i++) {
        if (i)
            slp_sb_puts(sb, ", ");
        slp_sb_json_string(sb, e->group_columns[i]);
    }
    slp_sb_printf(sb, "]},\n  \"join_unmatched\": %lld,\n", in->join_unmatched);
    json_figures(sb, &e->overall, "  ");
    slp_sb_puts(sb, ",\n  \"groups\": [");
    for (size_t i = 0; i < e->group_count; i++) {
        const salesplan_estimate_group *g = &e->groups[i];
        slp_sb_puts(sb, i ? ",\n    {\n" : "\n    {\n");
        key(sb, "      ", "column");
        slp_sb_json_string(sb, g->column);
        slp_sb_puts(sb, ",\n");
        key(sb, "      ", "value");
        slp_sb_json_string(sb, g->value);
        slp_sb_puts(sb, ",\n");
        json_figures(sb, &g->figures, "      ");
        slp_sb_puts(sb, "\n    }");
    }
    slp_sb_puts(sb, e->group_count ? "\n  ],\n  \"stages\": [" : "],\n  \"stages\": [");
    for (size_t i = 0; i < e->stage_count; i++) {
        const salesplan_estimate_stage *s = &e->stages[i];
        slp_sb_puts(sb, i ? ",\n    {\"name\": " : "\n    {\"name\": ");
        slp_sb_json_string(sb, s->name);
        slp_sb_printf(sb, ", \"entered\": %lld, \"advanced\": %lld, \"lost\": %lld, \"open\": %lld",
                      s->entered, s->advanced, s->lost, s->open);
        slp_sb_puts(sb, ",\n     \"conversion\": ");
        slp_sb_json_number(sb, s->conversion);
        slp_sb_puts(sb, ", \"conversion_ci95\": ");
        if (isnan(s->conversion_low)) {
            slp_sb_puts(sb, "null");
        } else {
            slp_sb_putc(sb, '[');
            slp_sb_json_number(sb, s->conversion_low);
            slp_sb_puts(sb, ", ");
            slp_sb_json_number(sb, s->conversion_high);
            slp_sb_putc(sb, ']');
        }
        slp_sb_puts(sb, ", \"days_mean\": ");
        slp_sb_json_number(sb, s->days_mean);
        slp_sb_puts(sb, ", \"days_median\": ");
        slp_sb_json_number(sb, s->days_median);
        slp_sb_putc(sb, '}');
    }
    slp_sb_puts(sb, e->stage_count ? "\n  ],\n  \"funnel\": " : "],\n  \"funnel\": ");
    json_funnel(sb, e, "  ");
    slp_sb_printf(sb, ",\n  \"skipped\": {\"count\": %lld, \"lines\": [", in->skipped);
    for (size_t i = 0; i < e->problem_count; i++)
        slp_sb_printf(sb, "%s%lld", i ? ", " : "", e->problems[i].line);
    slp_sb_puts(sb, "], \"problems\": [");
    for (size_t i = 0; i < e->problem_count; i++) {
        slp_sb_printf(sb, "%s\n    {\"line\": %lld, \"message\": ", i ? "," : "",
                      e->problems[i].line);
        slp_sb_json_string(sb, e->problems[i].message);
        slp_sb_putc(sb, '}');
    }
    slp_sb_puts(sb, e->problem_count ? "\n  ]}\n}\n" : "]}\n}\n");
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

int salesplan_estimate_render(const salesplan_estimate *e, salesplan_format format, char **out,
                              size_t *len, salesplan_error *err)
{
    if (out)
        *out = NULL;
    if (e == NULL || out == NULL)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0, "NULL estimate or output");
    slp_strbuf sb = SLP_STRBUF_INIT;
    if (format == SALESPLAN_FORMAT_JSON)
        json_doc(&sb, e);
    else if (format == SALESPLAN_FORMAT_MARKDOWN)
        md_doc(&sb, e);
    else
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0,
                             "an estimate renders as JSON or Markdown only (format %d)",
                             (int)format);
    int rc = slp_sb_finish(&sb, out, len);
    if (rc != SALESPLAN_OK)
        return slp_error_set(err, rc, NULL, 0, 0, "out of memory");
    return SALESPLAN_OK;
}

int salesplan_estimate_funnel_json(const salesplan_estimate *e, char **out, size_t *len,
                                   salesplan_error *err)
{
    if (out)
        *out = NULL;
    if (e == NULL || out == NULL)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0, "NULL estimate or output");
    slp_strbuf sb = SLP_STRBUF_INIT;
    json_funnel(&sb, e, "");
    slp_sb_putc(&sb, '\n');
    int rc = slp_sb_finish(&sb, out, len);
    if (rc != SALESPLAN_OK)
        return slp_error_set(err, rc, NULL, 0, 0, "out of memory");
    return SALESPLAN_OK;
}
