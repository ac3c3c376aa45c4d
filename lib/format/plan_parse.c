/* Parsing plan text with jansson, checked against the position scanner:
 * duplicate keys are reported with their path and position, and a tree that
 * jansson built under memory pressure is never used (see tree_matches). */
#include <stdlib.h>
#include <string.h>

#include "common/alloc.h"
#include "format/plan_read.h"

/* The position of a duplicate key reported by jansson at byte `pos` (just past
 * the key's closing quote): back to its opening quote. */
static size_t dup_key_start(const char *buf, size_t pos)
{
    if (pos < 2)
        return 0;
    for (size_t i = pos - 2; i > 0; i--) {
        if (buf[i] != '"')
            continue;
        size_t bs = 0;
        while (bs < i && buf[i - 1 - bs] == '\\')
            bs++;
        if (bs % 2 == 0)
            return i;
    }
    return 0;
}

static int jansson_problem(salesplan_diagnostics *d, const slp_jpos *jp, const char *buf,
                           size_t len, const json_error_t *je)
{
    size_t pos = je->position > 0 ? (size_t)je->position : 0;
    long line, col;
    char path[SALESPLAN_ERROR_PATH_SIZE] = "";
    switch (json_error_code(je)) {
    case json_error_out_of_memory: return SALESPLAN_ENOMEM;
    case json_error_duplicate_key: {
        slp_jpos_offset_where(buf, len, dup_key_start(buf, pos), &line, &col);
        size_t node = slp_jpos_key_at(jp, line, col), klen = 0;
        const char *k = NULL;
        if (node != SLP_JPOS_NONE) {
            slp_jpos_path(jp, node, path, sizeof path);
            k = slp_jpos_key(jp, node, &klen);
        }
        return slp_diag_add(d, SALESPLAN_ESYNTAX, path, line, col,
                            "duplicate key \"%.*s\": a key may appear only once in an object",
                            (int)(klen < 60 ? klen : 60), k ? k : "");
    }
    default:
        slp_jpos_offset_where(buf, len, pos, &line, &col);
        return slp_diag_add(d, SALESPLAN_ESYNTAX, path, line, col, "JSON error: %s", je->text);
    }
}

/* jansson drops a byte without telling when an allocation fails inside its
 * lexer (lex_save ignores the error of strbuffer_append_byte), so a tree or an
 * error produced under memory pressure may not match the text. Every value is
 * compared with what the scanner read: 1 when they agree. */
static int tree_matches(const slp_jpos *jp, json_t *v, size_t node)
{
    size_t n = slp_jpos_nkids(jp, node);
    switch (slp_jpos_type(jp, node)) {
    case SLP_JT_OBJECT: {
        const char *key;
        json_t *val;
        size_t i = 0;
        if (!json_is_object(v) || json_object_size(v) != n)
            return 0;
        json_object_foreach(v, key, val) {
            size_t kid = slp_jpos_kid(jp, node, i++), kl;
            const char *k = slp_jpos_key(jp, kid, &kl);
            if (k == NULL || kl != strlen(key) || memcmp(k, key, kl) != 0 ||
                !tree_matches(jp, val, kid))
                return 0;
        }
        return 1;
    }
    case SLP_JT_ARRAY:
        if (!json_is_array(v) || json_array_size(v) != n)
            return 0;
        for (size_t i = 0; i < n; i++)
            if (!tree_matches(jp, json_array_get(v, i), slp_jpos_kid(jp, node, i)))
                return 0;
        return 1;
    case SLP_JT_STRING:
        return json_is_string(v) &&
               slp_jpos_string_eq(jp, node, json_string_value(v), json_string_length(v));
    case SLP_JT_NUMBER: {
        size_t len;
        const char *raw = slp_jpos_raw(jp, node, &len);
        char *tok = slp_strndup(raw, len);
        if (tok == NULL || !json_is_number(v)) {
            slp_free(tok);
            return 0;
        }
        int same = strtod(tok, NULL) == json_number_value(v);
        slp_free(tok);
        return same;
    }
    case SLP_JT_TRUE: return json_is_true(v);
    case SLP_JT_FALSE: return json_is_false(v);
    case SLP_JT_NULL: return json_is_null(v);
    }
    return 0;
}

/* 1 when member `node` has an earlier sibling with the same key. */
static int real_duplicate(const slp_jpos *jp, size_t node)
{
    size_t kl;
    const char *k = slp_jpos_key(jp, node, &kl);
    if (k == NULL)
        return 0;
    for (size_t p = 0; p < slp_jpos_count(jp); p++) {
        for (size_t i = 0; i < slp_jpos_nkids(jp, p); i++) {
            if (slp_jpos_kid(jp, p, i) != node)
                continue;
            for (size_t e = 0; e < i; e++) {
                size_t ol;
                const char *o = slp_jpos_key(jp, slp_jpos_kid(jp, p, e), &ol);
                if (o != NULL && ol == kl && memcmp(o, k, kl) == 0)
                    return 1;
            }
            return 0;
        }
    }
    return 0;
}

/* Parse with jansson (duplicate keys rejected, integers read as doubles so
 * that any size of integer is a number). The text already passed the scanner,
 * so the only error jansson can rightly report is a duplicate key; any other
 * failure, and a tree that differs from the text, come from a failed
 * allocation. */
int slp_plan_parse_json(const char *buf, size_t len, const slp_jpos *jp,
                         salesplan_diagnostics *d, json_t **out)
{
    json_error_t je;
    /* jansson sets no error at all when an early allocation fails: preset one. */
    memset(&je, 0, sizeof je);
    je.text[JSON_ERROR_TEXT_LENGTH - 1] = (char)json_error_out_of_memory;
    json_t *root = json_loadb(buf, len, JSON_REJECT_DUPLICATES | JSON_DECODE_INT_AS_REAL, &je);
    *out = NULL;
    if (root != NULL) {
        if (tree_matches(jp, root, 0)) {
            *out = root;
            return SALESPLAN_OK;
        }
        json_decref(root);
        return SALESPLAN_ENOMEM;
    }
    if (json_error_code(&je) == json_error_duplicate_key) {
        long line, col;
        size_t pos = je.position > 0 ? (size_t)je.position : 0;
        slp_jpos_offset_where(buf, len, dup_key_start(buf, pos), &line, &col);
        size_t node = slp_jpos_key_at(jp, line, col);
        if (node != SLP_JPOS_NONE && real_duplicate(jp, node)) {
            int rc = jansson_problem(d, jp, buf, len, &je);
            return rc == SALESPLAN_OK ? SALESPLAN_ESYNTAX : SALESPLAN_ENOMEM;
        }
    }
    return SALESPLAN_ENOMEM;
}
