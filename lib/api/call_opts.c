/* The table-driven reader of a request's options (lib/api/call.h): each row
 * names a key, the kind of value it holds and the field it fills, so every
 * operation reads, checks and words its options the same way. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "api/call.h"
#include "common/error.h"

/* v into an unsigned field of `size` bytes (v fits: max was chosen for it). */
static void store_count(void *field, size_t size, unsigned long long v)
{
    if (size == sizeof(uint64_t)) {
        uint64_t x = (uint64_t)v;
        memcpy(field, &x, sizeof x);
    } else if (size == sizeof(uint32_t)) {
        uint32_t x = (uint32_t)v;
        memcpy(field, &x, sizeof x);
    }
}

static int read_char(const slp_call *rq, size_t node, const char *path, char *field,
                     salesplan_error *err)
{
    const char *s = NULL;
    int rc = slp_call_string(rq, node, path, &s, err);
    if (rc != SALESPLAN_OK || s == NULL)
        return rc;
    if (strlen(s) != 1 || s[0] == '"' || s[0] == '\n' || s[0] == '\r')
        return slp_error_set(err, SALESPLAN_EINVAL, path, 0, 0,
                             "must be one character other than a quote or a line end, "
                             "found \"%.20s\"",
                             s);
    *field = s[0];
    return SALESPLAN_OK;
}

/* One row: node `node` (present) into `field`. */
static int read_opt(const slp_call *rq, const slp_call_opt *o, size_t node, const char *path,
                    void *field, salesplan_error *err)
{
    int rc = SALESPLAN_OK, index = -1;
    unsigned long long count = 0;
    switch (o->kind) {
    case SLP_OPT_STRING: return slp_call_string(rq, node, path, (const char **)field, err);
    case SLP_OPT_BOOL: return slp_call_bool(rq, node, path, (int *)field, err);
    case SLP_OPT_CHAR: return read_char(rq, node, path, (char *)field, err);
    case SLP_OPT_NUMBER:
        if (slp_jpos_number(rq->jp, node, (double *)field) != 0)
            rc = slp_error_set(err, SALESPLAN_EINVAL, path, 0, 0, "%s, found %s", o->rule,
                               slp_call_type_name(slp_jpos_type(rq->jp, node)));
        return rc;
    case SLP_OPT_COUNT:
        rc = slp_call_count(rq, node, path, o->max, &count, err);
        if (rc == SALESPLAN_OK)
            store_count(field, o->size, count);
        return rc;
    case SLP_OPT_CHOICE:
        rc = slp_call_choice(rq, node, path, o->choices, &index, err);
        if (rc == SALESPLAN_OK && index >= 0)
            *(int *)field = o->values ? o->values[index] : index;
        return rc;
    }
    return SALESPLAN_EINTERNAL;
}

int slp_call_read_opts(const slp_call *rq, size_t obj, const char *prefix, const slp_call_opt *opts,
                       size_t n, void *dst, salesplan_error *err)
{
    for (size_t i = 0; i < n; i++) {
        size_t node = slp_call_member(rq, obj, opts[i].key);
        if (node == SLP_JPOS_NONE)
            continue;
        char path[SALESPLAN_ERROR_PATH_SIZE];
        snprintf(path, sizeof path, "%s%s", prefix, opts[i].key);
        int rc = read_opt(rq, &opts[i], node, path, (char *)dst + opts[i].off, err);
        if (rc != SALESPLAN_OK)
            return rc;
    }
    return SALESPLAN_OK;
}
