/* Loading and validating JSON plan files: limits and positions (json_pos),
 * syntax (jansson), then every rule of SPEC §3 through the model's setters
 * (plan_read_sections.c) and the model's own check. */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/alloc.h"
#include "common/date.h"
#include "common/io.h"
#include "model/plan_model.h"
#include "format/plan_read.h"

/* ---- paths ---------------------------------------------------------------- */

size_t slp_rd_push_key(slp_rd *r, const char *key)
{
    size_t old = r->path.len;
    if (old > 0)
        slp_sb_putc(&r->path, '.');
    slp_sb_puts(&r->path, key);
    if (r->path.failed)
        r->nomem = 1;
    return old;
}

size_t slp_rd_push_index(slp_rd *r, size_t i)
{
    size_t old = r->path.len;
    slp_sb_printf(&r->path, "[%zu]", i);
    if (r->path.failed)
        r->nomem = 1;
    return old;
}

void slp_rd_pop(slp_rd *r, size_t old)
{
    if (r->path.data != NULL && old <= r->path.len) {
        r->path.len = old;
        r->path.data[old] = '\0';
    }
}

const char *slp_rd_path(const slp_rd *r)
{
    return (r->path.data && !r->path.failed) ? r->path.data : "";
}

/* ---- problems ---------------------------------------------------------------- */

void slp_rd_prob(slp_rd *r, size_t node, int at_key, const char *fmt, ...)
{
    if (r->stop || r->nomem)
        return;
    long line, col;
    if (salesplan_diagnostics_count(r->d) >= SLP_PLAN_MAX_PROBLEMS) {
        slp_jpos_where(r->jp, node, &line, &col);
        if (slp_diag_add(r->d, SALESPLAN_EPLAN, slp_rd_path(r), line, col,
                         "too many problems; stopped after the first %d",
                         SLP_PLAN_MAX_PROBLEMS) != SALESPLAN_OK)
            r->nomem = 1;
        r->stop = 1;
        return;
    }
    if (at_key)
        slp_jpos_key_where(r->jp, node, &line, &col);
    else
        slp_jpos_where(r->jp, node, &line, &col);
    salesplan_error e;
    va_list ap;
    va_start(ap, fmt);
    slp_error_vset(&e, SALESPLAN_EPLAN, slp_rd_path(r), line, col, fmt, ap);
    va_end(ap);
    if (slp_diag_push(r->d, &e) != SALESPLAN_OK)
        r->nomem = 1;
}

/* Copy the JSON text s[0..n) without insignificant white space. */
static void compact_json(slp_strbuf *sb, const char *s, size_t n)
{
    int in_str = 0;
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (in_str) {
            if (c == '\\')
                i++;
            else if (c == '"')
                in_str = 0;
            continue;
        }
        if (c == '"') {
            in_str = 1;
        } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            slp_sb_append(sb, s + run, i - run);
            run = i + 1;
        }
    }
    slp_sb_append(sb, s + run, n - run);
}

void slp_rd_describe(const slp_rd *r, json_t *v, size_t node, char *out, size_t size)
{
    size_t n;
    const char *raw = slp_jpos_raw(r->jp, node, &n);
    if (json_is_object(v)) {
        snprintf(out, size, "an object");
    } else if (json_is_array(v)) {
        slp_strbuf sb = SLP_STRBUF_INIT;
        compact_json(&sb, raw, n < 200 ? n : 200);
        if (!sb.failed && n < 200 && sb.len <= 40)
            snprintf(out, size, "%s", sb.data);
        else
            snprintf(out, size, "an array of %zu items", json_array_size(v));
        slp_sb_release(&sb);
    } else if (json_is_string(v)) {
        /* the raw token, shortened at a character boundary, control bytes hidden */
        size_t k = 0, cut = n;
        if (n > 42) {
            cut = 40;
            while (cut > 1 && ((unsigned char)raw[cut] & 0xC0u) == 0x80u)
                cut--;
        }
        for (size_t i = 0; i < cut && k + 5 < size; i++)
            out[k++] = ((unsigned char)raw[i] < 0x20) ? '?' : raw[i];
        if (cut < n && k + 5 < size) {
            memcpy(out + k, "...\"", 4);
            k += 4;
        }
        out[k] = '\0';
    } else {
        snprintf(out, size, "%.*s", (int)(n < 60 ? n : 60), raw);
    }
}

