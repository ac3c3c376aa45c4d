/* Calendars for the tracking: the period's and the remaining days', built
 * from the plan's workdays and holidays with the engine's calendar module. */
#include <string.h>

#include "common/alloc.h"
#include "model/plan_model.h"
#include "track/track_internal.h"

int slp_track_cal_init(slp_track_cal *tc, const salesplan_plan *p, slp_day start, int days)
{
    memset(tc, 0, sizeof *tc);
    size_t nh = p->holidays.count;
    size_t S = slp_cal_slice_count(start, days);
    tc->hol = slp_calloc(nh + 1, sizeof(slp_day));
    tc->wd = slp_calloc((size_t)days + 1, sizeof(int));
    tc->slices = slp_calloc(S + 1, sizeof(slp_slice));
    if (!tc->hol || !tc->wd || !tc->slices) {
        slp_track_cal_free(tc);
        return SALESPLAN_ENOMEM;
    }
    size_t m = 0;
    for (size_t i = 0; i < nh; i++)
        if (slp_parse_iso_date_str(p->holidays.items[i], &tc->hol[m]) == 0)
            m++;
    m = slp_cal_sort_unique(tc->hol, m);
    slp_cal_init(&tc->c, start, days, p->workdays, tc->hol, m, tc->wd, tc->slices);
    return SALESPLAN_OK;
}

void slp_track_cal_free(slp_track_cal *tc)
{
    slp_free(tc->hol);
    slp_free(tc->wd);
    slp_free(tc->slices);
    memset(tc, 0, sizeof *tc);
}
