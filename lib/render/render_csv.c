/* One CSV table a CRM can import (docs/csv-output.md): one row per rep with
 * the daily target of every activity of the rep's role and the quota of
 * every month slice. RFC 4180: CRLF line ends, fields quoted when needed. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/alloc.h"
#include "common/error.h"
#include "render/render.h"
#include "model/plan_model.h"

static void field(slp_strbuf *sb, const char *s)
{
    if (s == NULL)
        return;
    if (strpbrk(s, ",\"\r\n") == NULL) {
        slp_sb_puts(sb, s);
        return;
    }
    slp_sb_putc(sb, '"');
    for (const char *q = s; *q; q++) {
        if (*q == '"')
            slp_sb_putc(sb, '"');
        slp_sb_putc(sb, *q);
    }
    slp_sb_putc(sb, '"');
}

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

typedef struct carrier {
    const char *name;
    size_t idx;
} carrier;

static int carrier_cmp(const void *x, const void *y)
{
    return strcmp(((const carrier *)x)->name, ((const carrier *)y)->name);
}

/* The quota of the rep called `name`, or NULL when it carries none. */
static const salesplan_rep_quota *find_quota(const salesplan_result *r, const carrier *sorted,
                                             size_t n, const char *name)
{
    if (name == NULL || n == 0)
        return NULL;
    carrier key = {name, 0};
    const carrier *c = bsearch(&key, sorted, n, sizeof *sorted, carrier_cmp);
    return c ? salesplan_result_rep_quota(r, c->idx) : NULL;
}

/* Index among the result's roles of the role called `name`, or -1. */
static long role_index(const salesplan_result *r, const char *name)
{
    if (name == NULL)
        return -1;
    long k = salesplan_plan_find_role(salesplan_result_plan(r), name);
    const salesplan_role_result *ro = k >= 0 ? salesplan_result_role(r, (size_t)k) : NULL;
    if (ro != NULL && ro->name != NULL && strcmp(ro->name, name) == 0)
        return k;
    for (size_t j = 0, n = salesplan_result_role_count(r); j < n; j++) {
        ro = salesplan_result_role(r, j);
        if (ro != NULL && ro->name != NULL && strcmp(ro->name, name) == 0)
            return (long)j;
    }
    return -1;
}

static void header(const salesplan_result *r, const long *role_of, slp_strbuf *sb)
{
    slp_sb_puts(sb, "rep,role");
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
            field(sb, name.data);
        slp_sb_release(&name);
    }
    for (size_t s = 0, n = salesplan_result_slice_count(r); s < n; s++) {
        const salesplan_slice_result *sl = salesplan_result_slice(r, s);
        slp_sb_puts(sb, ",quota_");
        if (sl && sl->start && strlen(sl->start) >= 7)
            slp_sb_append(sb, sl->start, 7);
    }
    slp_sb_puts(sb, ",quota_total\r\n");
}

static void row(const salesplan_result *r, const long *role_of, size_t rep, const carrier *sorted,
                size_t ncar, slp_strbuf *sb)
{
    const salesplan_plan *p = salesplan_result_plan(r);
    const char *name = slp_text_at(salesplan_plan_rep_name, p, rep);
    const char *role = slp_text_at(salesplan_plan_rep_role, p, rep);
    long k = role_index(r, role);
    field(sb, name);
    slp_sb_putc(sb, ',');
    field(sb, role);
    for (size_t i = 0, n = salesplan_result_activity_count(r); i < n; i++) {
        if (role_of[i] < 0)
            continue;
        if (k >= 0 && role_of[i] == k)
            number(sb, salesplan_result_activity(r, i)->per_rep_per_workday);
        else
            slp_sb_putc(sb, ',');
    }
    const salesplan_rep_quota *q = find_quota(r, sorted, ncar, name);
    size_t ns = salesplan_result_slice_count(r);
    for (size_t s = 0; s < ns; s++) {
        if (q != NULL && q->slices != NULL)
            number(sb, q->slices[s]);
        else
            slp_sb_putc(sb, ',');
    }
    if (q != NULL)
        number(sb, q->total);
    else
        slp_sb_putc(sb, ',');
    slp_sb_puts(sb, "\r\n");
}

int slp_render_csv(const salesplan_result *r, slp_strbuf *sb, salesplan_error *err)
{
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
    carrier *sorted = ncar ? slp_calloc(ncar, sizeof *sorted) : NULL;
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
            sorted[nsorted++].idx = i;
        }
    }
    if (nsorted > 1)
        qsort(sorted, nsorted, sizeof *sorted, carrier_cmp);
    const long *ro = role_of ? role_of : &none; /* never read when na = 0 */
    header(r, ro, sb);
    for (size_t i = 0, n = salesplan_plan_rep_count(p); i < n && !sb->failed; i++)
        row(r, ro, i, sorted, nsorted, sb);
    slp_free(role_of);
    slp_free(sorted);
    if (sb->failed)
        return slp_error_set(err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory while rendering");
    return SALESPLAN_OK;
}
