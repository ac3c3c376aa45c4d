/* Internal civil-date arithmetic: dates as day numbers (days since 1970-01-01). */
#ifndef SLP_DATE_H
#define SLP_DATE_H

#include <stddef.h>

typedef long slp_day; /* days since 1970-01-01, may be negative */

/* Day number of a proleptic Gregorian y-m-d (no validation). */
slp_day slp_days_from_civil(long y, unsigned m, unsigned d);
/* Inverse of slp_days_from_civil. */
void slp_civil_from_days(slp_day z, long *y, unsigned *m, unsigned *d);
/* Days in month m of year y. */
unsigned slp_days_in_month(long y, unsigned m);
/* 1 when y-m-d is a real date with 1 <= y <= 9999. */
int slp_valid_civil(long y, unsigned m, unsigned d);
/* Weekday: 0 = Monday .. 6 = Sunday. */
int slp_weekday(slp_day z);
/* Parse exactly "YYYY-MM-DD" (all of [s, s+len)); returns 0 and sets *out, or -1. */
int slp_parse_iso_date(const char *s, size_t len, slp_day *out);
/* Same, NUL-terminated. */
int slp_parse_iso_date_str(const char *s, slp_day *out);
/* Write "YYYY-MM-DD" into buf (11 bytes at least). */
void slp_format_date(slp_day z, char buf[11]);
/* Add `months` calendar months to a date, clamping the day to the month's end. */
slp_day slp_add_months(slp_day z, long months);
/* The same, but a day past the target month's end gives, with roll_over, the
 * 1st of the month after (a tenure month of a rep who started on the 31st). */
slp_day slp_add_months_past_end(slp_day z, long months, int roll_over);
/* Days in [from, to) whose weekday is in `mask` (bit 0 = Monday), in O(1):
 * whole weeks times the bits set, plus the remainder. 0 when to <= from. */
long slp_weekdays_between(unsigned mask, slp_day from, slp_day to);
/* Whole calendar months from `from` to `to` (a day-of-month smaller than
 * from's does not complete a month); negative when `to` < `from`. */
long slp_months_between(slp_day from, slp_day to);

#endif
