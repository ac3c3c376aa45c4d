/* Internal: handing CSV bytes to the states a chunk at a time, shared by the
 * estimate and activity states and their file entry points. Not installed. */
#ifndef SLP_CSV_FEED_H
#define SLP_CSV_FEED_H

#include <stddef.h>

#include "common/io.h"
#include "estimate/csv.h"

/* Push `len` bytes into the push-mode tokenizer c, SLP_CSV_CHUNK at a time,
 * calling drain(ctx) after each piece so that the tokenizer holds about one
 * chunk. The first error (of the push or of drain) is returned. */
int slp_csv_feed(slp_csv *c, const char *bytes, size_t len, int (*drain)(void *ctx), void *ctx,
                 salesplan_error *err);

/* Read r to its end in SLP_CSV_CHUNK pieces, handing each to
 * feed(ctx, bytes, len, err). The first error is returned. */
int slp_reader_feed(slp_reader *r,
                    int (*feed)(void *ctx, const char *bytes, size_t len, salesplan_error *err),
                    void *ctx, salesplan_error *err);

#endif
