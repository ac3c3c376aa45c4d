/* Feeding one input of an activity state whole: the file, descriptor and
 * buffer calls (activity_api.c) and the parts of a log read on several
 * threads (activity_parallel.c). */
#include "common/error.h"
#include "estimate/activity_state.h"
#include "estimate/csv_feed.h"

int slp_act_feed_log(void *s, const char *bytes, size_t len, salesplan_error *err)
{
    return salesplan_activity_state_feed_csv(s, SALESPLAN_INPUT_LOG, bytes, len, err);
}

static int feed_deals(void *s, const char *bytes, size_t len, salesplan_error *err)
{
    return salesplan_activity_state_feed_csv(s, SALESPLAN_INPUT_DEALS, bytes, len, err);
}

int slp_act_feed_whole(salesplan_activity_state *s, int which, slp_reader *rd, const char *buf,
                       size_t len, salesplan_error *err)
{
    int (*fn)(void *, const char *, size_t, salesplan_error *) =
        which == SALESPLAN_INPUT_LOG ? slp_act_feed_log : feed_deals;
    int rc = rd ? slp_reader_feed(rd, fn, s, err) : fn(s, buf, len, err);
    if (rc == SALESPLAN_OK)
        rc = salesplan_activity_state_feed_csv_end(s, (salesplan_activity_input)which, err);
    if (rc == SALESPLAN_OK)
        rc = slp_act_state_has_header(s, which, err);
    return rc;
}
