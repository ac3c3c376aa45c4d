-- The functions against the CLI (jsonb = jsonb: jsonb orders keys its own way
-- on both sides), options, NULL handling and the function markings.
-- $SALESPLAN_CLI, $SALESPLAN_DATA and $SALESPLAN_TMP come from scripts/pg_test.sh.
CREATE EXTENSION salesplan;
\set plan `"$SALESPLAN_CLI" example`
\set cli_plan `"$SALESPLAN_CLI" example | "$SALESPLAN_CLI" plan - --format json 2>/dev/null`
\set cli_expected `"$SALESPLAN_CLI" example | "$SALESPLAN_CLI" plan - --expected --format json 2>/dev/null`
\set cli_conf `"$SALESPLAN_CLI" example | "$SALESPLAN_CLI" plan - --confidence 0.8 --format json 2>/dev/null`

-- salesplan_plan equals `salesplan plan --format json`, with every option.
SELECT salesplan_plan(:'plan') = :'cli_plan'::jsonb AS plan_equals_cli;
SELECT salesplan_plan(:'plan', '{}') = :'cli_plan'::jsonb AS no_options_equals_cli;
SELECT salesplan_plan(:'plan', '{"expected": true}') = :'cli_expected'::jsonb AS expected_equals_cli;
SELECT salesplan_plan(:'plan', '{"confidence": 0.8}') = :'cli_conf'::jsonb AS confidence_equals_cli;
SELECT salesplan_plan(:'plan', '{"confidence": null, "expected": false}') = :'cli_plan'::jsonb
       AS nulls_are_absent;
-- A few figures read straight from the document.
SELECT r->>'salesplan' AS version, r->>'mode' AS mode, r->'target'->>'revenue' AS revenue,
       jsonb_array_length(r->'stages') AS stages, r->'stages'->0->>'name' AS first_stage
FROM salesplan_plan(:'plan') AS r;
SELECT salesplan_plan(:'plan', '{"confidence": 0.8}')->>'confidence' AS confidence;

-- salesplan_validate: no row for a valid plan; the problems of an invalid one.
SELECT count(*) AS problems FROM salesplan_validate(:'plan');
SELECT * FROM salesplan_validate(jsonb_set(jsonb_set(:'plan', '{funnel,stages,1,conversion}', '1.5'),
                                           '{deal,average_size}', '-3'));
-- line:col point into jsonb_pretty(plan): line 88 there, from column 31, is the 1.5.
SELECT substr(split_part(jsonb_pretty(jsonb_set(:'plan', '{funnel,stages,1,conversion}', '1.5')),
                         E'\n', 88), 17) AS line_88_from_col_17;
SELECT * FROM salesplan_validate('{"salesplan": 1}');
SELECT * FROM salesplan_validate('[1, 2]');

-- salesplan_track equals `salesplan track --actuals --format json`, with and
-- without as_of.
\set tplan `cat "$SALESPLAN_DATA/actuals/plan.json"`
\set actuals `cat "$SALESPLAN_DATA/actuals/actuals.json"`
\set cli_track `"$SALESPLAN_CLI" track "$SALESPLAN_DATA/actuals/plan.json" --actuals "$SALESPLAN_DATA/actuals/actuals.json" --format json 2>/dev/null`
\set cli_track_asof `"$SALESPLAN_CLI" track "$SALESPLAN_DATA/actuals/plan.json" --actuals "$SALESPLAN_DATA/actuals/actuals.json" --as-of 2026-06-08 --format json 2>/dev/null`
SELECT salesplan_track(:'tplan', :'actuals') = :'cli_track'::jsonb AS track_equals_cli;
SELECT salesplan_track(:'tplan', :'actuals', '2026-06-08') = :'cli_track_asof'::jsonb
       AS track_as_of_equals_cli;
SELECT t->>'as_of' AS as_of, t->>'booked' AS booked, t->>'status' AS status,
       jsonb_array_length(t->'reps') AS reps
FROM salesplan_track(:'tplan', :'actuals', '2026-06-08') AS t;

-- salesplan_simulate equals `salesplan simulate --trials N --seed S --format json`.
\set cli_sim `"$SALESPLAN_CLI" example | "$SALESPLAN_CLI" simulate - --trials 20000 --seed 42 --format json 2>/dev/null`
\set cli_sim0 `"$SALESPLAN_CLI" example | "$SALESPLAN_CLI" simulate - --trials 1 --seed 0 --format json 2>/dev/null`
SELECT salesplan_simulate(:'plan', 20000, 42) = :'cli_sim'::jsonb AS simulate_equals_cli;
SELECT salesplan_simulate(:'plan', 1, 0) = :'cli_sim0'::jsonb AS one_trial_equals_cli;
SELECT s->>'trials' AS trials, s->>'seed' AS seed FROM salesplan_simulate(:'plan', 20000, 42) AS s;
-- Same seed, same answer; another seed, another sample.
SELECT salesplan_simulate(:'plan', 5000, 7) = salesplan_simulate(:'plan', 5000, 7) AS same_seed,
       salesplan_simulate(:'plan', 5000, 7) <> salesplan_simulate(:'plan', 5000, 8) AS other_seed;

-- NULL in, NULL out (STRICT): no call reaches the library.
SELECT salesplan_plan(NULL) IS NULL AS a, salesplan_plan(:'plan', NULL) IS NULL AS b,
       salesplan_track(NULL, :'actuals') IS NULL AS c,
       salesplan_track(:'tplan', :'actuals', NULL) IS NULL AS d,
       salesplan_simulate(:'plan', NULL, 1) IS NULL AS e,
       salesplan_simulate(:'plan', 10, NULL) IS NULL AS f;
SELECT count(*) AS rows FROM salesplan_validate(NULL);

-- Markings: every function STRICT, IMMUTABLE and PARALLEL SAFE.
SELECT p.proname, pg_get_function_identity_arguments(p.oid) AS args,
       p.proisstrict AS strict, p.provolatile AS volatility, p.proparallel AS parallel
FROM pg_proc p JOIN pg_depend d ON d.objid = p.oid AND d.deptype = 'e'
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'salesplan'
ORDER BY 1, 2;

-- Inside a parallel plan: the functions run in the workers.
CREATE TABLE plans AS SELECT g AS id, jsonb_set(:'plan', '{name}', to_jsonb('Plan ' || g)) AS p
FROM generate_series(1, 200) g;
ANALYZE plans;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF)
SELECT sum((salesplan_plan(p)->'target'->>'deals_needed')::numeric) FROM plans;
SELECT sum((salesplan_plan(p)->'target'->>'deals_needed')::numeric) AS deals_parallel FROM plans;
SET max_parallel_workers_per_gather = 0;
SELECT sum((salesplan_plan(p)->'target'->>'deals_needed')::numeric) AS deals_serial,
       count(DISTINCT salesplan_plan(p)->>'name') AS names FROM plans;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
