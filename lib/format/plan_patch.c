/* Scenarios: a plan file with JSON Merge Patches (RFC 7386) applied in order,
 * read and validated as one merged plan. Problems keep the merged plan's
 * paths and are located in the text the value came from (the last patch
 * that sets it, else the plan file). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "common/alloc.h"
#include "common/error.h"
#include "json/json_pos.h"
#include "json/merge_patch.h"
#include "salesplan/scenario.h"

/* The merged text of plan + patches[0..n); scans of the sources for locating
 * problems. */
typedef struct patched {
    char *text;
    size_t len;
    slp_jpos **scans; /* [0] the plan, [1 + i] patch i; NULL where it did not scan */
    size_t nscans;
} patched;

static void patched_free(patched *pt)
{
    slp_free(pt->text);
    for (size_t i = 0; i < pt->nscans; i++)
        slp_jpos_free(pt->scans[i]);
    slp_free(pt->scans);
    memset(pt, 0, sizeof *pt);
}

static int merge_all(patched *pt, const char *plan, size_t len, const char *const *patches,
                     const size_t *lens, size_t n, salesplan_error *err)
{
    memset(pt, 0, sizeof *pt);
    if (n > 0 && (patches == NULL || lens == NULL))
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0, "no patch list");
    pt->scans = slp_reallocarray(NULL, n + 1, sizeof *pt->scans);
    if (pt->scans == NULL)
        return slp_error_set(err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory");
    pt->nscans = n + 1;
    for (size_t i = 0; i <= n; i++)
        pt->scans[i] = NULL;
    const char *cur = plan;
    size_t cur_len = len;
    for (size_t i = 0; i < n; i++) {
        char label[32];
        snprintf(label, sizeof label, "patch %zu", i + 1);
        char *next = NULL;
        size_t next_len = 0;
        int rc = slp_json_merge_patch(&next, &next_len, cur, cur_len, patches[i], lens[i],
                                      i == 0 ? NULL : "document", label, err);
        if (rc != SALESPLAN_OK) {
            patched_free(pt);
            return rc;
        }
        slp_free(pt->text);
        pt->text = next;
        pt->len = next_len;
        cur = next;
        cur_len = next_len;
    }
    /* scans for locating problems; a source that does not scan was reported above */
    int rc = SALESPLAN_OK;
    for (size_t i = 0; i <= n && rc != SALESPLAN_ENOMEM; i++) {
        const char *s = i == 0 ? plan : patches[i - 1];
        size_t l = i == 0 ? len : lens[i - 1];
        if (n == 0)
            break;
        rc = slp_jpos_scan_value(&pt->scans[i], s ? s : "", l, NULL);
    }
    if (rc == SALESPLAN_ENOMEM) {
        patched_free(pt);
        return slp_error_set(err, rc, NULL, 0, 0, "out of memory");
    }
    return SALESPLAN_OK;
}

/* Depth of a path: its number of components. */
static size_t path_depth(const char *path)
{
    size_t d = path[0] != '\0';
    for (const char *c = path; *c; c++)
        d += *c == '.' || (*c == '[' && c != path);
    return d;
}

