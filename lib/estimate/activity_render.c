/* Writing activity yields: the JSON document (docs/result-format.md,
 * "Activity yields"), a Markdown report, and the plan's activities list with
 * measured per_entry values. */
#include <math.h>
#include <string.h>

#include "common/alloc.h"
#include "common/clocale.h"
#include "common/error.h"
#include "common/strbuf.h"
#include "estimate/activity_internal.h"
#include "json/json_fields.h"
#include "render/render_escape.h"
#include "json/json_write.h"

static void kcount(slp_jw *w, const char *key, long long v)
{
    if (v < 0) {
        slp_jw_key(w, key);
        slp_jw_null(w);
    } else {
        slp_jw_kint(w, key, v);
    }
}

static void json_yield(slp_jw *w, const salesplan_activity_yield *y)
{
    slp_jw_kint(w, "count", y->count);
    kcount(w, "entries", y->entries);
    slp_jw_knumber(w, "per_entry", y->per_entry);
    slp_jw_kint(w, "won_deals", y->won_deals);
    slp_jw_knumber(w, "per_won_deal", y->per_won_deal);
}

static void json_columns(slp_jw *w, const char *key, const char *const *names,
                         const char *const *roles, size_t n)
{
    slp_jw_key(w, key);
    slp_jw_object(w, SLP_JW_INLINE);
    for (size_t i = 0; i < n; i++)
        slp_jw_ktext(w, roles[i], names[i]);
    slp_jw_end(w);
}

/* The run's information, in document order; the deals' shape and the columns
 * (two lists of names) are written by hand between the tables. */
#define SLP_JF_STRUCT salesplan_activities_info
static const slp_jfield info_range[] = {
    SLP_JF_OBJECT("range", SLP_JW_INLINE), SLP_JF(STRING, "from", from),
    SLP_JF(STRING, "to", to), SLP_JF_CLOSE};
static const slp_jfield info_rows[] = {
    SLP_JFI(window_days),
    SLP_JF_OBJECT("log", SLP_JW_INLINE), SLP_JF(LLONG, "rows", log_rows),
    SLP_JF(LLONG, "skipped", log_skipped), SLP_JF(LLONG, "in_range", log_in_range), SLP_JF_CLOSE,
    SLP_JF_OBJECT("deals", SLP_JW_INLINE), SLP_JF(LLONG, "rows", deals_rows),
    SLP_JF(LLONG, "skipped", deals_skipped), SLP_JFI(deals), SLP_JF_CLOSE};
static const slp_jfield info_attribution[] = {
    SLP_JF_OBJECT("attribution", SLP_JW_INLINE), SLP_JFI(attributed), SLP_JFN(coverage),
    SLP_JF(LLONG, "won_deals", won_touched), SLP_JF(LLONG, "lost_deals", lost_touched),
    SLP_JF_CLOSE};
#undef SLP_JF_STRUCT

static void json_doc(slp_strbuf *sb, const salesplan_activities *a)
{
    static const char *const log_roles[] = {"date", "type", "owner", "deal", "account"};
    static const char *const deal_roles[] = {"id",   "stage", "created", "closed",
                                             "date", "owner", "account"};
    const salesplan_activities_info *in = &a->info;
    slp_jw w;
    slp_jw_init(&w, sb);
    slp_jw_object(&w, SLP_JW_PRETTY);
    slp_jw_fields(&w, in, SLP_JF_TABLE(info_range));
    slp_jw_kstring(&w, "deals_shape",
                   in->deals_shape == SALESPLAN_DEALS_TRANSITIONS ? "transitions" : "snapshot");
    slp_jw_fields(&w, in, SLP_JF_TABLE(info_rows));
    slp_jw_key(&w, "columns");
    slp_jw_object(&w, SLP_JW_PRETTY);
    json_columns(&w, "log", in->log_columns, log_roles, 5);
    json_columns(&w, "deals", in->deals_columns, deal_roles, 7);
    slp_jw_end(&w);
    slp_jw_fields(&w, in, SLP_JF_TABLE(info_attribution));
    slp_jw_key(&w, "activities");
    slp_jw_array(&w, SLP_JW_PRETTY);
    for (size_t i = 0; i < a->act_count; i++) {
        const salesplan_activity_yield *y = &a->act[i];
        slp_jw_object(&w, SLP_JW_PRETTY);
        slp_jw_ktext(&w, "name", y->name);
        slp_jw_key(&w, "types");
        slp_jw_array(&w, SLP_JW_INLINE);
        for (size_t t = a->type_start[i]; t < a->type_start[i + 1]; t++)
            slp_jw_text(&w, a->types[t]);
        slp_jw_end(&w);
        slp_jw_ktext(&w, "stage", y->stage);
        json_yield(&w, y);
        slp_jw_knumber(&w, "planned_per_entry", y->planned_per_entry);
        slp_jw_kint(&w, "attributed", y->attributed);
        slp_jw_knumber(&w, "coverage", y->coverage);
        slp_jw_knumber(&w, "mean_per_won_deal", y->mean_per_won_deal);
        slp_jw_knumber(&w, "mean_per_lost_deal", y->mean_per_lost_deal);
        slp_jw_key(&w, "owners");
        slp_jw_array(&w, SLP_JW_PRETTY);
        for (size_t j = a->owner_start[i]; j < a->owner_start[i + 1]; j++) {
            slp_jw_object(&w, SLP_JW_INLINE);
            slp_jw_ktext(&w, "owner", a->own[j].owner);
            json_yield(&w, &a->own[j]);
            slp_jw_end(&w);
        }
        slp_jw_end(&w);
        slp_jw_end(&w);
    }
    slp_jw_end(&w);
    slp_jw_key(&w, "warnings");
    slp_jw_array(&w, SLP_JW_PRETTY);
    for (size_t i = 0; i < a->warning_count; i++)
        slp_jw_text(&w, a->warnings[i]);
    slp_jw_end(&w);
    slp_jw_end(&w);
    slp_sb_putc(sb, '\n');
}

