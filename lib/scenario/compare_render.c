/* Markdown, JSON and CSV of a comparison. Rounding happens in Markdown only;
 * JSON and CSV carry the exact figures (shortest round-trip numbers). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "common/error.h"
#include "json/json_write.h"
#include "render/render.h"
#include "render/render_doc.h"
#include "render/render_fmt.h"
#include "scenario/scenario_internal.h"

/* Rates read as percentages, coverages as multiples ("1.25×"). */
static int is_rate(const char *key)
{
    return strstr(key, "win_rate") || strstr(key, "p_hit");
}

static int is_multiple(const char *key)
{
    return strstr(key, "coverage") != NULL;
}

static void md_value(char *buf, size_t size, const char *key, double v, int signed_diff)
{
    if (isnan(v)) {
        snprintf(buf, size, "\u2014");
        return;
    }
    char num[SLP_FMT_SIZE];
    if (is_rate(key)) {
        if (signed_diff) { /* a difference of rates reads in percentage points */
            slp_fmt_fixed(num, sizeof num, fabs(v) * 100.0, 1, 1, 1);
            snprintf(buf, size, "%s%s pts", v > 0 ? "+" : v < 0 ? "\u2212" : "\u00b1", num);
            return;
        }
        slp_fmt_percent(buf, size, v);
        return;
    }
    int mult = is_multiple(key);
    slp_fmt_fixed(num, sizeof num, signed_diff ? fabs(v) : v, mult ? 2 : 1, 1, 1);
    if (signed_diff)
        snprintf(buf, size, "%s%s%s", v > 0 ? "+" : v < 0 ? "\u2212" : "\u00b1", num,
                 mult ? "\u00d7" : "");
    else
        snprintf(buf, size, "%s%s", num, mult ? "\u00d7" : "");
}

static int render_md(const void *obj, slp_strbuf *sb, salesplan_error *err)
{
    (void)err;
    const salesplan_comparison *c = obj;
    slp_sb_puts(sb, "# Scenarios compared\n\nEach figure of every plan; later plans show "
                    "their difference to the first in brackets.\n\n| Figure |");
    for (size_t j = 0; j < c->n; j++) {
        slp_sb_putc(sb, ' ');
        slp_md_cell(sb, c->labels[j]);
        slp_sb_puts(sb, " |");
    }
    slp_sb_puts(sb, "\n|---|");
    for (size_t j = 0; j < c->n; j++)
        slp_sb_puts(sb, "--:|");
    slp_sb_putc(sb, '\n');
    char a[SLP_FMT_SIZE + 8], d[SLP_FMT_SIZE + 8];
    for (size_t i = 0; i < c->row_count; i++) {
        const salesplan_comparison_row *r = &c->rows[i].pub;
        slp_sb_puts(sb, "| ");
        slp_md_cell(sb, r->label);
        slp_sb_puts(sb, " |");
        for (size_t j = 0; j < c->n; j++) {
            md_value(a, sizeof a, r->key, r->values[j], 0);
            if (j == 0 || isnan(r->differences[j])) {
                slp_sb_printf(sb, " %s |", a);
            } else {
                md_value(d, sizeof d, r->key, r->differences[j], 1);
                slp_sb_printf(sb, " %s (%s) |", a, d);
            }
        }
        slp_sb_putc(sb, '\n');
    }
    slp_sb_puts(sb, "\nP(hit) rows appear when the plans are simulated (same seed and trials "
                    "for every plan); \"at the team's capacity\" caps each stage's entries "
                    "at what the roles' time allows.\n");
    return SALESPLAN_OK;
}

static void json_members(slp_jw *w, const void *obj)
{
    const salesplan_comparison *c = obj;
    slp_jw_karray(w, "scenarios", SLP_JW_INLINE);
    for (size_t j = 0; j < c->n; j++)
        slp_jw_text(w, c->labels[j]);
    slp_jw_end(w);
    slp_jw_karray(w, "figures", SLP_JW_PRETTY);
    for (size_t i = 0; i < c->row_count; i++) {
        const salesplan_comparison_row *r = &c->rows[i].pub;
        slp_jw_object(w, SLP_JW_INLINE);
        slp_jw_ktext(w, "key", r->key);
        slp_jw_ktext(w, "label", r->label);
        slp_jw_karray(w, "values", SLP_JW_INLINE);
        for (size_t j = 0; j < c->n; j++)
            slp_jw_number(w, r->values[j]);
        slp_jw_end(w);
        slp_jw_karray(w, "difference", SLP_JW_INLINE);
        for (size_t j = 0; j < c->n; j++)
            slp_jw_number(w, r->differences[j]);
        slp_jw_end(w);
        slp_jw_end(w);
    }
    slp_jw_end(w);
}

static void csv_number(slp_strbuf *sb, double v)
{
    slp_sb_putc(sb, ',');
    if (isfinite(v))
        slp_json_number(sb, v);
}

static int render_csv(const void *obj, slp_strbuf *sb, salesplan_error *err)
{
    (void)err;
    const salesplan_comparison *c = obj;
    slp_sb_puts(sb, "key,label");
    for (size_t j = 0; j < c->n; j++) {
        slp_sb_putc(sb, ',');
        slp_csv_field(sb, c->labels[j]);
    }
    for (size_t j = 1; j < c->n; j++) {
        slp_sb_puts(sb, ",difference ");
        slp_sb_printf(sb, "%zu", j + 1);
    }
    slp_sb_puts(sb, "\r\n");
    for (size_t i = 0; i < c->row_count; i++) {
        const salesplan_comparison_row *r = &c->rows[i].pub;
        slp_csv_field(sb, r->key);
        slp_sb_putc(sb, ',');
        slp_csv_field(sb, r->label);
        for (size_t j = 0; j < c->n; j++)
            csv_number(sb, r->values[j]);
        for (size_t j = 1; j < c->n; j++)
            csv_number(sb, r->differences[j]);
        slp_sb_puts(sb, "\r\n");
    }
    return SALESPLAN_OK;
}

salesplan_status salesplan_comparison_render(char **out, size_t *len,
                                             const salesplan_comparison *c,
                                             salesplan_format format, salesplan_error *err)
{
    static const slp_doc_kind kind = {"comparison", {NULL, render_md, render_csv, NULL}, json_members};
    return slp_render_doc(out, len, c, format, &kind, err);
}
