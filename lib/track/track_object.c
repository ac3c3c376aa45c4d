/* The tracking handle's own bookkeeping, below every step that fills it:
 * warnings and freeing. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>

#include "common/alloc.h"
#include "common/free_all.h"
#include "engine/result_internal.h"
#include "model/plan_model.h"
#include "track/track_internal.h"

int slp_track_warn(salesplan_tracking *t, const char *code, const char *path, const char *fmt,
                   ...)
{
    if (slp_grow((void **)&t->warnings, &t->warning_cap, t->warning_count + 1,
                 sizeof *t->warnings) != 0)
        return SALESPLAN_ENOMEM;
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    char *c = NULL, *p = NULL, *m = NULL;
    if (slp_str_dup_opt(&c, code) != 0 || slp_str_dup_opt(&p, path ? path : "") != 0 ||
        slp_str_dup_opt(&m, msg) != 0) {
        slp_free(c);
        slp_free(p);
        slp_free(m);
        return SALESPLAN_ENOMEM;
    }
    salesplan_warning *w = &t->warnings[t->warning_count++];
    w->code = c;
    w->path = p;
    w->message = m;
    return SALESPLAN_OK;
}

void salesplan_tracking_free(salesplan_tracking *t)
{
    if (!t)
        return;
    salesplan_result_free(t->base);
    salesplan_result_free(t->replan);
    salesplan_plan_free(t->plan);
    SLP_FREE_ALL(t->reps, t->rep_acts, t->acts, t->cum_target, t->cum_booked);
    for (size_t i = 0; i < t->warning_count; i++) {
        slp_free((char *)(uintptr_t)t->warnings[i].code);
        slp_free((char *)(uintptr_t)t->warnings[i].path);
        slp_free((char *)(uintptr_t)t->warnings[i].message);
    }
    slp_free(t->warnings);
    slp_free(t);
}

