-- scripts/pg_test.sh prints these figures after the suite (not compared):
-- the "salesplan" context and the backend's VmRSS after 1, 20,001, 40,001
-- and 60,001 salesplan_plan calls in one session.
\set plan `"$SALESPLAN_CLI" example`
CREATE TEMP TABLE one_plan AS SELECT :'plan'::jsonb AS p;
CREATE TEMP TABLE m(step text, used bigint, total bigint, rss_kb bigint);
CREATE FUNCTION pg_temp.snap(step text) RETURNS void LANGUAGE sql AS $$
  INSERT INTO m SELECT step, c.used_bytes, c.total_bytes,
    (regexp_match(pg_read_file('/proc/' || pg_backend_pid() || '/status'), 'VmRSS:\s+(\d+)'))[1]::bigint
  FROM pg_backend_memory_contexts c WHERE c.name = 'salesplan' $$;
SELECT count(*) FROM one_plan WHERE salesplan_plan(p) IS NOT NULL;
SELECT pg_temp.snap('after 1 call');
SELECT count(*) FROM generate_series(1, 20000) g, one_plan
WHERE salesplan_plan(jsonb_set(p, '{name}', to_jsonb('Plan ' || g))) IS NOT NULL;
SELECT pg_temp.snap('after 20001 calls');
SELECT count(*) FROM generate_series(1, 20000) g, one_plan
WHERE salesplan_plan(jsonb_set(p, '{name}', to_jsonb('Plan ' || g))) IS NOT NULL;
SELECT pg_temp.snap('after 40001 calls');
SELECT count(*) FROM generate_series(1, 20000) g, one_plan
WHERE salesplan_plan(jsonb_set(p, '{name}', to_jsonb('Plan ' || g))) IS NOT NULL;
SELECT pg_temp.snap('after 60001 calls');
SELECT format('pg_test: memory: %s: salesplan context used %s B of %s B, backend VmRSS %s kB',
              step, used, total, rss_kb) FROM m;
