/* Reading JSON in the tests with the library's own reader (see tjson.h). */
#include "tjson.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_alloc.h"

struct tj_doc {
    char *text;
    slp_jpos *jp;
    tj_doc *next; /* documents of tj_load, until tj_drop */
};

static tj_doc *loaded;

static const tj no_value = {NULL, SLP_JPOS_NONE};

tj_doc *tj_parse(const char *text, size_t len, char *why)
{
    tj_doc *d = calloc(1, sizeof *d);
    if (d == NULL || text == NULL)
        goto fail;
    d->text = malloc(len + 1);
    if (d->text == NULL)
        goto fail;
    memcpy(d->text, text, len);
    d->text[len] = '\0';
    salesplan_error err;
    long saved = tst_alloc_pause();
    int rc = slp_jpos_scan_value(&d->jp, d->text, len, &err);
    tst_alloc_resume(saved);
    if (rc != SALESPLAN_OK) {
        if (why != NULL) {
            snprintf(why, 256, "%.255s", err.message);
        }
        goto fail_quiet;
    }
    return d;
fail:
    if (why != NULL)
        strcpy(why, "out of memory");
fail_quiet:
    tj_free(d);
    return NULL;
}

tj_doc *tj_parse_str(const char *text)
{
    return text ? tj_parse(text, strlen(text), NULL) : NULL;
}

void tj_free(tj_doc *d)
{
    if (d == NULL)
        return;
    long saved = tst_alloc_pause();
    slp_jpos_free(d->jp);
    tst_alloc_resume(saved);
    free(d->text);
    free(d);
}

tj tj_root(const tj_doc *d)
{
    tj v = {d ? d->jp : NULL, d ? 0 : SLP_JPOS_NONE};
    return v;
}

int tj_ok(tj v)
{
    return v.jp != NULL && v.node != SLP_JPOS_NONE && v.node < slp_jpos_count(v.jp);
}

static int type_is(tj v, slp_jtype t)
{
    return tj_ok(v) && slp_jpos_type(v.jp, v.node) == t;
}

tj tj_get(tj obj, const char *key)
{
    if (!type_is(obj, SLP_JT_OBJECT) || key == NULL)
        return no_value;
    tj v = {obj.jp, slp_jpos_member(obj.jp, obj.node, key, strlen(key))};
    return v;
}

tj tj_at(tj v, size_t i)
{
    if (!tj_ok(v))
        return no_value;
    tj k = {v.jp, slp_jpos_kid(v.jp, v.node, i)};
    return k;
}

size_t tj_size(tj v)
{
    return tj_ok(v) ? slp_jpos_nkids(v.jp, v.node) : 0;
}

const char *tj_key(tj obj, size_t i)
{
    size_t len;
    if (!type_is(obj, SLP_JT_OBJECT))
        return NULL;
    size_t k = slp_jpos_kid(obj.jp, obj.node, i);
    return k == SLP_JPOS_NONE ? NULL : slp_jpos_key(obj.jp, k, &len);
}

int tj_is_object(tj v) { return type_is(v, SLP_JT_OBJECT); }
int tj_is_array(tj v) { return type_is(v, SLP_JT_ARRAY); }
int tj_is_string(tj v) { return type_is(v, SLP_JT_STRING); }
int tj_is_number(tj v) { return type_is(v, SLP_JT_NUMBER); }
int tj_is_null(tj v) { return type_is(v, SLP_JT_NULL); }
int tj_is_true(tj v) { return type_is(v, SLP_JT_TRUE); }
int tj_is_bool(tj v) { return type_is(v, SLP_JT_TRUE) || type_is(v, SLP_JT_FALSE); }

int tj_is_integer(tj v)
{
    if (!tj_is_number(v))
        return 0;
    size_t n;
    const char *raw = slp_jpos_raw(v.jp, v.node, &n);
    return memchr(raw, '.', n) == NULL && memchr(raw, 'e', n) == NULL &&
           memchr(raw, 'E', n) == NULL;
}

const char *tj_str(tj v)
{
    size_t n;
    return tj_ok(v) ? slp_jpos_string(v.jp, v.node, &n) : NULL;
}

size_t tj_strlen(tj v)
{
    size_t n = 0;
    if (tj_ok(v))
        slp_jpos_string(v.jp, v.node, &n);
    return n;
}

double tj_num(tj v)
{
    double x = 0.0;
    if (!tj_ok(v) || slp_jpos_number(v.jp, v.node, &x) != 0)
        return 0.0;
    return x;
}

long long tj_int(tj v)
{
    if (!tj_is_integer(v))
        return 0;
    size_t n;
    const char *raw = slp_jpos_raw(v.jp, v.node, &n);
    char tok[32];
    if (n >= sizeof tok)
        return 0;
    memcpy(tok, raw, n);
    tok[n] = '\0';
    return strtoll(tok, NULL, 10);
}

int tj_equal(tj a, tj b)
{
    if (!tj_ok(a) || !tj_ok(b))
        return 0;
    slp_jtype t = slp_jpos_type(a.jp, a.node);
    if (t != slp_jpos_type(b.jp, b.node))
        return 0;
    size_t n = tj_size(a);
    switch (t) {
    case SLP_JT_OBJECT:
        if (n != tj_size(b))
            return 0;
        for (size_t i = 0; i < n; i++)
            if (!tj_equal(tj_at(a, i), tj_get(b, tj_key(a, i))))
                return 0;
        return 1;
    case SLP_JT_ARRAY:
        if (n != tj_size(b))
            return 0;
        for (size_t i = 0; i < n; i++)
            if (!tj_equal(tj_at(a, i), tj_at(b, i)))
                return 0;
        return 1;
    case SLP_JT_STRING:
        return tj_strlen(a) == tj_strlen(b) && memcmp(tj_str(a), tj_str(b), tj_strlen(a)) == 0;
    case SLP_JT_NUMBER:
        return tj_num(a) == tj_num(b);
    default:
        return 1;
    }
}

int tj_is_false(tj v)
{
    return type_is(v, SLP_JT_FALSE);
}

tj tj_load(const char *text)
{
    tj_doc *d = tj_parse_str(text);
    if (d == NULL)
        return no_value;
    d->next = loaded;
    loaded = d;
    return tj_root(d);
}

void tj_drop(tj root)
{
    for (tj_doc **at = &loaded; *at != NULL; at = &(*at)->next) {
        if ((*at)->jp == root.jp) {
            tj_doc *d = *at;
            *at = d->next;
            tj_free(d);
            return;
        }
    }
}
