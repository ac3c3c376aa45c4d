/* Markdown: each rep's daily targets month by month (the per-rep schedule,
 * SPEC §11), one table per role, months down the side, the role's
 * activities across. Months in which the role has no target at all are
 * named in one sentence under the table instead of a row of dashes. */
#include <math.h>
#include <string.h>

#include "common/alloc.h"
#include "common/error.h"
#include "render/render.h"
#include "model/plan_model.h"

/* A daily target: one decimal, "<0.1" for a small positive one (it is not
 * nothing), "—" when there is none. */
static void target_cell(slp_strbuf *sb, double v)
{
    char a[SLP_FMT_SIZE];
    if (isnan(v)) {
        slp_sb_puts(sb, " \u2014 |");
        return;
    }
    if (v > 0.0 && v < 0.05) {
        slp_sb_puts(sb, " <0.1 |");
        return;
    }
    slp_fmt_fixed(a, sizeof a, v, 1, 1, 1);
    slp_sb_printf(sb, " %s |", a);
}

/* " (starts 2 Feb 2026)" after a rep who joins during the month, " (not
 * started)" for one who joins later (the plan copy has the date; schedule i
 * is plan rep i). ISO dates compare as text. */
static void start_note(const salesplan_result *r, size_t i, const salesplan_slice_result *sl,
                       slp_strbuf *sb)
{
    const char *start = slp_text_at(salesplan_plan_rep_start, salesplan_result_plan(r), i);
    if (start == NULL || sl->start == NULL || sl->end == NULL || strcmp(start, sl->start) <= 0)
        return;
    if (strcmp(start, sl->end) > 0) {
        slp_sb_puts(sb, " *(not started)*");
        return;
    }
    char a[SLP_FMT_SIZE];
    slp_fmt_date_long(a, sizeof a, start, 0);
    slp_sb_printf(sb, " *(starts %s)*", a);
}

/* 1 when no rep idx[0..m) has a target in month `mo` (all null). */
static int quiet_month(const salesplan_result *r, const size_t *idx, size_t m, size_t mo)
{
    for (size_t i = 0; i < m; i++) {
        const salesplan_rep_month *x = salesplan_result_rep_month(r, idx[i], mo);
        for (size_t k = 0; x != NULL && k < x->activity_count; k++)
            if (!isnan(x->activities[k].per_workday))
                return 0;
    }
    return 1;
}

/* The table of role `role` for its reps idx[0..m) (all with the same
 * activities); `acts` are the role's activities, plan order. */
static void role_table(const salesplan_result *r, const salesplan_role_result *role,
                       const size_t *idx, size_t m, const size_t *acts, size_t na,
                       slp_strbuf *sb)
{
    char a[SLP_FMT_SIZE];
    size_t ns = salesplan_result_slice_count(r), quiet = 0, shown = 0;
    slp_sb_puts(sb, "### ");
    slp_md_cell(sb, role->name);
    slp_sb_puts(sb, "\n\n");
    for (size_t s = 0; s < ns; s++) {
        if (quiet_month(r, idx, m, s)) {
            quiet++;
            continue;
        }
        if (shown++ == 0) {
            slp_sb_puts(sb, "| Month | Rep |");
            for (size_t k = 0; k < na; k++) {
                slp_sb_putc(sb, ' ');
                slp_md_cell(sb, salesplan_result_activity(r, acts[k])->name);
                slp_sb_puts(sb, " |");
            }
            slp_sb_puts(sb, "\n|---|---|");
            for (size_t k = 0; k < na; k++)
                slp_sb_puts(sb, "--:|");
            slp_sb_putc(sb, '\n');
        }
        const salesplan_slice_result *sl = salesplan_result_slice(r, s);
        slp_fmt_slice_label(a, sizeof a, sl->start, sl->end);
        for (size_t i = 0; i < m; i++) {
            const salesplan_rep_month *x = salesplan_result_rep_month(r, idx[i], s);
            slp_sb_printf(sb, "| %s | ", i == 0 ? a : "");
            slp_md_cell(sb, salesplan_result_rep_schedule(r, idx[i])->name);
            start_note(r, idx[i], sl, sb);
            slp_sb_puts(sb, " |");
            for (size_t k = 0; k < na; k++)
                target_cell(sb, k < x->activity_count ? x->activities[k].per_workday
                                                      : (double)NAN);
            slp_sb_putc(sb, '\n');
        }
    }
    if (shown)
        slp_sb_putc(sb, '\n');
    if (quiet == 0)
        return;
    slp_sb_puts(sb, shown ? "No daily targets in " : "No daily targets in any month: ");
    size_t listed = 0;
    for (size_t s = 0; s < ns && shown; s++) {
        if (!quiet_month(r, idx, m, s))
            continue;
        const salesplan_slice_result *sl = salesplan_result_slice(r, s);
        slp_fmt_slice_label(a, sizeof a, sl->start, sl->end);
        slp_sb_printf(sb, "%s%s", listed == 0 ? "" : listed + 1 == quiet ? " and " : ", ", a);
        listed++;
    }
    slp_sb_puts(sb, shown ? ": " : "");
    slp_sb_puts(sb, "a deal sourced then could no longer close within the period, or no rep "
                    "of the role is working yet.\n\n");
}

