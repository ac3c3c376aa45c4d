/* Internal helpers to fill a salesplan_error and build lists of problems. */
#ifndef SLP_ERROR_H
#define SLP_ERROR_H

#include <stdarg.h>

#include "salesplan/common.h"

#if defined(__GNUC__)
#  define SLP_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#  define SLP_PRINTF(f, a)
#endif

/* Fill `err` (NULL allowed) and return `code`. `path` may be NULL. */
int slp_error_set(salesplan_error *err, int code, const char *path, long line, long column,
                  const char *fmt, ...) SLP_PRINTF(6, 7);
/* The SALESPLAN_EINVAL of a public function called with a NULL out-parameter
 * (one wording for all of them). */
int slp_error_no_out(salesplan_error *err);
int slp_error_vset(salesplan_error *err, int code, const char *path, long line, long column,
                   const char *fmt, va_list ap) SLP_PRINTF(6, 0);
/* Reset `err` to "no error" (NULL allowed). */
void slp_error_clear(salesplan_error *err);

/* Diagnostics (a growable list of salesplan_error). */
int slp_diag_new(salesplan_diagnostics **out);
/* Append a copy of `e`; returns SALESPLAN_OK or SALESPLAN_ENOMEM. */
int slp_diag_push(salesplan_diagnostics *d, const salesplan_error *e);
/* Append a formatted problem. */
int slp_diag_add(salesplan_diagnostics *d, int code, const char *path, long line, long column,
                 const char *fmt, ...) SLP_PRINTF(6, 7);
/* Mutable access, for filling in line/column after the fact. */
salesplan_error *slp_diag_at(salesplan_diagnostics *d, size_t i);
/* Fill `err` (NULL allowed) with the outcome `rc` of a read that listed its
 * problems in `d`: nothing for SALESPLAN_OK, `nomem_message` for
 * SALESPLAN_ENOMEM, else the first problem with " (and N more problems)"
 * appended to its message (or the bare status when none was listed). */
void slp_diag_summary(salesplan_error *err, int rc, const salesplan_diagnostics *d,
                      const char *nomem_message);

#endif
