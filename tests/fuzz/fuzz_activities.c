/* Fuzz target: an activity log and a deals export (split at the first form
 * feed; without one the input is the log and the deals are fixed), read with
 * and without a plan, rendered as JSON and Markdown and emitted. The first
 * byte picks options (window, shape, date order). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "salesplan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char PLAN[] =
    "{\"salesplan\": 1, \"name\": \"Fuzz\", \"period\": {\"start\": \"2026-04-01\", \"days\": "
    "30}, \"target\": {\"revenue\": 60000}, \"deal\": {\"average_size\": 6000}, \"funnel\": "
    "{\"stages\": [{\"name\": \"Lead\", \"conversion\": 0.5}, {\"name\": \"Meeting\", "
    "\"conversion\": 0.5}, {\"name\": \"Won\"}]}, \"activities\": [{\"name\": \"Cold email\", "
    "\"stage\": \"Lead\", \"per_entry\": 50}, {\"name\": \"Meeting\", \"stage\": \"Meeting\", "
    "\"per_entry\": 2}]}";

static const char DEALS[] = "id,owner,account,stage,created,closed\n"
                            "d1,A,Acme,won,2026-04-01,2026-04-09\n"
                            "d2,B,Beta,lost,2026-04-02,2026-04-12\n"
                            "d3,B,Gamma,Meeting,2026-04-03,\n";

static void one(const char *log, size_t ln, const char *deals, size_t dn,
                const salesplan_activities_options *o)
{
    salesplan_activities *a = NULL;
    if (salesplan_activities_buffer(&a, log, ln, deals, dn, o, NULL) != SALESPLAN_OK)
        return;
    char *out = NULL;
    if (salesplan_activities_render(&out, NULL, a, SALESPLAN_FORMAT_JSON, NULL) == SALESPLAN_OK)
        salesplan_free(out);
    if (salesplan_activities_render(&out, NULL, a, SALESPLAN_FORMAT_MARKDOWN, NULL) ==
        SALESPLAN_OK)
        salesplan_free(out);
    if (salesplan_activities_emit(&out, NULL, a, NULL) == SALESPLAN_OK)
        salesplan_free(out);
    for (size_t i = 0; i < salesplan_activities_count(a); i++)
        for (size_t j = 0; j < salesplan_activities_owner_count(a, i); j++)
            if (salesplan_activities_owner_get(a, i, j) == NULL)
                abort();
    salesplan_activities_free(a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static salesplan_plan *plan;
    if (!plan && salesplan_plan_load_buffer(&plan, PLAN, strlen(PLAN), NULL) != SALESPLAN_OK)
        abort();
    unsigned pick = size ? data[0] : 0;
    const char *text = (const char *)data + (size ? 1 : 0);
    size_t n = size ? size - 1 : 0;
    const char *ff = memchr(text, '\f', n);
    const char *log = text, *deals = DEALS;
    size_t ln = n, dn = strlen(DEALS);
    if (ff) {
        ln = (size_t)(ff - text);
        deals = ff + 1;
        dn = n - ln - 1;
    }
    salesplan_activities_options o = SALESPLAN_ACTIVITIES_OPTIONS_INIT;
    o.window_days = (long)(pick & 7u) * 10;
    o.deals_shape = (int)((pick >> 3) % 3u);
    o.date_order = (int)((pick >> 5) % 3u);
    static const char *const ty[] = {"email"}, *const ac[] = {"Cold email"};
    o.map_types = ty;
    o.map_activities = ac;
    o.map_count = 1;
    one(log, ln, deals, dn, &o);
    o.plan = plan;
    one(log, ln, deals, dn, &o);
    return 0;
}
