/* salesplan_plan(plan jsonb [, options jsonb]) returns jsonb: the SPEC §9
 * result document, the same as `salesplan plan --format json`. */
#include "slpg.h"

#include <math.h>
#include <string.h>

#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/numeric.h"

PG_FUNCTION_INFO_V1(salesplan_plan_sql);

static double option_number(const JsonbValue *v, const char *key)
{
    if (v->type != jbvNumeric)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("salesplan_plan: option \"%s\" must be a number", key)));
    return DatumGetFloat8(
        DirectFunctionCall1(numeric_float8_no_overflow, NumericGetDatum(v->val.numeric)));
}

/* The options object, as the CLI's options: {"confidence": q} (q in (0, 1),
 * like --confidence) or {"expected": true} (like --expected); a JSON null
 * is the same as leaving the key out. Anything else raises 22023. */
static void read_options(salesplan_compute_options *o, Jsonb *jb)
{
    if (!JB_ROOT_IS_OBJECT(jb) || JB_ROOT_IS_SCALAR(jb))
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("salesplan_plan: options must be a JSON object"),
                        errhint("For example '{\"confidence\": 0.9}' or '{\"expected\": true}'.")));
    JsonbIterator *it = JsonbIteratorInit(&jb->root);
    JsonbValue k, v;
    JsonbIteratorToken t;
    bool expected = false, confident = false;
    while ((t = JsonbIteratorNext(&it, &k, true)) != WJB_DONE) {
        if (t != WJB_KEY)
            continue;
        char *key = pnstrdup(k.val.string.val, (Size)k.val.string.len);
        t = JsonbIteratorNext(&it, &v, true);
        if (v.type == jbvNull)
            continue;
        if (strcmp(key, "confidence") == 0) {
            double q = option_number(&v, key);
            if (!(q > 0.0 && q < 1.0))
                ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                                errmsg("salesplan_plan: option \"confidence\" must be a number "
                                       "in (0, 1); found %g", q)));
            o->confidence = q;
            confident = true;
        } else if (strcmp(key, "expected") == 0) {
            if (v.type != jbvBool)
                ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                                errmsg("salesplan_plan: option \"expected\" must be true or "
                                       "false")));
            expected = v.val.boolean;
        } else {
            ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                            errmsg("salesplan_plan: unknown option \"%s\"", key),
                            errhint("The options are \"confidence\" and \"expected\".")));
        }
    }
    if (expected && confident)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("salesplan_plan: options \"expected\" and \"confidence\" "
                               "exclude each other")));
    o->mode = confident ? SALESPLAN_MODE_CONFIDENCE
              : expected ? SALESPLAN_MODE_EXPECTED
                         : SALESPLAN_MODE_PLAN;
}

static salesplan_status run(slpg_held *h, const char *text, size_t len,
                            const salesplan_compute_options *o, salesplan_error *err,
                            Datum *out)
{
    salesplan_status rc = salesplan_plan_load_buffer(&h->plan, text, len, err);
    if (rc == SALESPLAN_OK)
        rc = salesplan_compute(&h->result, h->plan, o, err);
    size_t n = 0;
    if (rc == SALESPLAN_OK)
        rc = salesplan_result_render(&h->text, &n, h->result, SALESPLAN_FORMAT_JSON, err);
    if (rc == SALESPLAN_OK)
        *out = slpg_text_to_jsonb(h->text);
    return rc;
}

Datum salesplan_plan_sql(PG_FUNCTION_ARGS)
{
    salesplan_compute_options opts = SALESPLAN_COMPUTE_OPTIONS_INIT;
    if (PG_NARGS() > 1)
        read_options(&opts, PG_GETARG_JSONB_P(1));
    size_t len = 0;
    char *text = slpg_jsonb_to_text(PG_GETARG_JSONB_P(0), &len);
    CHECK_FOR_INTERRUPTS();

    slpg_held h;
    memset(&h, 0, sizeof h);
    salesplan_error err;
    salesplan_status rc = SALESPLAN_EINTERNAL;
    Datum result = (Datum)0;
    PG_TRY();
    {
        rc = run(&h, text, len, &opts, &err, &result);
    }
    PG_FINALLY();
    {
        slpg_held_free(&h);
    }
    PG_END_TRY();
    pfree(text);
    if (rc != SALESPLAN_OK)
        slpg_raise("salesplan_plan", "plan", rc, &err);
    PG_RETURN_DATUM(result);
}
