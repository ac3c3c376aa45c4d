/* Feeding one input of an activity state whole: the file, descriptor and
 * buffer calls (activity_api.c) and the parts of a log read on several
 * threads (activity_parallel.c). */
#include "common/error.h"
#include "estimate/activity_state.h"

int slp_act_feed_whole(salesplan_activity_state *s, int which, slp_reader *rd, const char *buf,
                       size_t len, salesplan_error *err)
{
    int rc = rd ? slp_act_state_feed_reader(s, which, rd, err)
                : (int)salesplan_activity_state_feed_csv(s, (salesplan_activity_input)which, buf,
                                                         len, err);
    if (rc == SALESPLAN_OK)
        rc = salesplan_activity_state_feed_csv_end(s, (salesplan_activity_input)which, err);
    if (rc == SALESPLAN_OK)
        rc = slp_act_state_has_header(s, which, err);
    return rc;
}
