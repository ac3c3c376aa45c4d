/* salesplan_validate(plan jsonb) returns table(path, line, col, message):
 * every problem of the plan, one row each, as `salesplan validate` lists
 * them; no row for a valid plan. */
#include "slpg.h"

#include <string.h>

#include "funcapi.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/tuplestore.h"

PG_FUNCTION_INFO_V1(salesplan_validate_sql);

/* One row per problem; empty path and unknown line/column are NULL. */
static void put_rows(ReturnSetInfo *rsinfo, const salesplan_diagnostics *d)
{
    for (size_t i = 0, n = salesplan_diagnostics_count(d); i < n; i++) {
        const salesplan_error *e = salesplan_diagnostics_get(d, i);
        Datum values[4];
        bool nulls[4] = {false, false, false, false};
        nulls[0] = e->path[0] == '\0';
        values[0] = nulls[0] ? (Datum)0 : CStringGetTextDatum(e->path);
        nulls[1] = nulls[2] = e->line <= 0;
        values[1] = Int32GetDatum(e->line > 0 && e->line <= PG_INT32_MAX ? (int32)e->line : 0);
        values[2] = Int32GetDatum(e->column > 0 && e->column <= PG_INT32_MAX ? (int32)e->column
                                                                             : 0);
        values[3] = CStringGetTextDatum(e->message[0] ? e->message
                                                      : salesplan_strerror(e->code));
        tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
    }
}

Datum salesplan_validate_sql(PG_FUNCTION_ARGS)
{
    InitMaterializedSRF(fcinfo, 0);
    ReturnSetInfo *rsinfo = (ReturnSetInfo *)fcinfo->resultinfo;
    size_t len = 0;
    char *text = slpg_jsonb_to_text(PG_GETARG_JSONB_P(0), &len);
    CHECK_FOR_INTERRUPTS();

    slpg_held h;
    memset(&h, 0, sizeof h);
    salesplan_status rc = SALESPLAN_EINTERNAL;
    PG_TRY();
    {
        rc = salesplan_plan_validate_buffer(&h.diagnostics, text, len);
        if (h.diagnostics != NULL)
            put_rows(rsinfo, h.diagnostics);
    }
    PG_FINALLY();
    {
        slpg_held_free(&h);
    }
    PG_END_TRY();
    pfree(text);
    if (rc == SALESPLAN_ENOMEM) {
        salesplan_error err;
        memset(&err, 0, sizeof err);
        slpg_raise("salesplan_validate", "plan", rc, &err);
    }
    return (Datum)0;
}
