/* Generate an activity log and a deals snapshot for bench_activities.sh:
 *   activities_gen log ROWS SEED > log.csv
 *   activities_gen deals DEALS SEED > deals.csv
 * The log: date (2025), type (five kinds, cold email the most), owner (50
 * reps), a deal id on a fifth of the rows (deals D0..D(DEALS-1)), an account
 * on a tenth of the others. The deals: created in 2025, a third won, a third
 * lost, the rest open. Deterministic for a seed. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t state;
static uint64_t next(void)
{
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
}

static void date(char buf[32], unsigned day) /* day 0..364 of 2025 */
{
    static const unsigned len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    unsigned m = 0;
    while (day >= len[m])
        day -= len[m++];
    snprintf(buf, 32, "2025-%02u-%02u", m + 1, day + 1);
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: activities_gen log|deals COUNT SEED\n");
        return 64;
    }
    unsigned long long n = strtoull(argv[2], NULL, 10);
    state = strtoull(argv[3], NULL, 10) * 0x9E3779B97F4A7C15ull + 1;
    const unsigned long long deals = 100000;
    char d[32], c[32];
    static char out[1 << 16];
    setvbuf(stdout, out, _IOFBF, sizeof out);
    if (strcmp(argv[1], "log") == 0) {
        static const char *const types[] = {"Cold email", "Call", "LinkedIn", "Meeting", "Demo"};
        static const unsigned cum[] = {60, 80, 90, 97, 100};
        fputs("date,type,owner,deal_id,account\n", stdout);
        for (unsigned long long i = 0; i < n; i++) {
            uint64_t r = next();
            unsigned p = (unsigned)(r % 100), t = 0;
            while (p >= cum[t])
                t++;
            date(d, (unsigned)((r >> 8) % 365));
            unsigned owner = (unsigned)((r >> 20) % 50);
            unsigned link = (unsigned)((r >> 28) % 10);
            if (link < 2)
                printf("%s,%s,rep %u,D%llu,\n", d, types[t], owner,
                       (unsigned long long)((r >> 32) % deals));
            else if (link == 2)
                printf("%s,%s,rep %u,,Account %llu\n", d, types[t], owner,
                       (unsigned long long)((r >> 32) % deals));
            else
                printf("%s,%s,rep %u,,\n", d, types[t], owner);
        }
        return 0;
    }
    fputs("deal_id,owner,account,stage,created,closed\n", stdout);
    for (unsigned long long i = 0; i < n; i++) {
        uint64_t r = next();
        unsigned cr = (unsigned)(r % 330), cl = cr + (unsigned)((r >> 16) % 35);
        unsigned k = (unsigned)((r >> 32) % 3);
        date(c, cr);
        date(d, cl);
        printf("D%llu,rep %u,Account %llu,%s,%s,%s\n", i, (unsigned)((r >> 40) % 50), i,
               k == 0 ? "Closed Won" : k == 1 ? "Closed Lost" : "Proposal", c, k < 2 ? d : "");
    }
    return 0;
}