void slp_rd_refused(slp_rd *r, json_t *v, size_t node, const char *rule)
{
    char found[80];
    slp_rd_describe(r, v, node, found, sizeof found);
    slp_rd_prob(r, node, 0, "%s; found %s", rule, found);
}

int slp_rd_setter(slp_rd *r, int rc, json_t *v, size_t node, const char *rule)
{
    if (rc == SALESPLAN_OK)
        return rc;
    if (rc == SALESPLAN_ENOMEM)
        r->nomem = 1;
    else if (rc == SALESPLAN_ELIMIT)
        slp_rd_prob(r, node, 0, "too many items here (a size limit of the plan format)");
    else
        slp_rd_refused(r, v, node, rule);
    return rc;
}

void slp_rd_each(slp_rd *r, json_t *v, size_t node, slp_item_fn fn, void *ctx)
{
    if (slp_rd_array(r, v, node) != 0)
        return;
    for (size_t i = 0; i < json_array_size(v) && !r->stop && !r->nomem; i++) {
        size_t old = slp_rd_push_index(r, i);
        fn(r, json_array_get(v, i), slp_rd_item(r, node, i), i, ctx);
        slp_rd_pop(r, old);
    }
}

/* ---- typed values ------------------------------------------------------------- */

static int wrong_type(slp_rd *r, json_t *v, size_t node, const char *what)
{
    char found[80];
    slp_rd_describe(r, v, node, found, sizeof found);
    slp_rd_prob(r, node, 0, "must be %s; found %s", what, found);
    return -1;
}

int slp_rd_object(slp_rd *r, json_t *v, size_t node)
{
    return json_is_object(v) ? 0 : wrong_type(r, v, node, "an object");
}

int slp_rd_array(slp_rd *r, json_t *v, size_t node)
{
    return json_is_array(v) ? 0 : wrong_type(r, v, node, "a list (JSON array)");
}

int slp_rd_string(slp_rd *r, json_t *v, size_t node, const char **out)
{
    if (!json_is_string(v))
        return wrong_type(r, v, node, "a string");
    *out = json_string_value(v);
    return 0;
}

int slp_rd_number(slp_rd *r, json_t *v, size_t node, double *out)
{
    if (!json_is_number(v))
        return wrong_type(r, v, node, "a number");
    *out = json_number_value(v);
    return 0;
}

int slp_rd_int(slp_rd *r, json_t *v, size_t node, long long lo, long long hi, long long *out)
{
    if (!json_is_number(v))
        return wrong_type(r, v, node, "an integer");
    size_t n;
    const char *raw = slp_jpos_raw(r->jp, node, &n);
    char tok[64];
    if (n >= sizeof tok || memchr(raw, '.', n) || memchr(raw, 'e', n) || memchr(raw, 'E', n)) {
        slp_rd_prob(r, node, 0,
                    "must be a whole number written without a fraction or exponent; found %.*s",
                    (int)(n < 40 ? n : 40), raw);
        return -1;
    }
    memcpy(tok, raw, n);
    tok[n] = '\0';
    if (strcmp(tok, "-0") == 0) {
        slp_rd_prob(r, node, 0, "must not be negative zero; found -0");
        return -1;
    }
    errno = 0;
    long long x = strtoll(tok, NULL, 10);
    if (errno == ERANGE || x < lo || x > hi) {
        if (hi == LLONG_MAX)
            slp_rd_prob(r, node, 0, "must be an integer >= %lld; found %s", lo, tok);
        else
            slp_rd_prob(r, node, 0, "must be an integer from %lld to %lld; found %s", lo, hi, tok);
        return -1;
    }
    *out = x;
    return 0;
}

int slp_rd_date(slp_rd *r, json_t *v, size_t node, const char **out)
{
    const char *s;
    slp_day d;
    if (slp_rd_string(r, v, node, &s) != 0)
        return -1;
    if (slp_parse_iso_date(s, json_string_length(v), &d) != 0) {
        slp_rd_refused(r, v, node, "must be a real calendar date written YYYY-MM-DD");
        return -1;
    }
    *out = s;
    return 0;
}

