/* Accessors of salesplan_tracking: borrowed views into the handle. */
#include "track/track_internal.h"

const salesplan_tracking_summary *salesplan_tracking_summary_get(const salesplan_tracking *t)
{
    return t ? &t->summary : NULL;
}

size_t salesplan_tracking_rep_count(const salesplan_tracking *t)
{
    return t ? t->rep_count : 0;
}

const salesplan_tracking_rep *salesplan_tracking_rep_get(const salesplan_tracking *t, size_t i)
{
    return t && i < t->rep_count ? &t->reps[i] : NULL;
}

size_t salesplan_tracking_activity_count(const salesplan_tracking *t)
{
    return t ? t->act_count : 0;
}

const salesplan_tracking_activity *salesplan_tracking_activity_get(const salesplan_tracking *t,
                                                               size_t i)
{
    return t && i < t->act_count ? &t->acts[i] : NULL;
}

const salesplan_result *salesplan_tracking_replan(const salesplan_tracking *t)
{
    return t ? t->replan : NULL;
}

const salesplan_plan *salesplan_tracking_plan(const salesplan_tracking *t)
{
    return t ? t->plan : NULL;
}

size_t salesplan_tracking_warning_count(const salesplan_tracking *t)
{
    return t ? t->warning_count : 0;
}

const salesplan_warning *salesplan_tracking_warning(const salesplan_tracking *t, size_t i)
{
    return t && i < t->warning_count ? &t->warnings[i] : NULL;
}
