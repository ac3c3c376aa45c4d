/* JSON members from a table of struct members (json_fields.h). */
#include <math.h>

#include "json/json_fields.h"

static const void *at(const void *obj, size_t offset)
{
    return (const char *)obj + offset;
}

static double dbl(const void *obj, size_t offset)
{
    return *(const double *)at(obj, offset);
}

static const char *text_or_empty(const void *p)
{
    const char *s = *(const char *const *)p;
    return s ? s : "";
}

static void range(slp_jw *w, const void *obj, const slp_jfield *f)
{
    double lo = dbl(obj, f->offset);
    slp_jw_key(w, f->key);
    if (isnan(lo)) {
        slp_jw_null(w);
        return;
    }
    slp_jw_array(w, SLP_JW_INLINE);
    slp_jw_number(w, lo);
    slp_jw_number(w, dbl(obj, f->aux));
    slp_jw_end(w);
}

void slp_jw_fields(slp_jw *w, const void *obj, const slp_jfield *f, size_t n)
{
    for (const slp_jfield *end = f + n; f < end; f++) {
        const void *p = at(obj, f->offset);
        switch (f->kind) {
        case SLP_JF_TEXT: slp_jw_ktext(w, f->key, *(const char *const *)p); break;
        case SLP_JF_TEXT0: slp_jw_ktext(w, f->key, text_or_empty(p)); break;
        case SLP_JF_STRING: slp_jw_kstring(w, f->key, *(const char *const *)p); break;
        case SLP_JF_NUMBER: slp_jw_knumber(w, f->key, *(const double *)p); break;
        case SLP_JF_NUMBER_OPT: slp_jw_knumber_opt(w, f->key, *(const double *)p); break;
        case SLP_JF_INT: slp_jw_kint(w, f->key, *(const int *)p); break;
        case SLP_JF_LONG: slp_jw_kint(w, f->key, *(const long *)p); break;
        case SLP_JF_LLONG: slp_jw_kint(w, f->key, *(const long long *)p); break;
        case SLP_JF_ULLONG:
            slp_jw_key(w, f->key);
            slp_jw_uint(w, *(const unsigned long long *)p);
            break;
        case SLP_JF_BOOL: slp_jw_kbool(w, f->key, *(const int *)p); break;
        case SLP_JF_RANGE: range(w, obj, f); break;
        case SLP_JF_OPEN: slp_jw_kobject(w, f->key, (int)f->aux); break;
        case SLP_JF_END: slp_jw_end(w); break;
        case SLP_JF_WRAP: slp_jw_wrap(w); break;
        }
    }
}

void slp_jw_record(slp_jw *w, int layout, const void *obj, const slp_jfield *f, size_t n)
{
    slp_jw_object(w, layout);
    slp_jw_fields(w, obj, f, n);
    slp_jw_end(w);
}

void slp_jw_krecord(slp_jw *w, const char *key, int layout, const void *obj, const slp_jfield *f,
                    size_t n)
{
    slp_jw_kobject(w, key, layout);
    slp_jw_fields(w, obj, f, n);
    slp_jw_end(w);
}

void slp_jw_krecords(slp_jw *w, const char *key, int layout, const void *items, size_t count,
                     size_t size, const slp_jfield *f, size_t n)
{
    slp_jw_karray(w, key, SLP_JW_PRETTY);
    for (size_t i = 0; i < count; i++)
        slp_jw_record(w, layout, at(items, i * size), f, n);
    slp_jw_end(w);
}
