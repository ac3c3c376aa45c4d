/* The activity-yield result object: creation, owned strings, warnings, free
 * (the bottom of the activity_* files: everything else calls down to it). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "common/alloc.h"
#include "estimate/activity_internal.h"

int slp_act_result_new(salesplan_activities **out)
{
    *out = slp_calloc(1, sizeof **out);
    return *out ? SALESPLAN_OK : SALESPLAN_ENOMEM;
}

const char *slp_act_keep(salesplan_activities *r, const char *s, size_t n)
{
    if (slp_grow((void **)&r->strings, &r->string_cap, r->string_count + 1, sizeof *r->strings))
        return NULL;
    char *c = slp_strndup(s, n);
    if (c != NULL)
        r->strings[r->string_count++] = c;
    return c;
}

int slp_act_warn(salesplan_activities *r, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (slp_grow((void **)&r->warnings, &r->warning_cap, r->warning_count + 1,
                 sizeof *r->warnings))
        return SALESPLAN_ENOMEM;
    char *c = slp_strdup(buf);
    if (c == NULL)
        return SALESPLAN_ENOMEM;
    r->warnings[r->warning_count++] = c;
    return SALESPLAN_OK;
}

void salesplan_activities_free(salesplan_activities *a)
{
    if (a == NULL)
        return;
    for (size_t i = 0; i < a->string_count; i++)
        slp_free(a->strings[i]);
    for (size_t i = 0; i < a->warning_count; i++)
        slp_free(a->warnings[i]);
    slp_free(a->strings);
    slp_free(a->warnings);
    slp_free(a->act);
    slp_free(a->owner_start);
    slp_free(a->own);
    slp_free(a->type_start);
    slp_free(a->types);
    slp_free(a->emitted);
    slp_free(a);
}

