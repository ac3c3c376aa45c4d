/* Fuzz target: salesplan_estimate_state_deserialize() on untrusted bytes.
 *
 * Input: 1 mode byte, then the bytes. Mode bit 0: rewrite the header's
 * payload length and checksum to match the bytes, so that the fuzzer reaches
 * the payload parser behind the checksum (a crafted state carries a valid
 * checksum too). Whatever the bytes, the call returns a status; on success the
 * state is used: serialized again (the same bytes come back), merged into a
 * copy of itself, finished and rendered, and the figures add up. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "salesplan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                                    \
    do {                                                                               \
        if (!(cond)) {                                                                 \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);  \
            abort();                                                                   \
        }                                                                              \
    } while (0)

static uint64_t fnv1a64(const unsigned char *p, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 0x100000001b3ull;
    }
    return h;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    unsigned mode = data[0];
    size_t n = size - 1;
    unsigned char *b = malloc(n ? n : 1);
    if (b == NULL)
        return 0;
    if (n)
        memcpy(b, data + 1, n);
    if ((mode & 1u) && n >= 32) {
        uint64_t plen = n - 32, sum = fnv1a64(b + 32, n - 32);
        memcpy(b + 16, &plen, 8);
        memcpy(b + 24, &sum, 8);
    }
    salesplan_estimate_state *s = NULL;
    salesplan_error err;
    salesplan_status rc = salesplan_estimate_state_deserialize(&s, (const char *)b, n, &err);
    CHECK(rc == SALESPLAN_OK || rc == SALESPLAN_EDATA || rc == SALESPLAN_ENOMEM ||
          rc == SALESPLAN_ELIMIT);
    CHECK((rc == SALESPLAN_OK) == (s != NULL));
    if (s != NULL) {
        char *again = NULL;
        size_t alen = 0;
        CHECK(salesplan_estimate_state_serialize(&again, &alen, s, NULL) == SALESPLAN_OK);
        salesplan_estimate_state *t = NULL;
        salesplan_status trc = salesplan_estimate_state_deserialize(&t, again, alen, &err);
        if (trc != SALESPLAN_OK)
            fprintf(stderr, "round trip refused: %s\n", err.message);
        CHECK(trc == SALESPLAN_OK);
        salesplan_status mrc = salesplan_estimate_state_merge(t, s, NULL);
        CHECK(mrc == SALESPLAN_OK || mrc == SALESPLAN_EDATA || mrc == SALESPLAN_ELIMIT);
        salesplan_estimate *e = NULL;
        salesplan_status frc = salesplan_estimate_state_finish(&e, s, &err);
        CHECK(frc == SALESPLAN_OK || frc == SALESPLAN_EDATA || frc == SALESPLAN_ELIMIT);
        if (e != NULL) {
            const salesplan_estimate_figures *f = salesplan_estimate_overall(e);
            CHECK(f->deals == f->won + f->lost + f->open);
            CHECK(isnan(f->win_rate) || (f->win_rate >= 0 && f->win_rate <= 1));
            char *j = NULL;
            size_t jl = 0;
            CHECK(salesplan_estimate_render(&j, &jl, e, SALESPLAN_FORMAT_JSON, NULL) ==
                  SALESPLAN_OK);
            salesplan_free(j);
            salesplan_estimate_free(e);
        }
        salesplan_free(again);
        salesplan_estimate_state_free(t);
        salesplan_estimate_state_free(s);
    }
    free(b);
    return 0;
}
