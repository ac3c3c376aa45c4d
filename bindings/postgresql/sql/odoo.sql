-- An Odoo-shaped CRM (crm_stage, res_users, crm_lead) and the query a plugin
-- runs to track the quarter: the actuals document is built from the CRM's
-- own rows and compared with `salesplan track` on the same document.
CREATE TABLE res_users (id serial PRIMARY KEY, login text NOT NULL, name text NOT NULL);
CREATE TABLE crm_stage (id serial PRIMARY KEY, name text NOT NULL, sequence int NOT NULL,
                        is_won boolean NOT NULL DEFAULT false);
CREATE TABLE crm_lead (
  id serial PRIMARY KEY, name text NOT NULL, type text NOT NULL DEFAULT 'opportunity',
  active boolean NOT NULL DEFAULT true, user_id int REFERENCES res_users,
  stage_id int REFERENCES crm_stage, expected_revenue numeric,
  create_date timestamp NOT NULL, date_closed timestamp);
INSERT INTO res_users (login, name) VALUES ('ann@example.com', 'Ann'), ('bob@example.com', 'Bob'),
  ('sid@example.com', 'Sid');
INSERT INTO crm_stage (name, sequence, is_won) VALUES ('Opp', 1, false), ('Prop', 2, false),
  ('Won', 3, true);
INSERT INTO crm_lead (name, user_id, stage_id, expected_revenue, create_date, date_closed) VALUES
  ('Acme renewal', 1, 3, 6000, '2026-05-20', '2026-06-01 10:00'),
  ('Globex', 1, 3, 12000, '2026-05-22', '2026-06-03 16:30'),
  ('Initech', 2, 3, 5000, '2026-05-25', '2026-06-04 09:00'),   -- after as_of: ignored
  ('Umbrella', 2, 3, 9000, '2026-04-02', '2026-05-28 12:00'),  -- before the period
  ('Hooli', 1, 1, 8000, '2026-05-30', NULL),
  ('Stark', 1, 1, 7000, '2026-06-02', NULL),
  ('Wayne', 1, 1, 4000, '2026-06-02', NULL),
  ('Tyrell', 2, 2, 15000, '2026-05-15', NULL),
  ('Cyberdyne', 2, 2, 11000, '2026-05-18', NULL);
INSERT INTO crm_lead (name, type, user_id, stage_id, create_date) VALUES
  ('A lead, not an opportunity', 'lead', 1, 1, '2026-06-01');
INSERT INTO crm_lead (name, active, user_id, stage_id, create_date) VALUES
  ('Archived', false, 2, 2, '2026-06-01');
\set plan `cat "$SALESPLAN_DATA/actuals/plan.json"`

-- The plugin's query: won deals closed in [period start, as_of] are bookings,
-- open opportunities are pipeline by rep and stage.
SELECT jsonb_build_object(
  'salesplan_actuals', 1,
  'as_of', to_char(date '2026-06-03', 'YYYY-MM-DD'),
  'bookings', coalesce((
     SELECT jsonb_agg(jsonb_build_object('date', to_char(l.date_closed, 'YYYY-MM-DD'),
                                         'amount', l.expected_revenue, 'rep', u.name,
                                         'id', 'crm.lead/' || l.id) ORDER BY l.id)
     FROM crm_lead l JOIN crm_stage s ON s.id = l.stage_id LEFT JOIN res_users u ON u.id = l.user_id
     WHERE l.active AND l.type = 'opportunity' AND s.is_won
       AND l.date_closed >= date (:'plan'::jsonb->'period'->>'start')), '[]'),
  'pipeline', coalesce((
     SELECT jsonb_agg(jsonb_build_object('rep', u.name, 'stage', s.name, 'count', n)
                      ORDER BY u.name, s.sequence)
     FROM (SELECT user_id, stage_id, count(*) AS n FROM crm_lead
           WHERE active AND type = 'opportunity' AND date_closed IS NULL
           GROUP BY user_id, stage_id) c
     JOIN crm_stage s ON s.id = c.stage_id JOIN res_users u ON u.id = c.user_id
     WHERE NOT s.is_won), '[]')) AS actuals \gset
SELECT jsonb_pretty(:'actuals'::jsonb) AS actuals;

\set cli_track `printf '%s' :'actuals' > "$SALESPLAN_TMP/odoo_actuals.json" && "$SALESPLAN_CLI" track "$SALESPLAN_DATA/actuals/plan.json" --actuals "$SALESPLAN_TMP/odoo_actuals.json" --format json 2>/dev/null`
SELECT salesplan_track(:'plan', :'actuals') = :'cli_track'::jsonb AS odoo_track_equals_cli;

-- What the plugin shows: the team, then one row per rep.
SELECT t->>'booked' AS booked, t->>'attainment' AS attainment, t->>'status' AS status,
       t->>'gap' AS gap, jsonb_array_length(t->'warnings') AS warnings
FROM salesplan_track(:'plan', :'actuals') AS t;
SELECT r->>'name' AS rep, r->>'role' AS role, r->>'booked' AS booked, r->>'status' AS status,
       r->>'deals_needed' AS deals_needed
FROM salesplan_track(:'plan', :'actuals') AS t, jsonb_array_elements(t->'reps') AS r;

-- The plugin's estimate per salesperson, straight from crm_lead: a won stage
-- is won, an archived opportunity (Odoo's "mark as lost") is lost, the rest
-- are open at their stage. One row per salesperson, each equal to the
-- figures of `salesplan estimate --group rep` on the same rows as a CSV.
CREATE VIEW odoo_deals AS
SELECT u.name AS rep,
       CASE WHEN s.is_won THEN 'Won' WHEN NOT l.active THEN 'Lost' ELSE s.name END AS stage,
       l.create_date::date AS created, l.date_closed::date AS closed,
       l.expected_revenue::float8 AS amount
FROM crm_lead l JOIN crm_stage s ON s.id = l.stage_id LEFT JOIN res_users u ON u.id = l.user_id
WHERE l.type = 'opportunity';
SELECT rep, e->>'deals' AS deals, e->>'won' AS won, e->>'lost' AS lost, e->>'open' AS open,
       e->>'win_rate' AS win_rate, e->'won_amount'->>'sum' AS won_sum
FROM (SELECT rep, salesplan_estimate_agg(stage, created, closed, amount) AS e
      FROM odoo_deals GROUP BY rep) per_rep ORDER BY rep;
SET datestyle = 'ISO, MDY'; -- pg_regress's default (Postgres) is not a CSV date
\copy (SELECT rep, stage, created, closed, amount FROM odoo_deals ORDER BY rep) TO PROGRAM 'cat > "$SALESPLAN_TMP/odoo_deals.csv"' WITH (FORMAT csv, HEADER true)
\set cli_reps `"$SALESPLAN_CLI" estimate "$SALESPLAN_TMP/odoo_deals.csv" --group rep --format json 2>/dev/null`
SELECT count(*) AS reps,
       bool_and((SELECT jsonb_object_agg(k, e->k) FROM jsonb_object_keys(g - 'column' - 'value') k)
                = g - 'column' - 'value') AS each_equals_cli_group
FROM (SELECT rep, salesplan_estimate_agg(stage, created, closed, amount) AS e
      FROM odoo_deals GROUP BY rep) per_rep
JOIN jsonb_array_elements(:'cli_reps'::jsonb->'groups') g ON g->>'value' = per_rep.rep;
SELECT jsonb_array_length(:'cli_reps'::jsonb->'groups') AS cli_groups;
RESET datestyle;
