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

#include "fuzz_check.h"
#include "salesplan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);


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
    size_t n = 0;
    unsigned char *b = fuzz_state_input(data, size, &n);
    if (b == NULL)
        return 0;
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
