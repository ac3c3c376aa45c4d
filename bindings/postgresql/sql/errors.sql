-- Errors: the SQLSTATE, the message and the DETAIL with the library's path
-- and line:column (of jsonb_pretty(plan)); never a crashed backend.
-- try(q) runs q and prints 'SQLSTATE: message | DETAIL' (or 'ok').
\set plan `"$SALESPLAN_CLI" example`
\set tplan `cat "$SALESPLAN_DATA/actuals/plan.json"`
\set actuals `cat "$SALESPLAN_DATA/actuals/actuals.json"`
CREATE TEMP TABLE t AS SELECT :'plan'::jsonb AS plan, :'tplan'::jsonb AS tplan,
                              :'actuals'::jsonb AS actuals;
CREATE FUNCTION pg_temp.try(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE st text; msg text; det text;
BEGIN
  EXECUTE q;
  RETURN 'ok';
EXCEPTION WHEN OTHERS OR query_canceled THEN
  GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT, det = PG_EXCEPTION_DETAIL;
  RETURN st || ': ' || msg || coalesce(' | ' || nullif(det, ''), '');
END $$;

-- Plans: a rule broken (22023, the path and line:column named), wrong
-- shapes and types; not JSON at all is refused by jsonb itself (22P02).
SELECT pg_temp.try(q) FROM (VALUES
  ($$SELECT salesplan_plan(jsonb_set(plan, '{funnel,stages,1,conversion}', '1.5')) FROM t$$),
  ($$SELECT salesplan_plan('{"salesplan": 1}')$$),
  ($$SELECT salesplan_plan('{"salesplan": 2}')$$),
  ($$SELECT salesplan_plan('[]')$$),
  ($$SELECT salesplan_plan('"a string"')$$),
  ($$SELECT salesplan_plan('null')$$),
  ($$SELECT salesplan_plan(plan || '{"surprise": 1}') FROM t$$),
  ($$SELECT salesplan_plan('{"salesplan": 1')$$),
  ($$SELECT salesplan_plan(jsonb_set(plan, '{target,revenue}', '"a lot"')) FROM t$$),
  ($$SELECT salesplan_plan(jsonb_set(plan, '{period,days}', '1e300')) FROM t$$),
  ($$SELECT salesplan_plan(jsonb_set(plan, '{deal,average_size}', '1e400')) FROM t$$),
  ($$SELECT salesplan_plan(42)$$)) AS v(q);

-- Options.
SELECT pg_temp.try(q) FROM (VALUES
  ($$SELECT salesplan_plan(plan, '{"confidence": 1.5}') FROM t$$),
  ($$SELECT salesplan_plan(plan, '{"confidence": 0}') FROM t$$),
  ($$SELECT salesplan_plan(plan, '{"confidence": "high"}') FROM t$$),
  ($$SELECT salesplan_plan(plan, '{"confidence": 1e400}') FROM t$$),
  ($$SELECT salesplan_plan(plan, '{"expected": 1}') FROM t$$),
  ($$SELECT salesplan_plan(plan, '{"expected": true, "confidence": 0.9}') FROM t$$),
  ($$SELECT salesplan_plan(plan, '{"trials": 5}') FROM t$$),
  ($$SELECT salesplan_plan(plan, '[0.9]') FROM t$$),
  ($$SELECT salesplan_plan(plan, '0.9') FROM t$$)) AS v(q);

-- Tracking: a bad actuals document, an as_of outside the period, bad plans.
SELECT pg_temp.try(q) FROM (VALUES
  ($$SELECT salesplan_track(tplan, jsonb_set(actuals, '{bookings,0,rep}', '"Nobody"')) FROM t$$),
  ($$SELECT salesplan_track(tplan, actuals || '{"x-note": 1, "extra": 2}') FROM t$$),
  ($$SELECT salesplan_track(tplan, jsonb_set(actuals, '{bookings,1,amount}', '-5')) FROM t$$),
  ($$SELECT salesplan_track(tplan, actuals, '2027-01-01') FROM t$$),
  ($$SELECT salesplan_track(tplan, actuals, 'infinity') FROM t$$),
  ($$SELECT salesplan_track(tplan, '{}') FROM t$$),
  ($$SELECT salesplan_track('{}', actuals) FROM t$$),
  ($$SELECT salesplan_track(tplan, '[]') FROM t$$)) AS v(q);

-- Simulation: absurd trial counts and seeds, a bad plan.
SELECT pg_temp.try(q) FROM (VALUES
  ($$SELECT salesplan_simulate(plan, 0, 1) FROM t$$),
  ($$SELECT salesplan_simulate(plan, -5, 1) FROM t$$),
  ($$SELECT salesplan_simulate(plan, 2000000000, 1) FROM t$$),
  ($$SELECT salesplan_simulate(plan, 10, -1) FROM t$$),
  ($$SELECT salesplan_simulate('{}', 10, 1)$$)) AS v(q);

-- The backend is still here.
SELECT 1 AS still_connected;

-- Cancel: a long simulation (50,000,000 trials, several seconds) stops at
-- the statement timeout with 57014, quickly, and the next call works.
SET statement_timeout = '300ms';
SELECT clock_timestamp() AS t0 \gset
SELECT pg_temp.try($$SELECT salesplan_simulate(plan, 50000000, 1) FROM t$$);
RESET statement_timeout;
SELECT clock_timestamp() - :'t0'::timestamptz < interval '5 seconds' AS stopped_quickly;
SELECT salesplan_simulate(plan, 100, 1)->>'trials' AS works_after_cancel FROM t;
