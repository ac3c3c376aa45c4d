/* JSON Merge Patch (RFC 7386) over the scanner and the writer; see
 * merge_patch.h for the rules. */
#include <string.h>

#include "common/alloc.h"
#include "common/error.h"
#include "common/strbuf.h"
#include "json/json_pos.h"
#include "json/json_write.h"
#include "json/merge_patch.h"
#include "salesplan/scenario.h"

typedef struct mp {
    slp_jw w;
    const slp_jpos *t; /* target */
    const slp_jpos *p; /* patch */
    int deep;          /* the output would nest deeper than the writer allows */
} mp;

/* Objects one member per line; arrays on one line unless they hold containers. */
static int array_layout(const slp_jpos *j, size_t node)
{
    for (size_t i = 0, n = slp_jpos_nkids(j, node); i < n; i++) {
        slp_jtype t = slp_jpos_type(j, slp_jpos_kid(j, node, i));
        if (t == SLP_JT_OBJECT || t == SLP_JT_ARRAY)
            return SLP_JW_PRETTY;
    }
    return SLP_JW_INLINE;
}

static int open_ok(mp *m)
{
    if (m->w.level >= SLP_JW_MAX_NEST) {
        m->deep = 1;
        return 0;
    }
    return 1;
}

/* Copy value `node` of `j` as it is. */
static void copy_value(mp *m, const slp_jpos *j, size_t node)
{
    size_t n;
    switch (slp_jpos_type(j, node)) {
    case SLP_JT_OBJECT:
        if (!open_ok(m))
            return;
        slp_jw_object(&m->w, SLP_JW_PRETTY);
        for (size_t i = 0, k = slp_jpos_nkids(j, node); i < k && !m->deep; i++) {
            size_t kid = slp_jpos_kid(j, node, i);
            slp_jw_key(&m->w, slp_jpos_key(j, kid, &n));
            copy_value(m, j, kid);
        }
        slp_jw_end(&m->w);
        break;
    case SLP_JT_ARRAY:
        if (!open_ok(m))
            return;
        slp_jw_array(&m->w, array_layout(j, node));
        for (size_t i = 0, k = slp_jpos_nkids(j, node); i < k && !m->deep; i++)
            copy_value(m, j, slp_jpos_kid(j, node, i));
        slp_jw_end(&m->w);
        break;
    case SLP_JT_STRING: slp_jw_string(&m->w, slp_jpos_string(j, node, &n)); break;
    case SLP_JT_NUMBER: {
        /* the token as written: "-0" and "1.0" keep their spelling, so the
         * plan reader judges exactly what the author wrote */
        const char *raw = slp_jpos_raw(j, node, &n);
        slp_jw_raw(&m->w, "");
        slp_sb_append(m->w.sb, raw, n);
        break;
    }
    case SLP_JT_TRUE: slp_jw_bool(&m->w, 1); break;
    case SLP_JT_FALSE: slp_jw_bool(&m->w, 0); break;
    case SLP_JT_NULL: slp_jw_null(&m->w); break;
    }
}

/* Write MergePatch(target value tn (SLP_JPOS_NONE: absent), patch value pn). */
static void merge_value(mp *m, size_t tn, size_t pn)
{
    const slp_jpos *t = m->t, *p = m->p;
    if (slp_jpos_type(p, pn) != SLP_JT_OBJECT) {
        copy_value(m, p, pn);
        return;
    }
    if (tn != SLP_JPOS_NONE && slp_jpos_type(t, tn) != SLP_JT_OBJECT)
        tn = SLP_JPOS_NONE; /* "Target = {}" */
    if (!open_ok(m))
        return;
    slp_jw_object(&m->w, SLP_JW_PRETTY);
    size_t klen;
    /* the target's members, in its order: kept, replaced, merged or removed */
    size_t nt = tn == SLP_JPOS_NONE ? 0 : slp_jpos_nkids(t, tn);
    for (size_t i = 0; i < nt && !m->deep; i++) {
        size_t tk = slp_jpos_kid(t, tn, i);
        const char *key = slp_jpos_key(t, tk, &klen);
        size_t pk = slp_jpos_member(p, pn, key, klen);
        if (pk == SLP_JPOS_NONE) {
            slp_jw_key(&m->w, key);
            copy_value(m, t, tk);
        } else if (slp_jpos_type(p, pk) != SLP_JT_NULL) {
            slp_jw_key(&m->w, key);
            merge_value(m, tk, pk);
        }
    }
    /* then the members only the patch has, in its order; nulls add nothing */
    for (size_t i = 0, np = slp_jpos_nkids(p, pn); i < np && !m->deep; i++) {
        size_t pk = slp_jpos_kid(p, pn, i);
        const char *key = slp_jpos_key(p, pk, &klen);
        if (slp_jpos_type(p, pk) == SLP_JT_NULL)
            continue;
        if (tn != SLP_JPOS_NONE && slp_jpos_member(t, tn, key, klen) != SLP_JPOS_NONE)
            continue;
        slp_jw_key(&m->w, key);
        merge_value(m, SLP_JPOS_NONE, pk);
    }
    slp_jw_end(&m->w);
}

static int scan(slp_jpos **out, const char *buf, size_t len, const char *label,
                salesplan_error *err)
{
    salesplan_error e;
    int rc = slp_jpos_scan_value(out, buf, len, &e);
    if (rc != SALESPLAN_OK && label)
        slp_error_set(err, rc, e.path, e.line, e.column, "%s: %s", label, e.message);
    else if (rc != SALESPLAN_OK && err)
        *err = e;
    return rc;
}

int slp_json_merge_patch(char **out, size_t *len, const char *target, size_t tlen,
                         const char *patch, size_t plen, const char *tlabel,
                         const char *plabel, salesplan_error *err)
{
    if (out == NULL)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0, "no place for the merged text");
    *out = NULL;
    if (len)
        *len = 0;
    if ((target == NULL && tlen > 0) || (patch == NULL && plen > 0))
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0, "NULL text with a length");
    slp_jpos *t = NULL, *p = NULL;
    int rc = scan(&t, target ? target : "", tlen, tlabel, err);
    if (rc == SALESPLAN_OK)
        rc = scan(&p, patch ? patch : "", plen, plabel, err);
    if (rc != SALESPLAN_OK) {
        slp_jpos_free(t);
        slp_jpos_free(p);
        return rc;
    }
    slp_strbuf sb = SLP_STRBUF_INIT;
    mp m;
    memset(&m, 0, sizeof m);
    slp_jw_init(&m.w, &sb);
    m.t = t;
    m.p = p;
    merge_value(&m, 0, 0);
    slp_sb_putc(&sb, '\n');
    slp_jpos_free(t);
    slp_jpos_free(p);
    if (m.deep) {
        slp_sb_release(&sb);
        return slp_error_set(err, SALESPLAN_ELIMIT, NULL, 0, 0,
                             "the merged document nests deeper than %d containers",
                             SLP_JW_MAX_NEST);
    }
    rc = slp_sb_finish(&sb, out, len);
    if (rc != SALESPLAN_OK)
        return slp_error_set(err, rc, NULL, 0, 0, "out of memory merging a patch");
    slp_error_clear(err);
    return SALESPLAN_OK;
}

salesplan_status salesplan_json_merge_patch(char **out, size_t *len, const char *doc,
                                            size_t doc_len, const char *patch, size_t patch_len,
                                            salesplan_error *err)
{
    return (salesplan_status)slp_json_merge_patch(out, len, doc, doc_len, patch, patch_len,
                                                  "document", "patch", err);
}
