/* Deterministic generator of CRM exports for the estimate benchmark and checks.
 *
 *   estimate_gen snapshot N SEED      one row per deal, like the public
 *                                     crm-sales-opportunities export plus a region
 *   estimate_gen transitions N SEED   one row per stage entry: Prospecting,
 *                                     Qualified, Proposal, Negotiation, then Won/Lost
 *
 * Writes CSV to standard output. The same N and SEED always give the same bytes.
 * Snapshot rows: M/D/YYYY dates, empty dates and amounts on open deals, some
 * quoted accounts with commas, 16% of accounts empty. Transitions rows: ISO
 * dates, each deal's rows in order, except every 7th deal listed backwards. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct rng {
    uint64_t s;
} rng;

static uint64_t next(rng *r)
{
    uint64_t z = (r->s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static double unif(rng *r)
{
    return (double)(next(r) >> 11) * (1.0 / 9007199254740992.0);
}

static unsigned below(rng *r, unsigned n)
{
    return (unsigned)(unif(r) * n);
}

static void civil(long z, int *y, int *m, int *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long yy = yoe + era * 400;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yy + (*m <= 2));
}

static void mdy(char *buf, size_t n, long day)
{
    int y, m, d;
    civil(day, &y, &m, &d);
    snprintf(buf, n, "%d/%d/%d", m, d, y);
}

static void iso(char *buf, size_t n, long day)
{
    int y, m, d;
    civil(day, &y, &m, &d);
    snprintf(buf, n, "%04d-%02d-%02d", y, m, d);
}

/* Distinct 8-character ids: i times a multiplier prime to 36, modulo 36^8. */
static void deal_id(char *buf, unsigned long i)
{
    static const char al[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    uint64_t v = ((uint64_t)i * 2654435761ull + 12345u) % 2821109907456ull;
    for (int k = 7; k >= 0; k--) {
        buf[k] = al[v % 36];
        v /= 36;
    }
    buf[8] = '\0';
}

static const char *const agents[] = {
    "Moses Frase",     "Darcel Schlecht", "Zane Levy",        "Anna Snelling",
    "Vicki Laflamme",  "Maureen Marcano", "Hayden Neloms",    "Kami Bicknell",
    "Cassey Cress",    "Rosalina Dieter", "Versie Hillebrand", "Markita Hansen",
    "Elease Gluck",    "Reed Clapper",    "Corliss Cosme",    "Garret Kinder",
    "James Ascencio",  "Boris Faz",       "Wilburn Farren",   "Gladys Colclough"};
static const char *const regions[] = {"Central", "East", "West"};
static const char *const products[] = {"GTX Basic", "GTX Pro",    "MG Special", "MG Advanced",
                                       "GTX Plus Pro", "GTX Plus Basic", "GTK 500"};
static const double prices[] = {550, 4821, 55, 3393, 5482, 1096, 26768};

static int snapshot(unsigned long n, rng *r)
{
    printf("opportunity_id,sales_agent,product,account,deal_stage,engage_date,close_date,"
           "close_value,region\n");
    long start = 17075; /* 2016-10-01 */
    char id[9], e[16], c[16];
    for (unsigned long i = 0; i < n; i++) {
        deal_id(id, i);
        unsigned a = below(r, 20), p = below(r, 7);
        double u = unif(r);
        const char *stage = u < 0.48 ? "Won" : u < 0.76 ? "Lost" : u < 0.94 ? "Engaging"
                                                                             : "Prospecting";
        long eng = start + (long)below(r, 450);
        long cyc = 1 + (long)below(r, 140);
        char account[40];
        unsigned acc = below(r, 100);
        if (acc < 16)
            account[0] = '\0';
        else if (acc < 22)
            snprintf(account, sizeof account, "\"Acme, Unit %u\"", acc);
        else
            snprintf(account, sizeof account, "Account%u", acc);
        e[0] = c[0] = '\0';
        if (stage[0] != 'P')
            mdy(e, sizeof e, eng);
        if (stage[0] == 'W' || stage[0] == 'L')
            mdy(c, sizeof c, eng + cyc);
        printf("%s,%s,%s,%s,%s,%s,%s,", id, agents[a], products[p], account, stage, e, c);
        if (stage[0] == 'W')
            printf("%.0f", prices[p] * (0.8 + 0.4 * unif(r)));
        else if (stage[0] == 'L')
            printf("0");
        printf(",%s\n", regions[a % 3]);
    }
    return 0;
}

static int transitions(unsigned long n, rng *r)
{
    static const char *const st[] = {"Prospecting", "Qualified", "Proposal", "Negotiation"};
    static const double adv[] = {0.55, 0.65, 0.6, 0.7}, lost[] = {0.35, 0.25, 0.3, 0.2};
    printf("deal_id,stage,entered_at,amount,region\n");
    long start = 19358; /* 2023-01-01 */
    char id[9], d[16];
    struct ev {
        const char *stage;
        long day;
        double amount;
    } ev[8];
    for (unsigned long i = 0; i < n; i++) {
        deal_id(id, i);
        const char *region = regions[below(r, 3)];
        double value = 1000.0 + 49000.0 * unif(r) * unif(r);
        long day = start + (long)below(r, 700);
        int ne = 0;
        ev[ne++] = (struct ev){st[0], day, value};
        for (int k = 0; k < 4; k++) {
            double u = unif(r);
            day += 1 + (long)below(r, 10 + 10 * (unsigned)k);
            if (u < adv[k]) {
                ev[ne++] = (struct ev){k == 3 ? "Won" : st[k + 1], day, -1};
                if (k == 3) {
                    ev[ne - 1].amount = value * (0.9 + 0.2 * unif(r));
                    break;
                }
            } else if (u < adv[k] + lost[k]) {
                ev[ne++] = (struct ev){"Lost", day, -1};
                break;
            } else {
                break; /* still open */
            }
        }
        int backwards = i % 7 == 3;
        for (int j = 0; j < ne; j++) {
            struct ev *x = &ev[backwards ? ne - 1 - j : j];
            iso(d, sizeof d, x->day);
            if (x->amount >= 0)
                printf("%s,%s,%s,%.2f,%s\n", id, x->stage, d, x->amount, region);
            else
                printf("%s,%s,%s,,%s\n", id, x->stage, d, region);
        }
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 4 || (strcmp(argv[1], "snapshot") != 0 && strcmp(argv[1], "transitions") != 0)) {
        fprintf(stderr, "usage: estimate_gen snapshot|transitions N SEED > out.csv\n");
        return 64;
    }
    unsigned long n = strtoul(argv[2], NULL, 10);
    rng r = {strtoull(argv[3], NULL, 10) * 0x2545F4914F6CDD1Dull + 1};
    static char buf[1 << 20];
    setvbuf(stdout, buf, _IOFBF, sizeof buf);
    int rc = argv[1][0] == 's' ? snapshot(n, &r) : transitions(n, &r);
    if (fflush(stdout) != 0)
        return 74;
    return rc;
}
