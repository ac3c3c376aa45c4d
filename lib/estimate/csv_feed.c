/* CSV bytes to the states a chunk at a time: see csv_feed.h. */
#include "common/alloc.h"
#include "common/error.h"
#include "estimate/csv_feed.h"

int slp_csv_feed(slp_csv *c, const char *bytes, size_t len, int (*drain)(void *ctx), void *ctx,
                 salesplan_error *err)
{
    while (len > 0) {
        size_t piece = len < SLP_CSV_CHUNK ? len : SLP_CSV_CHUNK;
        int rc = slp_csv_push(c, bytes, piece, err);
        if (rc == SALESPLAN_OK)
            rc = drain(ctx);
        if (rc != SALESPLAN_OK)
            return rc;
        bytes += piece;
        len -= piece;
    }
    return SALESPLAN_OK;
}

int slp_csv_feed_reader(slp_csv *c, slp_reader *r, int (*drain)(void *ctx), void *ctx,
                        salesplan_error *err)
{
    for (;;) {
        char *dst;
        size_t got = 0, room;
        int rc = slp_csv_push_room(c, SLP_CSV_CHUNK / 2, &dst, &room, err);
        if (rc == SALESPLAN_OK)
            rc = slp_reader_read(r, dst, room, &got, err);
        if (rc != SALESPLAN_OK)
            return rc;
        if (got == 0)
            return SALESPLAN_OK;
        slp_csv_pushed(c, got);
        if ((rc = drain(ctx)) != SALESPLAN_OK)
            return rc;
    }
}
