/* Internal: the planning calendar (SPEC §2, §4, §5).
 *
 * A period is `days` consecutive days from `start`; day indices run 0..H-1.
 * Workdays are the weekdays of a mask (salesplan_weekday bits, bit 0 =
 * Monday) minus holidays. Workday counts over index ranges come from one
 * prefix sum built once per period; counts over arbitrary day ranges (whole
 * calendar months, partly outside the period) use a closed form.
 *
 * Memory: the caller hands in the arrays (sizes from the *_count functions),
 * so the module allocates nothing. Pure functions, thread-safe. */
#ifndef SLP_CALENDAR_H
#define SLP_CALENDAR_H

#include <stddef.h>

#include "common/date.h"

/* One month slice of the period: day indices [first, end). */
typedef struct slp_slice {
    int first;          /* first day index */
    int end;            /* one past the last day index */
    int workdays;       /* workdays in the slice */
    long month_workdays; /* workdays in the whole calendar month the slice lies in */
    slp_day start_day;  /* day number of `first` */
    long year;          /* calendar year and month (1..12) of the slice */
    unsigned month;
    unsigned first_mday; /* day of the month of `first` (1 except for the first slice) */
} slp_slice;

typedef struct slp_calendar {
    slp_day start;            /* day number of day index 0 */
    int days;                 /* H >= 1 */
    unsigned mask;            /* workday weekday bits, bit 0 = Monday */
    const slp_day *holidays;  /* sorted, unique; borrowed */
    size_t holiday_count;
    int *wd;                  /* prefix sums: wd[t] = workdays among indices [0, t); days + 1 entries */
    slp_slice *slices;        /* month slices, in order */
    size_t slice_count;
} slp_calendar;

/* Number of month slices of a period of `days` (>= 1) days from `start`. */
size_t slp_cal_slice_count(slp_day start, int days);

/* Sort `days` in place and drop duplicates; returns the new count. */
size_t slp_cal_sort_unique(slp_day *days, size_t n);

/* Fill `c`. `wd` must hold days + 1 ints and `slices` slp_cal_slice_count()
 * entries; `holidays` sorted and unique (slp_cal_sort_unique). `mask` uses
 * bits 0..6; other bits are ignored. */
void slp_cal_init(slp_calendar *c, slp_day start, int days, unsigned mask,
                  const slp_day *holidays, size_t holiday_count, int *wd, slp_slice *slices);

/* 1 when day number `d` is a workday. */
int slp_cal_is_workday(const slp_calendar *c, slp_day d);

/* Workdays among day indices [a, b), clipped to the period (0 when empty). */
int slp_cal_workdays(const slp_calendar *c, int a, int b);

/* Workdays among day numbers [from, to) anywhere in time (closed form). */
long slp_cal_workdays_between(const slp_calendar *c, slp_day from, slp_day to);

/* ISO dates ("YYYY-MM-DD") of a slice's first and last day. */
void slp_cal_slice_dates(const slp_slice *s, char first[11], char last[11]);

/* Last day index of the sourcing window of a stage L days from closing,
 * floor(H - 1 - L), or -1 when the stage is not in time (L > H - 1). */
int slp_cal_window_last(int days, double to_close_days);

#endif
