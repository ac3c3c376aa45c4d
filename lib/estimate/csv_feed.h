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

/* Read r to its end straight into the push-mode tokenizer's buffer (no copy
 * of the bytes, no buffer of its own), calling drain(ctx) after each read. */
int slp_csv_feed_reader(slp_csv *c, slp_reader *r, int (*drain)(void *ctx), void *ctx,
                        salesplan_error *err);

#endif