/* ---- Markdown ------------------------------------------------------------------ */

static void md_num(slp_strbuf *sb, double v)
{
    if (isnan(v))
        slp_sb_puts(sb, "–");
    else
        slp_sb_printf(sb, "%.2f", v);
}

static void md_count(slp_strbuf *sb, long long v)
{
    if (v < 0)
        slp_sb_puts(sb, "–");
    else
        slp_sb_printf(sb, "%lld", v);
}

/* "| first | second | done | entries | per entry | won deals | per won deal |" */
static void md_row(slp_strbuf *sb, const salesplan_activity_yield *y, const char *first,
                   const char *second)
{
    slp_sb_puts(sb, "| ");
    slp_md_cell_bytes(sb, first);
    slp_sb_puts(sb, " | ");
    slp_md_cell_bytes(sb, second);
    slp_sb_printf(sb, " | %lld | ", y->count);
    md_count(sb, y->entries);
    slp_sb_puts(sb, " | ");
    md_num(sb, y->per_entry);
    slp_sb_printf(sb, " | %lld | ", y->won_deals);
    md_num(sb, y->per_won_deal);
    slp_sb_puts(sb, " |");
}

static void md_doc(slp_strbuf *sb, const salesplan_activities *a)
{
    const salesplan_activities_info *in = &a->info;
    slp_sb_printf(sb, "# What each activity yields\n\nFrom %s to %s: %lld activities in the "
                      "range (of %lld rows read, %lld skipped); %lld deals (%s).\n\n",
                  in->from, in->to, in->log_in_range, in->log_rows, in->log_skipped, in->deals,
                  in->deals_shape == SALESPLAN_DEALS_TRANSITIONS ? "transitions" : "snapshot");
    slp_sb_puts(sb, "| activity | feeds | done | entries | per entry | won deals | per won deal |"
                    " planned per entry |\n|---|---|--:|--:|--:|--:|--:|--:|\n");
    for (size_t i = 0; i < a->act_count; i++) {
        md_row(sb, &a->act[i], a->act[i].name, a->act[i].stage);
        slp_sb_putc(sb, ' ');
        md_num(sb, a->act[i].planned_per_entry);
        slp_sb_puts(sb, " |\n");
    }
    slp_sb_printf(sb, "\n## Attribution\n\n%lld of %lld activities (", in->attributed,
                  in->log_in_range);
    md_num(sb, isnan(in->coverage) ? (double)NAN : in->coverage * 100.0);
    slp_sb_printf(sb, "%%) belong to a deal (by deal id, or by an account whose deal was "
                      "created within %ld days); %lld won and %lld lost deals had any.\n\n",
                  in->window_days, in->won_touched, in->lost_touched);
    slp_sb_puts(sb, "| activity | attributed | per won deal | per lost deal |\n|---|--:|--:|--:|\n");
    for (size_t i = 0; i < a->act_count; i++) {
        const salesplan_activity_yield *y = &a->act[i];
        slp_sb_puts(sb, "| ");
        slp_md_cell_bytes(sb, y->name);
        slp_sb_printf(sb, " | %lld | ", y->attributed);
        md_num(sb, y->mean_per_won_deal);
        slp_sb_puts(sb, " | ");
        md_num(sb, y->mean_per_lost_deal);
        slp_sb_puts(sb, " |\n");
    }
    slp_sb_puts(sb, "\n## By owner\n\n| owner | activity | done | entries | per entry | won deals "
                    "| per won deal |\n|---|---|--:|--:|--:|--:|--:|\n");
    for (size_t i = 0; i < a->act_count; i++)
        for (size_t j = a->owner_start[i]; j < a->owner_start[i + 1]; j++) {
            md_row(sb, &a->own[j], a->own[j].owner, a->own[j].name);
            slp_sb_putc(sb, '\n');
        }
    if (a->warning_count > 0) {
        slp_sb_puts(sb, "\n## Warnings\n\n");
        for (size_t i = 0; i < a->warning_count; i++) {
            slp_sb_puts(sb, "- ");
            slp_md_cell_bytes(sb, a->warnings[i]);
            slp_sb_putc(sb, '\n');
        }
    }
}

