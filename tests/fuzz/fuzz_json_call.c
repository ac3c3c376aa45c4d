/* Fuzz target: the JSON-in/JSON-out entry point, salesplan_json_call().
 *
 * The input is the request, exactly as given (not NUL-terminated). The reply
 * must never be NULL (memory does not run out here), must be one JSON object
 * (the library's own reader parses it), an error reply must carry code, status, message, path,
 * line and column, and the same request must give the same reply again. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json/json_pos.h"
#include "fuzz_check.h"
#include "salesplan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);


/* A "simulate" request without a small "trials" would run 10^5..10^8 trials
 * (seconds, gigabytes): correct, but not what a fuzzer should spend its time
 * on. Such requests are skipped; everything else about them is fuzzed. */
static int too_long(const char *req, size_t size)
{
    slp_jpos *j = NULL;
    if (slp_jpos_scan(&j, req, size, NULL) != SALESPLAN_OK)
        return 0;
    int skip = 0;
    if (slp_jpos_type(j, 0) == SLP_JT_OBJECT &&
        slp_jpos_string_eq(j, slp_jpos_member(j, 0, "op", 2), "simulate", 8)) {
        double trials = 0.0;
        skip = slp_jpos_number(j, slp_jpos_member(j, 0, "trials", 6), &trials) != 0 ||
               trials > 20000.0;
    }
    /* sensitivity and compare simulate every setting or plan: trials are optional (0) there,
     * and kept small when given */
    size_t op = slp_jpos_type(j, 0) == SLP_JT_OBJECT ? slp_jpos_member(j, 0, "op", 2)
                                                     : SLP_JPOS_NONE;
    if (op != SLP_JPOS_NONE && (slp_jpos_string_eq(j, op, "sensitivity", 11) ||
                                slp_jpos_string_eq(j, op, "compare", 7))) {
        size_t t = slp_jpos_member(j, 0, "trials", 6);
        double trials = 0.0;
        skip = t != SLP_JPOS_NONE && (slp_jpos_number(j, t, &trials) != 0 || trials > 500.0);
    }
    slp_jpos_free(j);
    return skip;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *req = (const char *)data;
    if (too_long(req, size))
        return 0;
    char *reply = salesplan_json_call(req, size);
    CHECK(reply != NULL);
    size_t len = strlen(reply);
    slp_jpos *j = NULL;
    salesplan_error jerr;
    if (slp_jpos_scan(&j, reply, len, &jerr) != SALESPLAN_OK) {
        fprintf(stderr, "reply is not JSON (%s, line %ld, column %ld):\n%.4000s\n", jerr.message,
                jerr.line, jerr.column, reply);
        abort();
    }
    CHECK(slp_jpos_type(j, 0) == SLP_JT_OBJECT);
    size_t e = slp_jpos_member(j, 0, "error", 5);
    if (e != SLP_JPOS_NONE && slp_jpos_nkids(j, 0) == 1) {
        CHECK(slp_jpos_type(j, e) == SLP_JT_OBJECT);
        double c = -1.0;
        CHECK(slp_jpos_number(j, slp_jpos_member(j, e, "code", 4), &c) == 0);
        CHECK(c == floor(c));
        CHECK(c > SALESPLAN_OK && c <= SALESPLAN_EINTERNAL);
        CHECK(c != SALESPLAN_EINTERNAL);
        size_t mlen = 0;
        CHECK(slp_jpos_type(j, slp_jpos_member(j, e, "status", 6)) == SLP_JT_STRING);
        CHECK(slp_jpos_string(j, slp_jpos_member(j, e, "message", 7), &mlen) != NULL);
        CHECK(mlen > 0);
        CHECK(slp_jpos_type(j, slp_jpos_member(j, e, "path", 4)) == SLP_JT_STRING);
        CHECK(slp_jpos_type(j, slp_jpos_member(j, e, "line", 4)) == SLP_JT_NUMBER);
        CHECK(slp_jpos_type(j, slp_jpos_member(j, e, "column", 6)) == SLP_JT_NUMBER);
    }
    slp_jpos_free(j);
    if (size <= 65536) { /* the same request, the same reply */
        char *again = salesplan_json_call(req, size);
        CHECK(again != NULL && strcmp(again, reply) == 0);
        salesplan_free(again);
    }
    salesplan_free(reply);
    return 0;
}
