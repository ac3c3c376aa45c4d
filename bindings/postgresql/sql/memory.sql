-- No leak across calls: the "salesplan" memory context (every allocation of
-- the library) and the backend's resident size before and after 20,000
-- salesplan_plan calls, 2,000 failing calls and 500 simulations in one session.
\set plan `"$SALESPLAN_CLI" example`
CREATE TEMP TABLE one_plan AS SELECT :'plan'::jsonb AS p;
CREATE FUNCTION rss_kb() RETURNS bigint LANGUAGE sql AS $$
  SELECT (regexp_match(pg_read_file('/proc/' || pg_backend_pid() || '/status'),
                       'VmRSS:\s+(\d+)'))[1]::bigint $$;
CREATE FUNCTION salesplan_used() RETURNS bigint LANGUAGE sql AS $$
  SELECT used_bytes FROM pg_backend_memory_contexts WHERE name = 'salesplan' $$;
-- Warm up: the context's first blocks, and the executor's own peak for this
-- query shape (the backend's RSS grows by ~80 MB on the first 20,000-row
-- jsonb_set join whatever the function, jsonb_pretty as well), then measure.
SELECT count(*) FROM generate_series(1, 20000) g, one_plan
WHERE salesplan_plan(jsonb_set(p, '{name}', to_jsonb('Plan ' || g))) IS NOT NULL;
SELECT salesplan_used() AS used0, rss_kb() AS rss0 \gset
SELECT count(*) FROM generate_series(1, 20000) g, one_plan
WHERE salesplan_plan(jsonb_set(p, '{name}', to_jsonb('Plan ' || g))) IS NOT NULL;
SELECT salesplan_used() - :used0 AS context_growth_after_plans,
       rss_kb() - :rss0 < 4096 AS rss_growth_under_4mb;
DO $$
DECLARE n int := 0;
BEGIN
  FOR i IN 1..2000 LOOP
    BEGIN
      PERFORM salesplan_plan(jsonb_set(p, '{deal,average_size}', to_jsonb(-i))) FROM one_plan;
    EXCEPTION WHEN invalid_parameter_value THEN n := n + 1;
    END;
  END LOOP;
  RAISE NOTICE '% errors caught', n;
END $$;
SELECT count(*) FROM generate_series(1, 500) g, one_plan
WHERE salesplan_simulate(p, 1000, g) IS NOT NULL;
SELECT count(*) FROM generate_series(1, 2000) g, one_plan,
     LATERAL salesplan_validate(jsonb_set(p, '{funnel,stages,0,conversion}', to_jsonb(g)));
SELECT salesplan_used() - :used0 AS context_growth_after_all,
       rss_kb() - :rss0 < 8192 AS rss_growth_under_8mb;