size_t slp_rd_item(const slp_rd *r, size_t node, size_t i)
{
    return slp_jpos_kid(r->jp, node, i);
}

/* ---- lists of numbers --------------------------------------------------------------- */

static void num_item(slp_rd *r, json_t *item, size_t node, size_t i, void *ctx)
{
    slp_numlist *l = ctx;
    if (slp_rd_number(r, item, node, &l->v[i]) != 0)
        l->bad = 1;
}

int slp_rd_numbers(slp_rd *r, json_t *v, size_t node, slp_numlist *l)
{
    l->v = NULL;
    l->n = 0;
    l->bad = 0;
    if (slp_rd_array(r, v, node) != 0)
        return -1;
    l->n = json_array_size(v);
    l->v = slp_calloc(l->n ? l->n : 1, sizeof *l->v);
    if (l->v == NULL) {
        r->nomem = 1;
        return -1;
    }
    slp_rd_each(r, v, node, num_item, l);
    if (l->bad) {
        slp_free(l->v);
        l->v = NULL;
        return -1;
    }
    return 0;
}

/* ---- objects ------------------------------------------------------------------- */

static void read_member(slp_rd *r, const slp_member *m, json_t *v, size_t node, void *ctx)
{
    if (m->kind == SLP_F_FN) {
        m->fn(r, v, node, ctx);
        return;
    }
    slp_fval *f = (slp_fval *)(void *)((char *)ctx + m->off);
    int rc = -1;
    f->node = node;
    f->v = v;
    switch (m->kind) {
    case SLP_F_NUM: rc = slp_rd_number(r, v, node, &f->num); break;
    case SLP_F_INT: rc = slp_rd_int(r, v, node, m->lo, m->hi, &f->i); break;
    case SLP_F_STR: rc = slp_rd_string(r, v, node, &f->s); break;
    case SLP_F_DATE: rc = slp_rd_date(r, v, node, &f->s); break;
    case SLP_F_BOOL:
        rc = json_is_boolean(v) ? 0 : wrong_type(r, v, node, "true or false");
        f->i = json_is_true(v);
        break;
    case SLP_F_ANY: rc = 0; break;
    case SLP_F_FN: break;
    }
    f->state = rc == 0 ? 1 : 2;
}

static void unknown_key(slp_rd *r, size_t node, const char *key, const slp_member *m, size_t nm)
{
    char allowed[240];
    size_t k = 0;
    allowed[0] = '\0';
    for (size_t i = 0; i < nm && k < sizeof allowed; i++) {
        int w = snprintf(allowed + k, sizeof allowed - k, "%s%s", i ? ", " : "", m[i].key);
        if (w < 0)
            break;
        k += (size_t)w;
    }
    slp_rd_prob(r, node, 1, "unknown key \"%.40s\" (allowed here: %s, or any \"x-\" key)", key,
                allowed);
}

static void keep_extension(slp_rd *r, const char *key, size_t node)
{
    size_t n;
    const char *raw = slp_jpos_raw(r->jp, node, &n);
    slp_strbuf sb = SLP_STRBUF_INIT;
    compact_json(&sb, raw, n);
    if (sb.failed) {
        r->nomem = 1;
        slp_sb_release(&sb);
        return;
    }
    int rc = salesplan_plan_set_extension(r->p, key, sb.data);
    slp_sb_release(&sb);
    if (rc == SALESPLAN_ENOMEM)
        r->nomem = 1;
    else if (rc != SALESPLAN_OK)
        slp_rd_prob(r, node, 1, "extension key not accepted (%s)", salesplan_strerror(rc));
}

