/* The planning calendar: workday mask, holidays, prefix sums, month slices. */
#include "engine/calendar.h"

#include <math.h>

/* First index i in sorted `h` with h[i] >= d. */
static size_t lower_bound(const slp_day *h, size_t n, slp_day d)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (h[mid] < d)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static int is_weekday_in(unsigned mask, slp_day d)
{
    return (mask >> (unsigned)slp_weekday(d)) & 1u;
}

size_t slp_cal_slice_count(slp_day start, int days)
{
    if (days <= 0)
        return 0;
    long y;
    unsigned m, d;
    slp_civil_from_days(start, &y, &m, &d);
    size_t n = 0;
    long left = days;
    while (left > 0) {
        left -= (long)(slp_days_in_month(y, m) - d + 1U);
        d = 1;
        if (++m > 12) {
            m = 1;
            y++;
        }
        n++;
    }
    return n;
}

static int cmp_day(slp_day a, slp_day b)
{
    return (a > b) - (a < b);
}

size_t slp_cal_sort_unique(slp_day *days, size_t n)
{
    /* insertion sort: holiday lists are short and usually sorted already */
    for (size_t i = 1; i < n; i++) {
        slp_day v = days[i];
        size_t j = i;
        while (j > 0 && cmp_day(days[j - 1], v) > 0) {
            days[j] = days[j - 1];
            j--;
        }
        days[j] = v;
    }
    size_t out = 0;
    for (size_t i = 0; i < n; i++)
        if (out == 0 || days[out - 1] != days[i])
            days[out++] = days[i];
    return out;
}

int slp_cal_is_workday(const slp_calendar *c, slp_day d)
{
    if (!is_weekday_in(c->mask, d))
        return 0;
    size_t i = lower_bound(c->holidays, c->holiday_count, d);
    return !(i < c->holiday_count && c->holidays[i] == d);
}

long slp_cal_workdays_between(const slp_calendar *c, slp_day from, slp_day to)
{
    if (to <= from)
        return 0;
    long count = slp_weekdays_between(c->mask, from, to);
    for (size_t i = lower_bound(c->holidays, c->holiday_count, from);
         i < c->holiday_count && c->holidays[i] < to; i++)
        if (is_weekday_in(c->mask, c->holidays[i]))
            count--;
    return count;
}

void slp_cal_init(slp_calendar *c, slp_day start, int days, unsigned mask,
                  const slp_day *holidays, size_t holiday_count, int *wd, slp_slice *slices)
{
    c->start = start;
    c->days = days;
    c->mask = mask & 0x7Fu;
    c->holidays = holidays;
    c->holiday_count = holiday_count;
    c->wd = wd;
    c->slices = slices;

    /* prefix sums, walking the weekday and the holiday list along */
    size_t h = lower_bound(holidays, holiday_count, start);
    int weekday = slp_weekday(start);
    wd[0] = 0;
    for (int t = 0; t < days; t++) {
        slp_day d = start + t;
        int work = (int)((c->mask >> (unsigned)weekday) & 1u);
        while (h < holiday_count && holidays[h] < d)
            h++;
        if (h < holiday_count && holidays[h] == d)
            work = 0;
        wd[t + 1] = wd[t] + work;
        weekday = weekday == 6 ? 0 : weekday + 1;
    }

    /* month slices: one civil conversion, then month by month */
    long y;
    unsigned m, md;
    slp_civil_from_days(start, &y, &m, &md);
    size_t n = 0;
    int first = 0;
    while (first < days) {
        unsigned dim = slp_days_in_month(y, m);
        int len = (int)(dim - md + 1U);
        int stop = days - first < len ? days : first + len;
        slp_slice *s = &slices[n++];
        s->first = first;
        s->end = stop;
        s->start_day = start + first;
        s->year = y;
        s->month = m;
        s->first_mday = md;
        s->workdays = wd[stop] - wd[first];
        /* the whole calendar month: inside the period it is the slice itself */
        if (md == 1 && stop - first == len)
            s->month_workdays = s->workdays;
        else
            s->month_workdays = slp_cal_workdays_between(c, s->start_day - (slp_day)(md - 1U),
                                                         s->start_day + len);
        first = stop;
        md = 1;
        if (++m > 12) {
            m = 1;
            y++;
        }
    }
    c->slice_count = n;
}

int slp_cal_workdays(const slp_calendar *c, int a, int b)
{
    if (a < 0)
        a = 0;
    if (b > c->days)
        b = c->days;
    if (b <= a)
        return 0;
    return c->wd[b] - c->wd[a];
}

int slp_cal_window_last(int days, double to_close_days)
{
    /* The same 1e-9 days of rounding as slp_funnel_in_time(). */
    double last = (double)days - 1.0 - to_close_days + 1e-9;
    if (!(last >= 0.0))
        return -1;
    return (int)floor(last);
}

/* "YYYY-MM-DD" of a valid date with 1 <= y <= 9999 (no civil conversion). */
static void format_ymd(long y, unsigned m, unsigned d, char buf[11])
{
    unsigned yy = (unsigned)y;
    buf[0] = (char)('0' + yy / 1000u % 10u);
    buf[1] = (char)('0' + yy / 100u % 10u);
    buf[2] = (char)('0' + yy / 10u % 10u);
    buf[3] = (char)('0' + yy % 10u);
    buf[4] = '-';
    buf[5] = (char)('0' + m / 10u);
    buf[6] = (char)('0' + m % 10u);
    buf[7] = '-';
    buf[8] = (char)('0' + d / 10u);
    buf[9] = (char)('0' + d % 10u);
    buf[10] = '\0';
}

void slp_cal_slice_dates(const slp_slice *s, char first[11], char last[11])
{
    format_ymd(s->year, s->month, s->first_mday, first);
    format_ymd(s->year, s->month, s->first_mday + (unsigned)(s->end - s->first) - 1U, last);
}
