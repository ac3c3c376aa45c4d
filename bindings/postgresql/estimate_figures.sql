-- scripts/pg_test.sh runs this after the suite (needs $SALESPLAN_CLI and
-- $SALESPLAN_TMP): salesplan_estimate_agg against `salesplan estimate` on
-- large inputs, serial and forced-parallel plans, with timings. Each check
-- prints "ok" or "MISMATCH" (pg_test.sh fails on MISMATCH).
--   :shared  the shared CRM export (sales_pipeline.csv) or '' to skip it
--   :rows    rows of the generated input (0 to skip it)
\pset footer off
SET datestyle = 'ISO, MDY';
SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE checks (what text, ok boolean, agg_ms numeric, cli_ms numeric);
CREATE FUNCTION pg_temp.doc(d jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$ SELECT d - 'bytes' - 'columns' $$;
-- The figures a CLI group entry has, read from an estimate document.
CREATE FUNCTION pg_temp.group_part(e jsonb, g jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
  SELECT jsonb_object_agg(k, e->k) FROM jsonb_object_keys(g - 'column' - 'value') k $$;
-- Parallel plans forced: workers run partial aggregates, the leader merges.
CREATE FUNCTION pg_temp.parallel(on_ boolean) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM set_config('parallel_setup_cost', CASE WHEN on_ THEN '0' ELSE '1000' END, false);
  PERFORM set_config('parallel_tuple_cost', CASE WHEN on_ THEN '0' ELSE '0.1' END, false);
  PERFORM set_config('min_parallel_table_scan_size', CASE WHEN on_ THEN '0' ELSE '8MB' END, false);
  PERFORM set_config('max_parallel_workers_per_gather', CASE WHEN on_ THEN '2' ELSE '0' END, false);
  PERFORM set_config('parallel_leader_participation', CASE WHEN on_ THEN 'off' ELSE 'on' END, false);
END $$;

\if :{?shared}
\else
\set shared ''
\endif
SELECT :'shared' <> '' AS with_shared \gset
\if :with_shared
-- The shared export ×8: the same rows 8 times, in a table and in a CSV.
CREATE TABLE pipeline (opportunity_id text, sales_agent text, product text, account text,
  deal_stage text, engage_date date, close_date date, close_value float8);
\setenv SHARED :shared
\copy pipeline FROM PROGRAM 'cat "$SHARED"' WITH (FORMAT csv, HEADER true)
CREATE TABLE pipeline_x8 AS SELECT p.* FROM pipeline p, generate_series(1, 8);
ANALYZE pipeline_x8;
\setenv SHARED :shared
\set t0 `date +%s%N`
\set cli_x8 `f="$SALESPLAN_TMP/shared_x8.csv"; { head -n 1 "$SHARED"; for i in 1 2 3 4 5 6 7 8; do tail -n +2 "$SHARED"; done; } > "$f" && "$SALESPLAN_CLI" estimate "$f" --format json 2>/dev/null`
\set t1 `date +%s%N`
\set cli_x8_groups `"$SALESPLAN_CLI" estimate "$SALESPLAN_TMP/shared_x8.csv" --group sales_agent --format json 2>/dev/null`
SELECT (:t1 - :t0) / 1e6 AS cli_ms \gset
SELECT clock_timestamp() AS a0 \gset
CREATE TEMP TABLE r AS SELECT salesplan_estimate_agg(deal_stage, engage_date, close_date, close_value) AS e
  FROM pipeline_x8;
INSERT INTO checks SELECT 'shared export x8 (' || (SELECT count(*) FROM pipeline_x8) || ' rows), serial',
  pg_temp.doc(e) = pg_temp.doc(:'cli_x8'), round(extract(epoch FROM clock_timestamp() - :'a0') * 1000),
  round(:cli_ms) FROM r;
SELECT coalesce(a.key, c.key) AS differs_from_cli
FROM jsonb_each((SELECT e FROM r)) a FULL JOIN jsonb_each(:'cli_x8'::jsonb) c USING (key)
WHERE a.value IS DISTINCT FROM c.value AND coalesce(a.key, c.key) NOT IN ('bytes', 'columns');
SELECT pg_temp.parallel(true);
SELECT clock_timestamp() AS a0 \gset
INSERT INTO checks SELECT 'shared export x8, parallel (2 workers)',
  pg_temp.doc(salesplan_estimate_agg(deal_stage, engage_date, close_date, close_value))
    = pg_temp.doc(:'cli_x8'),
  round(extract(epoch FROM clock_timestamp() - :'a0') * 1000), NULL FROM pipeline_x8;
-- One row per salesperson, each the CLI's --group sales_agent figures.
INSERT INTO checks SELECT 'shared export x8 per salesperson, parallel (' || count(*) || ' rows)',
  count(*) = jsonb_array_length(:'cli_x8_groups'::jsonb->'groups')
  AND bool_and(pg_temp.group_part(a.e, g) = g - 'column' - 'value'), NULL, NULL
FROM (SELECT sales_agent, salesplan_estimate_agg(deal_stage, engage_date, close_date, close_value) AS e
      FROM pipeline_x8 GROUP BY sales_agent) a
JOIN jsonb_array_elements(:'cli_x8_groups'::jsonb->'groups') g ON g->>'value' = a.sales_agent;
SELECT pg_temp.parallel(false);
SELECT format('pg_test: estimate: shared export x8: the state is %s bytes',
              length(salesplan_estimate_state_agg(deal_stage, engage_date, close_date, close_value)))
FROM pipeline_x8;
\endif

\if :{?rows}
\else
\set rows 0
\endif
SELECT :rows > 0 AS with_rows \gset
\if :with_rows
-- Generated deals: stages, dates and amounts from the row number.
CREATE TABLE gen AS
SELECT CASE g % 7 WHEN 0 THEN 'Lost' WHEN 1 THEN 'Won' WHEN 2 THEN 'Open'
                  WHEN 3 THEN 'Closed Won' WHEN 4 THEN 'closed lost' WHEN 5 THEN 'Won'
                  ELSE 'Proposal' END AS stage,
       date '2020-01-01' + (g % 1500) AS created,
       CASE WHEN g % 7 IN (2, 6) THEN NULL ELSE date '2020-01-01' + (g % 1500) + (g % 97) END AS closed,
       CASE WHEN g % 11 = 0 THEN NULL ELSE ((g::bigint * 7919) % 100000) / 4.0 END AS amount
FROM generate_series(1, :rows) g;
ANALYZE gen;
\copy gen TO PROGRAM 'cat > "$SALESPLAN_TMP/gen.csv"' WITH (FORMAT csv, HEADER true)
\set t0 `date +%s%N`
\set cli_gen `"$SALESPLAN_CLI" estimate "$SALESPLAN_TMP/gen.csv" --format json 2>/dev/null`
\set t1 `date +%s%N`
SELECT (:t1 - :t0) / 1e6 AS cli_ms \gset
SELECT clock_timestamp() AS a0 \gset
INSERT INTO checks SELECT 'generated ' || :rows || ' rows, serial',
  pg_temp.doc(salesplan_estimate_agg(stage, created, closed, amount)) = pg_temp.doc(:'cli_gen'),
  round(extract(epoch FROM clock_timestamp() - :'a0') * 1000), round(:cli_ms) FROM gen;
SELECT pg_temp.parallel(true);
SELECT clock_timestamp() AS a0 \gset
INSERT INTO checks SELECT 'generated ' || :rows || ' rows, parallel (2 workers)',
  pg_temp.doc(salesplan_estimate_agg(stage, created, closed, amount)) = pg_temp.doc(:'cli_gen'),
  round(extract(epoch FROM clock_timestamp() - :'a0') * 1000), NULL FROM gen;
SELECT pg_temp.parallel(false);
SELECT format('pg_test: estimate: generated %s rows: the state is %s bytes', :rows,
              length(salesplan_estimate_state_agg(stage, created, closed, amount)))
FROM gen;
\endif
SELECT format('pg_test: estimate: %s: %s%s', what, CASE WHEN ok THEN 'ok' ELSE 'MISMATCH' END,
              CASE WHEN agg_ms IS NULL THEN '' ELSE ' (aggregate ' || agg_ms || ' ms' ||
                CASE WHEN cli_ms IS NULL THEN '' ELSE ', CLI ' || cli_ms || ' ms' END || ')' END)
FROM checks;

-- No state outlives its query, even one that fails: after a warm-up, the
-- library's context uses as much after 1,000 more aggregates (half of them
-- raising on corrupt state bytes) as before them.
CREATE TEMP TABLE few AS SELECT * FROM (VALUES ('Won', date '2024-01-01', date '2024-01-09', 10.0),
  ('Lost', date '2024-01-02', date '2024-01-03', NULL), ('Open', NULL, NULL, 5)) v(s, c, d, a);
CREATE FUNCTION pg_temp.used() RETURNS bigint LANGUAGE sql AS
  $$ SELECT used_bytes FROM pg_backend_memory_contexts WHERE name = 'salesplan' $$;
CREATE FUNCTION pg_temp.churn(n int) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  FOR i IN 1 .. n LOOP
    PERFORM s, salesplan_estimate_agg(s, c, d, a) FROM few GROUP BY s;
    BEGIN
      PERFORM salesplan_estimate_merge_agg(b) FROM (
        SELECT salesplan_estimate_state_agg(s, c, d, a) AS b FROM few
        UNION ALL SELECT '\x00'::bytea) v;
    EXCEPTION WHEN invalid_binary_representation THEN NULL;
    END;
  END LOOP;
END $$;
SELECT pg_temp.churn(10); -- warm-up: the first calls may keep what they reuse
SELECT pg_temp.used() AS used0 \gset
SELECT pg_temp.churn(500);
SELECT format('pg_test: estimate: salesplan context used %s B before and %s B after 1000 aggregates: %s',
              :used0, pg_temp.used(), CASE WHEN pg_temp.used() = :used0 THEN 'ok' ELSE 'MISMATCH' END);
