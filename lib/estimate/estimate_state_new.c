/* Creating and freeing estimate states: the options copied into the state,
 * the run context set up. A leaf of the state's files. */
#include <stdio.h>
#include <string.h>

#include "common/alloc.h"
#include "common/error.h"
#include "estimate/estimate_join_text.h"
#include "estimate/estimate_state.h"

/* ---- options, copied ------------------------------------------------------------ */

static int keep(salesplan_estimate_state *s, const char *src, const char **dst)
{
    if (src == NULL) {
        *dst = NULL;
        return 0;
    }
    char *c = slp_strdup(src);
    if (c == NULL)
        return -1;
    s->strs[s->nstrs++] = c;
    *dst = c;
    return 0;
}

static size_t list_len(const salesplan_estimate_options *o)
{
    return o->group_count + o->won_count + o->lost_count + o->stage_count + 3 * o->join_count;
}

/* Copy a list of n names into the block at *at. */
static int keep_list(salesplan_estimate_state *s, const char *const *src, size_t n,
                     const char *const **dst, size_t *at)
{
    if (src == NULL || n == 0) {
        *dst = NULL;
        return 0;
    }
    const char **l = s->lists + *at;
    for (size_t i = 0; i < n; i++)
        if (keep(s, src[i], &l[i]) != 0)
            return -1;
    *at += n;
    *dst = l;
    return 0;
}

/* The extra tables' names and texts: a table given as text keeps a copy of
 * its bytes (the state outlives the caller's buffer) and a name for messages
 * ("join[i]" when none was given), so the copied join_paths has no NULL. */
static int keep_texts(salesplan_estimate_state *s, const salesplan_estimate_options *src,
                      size_t *at)
{
    salesplan_estimate_options *o = &s->o;
    o->join_texts = NULL;
    o->join_text_lens = NULL;
    size_t n = src->join_count, any = 0;
    for (size_t i = 0; i < n; i++) {
        size_t len;
        any += slp_est_join_text(src, i, &len) != NULL;
    }
    if (any == 0)
        return keep_list(s, src->join_paths, n, &o->join_paths, at);
    const char **paths = s->lists + *at, **texts = paths + n;
    s->join_lens = slp_calloc(n, sizeof *s->join_lens);
    if (s->join_lens == NULL)
        return -1;
    for (size_t i = 0; i < n; i++) {
        size_t len;
        const char *t = slp_est_join_text(src, i, &len);
        const char *p = src->join_paths != NULL ? src->join_paths[i] : NULL;
        char name[32];
        if (p == NULL) {
            snprintf(name, sizeof name, "join[%zu]", i);
            p = name;
        }
        if (keep(s, p, &paths[i]) != 0)
            return -1;
        if (t != NULL) {
            char *c = slp_malloc(len + 1);
            if (c == NULL)
                return -1;
            memcpy(c, t, len);
            c[len] = '\0';
            s->strs[s->nstrs++] = c;
            texts[i] = c;
            s->join_lens[i] = len;
        }
    }
    *at += 2 * n;
    o->join_paths = paths;
    o->join_texts = texts;
    o->join_text_lens = s->join_lens;
    return 0;
}

static int copy_options(salesplan_estimate_state *s, const salesplan_estimate_options *src)
{
    salesplan_estimate_options *o = &s->o;
    *o = *src;
    size_t nl = list_len(src);
    s->strs = slp_calloc(nl + 16, sizeof *s->strs);
    s->lists = slp_calloc(nl ? nl : 1, sizeof *s->lists);
    if (s->strs == NULL || s->lists == NULL)
        return -1;
    size_t at = 0;
    if (keep(s, src->id_column, &o->id_column) || keep(s, src->stage_column, &o->stage_column) ||
        keep(s, src->created_column, &o->created_column) ||
        keep(s, src->closed_column, &o->closed_column) ||
        keep(s, src->amount_column, &o->amount_column) ||
        keep(s, src->date_column, &o->date_column) || keep(s, src->join_path, &o->join_path) ||
        keep(s, src->join_key, &o->join_key) || keep(s, src->rep_column, &o->rep_column) ||
        keep_list(s, src->group_columns, src->group_count, &o->group_columns, &at) ||
        keep_list(s, src->won_names, src->won_count, &o->won_names, &at) ||
        keep_list(s, src->lost_names, src->lost_count, &o->lost_names, &at) ||
        keep_list(s, src->stages, src->stage_count, &o->stages, &at) ||
        keep_texts(s, src, &at) ||
        keep_list(s, src->join_keys, src->join_count, &o->join_keys, &at))
        return -1;
    o->threads = 0;
    return 0;
}

void salesplan_estimate_state_free(salesplan_estimate_state *s)
{
    if (s == NULL)
        return;
    if (s->x.o != NULL) {
        slp_est_ctx_free(&s->x);
        salesplan_estimate_free(s->x.e);
    }
    slp_csv_free(s->csv);
    slp_free_strings(s->header, s->header_n);
    slp_free_strings(s->strs, s->nstrs);
    slp_free(s->lists);
    slp_free(s->join_lens);
    slp_record_buf_free(&s->rec);
    slp_free(s);
}

int slp_est_state_new(salesplan_estimate_state **out, const salesplan_estimate_options *opts,
                      salesplan_error *err)
{
    *out = NULL;
    salesplan_estimate_options full;
    slp_est_options_normalise(&full, opts);
    int rc = slp_est_check_options(&full, err);
    if (rc != SALESPLAN_OK)
        return rc;
    salesplan_estimate_state *s = slp_calloc(1, sizeof *s);
    if (s == NULL)
        return slp_error_set(err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory");
    if (copy_options(s, &full) != 0) {
        salesplan_estimate_state_free(s);
        return slp_error_set(err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory");
    }
    rc = slp_est_ctx_init(&s->x, &s->o, err);
    if (rc == SALESPLAN_OK && s->o.shape == SALESPLAN_SHAPE_TRANSITIONS)
        rc = slp_est_transitions_begin(&s->x);
    if (rc != SALESPLAN_OK) {
        salesplan_estimate_state_free(s);
        return rc;
    }
    *out = s;
    return SALESPLAN_OK;
}

