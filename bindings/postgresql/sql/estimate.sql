-- salesplan_estimate_agg against `salesplan estimate --format json` on the
-- same rows: serial and forced-parallel plans, GROUP BY, options, NULLs and
-- corrupt state bytes. The aggregate's document is the CLI's but for what
-- describes a file: `bytes` (its size: 0 for rows) and `columns` (the
-- header's names; the aggregate's are stage, created, closed, amount),
-- which the comparisons drop on both sides (docs/postgresql.md).
CREATE FUNCTION doc(d jsonb) RETURNS jsonb
  LANGUAGE sql IMMUTABLE AS $$ SELECT d - 'bytes' - 'columns' $$;
CREATE TABLE deals (agent text, stage text, created date, closed date, amount float8);
\set fixture `echo "$SALESPLAN_DATA/estimate/by_agent.csv"`
COPY deals FROM :'fixture' WITH (FORMAT csv, HEADER true);
SELECT count(*) AS rows FROM deals;
\set cli `"$SALESPLAN_CLI" estimate "$SALESPLAN_DATA/estimate/by_agent.csv" --format json 2>/dev/null`

-- Serial plan: the aggregate's document, and which keys differ from the CLI's.
SELECT jsonb_pretty(salesplan_estimate_agg(stage, created, closed, amount)) AS estimate FROM deals;
SELECT coalesce(a.key, c.key) AS differs
FROM jsonb_each((SELECT salesplan_estimate_agg(stage, created, closed, amount) FROM deals)) a
FULL JOIN jsonb_each(:'cli'::jsonb) c USING (key)
WHERE a.value IS DISTINCT FROM c.value ORDER BY 1;
SELECT doc(salesplan_estimate_agg(stage, created, closed, amount)) = doc(:'cli')
       AS serial_equals_cli FROM deals;

-- Forced parallel plan: Partial Aggregate in the workers, the states sent as
-- bytes, merged by the leader.
CREATE TABLE many AS SELECT d.* FROM deals d, generate_series(1, 2000);
ANALYZE many;
\set cli_many `f="$SALESPLAN_TMP/many.csv"; { head -n 1 "$SALESPLAN_DATA/estimate/by_agent.csv"; for i in $(seq 2000); do tail -n +2 "$SALESPLAN_DATA/estimate/by_agent.csv"; done; } > "$f" && "$SALESPLAN_CLI" estimate "$f" --format json 2>/dev/null`
SELECT doc(salesplan_estimate_agg(stage, created, closed, amount)) = doc(:'cli_many')
       AS serial_many_equals_cli FROM many;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF) SELECT salesplan_estimate_agg(stage, created, closed, amount) FROM many;
SELECT doc(salesplan_estimate_agg(stage, created, closed, amount)) = doc(:'cli_many')
       AS parallel_equals_cli FROM many;
-- One row per agent, each the CLI's estimate of that agent's rows; in
-- parallel (Partial HashAggregate or GroupAggregate) and serially.
EXPLAIN (COSTS OFF)
SELECT agent, salesplan_estimate_agg(stage, created, closed, amount) FROM many GROUP BY agent;
\set cli_ann `grep -E '^(agent|ann),' "$SALESPLAN_TMP/many.csv" > "$SALESPLAN_TMP/ann.csv" && "$SALESPLAN_CLI" estimate "$SALESPLAN_TMP/ann.csv" --format json 2>/dev/null`
\set cli_bob `grep -E '^(agent|bob),' "$SALESPLAN_TMP/many.csv" > "$SALESPLAN_TMP/bob.csv" && "$SALESPLAN_CLI" estimate "$SALESPLAN_TMP/bob.csv" --format json 2>/dev/null`
\set cli_cid `grep -E '^(agent|cid),' "$SALESPLAN_TMP/many.csv" > "$SALESPLAN_TMP/cid.csv" && "$SALESPLAN_CLI" estimate "$SALESPLAN_TMP/cid.csv" --format json 2>/dev/null`
\set cli_zed `grep -E '^(agent|zed),' "$SALESPLAN_TMP/many.csv" > "$SALESPLAN_TMP/zed.csv" && "$SALESPLAN_CLI" estimate "$SALESPLAN_TMP/zed.csv" --format json 2>/dev/null`
CREATE TEMP TABLE cli_agents AS
SELECT * FROM (VALUES ('ann', doc(:'cli_ann')), ('bob', doc(:'cli_bob')),
                      ('cid', doc(:'cli_cid')), ('zed', doc(:'cli_zed'))) v(agent, doc);
