/* Records of values as rows of CSV fields: see record_row.h. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "common/alloc.h"
#include "common/date.h"
#include "common/error.h"
#include "estimate/record_row.h"

/* Append text (offsets are fixed up once the text stops moving). */
static int put(slp_record_buf *b, size_t *used, const char *t, size_t n)
{
    if (n > SIZE_MAX - *used - SLP_CSV_PAD - 1 ||
        slp_grow((void **)&b->text, &b->text_cap, *used + n + SLP_CSV_PAD + 1, 1) != 0)
        return SALESPLAN_ENOMEM;
    if (n)
        memcpy(b->text + *used, t, n);
    *used += n;
    return SALESPLAN_OK;
}

int slp_record_row(slp_record_buf *b, const salesplan_value *values, size_t count,
                   size_t typed_col, uint64_t line, slp_csv_row *row, salesplan_error *err)
{
    if (values == NULL && count > 0)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0, "NULL values with a count");
    if (slp_grow((void **)&b->f, &b->f_cap, count ? count : 1, sizeof *b->f) != 0)
        return slp_error_set(err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory");
    size_t used = 0;
    unsigned flags = 0;
    int rc = SALESPLAN_OK;
    for (size_t i = 0; i < count && rc == SALESPLAN_OK; i++) {
        const salesplan_value *v = &values[i];
        char buf[40];
        size_t start = used;
        switch (v->type) {
        case SALESPLAN_VALUE_NULL:
            break;
        case SALESPLAN_VALUE_TEXT:
            if (v->text == NULL && v->len > 0)
                return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0,
                                     "value %zu: NULL text with a length", i + 1);
            if (memchr(v->text ? v->text : "", '\0', v->len) != NULL)
                flags |= SLP_CSV_NUL;
            rc = put(b, &used, v->text, v->len);
            break;
        case SALESPLAN_VALUE_NUMBER:
            if (!isnan(v->number)) {
                int k = snprintf(buf, sizeof buf, "%.17g", v->number);
                rc = put(b, &used, buf, (size_t)k);
            }
            if (i == typed_col)
                flags |= SLP_CSV_TYPED;
            break;
        case SALESPLAN_VALUE_DATE:
            if (v->day < -1000000 || v->day > 3000000)
                return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0,
                                     "value %zu: day %lld is out of range", i + 1, v->day);
            slp_format_date((slp_day)v->day, buf);
            rc = put(b, &used, buf, strlen(buf));
            break;
        default:
            return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0,
                                 "value %zu: unknown type %d", i + 1, (int)v->type);
        }
        b->f[i].len = used - start;
        b->f[i].ptr = (const char *)(uintptr_t)start; /* an offset until the text settles */
    }
    if (rc != SALESPLAN_OK || put(b, &used, "", 0) != SALESPLAN_OK)
        return slp_error_set(err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory");
    memset(b->text + used, 0, SLP_CSV_PAD + 1);
    for (size_t i = 0; i < count; i++)
        b->f[i].ptr = b->text + (size_t)(uintptr_t)b->f[i].ptr;
    *row = (slp_csv_row){b->f, count, line, 0, flags};
    return SALESPLAN_OK;
}

void slp_record_buf_free(slp_record_buf *b)
{
    slp_free(b->text);
    slp_free(b->f);
    memset(b, 0, sizeof *b);
}
