/* Fuzz target: salesplan_activity_state_deserialize() on untrusted bytes.
 *
 * Input: 1 mode byte, then the bytes. Mode bit 0: rewrite the header's
 * payload length and checksum to match the bytes, so that the fuzzer reaches
 * the payload parser behind the checksum (a crafted state carries a valid
 * checksum too). Whatever the bytes, the call returns a status; on success the
 * state is used: serialized and read back (a second round gives the same
 * bytes), merged into that copy, finished and rendered. */
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

static void use(salesplan_activity_state *s)
{
    salesplan_error err;
    char *again = NULL, *third = NULL;
    size_t alen = 0, tlen = 0;
    CHECK(salesplan_activity_state_serialize(&again, &alen, s, NULL) == SALESPLAN_OK);
    salesplan_activity_state *t = NULL;
    salesplan_status trc = salesplan_activity_state_deserialize(&t, again, alen, &err);
    if (trc != SALESPLAN_OK)
        fprintf(stderr, "round trip refused: %s\n", err.message);
    CHECK(trc == SALESPLAN_OK);
    CHECK(salesplan_activity_state_serialize(&third, &tlen, t, NULL) == SALESPLAN_OK);
    CHECK(tlen == alen && memcmp(third, again, alen) == 0);
    salesplan_status mrc = salesplan_activity_state_merge(t, s, NULL);
    CHECK(mrc == SALESPLAN_OK || mrc == SALESPLAN_ELIMIT || mrc == SALESPLAN_ENOMEM);
    salesplan_activities *a = NULL;
    salesplan_status frc = salesplan_activity_state_finish(&a, s, &err);
    CHECK(frc == SALESPLAN_OK || frc == SALESPLAN_EDATA || frc == SALESPLAN_EINVAL ||
          frc == SALESPLAN_ENOMEM);
    CHECK((frc == SALESPLAN_OK) == (a != NULL));
    if (a != NULL) {
        const salesplan_activities_info *in = salesplan_activities_info_get(a);
        CHECK(in->log_skipped <= in->log_rows && in->deals_skipped <= in->deals_rows);
        char *j = NULL;
        size_t jl = 0;
        CHECK(salesplan_activities_render(&j, &jl, a, SALESPLAN_FORMAT_JSON, NULL) ==
              SALESPLAN_OK);
        CHECK(jl > 0 && j[jl - 1] == '\n');
        salesplan_free(j);
        salesplan_activities_free(a);
    }
    salesplan_free(again);
    salesplan_free(third);
    salesplan_activity_state_free(t);
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
    salesplan_activity_state *s = NULL;
    salesplan_error err;
    salesplan_status rc = salesplan_activity_state_deserialize(&s, (const char *)b, n, &err);
    CHECK(rc == SALESPLAN_OK || rc == SALESPLAN_EDATA || rc == SALESPLAN_ENOMEM);
    CHECK((rc == SALESPLAN_OK) == (s != NULL));
    if (s != NULL) {
        use(s);
        salesplan_activity_state_free(s);
    }
    free(b);
    return 0;
}
