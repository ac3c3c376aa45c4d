/* Lookup tables joined to the export (a team table, an account table...):
 * a group column missing from the export is looked up, by the table's key
 * column, in the first joined table whose header has it. */
#include <stdio.h>
#include <string.h>

#include "common/alloc.h"
#include "common/error.h"
#include "estimate/estimate_internal.h"
#include "estimate/estimate_join_text.h"

static int join_rows(slp_est_ctx *x, size_t t, slp_csv *csv, size_t ncols, size_t key,
                     const size_t *jcol, const char *path)
{
    slp_csv_row row;
    int rc;
    size_t jcap = 1;
    slp_dict *keys = &x->join_keys[t];
    while ((rc = slp_csv_next(csv, &row, x->err)) == SALESPLAN_OK) {
        if (row.count == 0)
            continue;
        char shown[64];
        if (row.count != ncols || row.flags)
            return slp_error_set(x->err, SALESPLAN_EDATA, NULL, (long)row.line, 0,
                                 "%s:%llu: expected %zu fields, found %zu", path,
                                 (unsigned long long)row.line, ncols, row.count);
        const char *k = row.fields[key].ptr;
        size_t kn = row.fields[key].len;
        uint32_t id;
        int added;
        rc = slp_dict_intern(keys, k, kn, slp_hash_bytes(k, kn), &id, &added);
        if (rc != SALESPLAN_OK)
            return slp_error_set(x->err, rc, NULL, 0, 0, "out of memory reading %s", path);
        if (!added) {
            slp_est_show(shown, sizeof shown, k, kn);
            return slp_error_set(x->err, SALESPLAN_EDATA, NULL, (long)row.line, 0,
                                 "%s:%llu: join key %s appears more than once", path,
                                 (unsigned long long)row.line, shown);
        }
        for (size_t g = 0; g < x->ngroups; g++) {
            if (jcol[g] == SIZE_MAX)
                continue;
            if (id >= jcap) {
                uint32_t *a = slp_reallocarray(x->join_gid[g], keys->cap, sizeof *a);
                if (a == NULL)
                    return slp_error_set(x->err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory");
                x->join_gid[g] = a;
            }
            uint32_t *a = x->join_gid[g];
            const char *v = row.fields[jcol[g]].ptr;
            size_t vn = row.fields[jcol[g]].len;
            a[id] = SLP_NO_ID;
            if (vn > 0) {
                rc = slp_est_group_intern(x, g, v, vn, &a[id]);
                if (rc == SALESPLAN_ESYNTAX)
                    return slp_error_set(x->err, SALESPLAN_EDATA, NULL, (long)row.line, 0,
                                         "%s:%llu: a value is not valid UTF-8", path,
                                         (unsigned long long)row.line);
                if (rc != SALESPLAN_OK)
                    return slp_error_set(x->err, rc, NULL, 0, 0, "out of memory");
            }
        }
        if (id >= jcap)
            jcap = keys->cap;
    }
    return rc == SLP_CSV_END ? SALESPLAN_OK : rc;
}

/* One lookup table as the options give it: a file, or CSV text in memory
 * (then `path` only names it in messages). */
typedef struct join_src {
    const char *path;
    const char *text; /* NULL: read the file `path` */
    size_t len;
    const char *key;
} join_src;

/* Table t: its key in the export, its header, and the rows of the groups it
 * is the first to have. A file and a text go through the same tokenizer. */
static int load_table(slp_est_ctx *x, const slp_csv_row *h, size_t t, const join_src *src,
                      size_t *jcol)
{
    const char *path = src->path, *key = src->key;
    char list[200];
    x->join_col[t] = slp_est_find_column(h, key);
    if (x->join_col[t] == SIZE_MAX) {
        slp_est_header_list(h, list, sizeof list);
        return slp_error_set(x->err, SALESPLAN_EDATA, NULL, (long)h->line, 0,
                             "join key '%.40s' is not in the export's header (%s)", key, list);
    }
    slp_reader r = {0};
    r.fd = -1;
    slp_csv *csv = NULL;
    int rc;
    if (src->text != NULL) {
        rc = slp_csv_open_buffer(&csv, src->text, src->len, x->delim, 0, 0, 0, x->err);
    } else {
        rc = slp_reader_open(&r, path, x->err);
        if (rc == SALESPLAN_OK)
            rc = slp_csv_open(&csv, &r, x->delim, 0, 0, 0, x->err);
    }
    if (rc != SALESPLAN_OK) {
        slp_reader_close(&r);
        return rc;
    }
    slp_csv_row jh;
    if (x->o->delimiter == '\0') { /* each table may have its own separator */
        const char *data;
        size_t len;
        rc = slp_csv_peek(csv, &data, &len, x->err);
        if (rc == SALESPLAN_OK)
            slp_csv_set_delim(csv, slp_est_sniff_delimiter(data, len));
    }
    do {
        if (rc == SALESPLAN_OK)
            rc = slp_csv_next(csv, &jh, x->err);
    } while (rc == SALESPLAN_OK && jh.count == 0);
    size_t jkey = SIZE_MAX;
    if (rc == SLP_CSV_END)
        rc = slp_error_set(x->err, SALESPLAN_EDATA, NULL, 0, 0, "%s: the join table is empty",
                           path);
    if (rc == SALESPLAN_OK && (jkey = slp_est_find_column(&jh, key)) == SIZE_MAX)
        rc = slp_error_set(x->err, SALESPLAN_EDATA, NULL, 0, 0,
                           "%s: join key '%.40s' is not in its header", path, key);
    int any = 0;
    for (size_t g = 0; rc == SALESPLAN_OK && g < x->ngroups; g++) {
        jcol[g] = SIZE_MAX;
        if (x->group_col[g] != SIZE_MAX || x->join_gid[g] != NULL)
            continue; /* in the export, or taken by an earlier table */
        jcol[g] = slp_est_find_column(&jh, x->o->group_columns[g]);
        if (jcol[g] != SIZE_MAX) {
            x->join_tab[g] = t;
            any = 1;
            x->join_gid[g] = slp_malloc(sizeof(uint32_t));
            if (x->join_gid[g] == NULL)
                rc = slp_error_set(x->err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory");
        }
    }
    if (rc == SALESPLAN_OK && any)
        rc = join_rows(x, t, csv, jh.count, jkey, jcol, path);
    slp_csv_free(csv);
    slp_reader_close(&r);
    return rc;
}

int slp_est_load_join(slp_est_ctx *x, const slp_csv_row *h)
{
    const salesplan_estimate_options *o = x->o;
    size_t n = (o->join_path != NULL) + o->join_count;
    if (n == 0)
        return SALESPLAN_OK;
    x->join_keys = slp_calloc(n, sizeof *x->join_keys);
    x->join_col = slp_calloc(n, sizeof *x->join_col);
    size_t *jcol = slp_calloc(x->ngroups ? x->ngroups : 1, sizeof *jcol);
    if (x->join_keys == NULL || x->join_col == NULL || jcol == NULL) {
        slp_free(jcol);
        return slp_error_set(x->err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory");
    }
    x->njoins = n;
    int rc = SALESPLAN_OK;
    for (size_t t = 0; rc == SALESPLAN_OK && t < n; t++) {
        size_t i = o->join_path != NULL ? t : t + 1; /* 0: join_path, i >= 1: join_paths[i-1] */
        join_src src = {o->join_path, NULL, 0, o->join_key};
        char name[32];
        if (i > 0) {
            src.path = o->join_paths != NULL ? o->join_paths[i - 1] : NULL;
            src.key = o->join_keys[i - 1];
            src.text = slp_est_join_text(o, i - 1, &src.len);
            if (src.path == NULL) {
                snprintf(name, sizeof name, "join[%zu]", i - 1);
                src.path = name;
            }
        }
        rc = load_table(x, h, t, &src, jcol);
    }
    slp_free(jcol);
    for (size_t g = 0; rc == SALESPLAN_OK && g < x->ngroups; g++)
        if (x->group_col[g] == SIZE_MAX && x->join_gid[g] == NULL)
            rc = slp_error_set(x->err, SALESPLAN_EDATA, NULL, 0, 0,
                               "group column '%.40s' is neither in the export nor in a joined "
                               "table",
                               o->group_columns[g]);
    return rc;
}
