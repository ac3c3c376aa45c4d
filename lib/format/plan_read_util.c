/* The reader's helpers, used by every walker (plan_read_funnel.c,
 * plan_read_sections.c) and by the driver (plan_read.c); this file calls none
 * of them: paths, problems, typed reads of scanner nodes, the members walker
 * and name sets. */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/alloc.h"
#include "format/plan_read.h"
#include "model/plan_model.h"

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

static void vprob(slp_rd *r, size_t node, int at_key, const char *fmt, va_list ap)
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
    slp_error_vset(&e, SALESPLAN_EPLAN, slp_rd_path(r), line, col, fmt, ap);
    if (slp_diag_push(r->d, &e) != SALESPLAN_OK)
        r->nomem = 1;
}

void slp_rd_prob(slp_rd *r, size_t node, int at_key, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vprob(r, node, at_key, fmt, ap);
    va_end(ap);
}

void slp_rd_prob_at(slp_rd *r, const char *key, size_t node, int at_key, const char *fmt, ...)
{
    size_t old = slp_rd_push_key(r, key);
    va_list ap;
    va_start(ap, fmt);
    vprob(r, node, at_key, fmt, ap);
    va_end(ap);
    slp_rd_pop(r, old);
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

void slp_rd_describe(const slp_rd *r, size_t node, char *out, size_t size)
{
    size_t n;
    const char *raw = slp_jpos_raw(r->jp, node, &n);
    slp_jtype t = slp_jpos_type(r->jp, node);
    if (t == SLP_JT_OBJECT) {
        snprintf(out, size, "an object");
    } else if (t == SLP_JT_ARRAY) {
        slp_strbuf sb = SLP_STRBUF_INIT;
        compact_json(&sb, raw, n < 200 ? n : 200);
        if (!sb.failed && n < 200 && sb.len <= 40)
            snprintf(out, size, "%s", sb.data);
        else
            snprintf(out, size, "an array of %zu items", slp_jpos_nkids(r->jp, node));
        slp_sb_release(&sb);
    } else if (t == SLP_JT_STRING) {
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

void slp_rd_refused(slp_rd *r, size_t node, const char *rule)
{
    char found[80];
    slp_rd_describe(r, node, found, sizeof found);
    slp_rd_prob(r, node, 0, "%s; found %s", rule, found);
}

void slp_rd_refused_at(slp_rd *r, const char *key, size_t node, const char *rule)
{
    size_t old = slp_rd_push_key(r, key);
    slp_rd_refused(r, node, rule);
    slp_rd_pop(r, old);
}

int slp_rd_setter(slp_rd *r, int rc, size_t node, const salesplan_error *e)
{
    if (rc == SALESPLAN_OK)
        return rc;
    if (rc == SALESPLAN_ENOMEM)
        r->nomem = 1;
    else
        slp_rd_prob(r, node, 0, "%s", e->message[0] ? e->message : salesplan_strerror(rc));
    return rc;
}

int slp_rd_setter_at(slp_rd *r, const char *key, int rc, size_t node, const salesplan_error *e)
{
    size_t old = slp_rd_push_key(r, key);
    slp_rd_setter(r, rc, node, e);
    slp_rd_pop(r, old);
    return rc;
}

void slp_rd_set_num(slp_rd *r, const char *key, const slp_fval *f, slp_num_setter set)
{
    salesplan_error e;
    if (f->state == 1)
        slp_rd_setter_at(r, key, set(r->p, f->num, &e), f->node, &e);
}

void slp_rd_set_item_num(slp_rd *r, const char *key, const slp_fval *f, slp_item_num_setter set,
                         size_t i)
{
    salesplan_error e;
    if (f->state == 1)
        slp_rd_setter_at(r, key, set(r->p, i, f->num, &e), f->node, &e);
}

/* The index k of a path ending in "[k]", or SLP_JPOS_NONE. */
static size_t last_index(const char *path)
{
    size_t n = strlen(path);
    if (n < 3 || path[n - 1] != ']')
        return SLP_JPOS_NONE;
    const char *open = strrchr(path, '[');
    char *end;
    unsigned long long k = strtoull(open + 1, &end, 10);
    return end == path + n - 1 && end > open + 1 ? (size_t)k : SLP_JPOS_NONE;
}

int slp_rd_list_setter(slp_rd *r, int rc, size_t node, const salesplan_error *e)
{
    size_t bad = rc == SALESPLAN_EINVAL ? last_index(e->path) : SLP_JPOS_NONE;
    if (bad == SLP_JPOS_NONE || bad >= slp_jpos_nkids(r->jp, node))
        return slp_rd_setter(r, rc, node, e);
    size_t old = slp_rd_push_index(r, bad);
    slp_rd_setter(r, rc, slp_rd_item(r, node, bad), e);
    slp_rd_pop(r, old);
    return rc;
}

int slp_rd_refused_member(slp_rd *r, int rc, size_t node, const salesplan_error *e,
                          const slp_member *m, size_t nm, const void *ctx)
{
    /* the member: the last key of the model's path, without an index */
    const char *key = strrchr(e->path, '.');
    key = key ? key + 1 : e->path;
    size_t klen = strcspn(key, "[");
    for (size_t i = 0; i < nm; i++) {
        if (m[i].kind == SLP_F_FN || strlen(m[i].key) != klen || strncmp(m[i].key, key, klen) != 0)
            continue;
        const slp_fval *f = (const slp_fval *)(const void *)((const char *)ctx + m[i].off);
        size_t old = slp_rd_push_key(r, m[i].key);
        slp_rd_setter(r, rc, f->state != 0 ? f->node : node, e);
        slp_rd_pop(r, old);
        return (int)i;
    }
    slp_rd_setter(r, rc, node, e);
    return -1;
}

void slp_rd_each(slp_rd *r, size_t node, slp_item_fn fn, void *ctx)
{
    if (slp_rd_array(r, node) != 0)
        return;
    size_t n = slp_jpos_nkids(r->jp, node);
    for (size_t i = 0; i < n && !r->stop && !r->nomem; i++) {
        size_t old = slp_rd_push_index(r, i);
        fn(r, slp_rd_item(r, node, i), i, ctx);
        slp_rd_pop(r, old);
    }
}

/* ---- typed values ------------------------------------------------------------- */

static int wrong_type(slp_rd *r, size_t node, const char *what)
{
    char found[80];
    slp_rd_describe(r, node, found, sizeof found);
    slp_rd_prob(r, node, 0, "must be %s; found %s", what, found);
    return -1;
}

int slp_rd_object(slp_rd *r, size_t node)
{
    return slp_jpos_type(r->jp, node) == SLP_JT_OBJECT ? 0 : wrong_type(r, node, "an object");
}

int slp_rd_array(slp_rd *r, size_t node)
{
    return slp_jpos_type(r->jp, node) == SLP_JT_ARRAY ? 0
                                                        : wrong_type(r, node, "a list (JSON array)");
}

int slp_rd_string(slp_rd *r, size_t node, const char **out, size_t *len)
{
    const char *s = slp_jpos_string(r->jp, node, len);
    if (s == NULL)
        return wrong_type(r, node, "a string");
    *out = s;
    return 0;
}

int slp_rd_number(slp_rd *r, size_t node, double *out)
{
    return slp_jpos_number(r->jp, node, out) == 0 ? 0 : wrong_type(r, node, "a number");
}

int slp_rd_int(slp_rd *r, size_t node, long long lo, long long hi, long long *out)
{
    if (slp_jpos_type(r->jp, node) != SLP_JT_NUMBER)
        return wrong_type(r, node, "an integer");
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
    if (errno == ERANGE) {
        slp_rd_prob(r, node, 0, "must be an integer that fits in 64 bits; found %s", tok);
        return -1;
    }
    if (x < lo || x > hi) {
        if (hi == LLONG_MAX)
            slp_rd_prob(r, node, 0, "must be an integer >= %lld; found %s", lo, tok);
        else
            slp_rd_prob(r, node, 0, "must be an integer from %lld to %lld; found %s", lo, hi, tok);
        return -1;
    }
    *out = x;
    return 0;
}

int slp_rd_date(slp_rd *r, size_t node, const char **out)
{
    const char *s;
    size_t len;
    salesplan_error e;
    if (slp_rd_string(r, node, &s, &len) != 0)
        return -1;
    if (slp_check_date(&e, NULL, s, NULL) != SALESPLAN_OK) { /* the model's date rule */
        slp_rd_prob(r, node, 0, "%s", e.message);
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

static void num_item(slp_rd *r, size_t node, size_t i, void *ctx)
{
    slp_numlist *l = ctx;
    if (slp_rd_number(r, node, &l->v[i]) != 0)
        l->bad = 1;
}

int slp_rd_numbers(slp_rd *r, size_t node, slp_numlist *l)
{
    l->v = NULL;
    l->n = 0;
    l->bad = 0;
    if (slp_rd_array(r, node) != 0)
        return -1;
    l->n = slp_jpos_nkids(r->jp, node);
    l->v = slp_calloc(l->n ? l->n : 1, sizeof *l->v);
    if (l->v == NULL) {
        r->nomem = 1;
        return -1;
    }
    slp_rd_each(r, node, num_item, l);
    if (l->bad) {
        slp_free(l->v);
        l->v = NULL;
        return -1;
    }
    return 0;
}

/* ---- objects ------------------------------------------------------------------- */

static void read_member(slp_rd *r, const slp_member *m, size_t node, void *ctx)
{
    if (m->kind == SLP_F_FN) {
        m->fn(r, node, ctx);
        return;
    }
    slp_fval *f = (slp_fval *)(void *)((char *)ctx + m->off);
    int rc = -1;
    int b = 0;
    f->node = node;
    switch (m->kind) {
    case SLP_F_NUM: rc = slp_rd_number(r, node, &f->num); break;
    case SLP_F_INT: rc = slp_rd_int(r, node, m->lo, m->hi, &f->i); break;
    case SLP_F_STR: rc = slp_rd_string(r, node, &f->s, &f->len); break;
    case SLP_F_BOOL:
        rc = slp_jpos_bool(r->jp, node, &b) == 0 ? 0 : wrong_type(r, node, "true or false");
        f->i = b;
        break;
    case SLP_F_DATE: rc = slp_rd_date(r, node, &f->s); break;
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
    salesplan_error e;
    int rc = salesplan_plan_set_extension(r->p, key, sb.data, &e);
    slp_sb_release(&sb);
    if (rc == SALESPLAN_ENOMEM)
        r->nomem = 1;
    else if (rc != SALESPLAN_OK)
        slp_rd_prob(r, node, 1, "%s", e.message);
}

void slp_rd_members(slp_rd *r, size_t node, const slp_member *m, size_t nm, void *ctx, int top)
{
    unsigned long seen = 0;
    size_t n = slp_jpos_nkids(r->jp, node);
    for (size_t j = 0; j < n; j++) {
        if (r->stop || r->nomem)
            return;
        size_t kid = slp_jpos_kid(r->jp, node, j), klen;
        const char *key = slp_jpos_key(r->jp, kid, &klen);
        if (key == NULL)
            continue;
        size_t old = slp_rd_push_key(r, key);
        size_t i = 0;
        while (i < nm && strcmp(m[i].key, key) != 0)
            i++;
        if (i < nm) {
            seen |= 1UL << i;
            read_member(r, &m[i], kid, ctx);
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

int slp_rd_record(slp_rd *r, size_t node, const slp_member *m, size_t nm, void *ctx, size_t size)
{
    memset(ctx, 0, size);
    if (slp_rd_object(r, node) != 0)
        return -1;
    slp_rd_members(r, node, m, nm, ctx, 0);
    return 0;
}

/* ---- the driver's frame ------------------------------------------------------------ */

int slp_rd_open(slp_rd *r, const char *buf, size_t len, salesplan_diagnostics *d)
{
    memset(r, 0, sizeof *r);
    r->d = d;
    r->opp_stage = -1;
    salesplan_error e;
    int rc = slp_jpos_scan(&r->jp, buf, len, &e);
    if (rc != SALESPLAN_OK)
        return rc == SALESPLAN_ENOMEM || slp_diag_push(d, &e) != SALESPLAN_OK ? SALESPLAN_ENOMEM
                                                                              : rc;
    return SALESPLAN_OK;
}

int slp_rd_close(slp_rd *r, int rc)
{
    if (r->nomem)
        rc = SALESPLAN_ENOMEM;
    slp_sb_release(&r->path);
    slp_jpos_free(r->jp);
    r->jp = NULL;
    if (rc == SALESPLAN_OK && salesplan_diagnostics_count(r->d) > 0)
        rc = salesplan_diagnostics_get(r->d, 0)->code;
    return rc;
}