/* Counting sort of items 0..n-1 by key[i] in 0..nr-1 (items with key < 0
 * left out), plan order kept: group k is out[start[k] .. start[k+1]).
 * `start` has nr + 1 entries, `cursor` nr. */
static void group_by_role(const long *key, size_t n, size_t nr, size_t *start, size_t *cursor,
                          size_t *out)
{
    for (size_t i = 0; i < n; i++)
        if (key[i] >= 0 && (size_t)key[i] < nr)
            start[key[i] + 1]++;
    for (size_t k = 0; k < nr; k++) {
        start[k + 1] += start[k];
        cursor[k] = start[k];
    }
    for (size_t i = 0; i < n; i++)
        if (key[i] >= 0 && (size_t)key[i] < nr)
            out[cursor[key[i]]++] = i;
}

int slp_render_md_reps(const salesplan_result *r, slp_strbuf *sb, salesplan_error *err)
{
    size_t n = salesplan_result_rep_schedule_count(r), nr = salesplan_result_role_count(r);
    size_t na = salesplan_result_activity_count(r), ns = salesplan_result_slice_count(r);
    if (n == 0 || na == 0 || nr == 0)
        return SALESPLAN_OK;
    long *role_of = NULL;
    size_t *acts = slp_calloc(na, sizeof *acts);
    size_t *act_start = slp_calloc(nr + 1, sizeof *act_start);
    size_t *reps = slp_calloc(n, sizeof *reps);
    size_t *rep_start = slp_calloc(nr + 1, sizeof *rep_start);
    size_t *cursor = slp_calloc(nr, sizeof *cursor);
    long *rep_role = slp_calloc(n, sizeof *rep_role);
    int rc = slp_render_activity_roles(r, &role_of);
    if (rc != SALESPLAN_OK || !acts || !act_start || !reps || !rep_start || !cursor ||
        !rep_role) {
        rc = slp_error_set(err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory while rendering");
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        const salesplan_rep_schedule *rs = salesplan_result_rep_schedule(r, i);
        if (rs == NULL || rs->month_count != ns) {
            rc = slp_error_set(err, SALESPLAN_EINTERNAL, NULL, 0, 0,
                               "rep schedule %zu is missing or has the wrong months", i);
            goto done;
        }
        rep_role[i] = slp_render_role_index(r, rs->role);
    }
    for (size_t i = 0; i < na; i++)
        if (salesplan_result_activity(r, i) == NULL) {
            rc = slp_error_set(err, SALESPLAN_EINTERNAL, NULL, 0, 0, "activity %zu is missing",
                               i);
            goto done;
        }
    group_by_role(role_of, na, nr, act_start, cursor, acts);
    group_by_role(rep_role, n, nr, rep_start, cursor, reps);
    int any = 0;
    for (size_t k = 0; k < nr && !any; k++)
        any = act_start[k + 1] > act_start[k] && rep_start[k + 1] > rep_start[k];
    if (!any)
        goto done;
    slp_sb_puts(sb, "## Each rep's daily targets by month\n\n"
                    "The team's daily volume of each activity, shared out among the reps of "
                    "its role month by month by how far each has ramped: a rep who has not "
                    "started yet has nothing to do, a rep still ramping carries a smaller "
                    "share, and the reps' targets add up to the team's. A target counts the "
                    "workdays of the month on which the activity still feeds deals that can "
                    "close in the period.\n\n");
    for (size_t k = 0; k < nr; k++) {
        size_t ma = act_start[k + 1] - act_start[k], mr = rep_start[k + 1] - rep_start[k];
        const salesplan_role_result *role = salesplan_result_role(r, k);
        if (ma == 0 || mr == 0 || role == NULL)
            continue;
        role_table(r, role, reps + rep_start[k], mr, acts + act_start[k], ma, sb);
    }
done:
    slp_free(role_of);
    slp_free(acts);
    slp_free(act_start);
    slp_free(reps);
    slp_free(rep_start);
    slp_free(cursor);
    slp_free(rep_role);
    return rc;
}
