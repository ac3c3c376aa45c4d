/* salesplan_estimate_agg(stage text, created date, closed date, amount float8
 * [, options jsonb]) returns jsonb: the SPEC §7 snapshot figures of the rows
 * aggregated, over the SPEC §14 mergeable state (STYPE internal, SFUNC,
 * FINALFUNC, COMBINEFUNC = merge, SERIALFUNC/DESERIALFUNC = the state's
 * bytes as bytea). See docs/postgresql.md.
 *
 * Memory: the library allocates from the module's "salesplan" context, which
 * is never reset, so a state is not freed with the aggregate's memory by
 * itself. Each state therefore lives in an slpg_agg allocated in the
 * aggregate context, with a reset callback on that context that frees the
 * library state: it runs when the aggregate is done with its states, when a
 * hash aggregate spills or resets, and when the query fails. */
#include "slpg.h"

#include <string.h>

#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

PG_FUNCTION_INFO_V1(salesplan_estimate_sfunc);
PG_FUNCTION_INFO_V1(salesplan_estimate_final);
PG_FUNCTION_INFO_V1(salesplan_estimate_combine);
PG_FUNCTION_INFO_V1(salesplan_estimate_serialize);
PG_FUNCTION_INFO_V1(salesplan_estimate_deserialize);
PG_FUNCTION_INFO_V1(salesplan_estimate_merge_sfunc);

#define SLPG_AGG "salesplan_estimate_agg"

/* One aggregate state: the library state and the callback that frees it. */
typedef struct slpg_agg {
    salesplan_estimate_state *state;
    MemoryContextCallback free_cb;
} slpg_agg;

static void slpg_agg_free(void *arg)
{
    slpg_agg *a = arg;
    salesplan_estimate_state_free(a->state);
    a->state = NULL;
}

/* The aggregate context of this call; raises when called outside one. */
static MemoryContext agg_context(FunctionCallInfo fcinfo, const char *fn)
{
    MemoryContext ctx;
    if (!AggCheckCallContext(fcinfo, &ctx))
        ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                        errmsg("%s called in a non-aggregate context", fn)));
    return ctx;
}

/* An empty slpg_agg in `ctx` whose state is freed with `ctx`. */
static slpg_agg *agg_new(MemoryContext ctx)
{
    slpg_agg *a = MemoryContextAllocZero(ctx, sizeof *a);
    a->free_cb.func = slpg_agg_free;
    a->free_cb.arg = a;
    MemoryContextRegisterResetCallback(ctx, &a->free_cb);
    return a;
}

/* ---- options ---- */

/* Stage names of the "won"/"lost" option: a string or an array of strings. */
typedef struct name_list {
    const char **names;
    size_t count;
} name_list;

static void opt_error(const char *msg) pg_attribute_noreturn();
static void opt_error(const char *msg)
{
    ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                    errmsg(SLPG_AGG ": %s", msg),
                    errdetail("options: {\"won\": name or [names], \"lost\": name or [names], "
                              "\"strict\": bool, \"allow_skips\": bool, \"max_reported\": n}")));
}

static char *jv_text(const JsonbValue *v)
{
    return pnstrdup(v->val.string.val, (Size)v->val.string.len);
}

static void read_names(name_list *out, const JsonbValue *v, const char *key)
{
    if (v->type == jbvString) {
        out->names = palloc(sizeof(char *));
        out->names[0] = jv_text(v);
        out->count = 1;
        return;
    }
    if (v->type != jbvBinary || !JsonContainerIsArray(v->val.binary.data))
        opt_error(psprintf("option \"%s\" must be a stage name or an array of names", key));
    JsonbContainer *c = v->val.binary.data;
    uint32 n = JsonContainerSize(c);
    if (n == 0)
        opt_error(psprintf("option \"%s\" must name at least one stage", key));
    out->names = palloc(sizeof(char *) * n);
    out->count = 0;
    for (uint32 i = 0; i < n; i++) {
        JsonbValue *e = getIthJsonbValueFromContainer(c, i);
        if (e == NULL || e->type != jbvString)
            opt_error(psprintf("option \"%s\" must be an array of strings", key));
        out->names[out->count++] = jv_text(e);
    }
}

static int read_bool(const JsonbValue *v, const char *key)
{
    if (v->type != jbvBool)
        opt_error(psprintf("option \"%s\" must be true or false", key));
    return v->val.boolean ? 1 : 0;
}

