/* Fuzz target: JSON Merge Patch and patched plans. The input is a patch for
 * the built-in example plan; when it holds a NUL byte, the text before it is
 * the document and the text after it the patch (merged at the JSON level,
 * then the patched example is loaded with both as two patches). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "salesplan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    const char *nul = memchr(text, '\0', size);
    const char *base = salesplan_example_json();
    salesplan_error err;
    if (nul != NULL) {
        size_t dlen = (size_t)(nul - text);
        char *out = NULL;
        if (salesplan_json_merge_patch(&out, NULL, text, dlen, nul + 1, size - dlen - 1, &err) ==
            SALESPLAN_OK)
            salesplan_free(out);
        const char *patches[2] = {text, nul + 1};
        size_t lens[2] = {dlen, size - dlen - 1};
        salesplan_plan *p = NULL;
        if (salesplan_plan_load_patched(&p, base, strlen(base), patches, lens, 2, &err) ==
            SALESPLAN_OK)
            salesplan_plan_free(p);
        return 0;
    }
    const char *patches[1] = {text};
    size_t lens[1] = {size};
    salesplan_diagnostics *d = NULL;
    salesplan_plan_validate_patched(&d, base, strlen(base), patches, lens, 1);
    salesplan_diagnostics_free(d);
    salesplan_plan *p = NULL;
    if (salesplan_plan_load_patched(&p, base, strlen(base), patches, lens, 1, &err) !=
        SALESPLAN_OK)
        return 0;
    salesplan_result *r = NULL;
    if (salesplan_compute(&r, p, NULL, &err) == SALESPLAN_OK)
        salesplan_result_free(r);
    salesplan_plan_free(p);
    return 0;
}
