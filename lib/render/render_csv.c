/* One CSV table a CRM can import (docs/csv-output.md): one row per rep and
 * month slice, taken from the per-rep schedule (SPEC §11), with the rep's
 * daily target of every activity of the rep's role in that month and the
 * rep's quota for it. RFC 4180: CRLF line ends, fields quoted when needed. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/alloc.h"
#include "common/error.h"
#include "common/named.h"
#include "render/render.h"

/* A number with two decimals and a '.' point; empty when absent. */
static void number(slp_strbuf *sb, double v)
{
    char buf[SLP_FMT_SIZE];
    slp_sb_putc(sb, ',');
    if (isnan(v))
        return;
    slp_fmt_fixed(buf, sizeof buf, v, 2, 0, 0);
    if (strcmp(buf, "n/a") != 0)
        slp_sb_puts(sb, buf);
}

/* The quota of the rep called `name`, or NULL when it carries none
 * (`sorted`: the quota carriers by name, id their quota index). */
static const salesplan_rep_quota *find_quota(const salesplan_result *r, const slp_named *sorted,
                                             size_t n, const char *name)
{
    const slp_named *c = slp_named_find(sorted, n, name);
    return c ? salesplan_result_rep_quota(r, c->id) : NULL;
}

static void header(const salesplan_result *r, const long *role_of, slp_strbuf *sb)
{
    slp_sb_puts(sb, "rep,role,month,start,end");
    for (size_t i = 0, n = salesplan_result_activity_count(r); i < n; i++) {
        if (role_of[i] < 0)
            continue;
        const salesplan_activity_result *a = salesplan_result_activity(r, i);
        slp_strbuf name = SLP_STRBUF_INIT;
        slp_sb_puts(&name, "daily_");
        slp_sb_puts(&name, a->name ? a->name : "");
        slp_sb_putc(sb, ',');
        if (name.failed)
            sb->failed = 1;
        else
            slp_csv_field(sb, name.data);
        slp_sb_release(&name);
    }
    slp_sb_puts(sb, ",quota\r\n");
}

/* The row of rep `rep` in month `m`: its schedule targets under the columns
 * of its role's activities (they come in the same plan order), the quota of
 * the slice when the rep carries one. */
static int row(const salesplan_result *r, const long *role_of, size_t rep, size_t m,
               const salesplan_rep_quota *q, slp_strbuf *sb)
{
    const salesplan_rep_schedule *rs = salesplan_result_rep_schedule(r, rep);
    const salesplan_rep_month *mo = salesplan_result_rep_month(r, rep, m);
    const salesplan_slice_result *sl = salesplan_result_slice(r, m);
    if (rs == NULL || mo == NULL || sl == NULL || (mo->activity_count && !mo->activities))
        return SALESPLAN_EINTERNAL;
    long k = slp_render_role_index(r, rs->role);
    slp_csv_field(sb, rs->name);
    slp_sb_putc(sb, ',');
    slp_csv_field(sb, rs->role);
    slp_sb_putc(sb, ',');
    if (mo->start && strlen(mo->start) >= 7)
        slp_sb_append(sb, mo->start, 7);
    slp_sb_putc(sb, ',');
    slp_csv_field(sb, mo->start);
    slp_sb_putc(sb, ',');
    slp_csv_field(sb, mo->end);
    size_t t = 0;
    for (size_t i = 0, n = salesplan_result_activity_count(r); i < n; i++) {
        if (role_of[i] < 0)
            continue;
        if (k < 0 || role_of[i] != k) {
            slp_sb_putc(sb, ',');
            continue;
        }
        const salesplan_activity_result *a = salesplan_result_activity(r, i);
        if (t >= mo->activity_count || mo->activities[t].name == NULL || a->name == NULL ||
            strcmp(mo->activities[t].name, a->name) != 0)
            return SALESPLAN_EINTERNAL;
        number(sb, mo->activities[t++].per_workday);
    }
    if (q != NULL && q->slices != NULL)
        number(sb, q->slices[m]);
    else
        slp_sb_putc(sb, ',');
    slp_sb_puts(sb, "\r\n");
    return t == mo->activity_count ? SALESPLAN_OK : SALESPLAN_EINTERNAL;
}

int slp_render_csv(const void *result, slp_strbuf *sb, salesplan_error *err)
{
    const salesplan_result *r = result;
    const salesplan_plan *p = salesplan_result_plan(r);
    if (p == NULL)
        return slp_error_set(err, SALESPLAN_EINTERNAL, NULL, 0, 0, "the result lacks its plan");
    size_t na = salesplan_result_activity_count(r), ncar = salesplan_result_rep_quota_count(r);
    for (size_t i = 0; i < na; i++)
        if (salesplan_result_activity(r, i) == NULL)
            return slp_error_set(err, SALESPLAN_EINTERNAL, NULL, 0, 0, "activity %zu is missing",
                                 i);
    long *role_of = NULL;
    static const long none = -1;
    slp_named *sorted = ncar ? slp_calloc(ncar, sizeof *sorted) : NULL;
    int rc = slp_render_activity_roles(r, &role_of);
    if (rc != SALESPLAN_OK || (ncar && sorted == NULL)) {
        slp_free(role_of);
        slp_free(sorted);
        return slp_error_set(err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory while rendering");
    }
    size_t nsorted = 0;
    for (size_t i = 0; i < ncar; i++) {
        const salesplan_rep_quota *q = salesplan_result_rep_quota(r, i);
        if (q != NULL && q->name != NULL) {
            sorted[nsorted].name = q->name;
            sorted[nsorted++].id = i;
        }
    }
    slp_named_sort(sorted, nsorted);
    const long *ro = role_of ? role_of : &none; /* never read when na = 0 */
    header(r, ro, sb);
    size_t nslices = salesplan_result_slice_count(r);
    for (size_t i = 0, n = salesplan_result_rep_schedule_count(r); i < n && !sb->failed; i++) {
        const salesplan_rep_schedule *rs = salesplan_result_rep_schedule(r, i);
        const salesplan_rep_quota *q =
            rs != NULL ? find_quota(r, sorted, nsorted, rs->name) : NULL;
        for (size_t m = 0; m < nslices && rc == SALESPLAN_OK && !sb->failed; m++)
            rc = row(r, ro, i, m, q, sb);
    }
    slp_free(role_of);
    slp_free(sorted);
    if (rc != SALESPLAN_OK)
        return slp_error_set(err, rc, NULL, 0, 0,
                             "the per-rep schedule does not match the result's activities");
    if (sb->failed)
        return slp_error_set(err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory while rendering");
    return SALESPLAN_OK;
}