/* `o` from the options jsonb (NULL = defaults); strings palloc'd here. */
static void read_options(salesplan_estimate_options *o, name_list *won, name_list *lost,
                         Jsonb *jb)
{
    if (jb == NULL)
        return;
    if (!JB_ROOT_IS_OBJECT(jb))
        opt_error("options must be a JSON object");
    JsonbIterator *it = JsonbIteratorInit(&jb->root);
    JsonbValue k, v;
    JsonbIteratorToken t;
    while ((t = JsonbIteratorNext(&it, &k, true)) != WJB_DONE) {
        if (t != WJB_KEY)
            continue;
        char *key = jv_text(&k);
        t = JsonbIteratorNext(&it, &v, true);
        if (v.type == jbvNull)
            continue; /* null = the default, like the other functions */
        if (strcmp(key, "won") == 0)
            read_names(won, &v, key);
        else if (strcmp(key, "lost") == 0)
            read_names(lost, &v, key);
        else if (strcmp(key, "strict") == 0)
            o->strict = read_bool(&v, key);
        else if (strcmp(key, "allow_skips") == 0)
            o->allow_skips = read_bool(&v, key);
        else if (strcmp(key, "max_reported") == 0) {
            if (v.type != jbvNumeric)
                opt_error("option \"max_reported\" must be a number");
            double d = DatumGetFloat8(
                DirectFunctionCall1(numeric_float8, NumericGetDatum(v.val.numeric)));
            if (!(d >= 0 && d <= 1000000) || d != (double)(size_t)d)
                opt_error("option \"max_reported\" must be an integer from 0 to 1000000");
            o->max_reported = (size_t)d;
        } else
            opt_error(psprintf("unknown option \"%s\"", key));
    }
    o->won_names = (const char *const *)won->names;
    o->won_count = won->count;
    o->lost_names = (const char *const *)lost->names;
    o->lost_count = lost->count;
}

/* The columns of a record: the CLI's names, read by name. */
static const char *const slpg_columns[4] = {"stage", "created", "closed", "amount"};

/* A new state with the options (argument 5 when given), its columns set. */
static void agg_create(slpg_agg *a, FunctionCallInfo fcinfo)
{
    salesplan_estimate_options o;
    (void)salesplan_estimate_options_init(&o, SALESPLAN_ESTIMATE_OPTIONS_VERSION);
    name_list won = {NULL, 0}, lost = {NULL, 0};
    read_options(&o, &won, &lost,
                 PG_NARGS() > 5 && !PG_ARGISNULL(5) ? PG_GETARG_JSONB_P(5) : NULL);
    o.shape = SALESPLAN_SHAPE_SNAPSHOT;
    o.stage_column = slpg_columns[0];
    o.created_column = slpg_columns[1];
    o.closed_column = slpg_columns[2];
    o.amount_column = slpg_columns[3];
    salesplan_error err;
    salesplan_status rc = salesplan_estimate_state_create(&a->state, &o, &err);
    if (rc == SALESPLAN_OK)
        rc = salesplan_estimate_state_set_columns(a->state, slpg_columns, 4, &err);
    if (rc != SALESPLAN_OK)
        slpg_raise(SLPG_AGG, "options", rc, &err); /* a->state is freed with the context */
}

/* ---- SFUNC ---- */

/* Argument `arg` (2 created, 3 closed) as a day count; NULL stays null. */
static void date_value(salesplan_value *v, FunctionCallInfo fcinfo, int arg)
{
    if (PG_ARGISNULL(arg))
        return;
    DateADT d = PG_GETARG_DATEADT(arg);
    if (DATE_NOT_FINITE(d))
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg(SLPG_AGG ": %s must be a finite date or NULL",
                               arg == 2 ? "created" : "closed")));
    v->type = SALESPLAN_VALUE_DATE;
    v->day = (long long)d + (POSTGRES_EPOCH_JDATE - UNIX_EPOCH_JDATE);
}

/* A row refused (strict mode, memory): the library's message names the row
 * as a CSV line; there is no jsonb argument to point into. */
static void row_raise(salesplan_status rc, const salesplan_error *err) pg_attribute_noreturn();
static void row_raise(salesplan_status rc, const salesplan_error *err)
{
    ereport(ERROR, (errcode(rc == SALESPLAN_ENOMEM ? ERRCODE_OUT_OF_MEMORY
                                                   : ERRCODE_INVALID_PARAMETER_VALUE),
                    errmsg(SLPG_AGG ": %s",
                           err->message[0] ? err->message : salesplan_strerror(rc)),
                    errdetail("Lines count the aggregate's rows from 2, as in a CSV with a "
                              "header line.")));
}