void slp_rd_members(slp_rd *r, json_t *obj, size_t node, const slp_member *m, size_t nm,
                    void *ctx, int top)
{
    const char *key;
    json_t *val;
    size_t j = 0;
    unsigned long seen = 0;
    json_object_foreach(obj, key, val) {
        if (r->stop || r->nomem)
            return;
        /* jansson keeps insertion order, so member j is the j-th child */
        size_t kid = slp_jpos_kid(r->jp, node, j++);
        size_t klen = strlen(key), plen;
        const char *pkey = kid == SLP_JPOS_NONE ? NULL : slp_jpos_key(r->jp, kid, &plen);
        if (pkey == NULL || plen != klen || memcmp(pkey, key, klen) != 0)
            kid = slp_jpos_member(r->jp, node, key, klen);
        size_t old = slp_rd_push_key(r, key);
        size_t i = 0;
        while (i < nm && strcmp(m[i].key, key) != 0)
            i++;
        if (i < nm) {
            seen |= 1UL << i;
            read_member(r, &m[i], val, kid, ctx);
        } else if (strncmp(key, "x-", 2) == 0) {
            if (top)
                keep_extension(r, key, kid);
        } else {
            unknown_key(r, kid, key, m, nm);
        }
        slp_rd_pop(r, old);
    }
    for (size_t i = 0; i < nm; i++) {
        if (m[i].required && !(seen & (1UL << i))) {
            size_t old = slp_rd_push_key(r, m[i].key);
            slp_rd_prob(r, node, 0, "required key \"%s\" is missing", m[i].key);
            slp_rd_pop(r, old);
        }
    }
}

/* ---- driver --------------------------------------------------------------------- */

/* 1 when path a is b, or one of them is a prefix of the other at a component boundary. */
static int paths_overlap(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    const char *s = la <= lb ? a : b, *l = la <= lb ? b : a;
    size_t n = la <= lb ? la : lb;
    if (memcmp(s, l, n) != 0)
        return 0;
    return l[n] == '\0' || l[n] == '.' || l[n] == '[' || n == 0;
}

static int misaligned_path(unsigned mis, const char *path)
{
    static const struct {
        unsigned bit;
        const char *prefix;
    } lists[] = {{SLP_MIS_STAGES, "funnel.stages"},
                 {SLP_MIS_ACTIVITIES, "activities"},
                 {SLP_MIS_ROLES, "team.roles"},
                 {SLP_MIS_REPS, "team.reps"}};
    for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++)
        if ((mis & lists[i].bit) && paths_overlap(lists[i].prefix, path))
            return 1;
    return 0;
}

/* Append the model's own problems, positioned on the deepest existing part of
 * their path, leaving out those the reader already reported. */
static int add_check_problems(slp_rd *r)
{
    salesplan_diagnostics *c = NULL;
    if (slp_diag_new(&c) != SALESPLAN_OK)
        return SALESPLAN_ENOMEM;
    int rc = slp_plan_check_into(r->p, c);
    if (rc != SALESPLAN_OK) {
        salesplan_diagnostics_free(c);
        return rc == SALESPLAN_ENOMEM ? rc : SALESPLAN_EINTERNAL;
    }
    size_t nread = salesplan_diagnostics_count(r->d);
    for (size_t i = 0; i < salesplan_diagnostics_count(c); i++) {
        salesplan_error e = *salesplan_diagnostics_get(c, i);
        int dup = misaligned_path(r->misaligned, e.path);
        for (size_t k = 0; k < nread && !dup; k++)
            dup = paths_overlap(salesplan_diagnostics_get(r->d, k)->path, e.path);
        if (dup)
            continue;
        if (salesplan_diagnostics_count(r->d) >= SLP_PLAN_MAX_PROBLEMS) {
            rc = slp_diag_add(r->d, SALESPLAN_EPLAN, "", 1, 1,
                              "too many problems; stopped after the first %d",
                              SLP_PLAN_MAX_PROBLEMS);
            break;
        }
        int exact;
        size_t node = slp_jpos_find(r->jp, e.path, &exact);
        /* pipeline keys are stage names: a problem with one points at the key */
        if (exact && strncmp(e.path, "pipeline.", 9) == 0)
            slp_jpos_key_where(r->jp, node, &e.line, &e.column);
        else
            slp_jpos_where(r->jp, node, &e.line, &e.column);
        if (e.code == SALESPLAN_OK)
            e.code = SALESPLAN_EPLAN;
        rc = slp_diag_push(r->d, &e);
        if (rc != SALESPLAN_OK)
            break;
    }
    salesplan_diagnostics_free(c);
    return rc;
}