/* Move problem e to the source that set its path (see the header). */
static void locate(const patched *pt, salesplan_error *e)
{
    if (pt->nscans <= 1 || e->code == SALESPLAN_ENOMEM)
        return;
    size_t best = SIZE_MAX, best_node = 0, best_depth = 0;
    int best_exact = 0;
    char found[SALESPLAN_ERROR_PATH_SIZE];
    for (size_t k = pt->nscans; k-- > 0;) {
        const slp_jpos *j = pt->scans[k];
        if (j == NULL)
            continue;
        int exact = 0;
        size_t node = slp_jpos_find(j, e->path, &exact);
        if (exact) {
            best = k;
            best_node = node;
            best_exact = 1;
            break;
        }
        slp_jpos_path(j, node, found, sizeof found);
        size_t d = path_depth(found);
        if (best == SIZE_MAX || d > best_depth) {
            best = k;
            best_node = node;
            best_depth = d;
        }
        /* an array or a scalar of a patch (or anything inside an array)
         * replaced whatever the earlier sources had there: they are not the
         * source */
        if (k > 0 && (slp_jpos_type(j, node) != SLP_JT_OBJECT || strchr(found, '[') != NULL)) {
            best = k;
            best_node = node;
            break;
        }
    }
    if (best == SIZE_MAX)
        return;
    const slp_jpos *j = pt->scans[best];
    /* as the plain reader: an unknown key and a pipeline key point at the key */
    if (best_exact &&
        (strncmp(e->path, "pipeline.", 9) == 0 || strncmp(e->message, "unknown key", 11) == 0))
        slp_jpos_key_where(j, best_node, &e->line, &e->column);
    else
        slp_jpos_where(j, best_node, &e->line, &e->column);
    if (best > 0) {
        char head[32], msg[SALESPLAN_ERROR_MESSAGE_SIZE];
        int h = snprintf(head, sizeof head, "patch %zu: ", best);
        size_t hl = h > 0 ? (size_t)h : 0, ml = strlen(e->message);
        if (hl + ml >= sizeof msg)
            ml = sizeof msg - 1 - hl; /* cut the tail: the head says where to look */
        while (ml > 0 && ml < strlen(e->message) && ((unsigned char)e->message[ml] & 0xC0) == 0x80)
            ml--; /* at a character boundary */
        memcpy(msg, head, hl);
        memcpy(msg + hl, e->message, ml);
        msg[hl + ml] = '\0';
        memcpy(e->message, msg, sizeof msg);
    }
}

salesplan_status salesplan_plan_validate_patched(salesplan_diagnostics **out,
                                                 const char *plan_json, size_t len,
                                                 const char *const *patches,
                                                 const size_t *patch_lens, size_t npatches)
{
    if (out == NULL)
        return SALESPLAN_EINVAL;
    *out = NULL;
    if (npatches == 0)
        return salesplan_plan_validate_buffer(out, plan_json, len);
    patched pt;
    salesplan_error e;
    int rc = merge_all(&pt, plan_json, len, patches, patch_lens, npatches, &e);
    if (rc != SALESPLAN_OK) {
        if (rc == SALESPLAN_ENOMEM)
            return SALESPLAN_ENOMEM;
        salesplan_diagnostics *d = NULL;
        if (slp_diag_new(&d) != SALESPLAN_OK || slp_diag_push(d, &e) != SALESPLAN_OK) {
            salesplan_diagnostics_free(d);
            return SALESPLAN_ENOMEM;
        }
        *out = d;
        return (salesplan_status)rc;
    }
    rc = salesplan_plan_validate_buffer(out, pt.text, pt.len);
    for (size_t i = 0, n = salesplan_diagnostics_count(*out); i < n; i++)
        locate(&pt, slp_diag_at(*out, i));
    patched_free(&pt);
    return (salesplan_status)rc;
}

salesplan_status salesplan_plan_load_patched(salesplan_plan **out, const char *plan_json,
                                             size_t len, const char *const *patches,
                                             const size_t *patch_lens, size_t npatches,
                                             salesplan_error *err)
{
    slp_error_clear(err);
    if (out == NULL)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0, "no output plan pointer");
    *out = NULL;
    if (npatches == 0)
        return salesplan_plan_load_buffer(out, plan_json, len, err);
    patched pt;
    int rc = merge_all(&pt, plan_json, len, patches, patch_lens, npatches, err);
    if (rc != SALESPLAN_OK)
        return (salesplan_status)rc;
    salesplan_error e;
    rc = salesplan_plan_load_buffer(out, pt.text, pt.len, &e);
    if (rc != SALESPLAN_OK) {
        locate(&pt, &e);
        if (err)
            *err = e;
    }
    patched_free(&pt);
    return (salesplan_status)rc;
}

salesplan_status salesplan_plan_patched(salesplan_plan **out, const salesplan_plan *base,
                                        const char *patch, size_t len, salesplan_error *err)
{
    slp_error_clear(err);
    if (out == NULL || base == NULL)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0, "no plan");
    *out = NULL;
    char *json = NULL;
    size_t jlen = 0;
    int rc = salesplan_plan_to_json(&json, &jlen, base, err);
    if (rc != SALESPLAN_OK)
        return (salesplan_status)rc;
    const char *patches[1] = {patch ? patch : ""};
    size_t lens[1] = {len};
    rc = salesplan_plan_load_patched(out, json, jlen, patches, lens, 1, err);
    salesplan_free(json);
    return (salesplan_status)rc;
}
