/* Fuzz target: the JSON-in/JSON-out entry point, salesplan_json_call().
 *
 * The input is the request, exactly as given (not NUL-terminated). The reply
 * must never be NULL (memory does not run out here), must be one JSON object
 * (jansson parses it), an error reply must carry code, status, message, path,
 * line and column, and the same request must give the same reply again. */
#include <jansson.h>
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *req = (const char *)data;
    char *reply = salesplan_json_call(req, size);
    CHECK(reply != NULL);
    size_t len = strlen(reply);
    json_error_t jerr;
    json_t *j = json_loadb(reply, len, JSON_ALLOW_NUL, &jerr);
    if (j == NULL) {
        fprintf(stderr, "reply is not JSON (%s, line %d, column %d):\n%.4000s\n", jerr.text,
                jerr.line, jerr.column, reply);
        abort();
    }
    CHECK(json_is_object(j));
    json_t *e = json_object_get(j, "error");
    if (e != NULL && json_object_size(j) == 1) {
        CHECK(json_is_object(e));
        json_t *code = json_object_get(e, "code");
        CHECK(json_is_integer(code));
        json_int_t c = json_integer_value(code);
        CHECK(c > SALESPLAN_OK && c <= SALESPLAN_EINTERNAL);
        CHECK(c != SALESPLAN_EINTERNAL);
        CHECK(json_is_string(json_object_get(e, "status")));
        CHECK(json_is_string(json_object_get(e, "message")));
        CHECK(json_string_length(json_object_get(e, "message")) > 0);
        CHECK(json_is_string(json_object_get(e, "path")));
        CHECK(json_is_integer(json_object_get(e, "line")));
        CHECK(json_is_integer(json_object_get(e, "column")));
    }
    json_decref(j);
    if (size <= 65536) { /* the same request, the same reply */
        char *again = salesplan_json_call(req, size);
        CHECK(again != NULL && strcmp(again, reply) == 0);
        salesplan_free(again);
    }
    salesplan_free(reply);
    return 0;
}