/* (state, stage, created, closed, amount [, options]): the state is created
 * on the first row (in the aggregate context), then each row is one record;
 * a NULL argument is a null value (an empty CSV field). */
Datum salesplan_estimate_sfunc(PG_FUNCTION_ARGS)
{
    MemoryContext ctx = agg_context(fcinfo, SLPG_AGG);
    slpg_agg *a = PG_ARGISNULL(0) ? NULL : (slpg_agg *)PG_GETARG_POINTER(0);
    if (a == NULL) {
        a = agg_new(ctx);
        agg_create(a, fcinfo);
    }
    salesplan_value v[4];
    memset(v, 0, sizeof v);
    if (!PG_ARGISNULL(1)) {
        text *t = PG_GETARG_TEXT_PP(1);
        v[0].type = SALESPLAN_VALUE_TEXT;
        v[0].text = VARDATA_ANY(t);
        v[0].len = VARSIZE_ANY_EXHDR(t);
    }
    date_value(&v[1], fcinfo, 2);
    date_value(&v[2], fcinfo, 3);
    if (!PG_ARGISNULL(4)) {
        v[3].type = SALESPLAN_VALUE_NUMBER;
        v[3].number = PG_GETARG_FLOAT8(4);
    }
    salesplan_error err;
    salesplan_status rc = salesplan_estimate_state_feed_record(a->state, v, 4, &err);
    if (rc != SALESPLAN_OK)
        row_raise(rc, &err);
    PG_RETURN_POINTER(a);
}

/* ---- FINALFUNC ---- */

/* The §7 document of the state (read only: the state may be finished again,
 * e.g. by a window aggregate). No rows: NULL, like sum(). */
Datum salesplan_estimate_final(PG_FUNCTION_ARGS)
{
    (void)agg_context(fcinfo, SLPG_AGG);
    if (PG_ARGISNULL(0))
        PG_RETURN_NULL();
    const slpg_agg *a = (const slpg_agg *)PG_GETARG_POINTER(0);
    CHECK_FOR_INTERRUPTS();
    salesplan_estimate *e = NULL;
    char *text = NULL;
    size_t len = 0;
    salesplan_error err;
    salesplan_status rc = SALESPLAN_EINTERNAL;
    Datum result = (Datum)0;
    PG_TRY();
    {
        rc = salesplan_estimate_state_finish(&e, a->state, &err);
        if (rc == SALESPLAN_OK)
            rc = salesplan_estimate_render(&text, &len, e, SALESPLAN_FORMAT_JSON, &err);
        if (rc == SALESPLAN_OK)
            result = slpg_text_to_jsonb(text);
    }
    PG_FINALLY();
    {
        salesplan_free(text);
        salesplan_estimate_free(e);
    }
    PG_END_TRY();
    if (rc != SALESPLAN_OK)
        slpg_raise(SLPG_AGG, "rows", rc, &err);
    PG_RETURN_DATUM(result);
}

/* ---- SERIALFUNC / DESERIALFUNC ---- */

/* The state's bytes as bytea (palloc'd in the current context). */
Datum salesplan_estimate_serialize(PG_FUNCTION_ARGS)
{
    (void)agg_context(fcinfo, "salesplan_estimate_serialize");
    const slpg_agg *a = (const slpg_agg *)PG_GETARG_POINTER(0);
    char *bytes = NULL;
    size_t len = 0;
    salesplan_error err;
    salesplan_status rc = salesplan_estimate_state_serialize(&bytes, &len, a->state, &err);
    if (rc != SALESPLAN_OK)
        slpg_raise("salesplan_estimate_serialize", "state", rc, &err);
    bytea *out = NULL;
    if (len <= MaxAllocSize - VARHDRSZ)
        out = palloc_extended(len + VARHDRSZ, MCXT_ALLOC_NO_OOM);
    if (out != NULL) {
        SET_VARSIZE(out, len + VARHDRSZ);
        memcpy(VARDATA(out), bytes, len);
    }
    salesplan_free(bytes);
    if (out == NULL)
        ereport(ERROR, (errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
                        errmsg("salesplan_estimate_serialize: a state of %zu bytes does not "
                               "fit in a bytea",
                               len)));
    PG_RETURN_BYTEA_P(out);
}

