/* Internal: the CSV tokenizer's fast path (csv.c). Most records of an export
 * have no quotes, so the input is classified 64 bytes at a time, a bit a
 * byte (delimiters, line ends, and the bytes left to the byte-by-byte path:
 * quotes, NUL and the other control bytes up to CR), and a record is cut
 * from those bits. Blocks are aligned to 64-byte addresses where the buffer
 * allows, and kept from one record to the next. Not installed. */
#ifndef SLP_CSV_FAST_H
#define SLP_CSV_FAST_H

#include <stddef.h>
#include <stdint.h>

#include "estimate/csv.h"

/* No block classified (after the buffer's bytes moved, say). */
#define SLP_CSV_NO_BLOCK SIZE_MAX
/* Fields the fast path needs room for: a block ends at most 65. */
#define SLP_CSV_FAST_ROOM 65

typedef struct slp_csv_blocks {
    size_t blk;                 /* buffer offset of the classified block */
    uint64_t delim, term, slow; /* its bits: delimiters, LF or CR, the rest */
} slp_csv_blocks;

/* Cut the record at buf + pos when it is plain: 1 with its fields in
 * fields[0..*nf) and the offset after its line end in *end, else 0 (the
 * byte-by-byte path reads it; fields may have been written). Only bytes
 * [0, len) of buf are read; `room` fields fit. */
typedef int (*slp_csv_fast_fn)(slp_csv_blocks *b, const char *buf, size_t pos, size_t len,
                               char delim, slp_csv_field *fields, size_t room, size_t *end,
                               size_t *nf);

/* The best fast path this processor runs, or NULL when there is none. */
slp_csv_fast_fn slp_csv_fast_pick(void);

#endif