salesplan_status salesplan_activities_render(char **out, size_t *len,
                                             const salesplan_activities *a,
                                             salesplan_format format, salesplan_error *err)
{
    if (out)
        *out = NULL;
    if (a == NULL || out == NULL)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0, "NULL result or output");
    if (format != SALESPLAN_FORMAT_JSON && format != SALESPLAN_FORMAT_MARKDOWN)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0,
                             "activity yields render as JSON or Markdown only (format %d)",
                             (int)format);
    slp_clocale loc;
    if (slp_clocale_enter(&loc) != SALESPLAN_OK)
        return slp_error_set(err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory");
    slp_strbuf sb = SLP_STRBUF_INIT;
    if (format == SALESPLAN_FORMAT_JSON)
        json_doc(&sb, a);
    else
        md_doc(&sb, a);
    slp_clocale_leave(&loc);
    int rc = slp_sb_finish(&sb, out, len);
    if (rc != SALESPLAN_OK)
        return slp_error_set(err, rc, NULL, 0, 0, "out of memory");
    return SALESPLAN_OK;
}

/* ---- the plan's activities with measured per_entry ------------------------------ */

int slp_act_emit_build(salesplan_activities *r, const salesplan_plan *p, salesplan_error *err)
{
    slp_clocale loc;
    if (slp_clocale_enter(&loc) != SALESPLAN_OK)
        return slp_error_set(err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory");
    slp_strbuf sb = SLP_STRBUF_INIT;
    slp_jw w;
    slp_jw_init(&w, &sb);
    slp_jw_array(&w, SLP_JW_PRETTY);
    size_t n = salesplan_plan_activity_count(p);
    for (size_t i = 0; i < n && i < r->act_count; i++) {
        const char *s = NULL;
        double v;
        size_t ns = 0;
        slp_jw_object(&w, SLP_JW_INLINE);
        salesplan_plan_activity_name(&s, p, i);
        slp_jw_kstring(&w, "name", s);
        salesplan_plan_activity_stage(&s, p, i);
        slp_jw_kstring(&w, "stage", s);
        v = r->act[i].per_entry;
        if (isnan(v))
            salesplan_plan_activity_per_entry(&v, p, i);
        slp_jw_knumber(&w, "per_entry", v);
        salesplan_plan_activity_share(&v, p, i);
        if (!isnan(v) && v != 1.0)
            slp_jw_knumber(&w, "share", v);
        s = NULL;
        salesplan_plan_activity_role(&s, p, i);
        if (s)
            slp_jw_kstring(&w, "role", s);
        salesplan_plan_activity_minutes(&v, p, i);
        if (!isnan(v))
            slp_jw_knumber(&w, "minutes", v);
        salesplan_plan_activity_skill_count(&ns, p, i);
        if (ns > 0) {
            slp_jw_key(&w, "skills");
            slp_jw_array(&w, SLP_JW_INLINE);
            for (size_t j = 0; j < ns; j++) {
                salesplan_plan_activity_skill(&s, p, i, j);
                slp_jw_string(&w, s);
            }
            slp_jw_end(&w);
        }
        slp_jw_end(&w);
    }
    slp_jw_end(&w);
    slp_sb_putc(&sb, '\n');
    slp_clocale_leave(&loc);
    int rc = slp_sb_finish(&sb, &r->emitted, NULL);
    if (rc != SALESPLAN_OK)
        return slp_error_set(err, rc, NULL, 0, 0, "out of memory");
    return SALESPLAN_OK;
}

salesplan_status salesplan_activities_emit(char **out, size_t *len, const salesplan_activities *a,
                                           salesplan_error *err)
{
    if (out)
        *out = NULL;
    if (a == NULL || out == NULL)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0, "NULL result or output");
    if (a->emitted == NULL)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0,
                             "the activities list needs a plan (option `plan`)");
    size_t n = strlen(a->emitted);
    *out = slp_strndup(a->emitted, n);
    if (*out == NULL)
        return slp_error_set(err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory");
    if (len)
        *len = n;
    return SALESPLAN_OK;
}