/* A state in the aggregate context from bytes: corrupt or truncated bytes
 * raise 22P03 (invalid binary representation) with what is wrong. */
static slpg_agg *agg_from_bytes(MemoryContext ctx, const char *bytes, size_t len)
{
    slpg_agg *a = agg_new(ctx);
    salesplan_error err;
    salesplan_status rc = salesplan_estimate_state_deserialize(&a->state, bytes, len, &err);
    if (rc == SALESPLAN_EDATA || rc == SALESPLAN_EINVAL)
        ereport(ERROR, (errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
                        errmsg("salesplan_estimate_deserialize: %s",
                               err.message[0] ? err.message : salesplan_strerror(rc))));
    if (rc != SALESPLAN_OK)
        slpg_raise("salesplan_estimate_deserialize", "state", rc, &err);
    return a;
}

Datum salesplan_estimate_deserialize(PG_FUNCTION_ARGS)
{
    MemoryContext ctx = agg_context(fcinfo, "salesplan_estimate_deserialize");
    bytea *b = PG_GETARG_BYTEA_PP(0);
    PG_RETURN_POINTER(agg_from_bytes(ctx, VARDATA_ANY(b), VARSIZE_ANY_EXHDR(b)));
}

/* ---- COMBINEFUNC ---- */

/* state1 := state1 merged with state2. Not strict (STYPE internal): a NULL
 * state1 takes a copy of state2 made in this aggregate context, through the
 * state's bytes (state2 may belong to another context). */
Datum salesplan_estimate_combine(PG_FUNCTION_ARGS)
{
    MemoryContext ctx = agg_context(fcinfo, "salesplan_estimate_combine");
    slpg_agg *dst = PG_ARGISNULL(0) ? NULL : (slpg_agg *)PG_GETARG_POINTER(0);
    const slpg_agg *src = PG_ARGISNULL(1) ? NULL : (const slpg_agg *)PG_GETARG_POINTER(1);
    if (src == NULL) {
        if (dst == NULL)
            PG_RETURN_NULL();
        PG_RETURN_POINTER(dst);
    }
    salesplan_error err;
    salesplan_status rc;
    if (dst == NULL) {
        char *bytes = NULL;
        size_t len = 0;
        rc = salesplan_estimate_state_serialize(&bytes, &len, src->state, &err);
        if (rc != SALESPLAN_OK)
            slpg_raise("salesplan_estimate_combine", "state", rc, &err);
        PG_TRY();
        {
            dst = agg_from_bytes(ctx, bytes, len);
        }
        PG_FINALLY();
        {
            salesplan_free(bytes);
        }
        PG_END_TRY();
        PG_RETURN_POINTER(dst);
    }
    CHECK_FOR_INTERRUPTS();
    rc = salesplan_estimate_state_merge(dst->state, src->state, &err);
    if (rc != SALESPLAN_OK)
        slpg_raise("salesplan_estimate_combine", "state", rc, &err);
    PG_RETURN_POINTER(dst);
}

/* ---- salesplan_estimate_merge_agg(bytea) ---- */

/* (state, bytes): the states' bytes of salesplan_estimate_state_agg (made
 * anywhere: another server, a Citus worker) merged into one state; NULL
 * bytes are skipped, corrupt ones raise 22P03. */
Datum salesplan_estimate_merge_sfunc(PG_FUNCTION_ARGS)
{
    MemoryContext ctx = agg_context(fcinfo, "salesplan_estimate_merge_agg");
    slpg_agg *dst = PG_ARGISNULL(0) ? NULL : (slpg_agg *)PG_GETARG_POINTER(0);
    if (PG_ARGISNULL(1)) {
        if (dst == NULL)
            PG_RETURN_NULL();
        PG_RETURN_POINTER(dst);
    }
    bytea *b = PG_GETARG_BYTEA_PP(1);
    slpg_agg *src = agg_from_bytes(ctx, VARDATA_ANY(b), VARSIZE_ANY_EXHDR(b));
    if (dst == NULL)
        PG_RETURN_POINTER(src);
    salesplan_error err;
    salesplan_status rc = salesplan_estimate_state_merge(dst->state, src->state, &err);
    /* src is freed now rather than with the aggregate context */
    salesplan_estimate_state_free(src->state);
    src->state = NULL;
    if (rc != SALESPLAN_OK)
        slpg_raise("salesplan_estimate_merge_agg", "state", rc, &err);
    PG_RETURN_POINTER(dst);
}
