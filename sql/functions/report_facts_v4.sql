-- Report facts, version 4: the functions and triggers that maintain report_participant_facts and its companions
-- (design and definitions: migrations 1764000800000-ReportFacts, 1765300000000-ReportDefinitions,
-- 1766600100000-LateInfusionsScreeningRelapses and 1766900000000-LateInfusionsAcrossPmlSuspicions, docs/science/outcomes.md).
-- Change from version 3: late infusions keep every infusion given after its due date, also one given while a PML
-- suspicion was open the day before; whether the participant was overdue before the suspicion (and so missed an
-- infusion) is the report's to decide with its period end and A7 tolerance (libs/reporting data-quality.report.ts);
-- so adverse events mark only the sdv part again.
-- Migration 1766900000000-LateInfusionsAcrossPmlSuspicions applies this file. Released: never edit it. A change is
-- report_facts_v5.sql plus a migration that applies it (README "Architecture" → database functions).

CREATE OR REPLACE FUNCTION report_interval_band(weeks integer) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN weeks IS NULL THEN NULL WHEN weeks <= 4 THEN '4' WHEN weeks >= 8 THEN '>=8' ELSE weeks::text END
$$;

CREATE OR REPLACE FUNCTION report_observed(p_ids uuid[]) RETURNS TABLE (participant_id uuid, study_id uuid, site_id uuid, f date, t date)
LANGUAGE sql STABLE AS $$
  SELECT p.id, p.study_id, p.site_id, p.enrolment_date, coalesce(p.withdrawal_date, p.completion_date, 'infinity'::date)
    FROM participant p
   WHERE p.id = ANY(p_ids) AND p.enrolment_date IS NOT NULL AND p.status IN ('enrolled', 'completed', 'withdrawn', 'lost-to-follow-up')
$$;

CREATE OR REPLACE FUNCTION report_counted_onsets(p_onsets date[], p_ok boolean[]) RETURNS date[] LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE counted date[] := '{}'; last_counted date; i integer;
BEGIN
  FOR i IN 1 .. coalesce(cardinality(p_onsets), 0) LOOP
    IF p_ok[i] AND (last_counted IS NULL OR p_onsets[i] - last_counted >= 30) THEN
      counted := counted || p_onsets[i];
      last_counted := p_onsets[i];
    END IF;
  END LOOP;
  RETURN counted;
END $$;

