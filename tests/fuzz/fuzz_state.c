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

#include "fuzz_check.h"
#include "salesplan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);


int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t n = 0;
    unsigned char *b = fuzz_state_input(data, size, &n);
    if (b == NULL)
        return 0;
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
