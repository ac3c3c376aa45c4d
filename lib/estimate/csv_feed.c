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

int slp_reader_feed(slp_reader *r,
                    int (*feed)(void *ctx, const char *bytes, size_t len, salesplan_error *err),
                    void *ctx, salesplan_error *err)
{
    char *chunk = slp_malloc(SLP_CSV_CHUNK);
    if (chunk == NULL)
        return slp_error_set(err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory");
    int rc;
    for (;;) {
        size_t got = 0;
        rc = slp_reader_read(r, chunk, SLP_CSV_CHUNK, &got, err);
        if (rc != SALESPLAN_OK || got == 0)
            break;
        if ((rc = feed(ctx, chunk, got, err)) != SALESPLAN_OK)
            break;
    }
    slp_free(chunk);
    return rc;
}