-- p_parts: infusions, troughs, planned_infusions, decisions, mri, activity, visits, jcv, sdv; NULL = all.
CREATE OR REPLACE FUNCTION report_facts_refresh(p_ids uuid[], p_parts text[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  do_all boolean := p_parts IS NULL;
  do_inf boolean := do_all OR 'infusions' = ANY(p_parts);
  do_tr boolean := do_inf OR 'troughs' = ANY(p_parts);
  do_missed boolean := do_inf OR 'decisions' = ANY(p_parts) OR 'planned_infusions' = ANY(p_parts);
  do_dec boolean := do_all OR 'decisions' = ANY(p_parts);
  do_mri boolean := do_all OR 'mri' = ANY(p_parts);
  do_act boolean := do_all OR 'activity' = ANY(p_parts);
  do_vis boolean := do_all OR 'visits' = ANY(p_parts);
  do_jcv boolean := do_all OR 'jcv' = ANY(p_parts);
  do_sdv boolean := do_all OR 'sdv' = ANY(p_parts);
  do_fu boolean := do_vis OR do_mri OR do_act;
BEGIN
  IF p_ids IS NULL OR cardinality(p_ids) = 0 THEN RETURN; END IF;
  INSERT INTO report_participant_facts (participant_id)
  SELECT p.id FROM participant p WHERE p.id = ANY(p_ids) ON CONFLICT DO NOTHING;
  -- Lock first, read after: the statements below take fresh snapshots that include every writer that held
  -- these rows before us (see the migration's comment).
  PERFORM 1 FROM report_participant_facts f WHERE f.participant_id = ANY(p_ids) ORDER BY f.participant_id FOR UPDATE;

  IF do_inf THEN
    DELETE FROM report_span_facts x WHERE x.participant_id = ANY(p_ids);
    WITH ep AS (
      SELECT i.participant_id AS pid, i.date AS lo, coalesce(lead(i.date) OVER w - 1, 'infinity'::date) AS hi,
             round((i.date - lag(i.date) OVER w) / 7.0)::int AS weeks
        FROM infusion i
       WHERE i.participant_id = ANY(p_ids) AND i.deleted_at IS NULL AND i.administered
      WINDOW w AS (PARTITION BY i.participant_id ORDER BY i.date)
    ),
    eb AS (
      SELECT ep.*, report_interval_band(ep.weeks) AS band
        FROM ep
    ),
    -- Same-day infusions make empty episodes: dropped before consecutive episodes of one band are merged.
    runs AS (
      SELECT r.*, count(*) FILTER (WHERE r.band IS DISTINCT FROM r.prev) OVER (PARTITION BY r.pid ORDER BY r.lo, r.hi) AS run
        FROM (SELECT eb.*, lag(eb.band) OVER (PARTITION BY eb.pid ORDER BY eb.lo, eb.hi) AS prev FROM eb WHERE eb.lo <= eb.hi) r
    )
    INSERT INTO report_span_facts (participant_id, lo, hi, band, lo_month, end_month, study_id, site_id)
    SELECT c.pid, c.lo, c.hi, c.band, date_trunc('month', c.lo::timestamp)::date,
           CASE WHEN c.hi = 'infinity' THEN 'infinity' ELSE date_trunc('month', (c.hi + 1)::timestamp)::date END, c.study_id, c.site_id
      FROM (SELECT s.pid, greatest(s.lo, w.f) AS lo, least(s.hi, w.t) AS hi, s.band, w.study_id, w.site_id
              FROM (SELECT pid, min(lo) AS lo, max(hi) AS hi, band FROM runs WHERE band IS NOT NULL GROUP BY pid, run, band) s
              JOIN report_observed(p_ids) w ON w.participant_id = s.pid) c
     WHERE c.lo <= c.hi;
  END IF;

  IF do_tr THEN
    -- A trough belongs to the interval that ends at the infusion it precedes (precedes_infusion_id).
    -- Old and new rows in one statement (no unique key on report_trough_facts, so the insert cannot collide with
    -- the rows it replaces), which gives the histogram's net change per (site, band, value).
    WITH iv AS MATERIALIZED (
      SELECT i.id, i.date, round((i.date - lag(i.date) OVER (PARTITION BY i.participant_id ORDER BY i.date)) / 7.0)::int AS weeks
        FROM infusion i
       WHERE i.participant_id = ANY(p_ids) AND i.deleted_at IS NULL AND i.administered
    ),
    old AS (
      DELETE FROM report_trough_facts x WHERE x.participant_id = ANY(p_ids)
      RETURNING x.study_id, x.site_id, x.band, x.concentration_ug_per_ml AS c, -1 AS d
    ),
    new AS (
      INSERT INTO report_trough_facts (trough_sample_id, participant_id, study_id, site_id, sampled_on, settled_on, band, concentration_ug_per_ml)
      SELECT t.id, t.participant_id, w.study_id, w.site_id, t.sampled_on, greatest(t.sampled_on, iv.date),
             report_interval_band(iv.weeks), t.concentration_ug_per_ml::float8
        FROM trough_sample t JOIN iv ON iv.id = t.precedes_infusion_id JOIN report_observed(p_ids) w ON w.participant_id = t.participant_id
       WHERE t.participant_id = ANY(p_ids) AND t.deleted_at IS NULL AND t.concentration_ug_per_ml IS NOT NULL AND iv.weeks IS NOT NULL
         AND t.sampled_on >= w.f AND greatest(t.sampled_on, iv.date) <= w.t
      RETURNING study_id, site_id, band, concentration_ug_per_ml AS c, 1 AS d
    )
    INSERT INTO report_trough_histogram AS h (study_id, site_id, band, concentration_ug_per_ml, n)
    SELECT study_id, site_id, band, c, sum(d) FROM (SELECT * FROM old UNION ALL SELECT * FROM new) x
     GROUP BY study_id, site_id, band, c HAVING sum(d) <> 0
     ORDER BY study_id, site_id, band, c
    ON CONFLICT (study_id, site_id, band, concentration_ug_per_ml) DO UPDATE SET n = h.n + excluded.n;
  END IF;

  -- Every array of the facts row in ONE update, so a refresh leaves one new row version (not one per part):
  -- each part's source query is skipped (a one-time filter) unless that part was asked for.
  WITH inf AS (
    SELECT i.participant_id AS pid, array_agg(i.date ORDER BY i.date) AS d FROM infusion i
     WHERE do_inf AND i.participant_id = ANY(p_ids) AND i.deleted_at IS NULL AND i.administered GROUP BY 1
  ),
  -- Infusions given after their due date (infusionDueJoins of libs/trial overdue-sql.ts as of the day before each):
  -- due = previous administered infusion + the interval of the latest decision dated before it (else the plan's
  -- start interval: its first row not superseded) × 7; the first planned infusion when none precedes it. Only late
  -- ones (days > 0) are kept, whatever PML suspicion was open on the way: nothing is due while one is open (rule P0),
  -- but a participant overdue before it was raised had missed that infusion (the report checks the days).
  gi AS (
    SELECT i.participant_id AS pid, i.date, lag(i.date) OVER (PARTITION BY i.participant_id ORDER BY i.date) AS prev
      FROM infusion i WHERE do_missed AND i.participant_id = ANY(p_ids) AND i.deleted_at IS NULL AND i.administered
  ),
  gd AS (
    SELECT gi.pid, gi.date,
           CASE WHEN gi.prev IS NULL THEN pl.due_date ELSE gi.prev + coalesce(dd.interval_weeks, pl.interval_weeks) * 7 END AS due
      FROM gi
      LEFT JOIN LATERAL (SELECT d.interval_weeks FROM dosing_decision d
                          WHERE d.participant_id = gi.pid AND d.decided_on < gi.date AND d.superseded_at IS NULL
                          ORDER BY d.decided_on DESC, d.created_at DESC LIMIT 1) dd ON true
      LEFT JOIN LATERAL (SELECT pi.interval_weeks, pi.due_date FROM planned_infusion pi
                          WHERE pi.participant_id = gi.pid AND pi.status <> 'superseded'
                          ORDER BY pi.created_at, pi.due_date LIMIT 1) pl ON true
     WHERE gi.prev IS DISTINCT FROM gi.date
  ),
  missed AS (
    SELECT gd.pid, array_agg(gd.date ORDER BY gd.date) AS d, array_agg(gd.date - gd.due ORDER BY gd.date) AS n
      FROM gd
     WHERE gd.date > gd.due
     GROUP BY 1
  ),
  -- The next infusion due after the last administered one, as infusionDueJoins has it with every recorded infusion and
  -- decision (enrolled participants only; the report checks a PML suspicion at its own period end).
  nxt AS (
    SELECT p.id AS pid,
           CASE WHEN li.last_date IS NOT NULL AND coalesce(dd.interval_weeks, pl.interval_weeks) IS NOT NULL
                THEN li.last_date + coalesce(dd.interval_weeks, pl.interval_weeks) * 7 ELSE pl.due_date END AS due
      FROM participant p
      LEFT JOIN LATERAL (SELECT max(i.date) AS last_date FROM infusion i
                          WHERE i.participant_id = p.id AND i.administered AND i.deleted_at IS NULL) li ON true
      LEFT JOIN LATERAL (SELECT d.interval_weeks FROM dosing_decision d WHERE d.participant_id = p.id AND d.superseded_at IS NULL
                          ORDER BY d.decided_on DESC, d.created_at DESC LIMIT 1) dd ON true
      LEFT JOIN LATERAL (SELECT pi.interval_weeks, pi.due_date FROM planned_infusion pi
                          WHERE pi.participant_id = p.id AND pi.status <> 'superseded'
                          ORDER BY pi.created_at, pi.due_date LIMIT 1) pl ON true
     WHERE do_missed AND p.id = ANY(p_ids) AND p.status = 'enrolled'
  ),
  dec AS (
    SELECT d.participant_id AS pid, array_agg(d.decided_on ORDER BY d.decided_on) FILTER (WHERE d.action = 'confirm') AS c,
           array_agg(d.decided_on ORDER BY d.decided_on) FILTER (WHERE d.action = 'override') AS o
      FROM dosing_decision d WHERE do_dec AND d.participant_id = ANY(p_ids) AND d.superseded_at IS NULL GROUP BY 1
  ),
  mri AS (
    SELECT m.participant_id AS pid, array_agg(m.date ORDER BY m.date) AS d,
           array_agg(m.date ORDER BY m.date) FILTER (WHERE m.new_or_enlarging_t2_count > 0 OR m.gadolinium_enhancing_count > 0) AS a
      FROM mri_scan m WHERE do_mri AND m.participant_id = ANY(p_ids) AND m.deleted_at IS NULL GROUP BY 1
  ),
  -- Relapses (outcomes.md §1, the rules of @eid/domain relapseEventRule/classifyRelapses): R1 < 24 h and R2 fever or
  -- infection never count; R3 (not confirmed by a neurologist) counts only under the protocol's EV-R3 parameter, so
  -- both variants are kept and the report picks one; R4/R5 in report_counted_onsets (compared with the previous
  -- COUNTED onset, exactly 30 days = separate). Every event except R1 makes EDSS scores within 30 days relapse-affected.
  rel AS (
    SELECT r.participant_id AS pid,
           array_agg(r.onset_date ORDER BY r.onset_date, r.id) AS onsets,
           array_agg(NOT coalesce(r.duration_hours < 24, false) AND NOT coalesce(r.fever_or_infection, false)
                     AND r.confirmed_by_neurologist IS DISTINCT FROM false ORDER BY r.onset_date, r.id) AS confirmed_ok,
           array_agg(NOT coalesce(r.duration_hours < 24, false) AND NOT coalesce(r.fever_or_infection, false) ORDER BY r.onset_date, r.id) AS any_ok,
           array_agg(r.onset_date ORDER BY r.onset_date) FILTER (WHERE NOT coalesce(r.duration_hours < 24, false)) AS affecting
      FROM (SELECT r.participant_id, r.id, r.onset_date, r.duration_hours::numeric AS duration_hours, r.fever_or_infection, r.confirmed_by_neurologist
              FROM relapse r WHERE do_act AND r.participant_id = ANY(p_ids) AND r.deleted_at IS NULL
            UNION ALL
            SELECT p.id, NULL::uuid, (v->>'onsetDate')::date, (v->>'durationHours')::numeric, (v->>'feverOrInfection')::boolean,
                   (v->>'confirmedByNeurologist')::boolean
              FROM participant p CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(p.screening_evidence->'relapses') = 'array' THEN p.screening_evidence->'relapses' ELSE '[]'::jsonb END) v
             WHERE do_act AND p.id = ANY(p_ids) AND v->>'onsetDate' IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM relapse x WHERE x.participant_id = p.id AND x.deleted_at IS NULL AND x.onset_date = (v->>'onsetDate')::date)
           ) r GROUP BY 1
  ),
  onsets AS (SELECT pid, report_counted_onsets(onsets, confirmed_ok) AS o, report_counted_onsets(onsets, any_ok) AS o_all, coalesce(affecting, '{}') AS affecting FROM rel),
  -- Confirmed disability progression (outcomes.md §5) for every window [f, t]: the baseline is the latest score on or
  -- before f (per distinct score date d_k the one with the smallest id: k = how many score dates are <= f), with
  -- threshold + 1.5 (baseline 0) / 1.0 (<= 5.5) / 0.5. Of the scores after d_k, "valid" ones are at or above the
  -- threshold and not within 30 days after a counted relapse onset, "below" ones under it. Within scores <= t:
  --   progression confirmed  <=> some valid o and valid c with o + 84 days <= c <= the first below after o (none: any
  --                              c), i.e. t >= cdp_first[k], the earliest such c — adding later scores never undoes it;
  --   increase still pending <=> the latest valid score v <= t has no below score in (v, t]: one key per valid v,
  --                              (k, v) encoded k * 10^6 + days since 2000-01-01, with that first below (pending_until).
  -- EDSS: the eCRF scores and the screening scores (screening evidence; a screening date that also has an eCRF score
  -- is that score), valid Kurtzke values only (outcomes.md §5, @eid/domain isValidEdssScore): the baseline may be the
  -- screening EDSS.
  sc0 AS (
    SELECT e.participant_id AS pid, e.id, e.date, e.score::float8 AS score
      FROM edss_assessment e WHERE do_act AND e.participant_id = ANY(p_ids) AND e.deleted_at IS NULL
    UNION ALL
    SELECT p.id, NULL::uuid, (s.v->>'date')::date, (s.v->>'score')::float8
      FROM participant p
     CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(p.screening_evidence->'edss') = 'array' THEN p.screening_evidence->'edss' ELSE '[]'::jsonb END) s(v)
     WHERE do_act AND p.id = ANY(p_ids)
       AND NOT EXISTS (SELECT 1 FROM edss_assessment e WHERE e.participant_id = p.id AND e.deleted_at IS NULL AND e.date = (s.v->>'date')::date)
  ),
  sc AS (
    SELECT sc0.*,
           EXISTS (SELECT 1 FROM onsets o, unnest(o.affecting) od WHERE o.pid = sc0.pid AND sc0.date BETWEEN od AND od + 30) AS affected
      FROM sc0 WHERE sc0.score = 0 OR (sc0.score BETWEEN 1 AND 10 AND sc0.score * 2 = floor(sc0.score * 2))
  ),
  bk AS (
    SELECT b.*, row_number() OVER (PARTITION BY b.pid ORDER BY b.date) AS k FROM (
      SELECT DISTINCT ON (sc.pid, sc.date) sc.pid, sc.date,
             sc.score + CASE WHEN sc.score = 0 THEN 1.5 WHEN sc.score <= 5.5 THEN 1.0 ELSE 0.5 END AS threshold
        FROM sc ORDER BY sc.pid, sc.date, sc.id) b
  ),
  kw AS (
    SELECT x.*, min(x.date) FILTER (WHERE x.below) OVER after1 AS nb, min(x.date) FILTER (WHERE x.valid) OVER after84 AS ec,
           min(x.date) FILTER (WHERE x.valid) OVER after168 AS ec24
      FROM (SELECT bk.pid, bk.k, s.date, (s.score < bk.threshold) AS below, (s.score >= bk.threshold AND NOT s.affected) AS valid
              FROM bk JOIN sc s ON s.pid = bk.pid AND s.date > bk.date) x
    WINDOW after1 AS (PARTITION BY x.pid, x.k ORDER BY x.date RANGE BETWEEN '1 day'::interval FOLLOWING AND UNBOUNDED FOLLOWING),
           after84 AS (PARTITION BY x.pid, x.k ORDER BY x.date RANGE BETWEEN '84 days'::interval FOLLOWING AND UNBOUNDED FOLLOWING),
           after168 AS (PARTITION BY x.pid, x.k ORDER BY x.date RANGE BETWEEN '168 days'::interval FOLLOWING AND UNBOUNDED FOLLOWING)
  ),
  firsts AS (SELECT pid, k, min(ec) FILTER (WHERE valid AND ec <= coalesce(nb, 'infinity')) AS first_cdp,
                    min(ec24) FILTER (WHERE valid AND ec24 <= coalesce(nb, 'infinity')) AS first_cdp24 FROM kw GROUP BY pid, k),
  outcomes AS (
    SELECT bk.pid, array_agg(bk.date ORDER BY bk.k) AS bd, array_agg(f.first_cdp ORDER BY bk.k) AS cf, array_agg(f.first_cdp24 ORDER BY bk.k) AS cf24
      FROM bk LEFT JOIN firsts f ON f.pid = bk.pid AND f.k = bk.k GROUP BY bk.pid
  ),
  pend AS (
    SELECT pid, array_agg(k * 1000000::bigint + (date - DATE '2000-01-01') ORDER BY k, date) AS keys,
           array_agg(coalesce(nb - DATE '2000-01-01', 2147483647) ORDER BY k, date) AS untils
      FROM kw WHERE valid GROUP BY pid
  ),
  vis AS (
    SELECT pv.participant_id AS pid, array_agg(pv.window_to ORDER BY pv.window_to) AS w FROM planned_visit pv
     WHERE do_vis AND pv.participant_id = ANY(p_ids) AND pv.status <> 'cancelled'
       AND NOT EXISTS (SELECT 1 FROM clinic_visit c WHERE c.planned_visit_id = pv.id AND c.deleted_at IS NULL)
     GROUP BY 1
  ),
  -- The last assessment (clinic visit, EDSS or MRI) for person-time (outcomes.md §2: observation ends at the last follow-up).
  fu AS (
    SELECT x.pid, max(x.d) AS d FROM (
      SELECT participant_id AS pid, date AS d FROM clinic_visit WHERE do_fu AND participant_id = ANY(p_ids) AND deleted_at IS NULL
      UNION ALL SELECT participant_id, date FROM edss_assessment WHERE do_fu AND participant_id = ANY(p_ids) AND deleted_at IS NULL
      UNION ALL SELECT participant_id, date FROM mri_scan WHERE do_fu AND participant_id = ANY(p_ids) AND deleted_at IS NULL
    ) x GROUP BY 1
  ),
  -- Infusion dates for the EID metrics: administered eCRF infusions and the screening form's dated infusions (a screening
  -- date that has an eCRF infusion, given or not, is that infusion), distinct, sorted.
  eidinf AS (
    SELECT x.pid, array_agg(DISTINCT x.d ORDER BY x.d) AS d FROM (
      SELECT i.participant_id AS pid, i.date AS d FROM infusion i
       WHERE (do_inf OR do_act) AND i.participant_id = ANY(p_ids) AND i.deleted_at IS NULL AND i.administered
      UNION ALL
      SELECT p.id, (v->>'date')::date FROM participant p
       CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(p.screening_evidence->'infusions') = 'array' THEN p.screening_evidence->'infusions' ELSE '[]'::jsonb END) v
       WHERE (do_inf OR do_act) AND p.id = ANY(p_ids)
         AND NOT EXISTS (SELECT 1 FROM infusion i WHERE i.participant_id = p.id AND i.deleted_at IS NULL AND i.date = (v->>'date')::date)
    ) x GROUP BY 1
  ),
  -- Anti-JCV results in date order (same-day results by id), for "the latest result on or before a date".
  jcv AS (
    SELECT j.participant_id AS pid, array_agg(j.date ORDER BY j.date, j.id) AS d, array_agg(j.status ORDER BY j.date, j.id) AS s,
           array_agg(j.index ORDER BY j.date, j.id) AS i
      FROM jcv_test j WHERE do_jcv AND j.participant_id = ANY(p_ids) AND j.deleted_at IS NULL GROUP BY 1
  ),
  -- Source-data verification over every eCRF form (ICH E6(R3) 3.11.4).
  sdv AS (
    SELECT r.participant_id AS pid, count(*) AS n, count(r.verified_at) AS v FROM (
      SELECT participant_id, verified_at FROM infusion WHERE do_sdv AND participant_id = ANY(p_ids) AND deleted_at IS NULL
      UNION ALL SELECT participant_id, verified_at FROM trough_sample WHERE do_sdv AND participant_id = ANY(p_ids) AND deleted_at IS NULL
      UNION ALL SELECT participant_id, verified_at FROM jcv_test WHERE do_sdv AND participant_id = ANY(p_ids) AND deleted_at IS NULL
      UNION ALL SELECT participant_id, verified_at FROM relapse WHERE do_sdv AND participant_id = ANY(p_ids) AND deleted_at IS NULL
      UNION ALL SELECT participant_id, verified_at FROM mri_scan WHERE do_sdv AND participant_id = ANY(p_ids) AND deleted_at IS NULL
      UNION ALL SELECT participant_id, verified_at FROM edss_assessment WHERE do_sdv AND participant_id = ANY(p_ids) AND deleted_at IS NULL
      UNION ALL SELECT participant_id, verified_at FROM clinic_visit WHERE do_sdv AND participant_id = ANY(p_ids) AND deleted_at IS NULL
      UNION ALL SELECT participant_id, verified_at FROM adverse_event WHERE do_sdv AND participant_id = ANY(p_ids) AND deleted_at IS NULL
    ) r GROUP BY 1
  )
  UPDATE report_participant_facts f
     SET infusion_dates = CASE WHEN do_inf THEN coalesce(inf.d, '{}') ELSE f.infusion_dates END,
         late_infusion_dates = CASE WHEN do_missed THEN coalesce(missed.d, '{}') ELSE f.late_infusion_dates END,
         late_infusion_days = CASE WHEN do_missed THEN coalesce(missed.n, '{}') ELSE f.late_infusion_days END,
         next_infusion_due = CASE WHEN do_missed THEN nxt.due ELSE f.next_infusion_due END,
         confirm_dates = CASE WHEN do_dec THEN coalesce(dec.c, '{}') ELSE f.confirm_dates END,
         override_dates = CASE WHEN do_dec THEN coalesce(dec.o, '{}') ELSE f.override_dates END,
         mri_dates = CASE WHEN do_mri THEN coalesce(mri.d, '{}') ELSE f.mri_dates END,
         mri_active_dates = CASE WHEN do_mri THEN coalesce(mri.a, '{}') ELSE f.mri_active_dates END,
         relapse_onsets = CASE WHEN do_act THEN coalesce(onsets.o, '{}') ELSE f.relapse_onsets END,
         relapse_onsets_with_unconfirmed = CASE WHEN do_act THEN coalesce(onsets.o_all, '{}') ELSE f.relapse_onsets_with_unconfirmed END,
         baseline_dates = CASE WHEN do_act THEN coalesce(outcomes.bd, '{}') ELSE f.baseline_dates END,
         cdp_first = CASE WHEN do_act THEN coalesce(outcomes.cf, '{}') ELSE f.cdp_first END,
         cdp_first_24 = CASE WHEN do_act THEN coalesce(outcomes.cf24, '{}') ELSE f.cdp_first_24 END,
         last_assessment = CASE WHEN do_fu THEN fu.d ELSE f.last_assessment END,
         eid_infusion_dates = CASE WHEN do_inf OR do_act THEN coalesce(eidinf.d, '{}') ELSE f.eid_infusion_dates END,
         pending_key = CASE WHEN do_act THEN coalesce(pend.keys, '{}') ELSE f.pending_key END,
         pending_until = CASE WHEN do_act THEN coalesce(pend.untils, '{}') ELSE f.pending_until END,
         overdue_visit_window_to = CASE WHEN do_vis THEN coalesce(vis.w, '{}') ELSE f.overdue_visit_window_to END,
         jcv_dates = CASE WHEN do_jcv THEN coalesce(jcv.d, '{}') ELSE f.jcv_dates END,
         jcv_status = CASE WHEN do_jcv THEN coalesce(jcv.s, '{}') ELSE f.jcv_status END,
         jcv_index = CASE WHEN do_jcv THEN coalesce(jcv.i, '{}') ELSE f.jcv_index END,
         sdv_records = CASE WHEN do_sdv THEN coalesce(sdv.n, 0) ELSE f.sdv_records END,
         sdv_verified = CASE WHEN do_sdv THEN coalesce(sdv.v, 0) ELSE f.sdv_verified END
    FROM unnest(p_ids) p(pid)
    LEFT JOIN inf ON inf.pid = p.pid
    LEFT JOIN missed ON missed.pid = p.pid
    LEFT JOIN nxt ON nxt.pid = p.pid
    LEFT JOIN dec ON dec.pid = p.pid
    LEFT JOIN mri ON mri.pid = p.pid
    LEFT JOIN onsets ON onsets.pid = p.pid
    LEFT JOIN outcomes ON outcomes.pid = p.pid
    LEFT JOIN pend ON pend.pid = p.pid
    LEFT JOIN vis ON vis.pid = p.pid
    LEFT JOIN fu ON fu.pid = p.pid
    LEFT JOIN eidinf ON eidinf.pid = p.pid
    LEFT JOIN jcv ON jcv.pid = p.pid
    LEFT JOIN sdv ON sdv.pid = p.pid
   WHERE f.participant_id = p.pid;
