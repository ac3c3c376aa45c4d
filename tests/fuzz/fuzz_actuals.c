/* Fuzz target: an actuals document read against a small fixed plan, then
 * tracked and rendered in every format. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "salesplan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char PLAN[] =
    "{\"salesplan\": 1, \"name\": \"Fuzz\", \"period\": {\"start\": \"2026-06-01\", \"days\": "
    "40}, \"target\": {\"revenue\": 50000, \"seasonality\": [1, 2]}, \"deal\": "
    "{\"average_size\": 10000}, \"funnel\": {\"stages\": [{\"name\": \"Opp\", \"conversion\": "
    "0.5, \"days\": 3}, {\"name\": \"Prop\", \"conversion\": 0.8}, {\"name\": \"Won\"}]},"
    " \"activities\": [{\"name\": \"Calls\", \"stage\": \"Opp\", \"per_entry\": 4, \"role\": "
    "\"AE\"}, {\"name\": \"Posts\", \"stage\": \"Opp\", \"per_entry\": 1}],"
    " \"team\": {\"roles\": [{\"name\": \"AE\", \"quota_monthly\": 50000, \"ramp\": [0.5]},"
    " {\"name\": \"SDR\"}], \"reps\": [{\"name\": \"Ann\", \"role\": \"AE\", \"tenure_months\": "
    "0}, {\"name\": \"Bob\", \"role\": \"AE\", \"start\": \"2026-06-20\"}, {\"name\": \"Sid\", "
    "\"role\": \"SDR\", \"tenure_months\": 2}]}}";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static salesplan_plan *plan;
    if (!plan && salesplan_plan_load_buffer(&plan, PLAN, strlen(PLAN), NULL) != SALESPLAN_OK)
        abort();
    const char *text = (const char *)data;
    salesplan_diagnostics *d = NULL;
    salesplan_actuals_validate_buffer(&d, plan, text, size);
    salesplan_diagnostics_free(d);
    salesplan_actuals *a = NULL;
    if (salesplan_actuals_load_buffer(&a, plan, text, size, NULL) != SALESPLAN_OK)
        return 0;
    salesplan_tracking *t = NULL;
    if (salesplan_track(&t, plan, a, NULL, NULL) == SALESPLAN_OK) {
        for (int f = 0; f < 4; f++) {
            char *out = NULL;
            if (salesplan_tracking_render(&out, NULL, t, (salesplan_format)f, NULL) ==
                SALESPLAN_OK)
                salesplan_free(out);
        }
        salesplan_tracking_free(t);
    }
    salesplan_actuals_free(a);
    return 0;
}