SELECT g.agent, g.e->>'deals' AS deals, g.e->>'win_rate' AS win_rate, doc(g.e) = c.doc AS equals_cli
FROM (SELECT agent, salesplan_estimate_agg(stage, created, closed, amount) AS e
      FROM many GROUP BY agent) g JOIN cli_agents c USING (agent) ORDER BY agent;
RESET parallel_leader_participation;
SET max_parallel_workers_per_gather = 0;
SELECT g.agent, doc(g.e) = c.doc AS serial_equals_cli
FROM (SELECT agent, salesplan_estimate_agg(stage, created, closed, amount) AS e
      FROM many GROUP BY agent) g JOIN cli_agents c USING (agent) ORDER BY agent;
-- Hash aggregation, sorted aggregation: the same documents.
SET enable_hashagg = off;
SELECT g.agent, doc(g.e) = c.doc AS sorted_equals_cli
FROM (SELECT agent, salesplan_estimate_agg(stage, created, closed, amount) AS e
      FROM many GROUP BY agent) g JOIN cli_agents c USING (agent) ORDER BY agent;
RESET enable_hashagg;
RESET max_parallel_workers_per_gather;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;

-- Options: won/lost stage names, as --won/--lost.
\set cli_names `printf 'stage,created,closed,amount\nSigned,2024-01-01,2024-01-11,100\nDropped,2024-01-01,2024-01-02,\nSigned,2024-01-03,2024-01-05,300\nOpen,2024-01-04,,\n' > "$SALESPLAN_TMP/names.csv" && "$SALESPLAN_CLI" estimate "$SALESPLAN_TMP/names.csv" --won Signed --lost dropped --format json 2>/dev/null`
CREATE TABLE names (stage text, created date, closed date, amount float8);
INSERT INTO names VALUES ('Signed', '2024-01-01', '2024-01-11', 100),
  ('Dropped', '2024-01-01', '2024-01-02', NULL), ('Signed', '2024-01-03', '2024-01-05', 300),
  ('Open', '2024-01-04', NULL, NULL);
SELECT doc(salesplan_estimate_agg(stage, created, closed, amount, '{"won": "Signed", "lost": ["dropped"]}'))
       = doc(:'cli_names') AS names_equal_cli FROM names;
SELECT e->>'won' AS won, e->>'lost' AS lost, e->>'open' AS open
FROM (SELECT salesplan_estimate_agg(stage, created, closed, amount) AS e FROM names) s;
SELECT doc(salesplan_estimate_agg(stage, created, closed, amount, NULL)) = doc(:'cli')
       AS null_options_are_defaults FROM deals;

-- NULLs: a NULL value is an empty field (a won deal without closed date
-- counts as won, not in cycle days); no rows gives NULL.
CREATE TABLE nulls (stage text, created date, closed date, amount float8);
INSERT INTO nulls VALUES ('Won', '2024-01-01', NULL, 50), ('Won', '2024-01-01', '2024-01-05', NULL),
  ('Lost', NULL, NULL, NULL), (NULL, '2024-01-01', '2024-01-02', 10);
\set cli_nulls `printf 'stage,created,closed,amount\nWon,2024-01-01,,50\nWon,2024-01-01,2024-01-05,\nLost,,,\n,2024-01-01,2024-01-02,10\n' > "$SALESPLAN_TMP/nulls.csv" && "$SALESPLAN_CLI" estimate "$SALESPLAN_TMP/nulls.csv" --format json 2>/dev/null`
SELECT e->>'deals' AS deals, e->>'won' AS won, e->'cycle_days'->>'count' AS cycle_count,
       e->'won_amount'->>'count' AS amount_count, e->'skipped'->>'count' AS skipped,
       doc(e) = doc(:'cli_nulls') AS equals_cli
