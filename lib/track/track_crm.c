/* Actuals from CRM CSV exports (SPEC §11). NOT IMPLEMENTED YET: the entry
 * point refuses every call with SALESPLAN_EINVAL and says so; the options
 * initialiser is final. */
#include "track/track_internal.h"
salesplan_status salesplan_actuals_csv_options_init(salesplan_actuals_csv_options *opts,
                                                    unsigned version)
{
    if (!opts || version != SALESPLAN_ACTUALS_CSV_OPTIONS_VERSION)
        return SALESPLAN_EINVAL;
    salesplan_actuals_csv_options d = SALESPLAN_ACTUALS_CSV_OPTIONS_INIT;
    *opts = d;
    return SALESPLAN_OK;
}
salesplan_status salesplan_actuals_from_csv(salesplan_actuals **out, const salesplan_plan *plan,
                                            const char *deals, size_t deals_len,
                                            const char *activities, size_t activities_len,
                                            const salesplan_actuals_csv_options *opts,
                                            salesplan_error *err)
{
    (void)plan; (void)deals; (void)deals_len; (void)activities; (void)activities_len; (void)opts;
    if (out) *out = NULL;
    return (salesplan_status)slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0, "reading actuals from CRM CSV exports (--deals/--activities) is not implemented yet; use an actuals document");
}
