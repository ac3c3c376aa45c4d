/* Accessors of salesplan_tracking: borrowed views into the handle. */
#include "common/list_access.h"
#include "track/track_internal.h"

const salesplan_tracking_summary *salesplan_tracking_summary_get(const salesplan_tracking *t)
{
    return t ? &t->summary : NULL;
}

SLP_LIST_ACCESSORS(salesplan_tracking_rep_count, salesplan_tracking_rep_get, salesplan_tracking,
                   salesplan_tracking_rep, rep_count, &h->reps[i])

const salesplan_result *salesplan_tracking_replan(const salesplan_tracking *t)
{
    return t ? t->replan : NULL;
}

SLP_LIST_ACCESSORS(salesplan_tracking_activity_count, salesplan_tracking_activity_get,
                   salesplan_tracking, salesplan_tracking_activity, act_count, &h->acts[i])

const salesplan_plan *salesplan_tracking_plan(const salesplan_tracking *t)
{
    return t ? t->plan : NULL;
}

SLP_LIST_ACCESSORS(salesplan_tracking_warning_count, salesplan_tracking_warning,
                   salesplan_tracking, salesplan_warning, warning_count, &h->warnings[i])