FROM (SELECT salesplan_estimate_agg(stage, created, closed, amount) AS e FROM nulls) s;
SELECT salesplan_estimate_agg(stage, created, closed, amount) IS NULL AS no_rows_is_null
FROM deals WHERE false;

-- Errors: bad options, infinite dates (22023).
SELECT salesplan_estimate_agg(stage, created, closed, amount, '{"wins": "x"}') FROM deals;
SELECT salesplan_estimate_agg(stage, created, closed, amount, '{"won": 3}') FROM deals;
SELECT salesplan_estimate_agg(stage, created, closed, amount, '[1]') FROM deals;
SELECT salesplan_estimate_agg(stage, created, closed, amount, '{"max_reported": -1}') FROM deals;
SELECT salesplan_estimate_agg('Won', 'infinity', NULL, 1);
\echo :LAST_ERROR_SQLSTATE

-- The state as bytes: per-agent states merged elsewhere equal the whole
-- (what a Citus-style coordinator does with its workers' partial states).
SELECT length(salesplan_estimate_state_agg(stage, created, closed, amount)) > 0 AS has_bytes
FROM deals;
SELECT doc(salesplan_estimate_merge_agg(s)) = doc(:'cli_many') AS merged_equals_cli
FROM (SELECT agent, salesplan_estimate_state_agg(stage, created, closed, amount) AS s
      FROM many GROUP BY agent) per_agent;
SELECT doc(salesplan_estimate_merge_agg(s)) = doc(:'cli_names') AS merged_options_equal_cli
FROM (SELECT salesplan_estimate_state_agg(stage, created, closed, amount,
                                          '{"won": "Signed", "lost": "dropped"}') AS s
      FROM names GROUP BY stage) per_stage;
-- Merging states made with other options is refused.
SELECT salesplan_estimate_merge_agg(s) FROM (
  SELECT salesplan_estimate_state_agg(stage, created, closed, amount) AS s FROM deals
  UNION ALL
  SELECT salesplan_estimate_state_agg(stage, created, closed, amount, '{"won": "Signed"}') FROM deals) v;
-- Corrupt or truncated bytes reach the library's deserialize: an error
-- (22P03), never a crash.
SELECT salesplan_estimate_merge_agg('\x00'::bytea);
\echo :LAST_ERROR_SQLSTATE
SELECT salesplan_estimate_merge_agg(decode(repeat('ff', 64), 'hex'));
\echo :LAST_ERROR_SQLSTATE
SELECT salesplan_estimate_merge_agg(substr(s, 1, length(s) - 1)) FROM (
  SELECT salesplan_estimate_state_agg(stage, created, closed, amount) AS s FROM deals) v;
\echo :LAST_ERROR_SQLSTATE
SELECT salesplan_estimate_merge_agg(overlay(s placing '\xff'::bytea from length(s) - 3)) FROM (
  SELECT salesplan_estimate_state_agg(stage, created, closed, amount) AS s FROM deals) v;
\echo :LAST_ERROR_SQLSTATE
SELECT salesplan_estimate_merge_agg(NULL::bytea) IS NULL AS null_bytes_give_null;
SELECT 1 AS still_connected;

-- strict: the first malformed row (here a NULL stage) raises 22023 naming it.
SELECT salesplan_estimate_agg(stage, created, closed, amount, '{"strict": true}') FROM nulls;
\echo :LAST_ERROR_SQLSTATE
-- As a window aggregate: the final function runs many times on one state
-- (read only); a running win rate per agent, row by row.
SELECT agent, stage, (salesplan_estimate_agg(stage, created, closed, amount)
                        OVER (ORDER BY agent))->>'win_rate' AS running_win_rate
FROM deals ORDER BY agent;
SELECT 1 AS still_connected;
