/* The result handle: its arena, its warnings, and the public accessors. */
#include "engine/result_internal.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "common/alloc.h"

struct slp_arena_chunk {
    slp_arena_chunk *next;
    size_t cap;  /* bytes in data */
    size_t used; /* bytes handed out */
    max_align_t data[];
};

#define SLP_ALIGN (_Alignof(max_align_t))
#define SLP_MIN_CHUNK 4096u

static size_t align_up(size_t n)
{
    return (n + (SLP_ALIGN - 1)) & ~(size_t)(SLP_ALIGN - 1);
}

static slp_arena_chunk *chunk_new(size_t cap)
{
    if (cap > SIZE_MAX - sizeof(slp_arena_chunk) - SLP_ALIGN)
        return NULL;
    cap = align_up(cap);
    slp_arena_chunk *c = slp_malloc(sizeof(slp_arena_chunk) + cap);
    if (!c)
        return NULL;
    c->next = NULL;
    c->cap = cap;
    c->used = 0;
    return c;
}

static void *chunk_take(slp_arena_chunk *c, size_t size)
{
    size = align_up(size ? size : 1);
    if (size > c->cap - c->used)
        return NULL;
    unsigned char *p = (unsigned char *)c->data + c->used;
    c->used += size;
    memset(p, 0, size);
    return p;
}

salesplan_result *slp_result_new(size_t reserve)
{
    size_t head = align_up(sizeof(salesplan_result));
    if (reserve > SIZE_MAX / 2)
        return NULL;
    slp_arena_chunk *c = chunk_new(head + (reserve > SLP_MIN_CHUNK ? reserve : SLP_MIN_CHUNK));
    if (!c)
        return NULL;
    salesplan_result *r = chunk_take(c, sizeof(salesplan_result));
    r->arena = c;
    r->overview.confidence = NAN;
    r->overview.deals_needed = NAN;
    r->overview.pipeline_expected_deals = NAN;
    return r;
}

void *slp_result_alloc(salesplan_result *r, size_t size)
{
    /* the newest chunk is kept right after the first one */
    slp_arena_chunk *first = r->arena;
    slp_arena_chunk *cur = first->next ? first->next : first;
    void *p = chunk_take(cur, size);
    if (p)
        return p;
    if (size > SIZE_MAX / 2)
        return NULL;
    size_t want = cur->cap * 2 > size ? cur->cap * 2 : size;
    slp_arena_chunk *c = chunk_new(want);
    if (!c)
        return NULL;
    c->next = first->next;
    first->next = c;
    return chunk_take(c, size);
}

void *slp_result_array(salesplan_result *r, size_t n, size_t size)
{
    if (size != 0 && n > SIZE_MAX / size)
        return NULL;
    return slp_result_alloc(r, n * size);
}

static char *arena_strdup(salesplan_result *r, const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = slp_result_alloc(r, n);
    if (d)
        memcpy(d, s, n);
    return d;
}

int slp_result_warn(salesplan_result *r, const char *code, const char *path, const char *fmt,
                    ...)
{
    if (r->warning_count == r->warning_cap) {
        size_t cap = r->warning_cap ? r->warning_cap * 2 : 8;
        salesplan_warning *w = slp_result_array(r, cap, sizeof(*w));
        if (!w)
            return SALESPLAN_ENOMEM;
        if (r->warning_count)
            memcpy(w, r->warnings, r->warning_count * sizeof(*w));
        r->warnings = w;
        r->warning_cap = cap;
    }
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    salesplan_warning *w = &r->warnings[r->warning_count];
    w->code = arena_strdup(r, code);
    w->path = arena_strdup(r, path ? path : "");
    w->message = arena_strdup(r, buf);
    if (!w->code || !w->path || !w->message)
        return SALESPLAN_ENOMEM;
    r->warning_count++;
    return SALESPLAN_OK;
}

void salesplan_result_free(salesplan_result *r)
{
    if (!r)
        return;
    salesplan_plan_free(r->plan);
    slp_arena_chunk *first = r->arena;
    slp_arena_chunk *c = first->next;
    while (c) {
        slp_arena_chunk *next = c->next;
        slp_free(c);
        c = next;
    }
    slp_free(first); /* r lives here */
}

/* ---- accessors ------------------------------------------------------------ */

const salesplan_plan *salesplan_result_plan(const salesplan_result *r)
{
    return r ? r->plan : NULL;
}

const salesplan_result_overview *salesplan_result_overview_get(const salesplan_result *r)
{
    return r ? &r->overview : NULL;
}

/* The count and item accessors of list `array` of a result, named from its
 * item: salesplan_result_<name>_count() and salesplan_result_<name>(). */
#define SLP_LIST_ACCESSORS(name, type, array)                                                    \
    size_t salesplan_result_##name##_count(const salesplan_result *r)                             \
    {                                                                                              \
        return r ? r->name##_count : 0;                                                            \
    }                                                                                              \
    const type *salesplan_result_##name(const salesplan_result *r, size_t i)                     \
    {                                                                                              \
        return r && i < r->name##_count ? &r->array[i] : NULL;                                     \
    }

SLP_LIST_ACCESSORS(stage, salesplan_stage_result, stages)
SLP_LIST_ACCESSORS(activity, salesplan_activity_result, activities)
SLP_LIST_ACCESSORS(role, salesplan_role_result, roles)
SLP_LIST_ACCESSORS(slice, salesplan_slice_result, slices)
SLP_LIST_ACCESSORS(rep_quota, salesplan_rep_quota, rep_quotas)
SLP_LIST_ACCESSORS(phase, salesplan_phase_result, phases)
SLP_LIST_ACCESSORS(warning, salesplan_warning, warnings)
SLP_LIST_ACCESSORS(rep_schedule, salesplan_rep_schedule, rep_schedules)

const salesplan_rep_month *salesplan_result_rep_month(const salesplan_result *r, size_t rep,
                                                      size_t month)
{
    const salesplan_rep_schedule *s = salesplan_result_rep_schedule(r, rep);
    return s && month < s->month_count ? &s->months[month] : NULL;
}

const salesplan_rep_target *salesplan_result_rep_target(const salesplan_result *r, size_t rep,
                                                        size_t month, size_t k)
{
    const salesplan_rep_month *m = salesplan_result_rep_month(r, rep, month);
    return m && k < m->activity_count ? &m->activities[k] : NULL;
}

double salesplan_result_unassigned(const salesplan_result *r)
{
    return r ? r->unassigned : (double)NAN;
}

const salesplan_capacity_result *salesplan_result_capacity(const salesplan_result *r)
{
    return r ? &r->capacity : NULL;
}

const salesplan_metrics_result *salesplan_result_metrics(const salesplan_result *r)
{
    return r ? &r->metrics : NULL;
}
