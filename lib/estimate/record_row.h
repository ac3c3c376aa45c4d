/* Internal: a record of values held in memory (salesplan_value) as a row of
 * CSV fields, so the states read records exactly like CSV rows: text as it
 * is, numbers written with 17 significant digits (NaN: empty), dates as
 * YYYY-MM-DD, NULL as an empty field. Used by the estimate and the activity
 * states. Not installed. */
#ifndef SLP_RECORD_ROW_H
#define SLP_RECORD_ROW_H

#include <stddef.h>
#include <stdint.h>

#include "estimate/csv.h"
#include "salesplan/estimate_state.h"

typedef struct slp_record_buf {
    char *text; /* the fields' text, padded for the field caches */
    size_t text_cap;
    slp_csv_field *f;
    size_t f_cap;
} slp_record_buf;

/* Fill *row (fields valid until the next call) from `count` values. A NUMBER
 * in column `typed_col` flags the row SLP_CSV_TYPED (SIZE_MAX: none); a NUL
 * byte in a text flags it SLP_CSV_NUL. SALESPLAN_OK, or EINVAL / ENOMEM with
 * err set. */
int slp_record_row(slp_record_buf *b, const salesplan_value *values, size_t count,
                   size_t typed_col, uint64_t line, slp_csv_row *row, salesplan_error *err);
void slp_record_buf_free(slp_record_buf *b);

#endif
