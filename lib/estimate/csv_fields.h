/* Internal: reading the fields of a CRM export, shared by the estimator and
 * by lib/track/ (actuals from CRM exports): trimming, dates, amounts, names
 * compared case-insensitively, and columns found by header name (given or
 * detected from a list of usual names). Not installed. */
#ifndef SLP_CSV_FIELDS_H
#define SLP_CSV_FIELDS_H

#include <stddef.h>
#include <stdint.h>

#include "estimate/csv.h"

#define SLP_NO_DAY INT32_MIN

/* Trim ASCII spaces and tabs from both ends. */
static inline void slp_est_trim(const char **s, size_t *n)
{
    const char *p = *s;
    size_t k = *n;
    if (k == 0 || ((*p != ' ' && *p != '\t') && (p[k - 1] != ' ' && p[k - 1] != '\t')))
        return;
    while (k > 0 && (*p == ' ' || *p == '\t')) {
        p++;
        k--;
    }
    while (k > 0 && (p[k - 1] == ' ' || p[k - 1] == '\t'))
        k--;
    *s = p;
    *n = k;
}
/* Parse a date: ISO YYYY-MM-DD (optionally followed by 'T' or ' ' and a time),
 * YYYY/MM/DD, or M/D/YYYY (D/M/YYYY when dmy), also with a time after a
 * space. Returns 0 and sets *day (days since 1970-01-01), -1 when malformed. */
int slp_est_parse_date(const char *s, size_t n, int dmy, int32_t *day);
/* Parse a finite decimal number (sign, digits, '.', exponent). 0 or -1. */
int slp_est_parse_amount(const char *s, size_t n, double *out);
/* Parse a number with a decimal comma: optional sign, digits optionally grouped
 * by '.' in threes (1.054.000), optionally ',' and decimals. 0 or -1. */
int slp_est_parse_amount_comma(const char *s, size_t n, double *out);
/* Printable excerpt of a field for messages (quoted, escaped, truncated). */
void slp_est_show(char *buf, size_t size, const char *s, size_t n);
/* ASCII case-insensitive equality after trimming both. */
int slp_est_name_eq(const char *a, size_t an, const char *b, size_t bn);

/* ---- columns (estimate_columns.c) ------------------------------------------ */

/* Column roles with lists of usual header names. */
typedef enum slp_col_role {
    SLP_COL_ID,
    SLP_COL_STAGE,
    SLP_COL_CREATED,
    SLP_COL_CLOSED,
    SLP_COL_AMOUNT,
    SLP_COL_DATE,
    SLP_COL_OWNER,
    SLP_COL_TYPE,
    SLP_COL_ROLES
} slp_col_role;

/* Usual header names of a role (normalised: lower case, without spaces, '_',
 * '-', '.'), NULL-terminated, most specific first. */
const char *const *slp_est_column_candidates(slp_col_role role);
/* Index of the header field called `name` (exact first, then normalised),
 * SIZE_MAX when none. */
size_t slp_est_find_column(const slp_csv_row *h, const char *name);
/* Index of the first header field matching one of `cand` (in cand order),
 * SIZE_MAX when none. */
size_t slp_est_detect_column(const slp_csv_row *h, const char *const *cand);
/* "a, b, c" list of the header for messages (truncated to size). */
void slp_est_header_list(const slp_csv_row *h, char *buf, size_t size);

#endif
