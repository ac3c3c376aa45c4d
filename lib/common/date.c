/* Civil-date arithmetic (Howard Hinnant's days-from-civil algorithm). */
#include "common/date.h"

slp_day slp_days_from_civil(long y, unsigned m, unsigned d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    unsigned long yoe = (unsigned long)(y - era * 400);
    unsigned long doy = (153UL * (m + (m > 2 ? (unsigned)-3 : 9U)) + 2U) / 5U + d - 1U;
    unsigned long doe = yoe * 365UL + yoe / 4UL - yoe / 100UL + doy;
    return era * 146097L + (long)doe - 719468L;
}

void slp_civil_from_days(slp_day z, long *y, unsigned *m, unsigned *d)
{
    z += 719468L;
    long era = (z >= 0 ? z : z - 146096L) / 146097L;
    unsigned long doe = (unsigned long)(z - era * 146097L);
    unsigned long yoe = (doe - doe / 1460UL + doe / 36524UL - doe / 146096UL) / 365UL;
    long yy = (long)yoe + era * 400L;
    unsigned long doy = doe - (365UL * yoe + yoe / 4UL - yoe / 100UL);
    unsigned long mp = (5UL * doy + 2UL) / 153UL;
    unsigned dd = (unsigned)(doy - (153UL * mp + 2UL) / 5UL + 1UL);
    unsigned mm = (unsigned)(mp < 10UL ? mp + 3UL : mp - 9UL);
    *y = yy + (mm <= 2);
    *m = mm;
    *d = dd;
}

static int is_leap(long y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

unsigned slp_days_in_month(long y, unsigned m)
{
    static const unsigned char dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12)
        return 0;
    return m == 2 && is_leap(y) ? 29U : dim[m - 1];
}

int slp_valid_civil(long y, unsigned m, unsigned d)
{
    return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= slp_days_in_month(y, m);
}

int slp_weekday(slp_day z)
{
    /* 1970-01-01 was a Thursday (3 with Monday = 0). */
    long w = (z % 7 + 7 + 3) % 7;
    return (int)w;
}

static int digits(const char *s, size_t n, unsigned long *v)
{
    unsigned long x = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        x = x * 10UL + (unsigned long)(s[i] - '0');
    }
    *v = x;
    return 0;
}

int slp_parse_iso_date(const char *s, size_t len, slp_day *out)
{
    unsigned long y, m, d;
    if (s == NULL || len != 10 || s[4] != '-' || s[7] != '-')
        return -1;
    if (digits(s, 4, &y) || digits(s + 5, 2, &m) || digits(s + 8, 2, &d))
        return -1;
    if (!slp_valid_civil((long)y, (unsigned)m, (unsigned)d))
        return -1;
    *out = slp_days_from_civil((long)y, (unsigned)m, (unsigned)d);
    return 0;
}

int slp_parse_iso_date_str(const char *s, slp_day *out)
{
    size_t n = 0;
    if (s == NULL)
        return -1;
    while (n < 11 && s[n])
        n++;
    return slp_parse_iso_date(s, n, out);
}

void slp_format_date(slp_day z, char buf[11])
{
    long y;
    unsigned m, d;
    slp_civil_from_days(z, &y, &m, &d);
    if (y < 0)
        y = 0;
    if (y > 9999)
        y = 9999;
    unsigned yy = (unsigned)y;
    buf[0] = (char)('0' + yy / 1000 % 10);
    buf[1] = (char)('0' + yy / 100 % 10);
    buf[2] = (char)('0' + yy / 10 % 10);
    buf[3] = (char)('0' + yy % 10);
    buf[4] = '-';
    buf[5] = (char)('0' + m / 10);
    buf[6] = (char)('0' + m % 10);
    buf[7] = '-';
    buf[8] = (char)('0' + d / 10);
    buf[9] = (char)('0' + d % 10);
    buf[10] = '\0';
}

slp_day slp_add_months_past_end(slp_day z, long months, int roll_over)
{
    long y;
    unsigned m, d;
    slp_civil_from_days(z, &y, &m, &d);
    long total = y * 12L + (long)m - 1L + months;
    long ny = total >= 0 ? total / 12L : (total - 11L) / 12L;
    unsigned nm = (unsigned)(total - ny * 12L) + 1U;
    unsigned dim = slp_days_in_month(ny, nm);
    if (d <= dim)
        return slp_days_from_civil(ny, nm, d);
    return roll_over ? slp_days_from_civil(ny, nm, dim) + 1 : slp_days_from_civil(ny, nm, dim);
}

slp_day slp_add_months(slp_day z, long months)
{
    return slp_add_months_past_end(z, months, 0);
}

long slp_weekdays_between(unsigned mask, slp_day from, slp_day to)
{
    if (to <= from)
        return 0;
    long n = to - from, weeks = n / 7;
    mask &= 0x7Fu;
    int per_week = 0;
    for (unsigned b = 0; b < 7; b++)
        per_week += (int)((mask >> b) & 1u);
    long count = weeks * per_week;
    int wd = slp_weekday(from + weeks * 7);
    for (long i = weeks * 7; i < n; i++) {
        count += (long)((mask >> (unsigned)wd) & 1u);
        wd = wd == 6 ? 0 : wd + 1;
    }
    return count;
}

long slp_months_between(slp_day from, slp_day to)
{
    long y1, y2;
    unsigned m1, d1, m2, d2;
    if (to < from)
        return -slp_months_between(to, from);
    slp_civil_from_days(from, &y1, &m1, &d1);
    slp_civil_from_days(to, &y2, &m2, &d2);
    long months = (y2 - y1) * 12L + (long)m2 - (long)m1;
    if (d2 < d1)
        months--;
    return months;
}
