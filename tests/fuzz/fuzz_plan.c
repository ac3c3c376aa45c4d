/* Fuzz target: plan JSON load + validate + compute + render. */
#include <stdint.h>
#include <stdlib.h>

#include "salesplan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    salesplan_diagnostics *d = NULL;
    salesplan_plan_validate_buffer(&d, text, size);
    salesplan_diagnostics_free(d);

    salesplan_plan *p = NULL;
    salesplan_error err;
    if (salesplan_plan_load_buffer(&p, text, size, &err) != SALESPLAN_OK)
        return 0;
    salesplan_result *r = NULL;
    if (salesplan_compute(&r, p, NULL, &err) == SALESPLAN_OK) {
        char *out = NULL;
        if (salesplan_result_render(&out, NULL, r, SALESPLAN_FORMAT_JSON, &err) == SALESPLAN_OK)
            salesplan_free(out);
        salesplan_result_free(r);
    }
    char *json = NULL;
    if (salesplan_plan_to_json(&json, NULL, p, &err) == SALESPLAN_OK)
        salesplan_free(json);
    salesplan_plan_free(p);
    return 0;
}