/* Read `buf` into `d`; on success with no problem and `out` given, *out is the plan. */
static int read_plan(const char *buf, size_t len, salesplan_diagnostics *d, salesplan_plan **out)
{
    salesplan_error e;
    slp_jpos *jp = NULL;
    int rc = slp_jpos_scan(&jp, buf, len, &e);
    if (rc != SALESPLAN_OK)
        return rc == SALESPLAN_ENOMEM || slp_diag_push(d, &e) != SALESPLAN_OK ? SALESPLAN_ENOMEM
                                                                              : rc;
    json_t *root = NULL;
    rc = slp_plan_parse_json(buf, len, jp, d, &root);
    if (rc != SALESPLAN_OK) {
        slp_jpos_free(jp);
        return rc;
    }
    slp_rd r = {jp, NULL, d, SLP_STRBUF_INIT, 0, 0, -1, 0};
    rc = salesplan_plan_create(&r.p, "plan");
    if (rc == SALESPLAN_OK) {
        slp_rd_plan(&r, root);
        if (r.nomem)
            rc = SALESPLAN_ENOMEM;
        else if (!r.stop && r.p != NULL)
            rc = add_check_problems(&r);
    }
    json_decref(root);
    slp_sb_release(&r.path);
    slp_jpos_free(jp);
    if (rc == SALESPLAN_OK && salesplan_diagnostics_count(d) > 0)
        rc = salesplan_diagnostics_get(d, 0)->code;
    if (rc == SALESPLAN_OK && out != NULL)
        *out = r.p;
    else
        salesplan_plan_free(r.p);
    return rc;
}

int salesplan_plan_validate_buffer(const char *buf, size_t len, salesplan_diagnostics **out)
{
    if (out == NULL)
        return SALESPLAN_EINVAL;
    *out = NULL;
    salesplan_diagnostics *d = NULL;
    if (slp_diag_new(&d) != SALESPLAN_OK)
        return SALESPLAN_ENOMEM;
    int rc;
    if (buf == NULL && len > 0)
        rc = slp_diag_add(d, SALESPLAN_EINVAL, "", 0, 0, "no input buffer") == SALESPLAN_OK
                 ? SALESPLAN_EINVAL
                 : SALESPLAN_ENOMEM;
    else
        rc = read_plan(buf, len, d, NULL);
    if (rc == SALESPLAN_ENOMEM) {
        salesplan_diagnostics_free(d);
        return rc;
    }
    *out = d;
    return rc;
}

int salesplan_plan_load_buffer(salesplan_plan **out, const char *buf, size_t len,
                               salesplan_error *err)
{
    slp_error_clear(err);
    if (out == NULL)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0, "no output plan pointer");
    *out = NULL;
    if (buf == NULL && len > 0)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0, "no input buffer");
    salesplan_diagnostics *d = NULL;
    if (slp_diag_new(&d) != SALESPLAN_OK)
        return slp_error_set(err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory");
    int rc = read_plan(buf, len, d, out);
    size_t n = salesplan_diagnostics_count(d);
    if (rc == SALESPLAN_ENOMEM) {
        slp_error_set(err, rc, NULL, 0, 0, "out of memory reading the plan");
    } else if (rc != SALESPLAN_OK && n > 0 && err != NULL) {
        *err = *salesplan_diagnostics_get(d, 0);
        if (n > 1) {
            char more[48];
            int w = snprintf(more, sizeof more, " (and %zu more problem%s)", n - 1,
                             n > 2 ? "s" : "");
            size_t ml = strlen(err->message), room = sizeof err->message - 1;
            if (w > 0 && (size_t)w < room) {
                if (ml + (size_t)w > room)
                    ml = room - (size_t)w;
                memcpy(err->message + ml, more, (size_t)w + 1);
            }
        }
    } else if (rc != SALESPLAN_OK) {
        slp_error_set(err, rc, NULL, 0, 0, NULL);
    }
    salesplan_diagnostics_free(d);
    return rc;
}

int salesplan_plan_load_file(salesplan_plan **out, const char *path, salesplan_error *err)
{
    slp_error_clear(err);
    if (out == NULL || path == NULL)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0, "no plan pointer or file name");
    *out = NULL;
    char *buf = NULL;
    size_t len = 0;
    int rc = slp_read_file(path, SLP_JSON_MAX_BYTES, &buf, &len, err);
    if (rc != SALESPLAN_OK)
        return rc;
    rc = salesplan_plan_load_buffer(out, buf, len, err);
    slp_free(buf);
    return rc;
}