END $$;

CREATE OR REPLACE FUNCTION report_facts_mark(p_ids uuid[], p_parts text[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO report_facts_pending AS p (participant_id, parts)
  SELECT DISTINCT i, p_parts FROM unnest(p_ids) i WHERE i IS NOT NULL ORDER BY 1
  ON CONFLICT (participant_id) DO UPDATE SET parts = ARRAY(SELECT DISTINCT x FROM unnest(p.parts || excluded.parts) x ORDER BY 1)
   WHERE NOT (excluded.parts <@ p.parts)
$$;

CREATE OR REPLACE FUNCTION report_facts_catch_up(p_limit integer) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE r record; n integer := 0;
BEGIN
  FOR r IN
    WITH taken AS (
      DELETE FROM report_facts_pending p
       WHERE p.participant_id IN (SELECT q.participant_id FROM report_facts_pending q ORDER BY q.participant_id LIMIT p_limit FOR UPDATE)
      RETURNING p.participant_id, p.parts
    )
    SELECT t.parts, array_agg(t.participant_id ORDER BY t.participant_id) AS ids FROM taken t GROUP BY t.parts
  LOOP
    PERFORM report_facts_refresh(r.ids, r.parts);
    n := n + cardinality(r.ids);
  END LOOP;
  RETURN n;
END $$;

CREATE OR REPLACE FUNCTION report_facts_on_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE ids uuid[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(DISTINCT participant_id) INTO ids FROM new_rows;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(DISTINCT participant_id) INTO ids FROM old_rows;
  ELSE
    SELECT array_agg(DISTINCT x.participant_id) INTO ids FROM (SELECT participant_id FROM new_rows UNION SELECT participant_id FROM old_rows) x;
  END IF;
  PERFORM report_facts_mark(ids, TG_ARGV::text[]);
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION report_facts_on_participant() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE ids uuid[]; act uuid[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO report_participant_facts (participant_id) SELECT id FROM new_rows ON CONFLICT DO NOTHING;
    SELECT array_agg(n.id) INTO act FROM new_rows n WHERE n.screening_evidence ?| ARRAY['edss', 'infusions', 'relapses'];
    PERFORM report_facts_mark(act, ARRAY['activity']);
  ELSE
    SELECT array_agg(n.id) INTO ids FROM new_rows n JOIN old_rows o ON o.id = n.id
     WHERE (n.status, n.enrolment_date, n.withdrawal_date, n.completion_date, n.study_id, n.site_id)
           IS DISTINCT FROM (o.status, o.enrolment_date, o.withdrawal_date, o.completion_date, o.study_id, o.site_id);
    PERFORM report_facts_mark(ids, ARRAY['infusions', 'troughs']);
    SELECT array_agg(n.id) INTO act FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE n.screening_evidence IS DISTINCT FROM o.screening_evidence;
    PERFORM report_facts_mark(act, ARRAY['activity']);
  END IF;
  RETURN NULL;
END $$;

CREATE OR REPLACE TRIGGER report_facts_ins AFTER INSERT ON "infusion" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_facts_on_change('infusions', 'sdv');
CREATE OR REPLACE TRIGGER report_facts_upd AFTER UPDATE ON "infusion" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_facts_on_change('infusions', 'sdv');
CREATE OR REPLACE TRIGGER report_facts_del AFTER DELETE ON "infusion" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION report_facts_on_change('infusions', 'sdv');
CREATE OR REPLACE TRIGGER report_facts_ins AFTER INSERT ON "trough_sample" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_facts_on_change('troughs', 'sdv');
CREATE OR REPLACE TRIGGER report_facts_upd AFTER UPDATE ON "trough_sample" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_facts_on_change('troughs', 'sdv');
CREATE OR REPLACE TRIGGER report_facts_del AFTER DELETE ON "trough_sample" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION report_facts_on_change('troughs', 'sdv');
CREATE OR REPLACE TRIGGER report_facts_ins AFTER INSERT ON "planned_infusion" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_facts_on_change('planned_infusions');
CREATE OR REPLACE TRIGGER report_facts_upd AFTER UPDATE ON "planned_infusion" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_facts_on_change('planned_infusions');
CREATE OR REPLACE TRIGGER report_facts_del AFTER DELETE ON "planned_infusion" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION report_facts_on_change('planned_infusions');
CREATE OR REPLACE TRIGGER report_facts_ins AFTER INSERT ON "dosing_decision" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_facts_on_change('decisions');
CREATE OR REPLACE TRIGGER report_facts_upd AFTER UPDATE ON "dosing_decision" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_facts_on_change('decisions');
CREATE OR REPLACE TRIGGER report_facts_del AFTER DELETE ON "dosing_decision" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION report_facts_on_change('decisions');
CREATE OR REPLACE TRIGGER report_facts_ins AFTER INSERT ON "relapse" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_facts_on_change('activity', 'sdv');
CREATE OR REPLACE TRIGGER report_facts_upd AFTER UPDATE ON "relapse" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_facts_on_change('activity', 'sdv');
CREATE OR REPLACE TRIGGER report_facts_del AFTER DELETE ON "relapse" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION report_facts_on_change('activity', 'sdv');
CREATE OR REPLACE TRIGGER report_facts_ins AFTER INSERT ON "edss_assessment" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_facts_on_change('activity', 'sdv');
CREATE OR REPLACE TRIGGER report_facts_upd AFTER UPDATE ON "edss_assessment" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_facts_on_change('activity', 'sdv');
CREATE OR REPLACE TRIGGER report_facts_del AFTER DELETE ON "edss_assessment" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION report_facts_on_change('activity', 'sdv');
CREATE OR REPLACE TRIGGER report_facts_ins AFTER INSERT ON "mri_scan" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_facts_on_change('mri', 'sdv');
CREATE OR REPLACE TRIGGER report_facts_upd AFTER UPDATE ON "mri_scan" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_facts_on_change('mri', 'sdv');
CREATE OR REPLACE TRIGGER report_facts_del AFTER DELETE ON "mri_scan" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION report_facts_on_change('mri', 'sdv');
CREATE OR REPLACE TRIGGER report_facts_ins AFTER INSERT ON "planned_visit" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_facts_on_change('visits');
CREATE OR REPLACE TRIGGER report_facts_upd AFTER UPDATE ON "planned_visit" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_facts_on_change('visits');
CREATE OR REPLACE TRIGGER report_facts_del AFTER DELETE ON "planned_visit" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION report_facts_on_change('visits');
CREATE OR REPLACE TRIGGER report_facts_ins AFTER INSERT ON "clinic_visit" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_facts_on_change('visits', 'sdv');
CREATE OR REPLACE TRIGGER report_facts_upd AFTER UPDATE ON "clinic_visit" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_facts_on_change('visits', 'sdv');
CREATE OR REPLACE TRIGGER report_facts_del AFTER DELETE ON "clinic_visit" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION report_facts_on_change('visits', 'sdv');
CREATE OR REPLACE TRIGGER report_facts_ins AFTER INSERT ON "jcv_test" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_facts_on_change('jcv', 'sdv');
CREATE OR REPLACE TRIGGER report_facts_upd AFTER UPDATE ON "jcv_test" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_facts_on_change('jcv', 'sdv');
CREATE OR REPLACE TRIGGER report_facts_del AFTER DELETE ON "jcv_test" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION report_facts_on_change('jcv', 'sdv');
CREATE OR REPLACE TRIGGER report_facts_ins AFTER INSERT ON "adverse_event" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_facts_on_change('sdv');
CREATE OR REPLACE TRIGGER report_facts_upd AFTER UPDATE ON "adverse_event" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_facts_on_change('sdv');
CREATE OR REPLACE TRIGGER report_facts_del AFTER DELETE ON "adverse_event" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION report_facts_on_change('sdv');
CREATE OR REPLACE TRIGGER report_facts_ins AFTER INSERT ON "participant" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_facts_on_participant();
CREATE OR REPLACE TRIGGER report_facts_upd AFTER UPDATE ON "participant" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_facts_on_participant();
