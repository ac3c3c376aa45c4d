/* salesplan_track(plan jsonb, actuals jsonb [, as_of date]) returns jsonb:
 * the SPEC §11 tracking document, the same as
 * `salesplan track PLAN --actuals FILE [--as-of DATE] --format json`. */
#include "slpg.h"

#include <string.h>

#include "miscadmin.h"

PG_FUNCTION_INFO_V1(salesplan_track_sql);

typedef struct track_in {
    const char *plan, *actuals, *as_of;
    size_t plan_len, actuals_len;
} track_in;

/* Which argument the error is about: the plan's load, else the actuals. */
static salesplan_status run(slpg_held *h, const track_in *in, salesplan_error *err,
                            const char **what, Datum *out)
{
    *what = "plan";
    salesplan_status rc = salesplan_plan_load_buffer(&h->plan, in->plan, in->plan_len, err);
    if (rc != SALESPLAN_OK)
        return rc;
    *what = "actuals";
    rc = salesplan_actuals_load_buffer(&h->actuals, h->plan, in->actuals, in->actuals_len, err);
    if (rc == SALESPLAN_OK && in->as_of != NULL) {
        *what = "as_of";
        rc = salesplan_actuals_set_as_of(h->actuals, in->as_of, err);
    }
    if (rc != SALESPLAN_OK)
        return rc;
    *what = "plan";
    rc = salesplan_track(&h->tracking, h->plan, h->actuals, NULL, err);
    size_t n = 0;
    if (rc == SALESPLAN_OK)
        rc = salesplan_tracking_render(&h->text, &n, h->tracking, SALESPLAN_FORMAT_JSON, err);
    if (rc == SALESPLAN_OK)
        *out = slpg_text_to_jsonb(h->text);
    return rc;
}

Datum salesplan_track_sql(PG_FUNCTION_ARGS)
{
    track_in in;
    char date[11];
    in.plan = slpg_jsonb_to_text(PG_GETARG_JSONB_P(0), &in.plan_len);
    in.actuals = slpg_jsonb_to_text(PG_GETARG_JSONB_P(1), &in.actuals_len);
    in.as_of = NULL;
    if (PG_NARGS() > 2) {
        slpg_date_text(date, "salesplan_track", PG_GETARG_DATEADT(2));
        in.as_of = date;
    }
    CHECK_FOR_INTERRUPTS();

    slpg_held h;
    memset(&h, 0, sizeof h);
    salesplan_error err;
    salesplan_status rc = SALESPLAN_EINTERNAL;
    const char *what = "plan";
    Datum result = (Datum)0;
    PG_TRY();
    {
        rc = run(&h, &in, &err, &what, &result);
    }
    PG_FINALLY();
    {
        slpg_held_free(&h);
    }
    PG_END_TRY();
    if (rc != SALESPLAN_OK)
        slpg_raise("salesplan_track", what, rc, &err);
    PG_RETURN_DATUM(result);
}
