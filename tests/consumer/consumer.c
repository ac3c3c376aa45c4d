/* A program built against the INSTALLED library, as a user's would be. */
#include <salesplan.h>
#include <stdio.h>
#include <string.h>

int main(void)
{
    if (strcmp(salesplan_version(), SALESPLAN_VERSION) != 0) {
        fprintf(stderr, "header %s but library %s\n", SALESPLAN_VERSION, salesplan_version());
        return 1;
    }
    salesplan_plan *plan = NULL;
    salesplan_error err;
    if (salesplan_example_plan(&plan) != SALESPLAN_OK) {
        fprintf(stderr, "example plan failed\n");
        return 1;
    }
    int rc = salesplan_plan_set_target_revenue(plan, 500000.0, NULL);
    double t = salesplan_plan_target_revenue(plan);
    salesplan_plan_free(plan);
    if (rc != SALESPLAN_OK || t != 500000.0) {
        fprintf(stderr, "setter/getter mismatch\n");
        return 1;
    }
    rc = salesplan_plan_load_buffer(&plan, "{", 1, &err);
    if (rc != SALESPLAN_ESYNTAX || plan != NULL || err.line != 1) {
        fprintf(stderr, "expected a syntax error at line 1, got %d line %ld\n", rc, err.line);
        return 1;
    }
    printf("consumer ok: libsalesplan %s\n", salesplan_version());
    return 0;
}
