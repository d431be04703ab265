/**
 * The one SQL definition of "overdue" (issues #5 and #7). The quality lists (OverdueService), the participants
 * list (ParticipantOverviewService) and the schedule's next infusion due all build on these fragments, so a
 * visit or infusion is overdue by the same rule on every screen.
 */

export const OVERDUE_KINDS = ['visits', 'troughs', 'infusions', 'trough-duplicates'] as const;
export type OverdueKind = (typeof OVERDUE_KINDS)[number];

/**
 * A planned visit still 'planned' whose window closed before `today` with no (non-deleted) clinic visit recorded
 * against it. `target_date < today` lets ix_planned_visit_study_site_target bound the scan (target ≤ window end).
 * Callers add `participant.status = 'enrolled'`: withdrawal cancels future visits.
 */
export function overdueVisitPredicate(pv: string, today: string): string {
  return `${pv}.status = 'planned' AND ${pv}.target_date < ${today}::date AND ${pv}.window_to < ${today}::date
          AND NOT EXISTS (SELECT 1 FROM clinic_visit cv WHERE cv.planned_visit_id = ${pv}.id AND cv.deleted_at IS NULL)`;
}

/**
 * The three overdue lists as SQL (issue #5), each a SELECT over one indexed table with the same output columns
 * (id, participant_id, code, site_id, due_by = the date it became overdue after, detail columns):
 *
 * - visits: overdueVisitPredicate, enrolled participants only.
 * - troughs: an administered infusion on/before today with no pre-infusion trough — no result-bearing trough
 *   (a value, or below LLOQ; a sample without a result is not a trough) linked to it, nor an unlinked one sampled
 *   in the TROUGH_EARLY_DAYS before it (the same tolerance as the trough edit check). Only for protocols whose
 *   dosing is trough-driven (see OverdueService). All participant statuses: the missing sample stays missing.
 * - infusions: one row per enrolled participant whose next infusion is overdue by the participant list's own rule
 *   (infusionDueJoins, the SQL form of the domain's infusionDue): today > next due + the protocol's A7 days after.
 *   The planned_infusion rows are not read: a plan chained at enrolment drifts from the real infusions and decisions
 *   (an infusion given late, an extension), and the monitor dashboard then listed as overdue what the participant
 *   list showed as due today (issue 14 item 7). due_by = the last day within tolerance; id = the participant.
 *
 * - trough-duplicates (a data-quality flag, not a lateness): more than one trough result (a value or below LLOQ)
 *   for one participant on one date — one sampling occasion, the dosing engine uses the lowest (EV-OCCASION);
 *   due_by = the sampling date, id = the lowest sample id of the date.
 *
 * $1 = study, $2 = the Clock's instant (timestamptz), $3 = trough tolerance days (troughs) or the A7 days after due
 * (infusions; null = none); "today" is $2's calendar date at each participant's site (siteTodayJoin, issue 13 item 9).
 * No zone is ahead of UTC by more than 14 h, so every site's today ≤ the UTC date + 1: that implied bound (`utcBound`)
 * keeps the date indexes usable. Callers append scope/site predicates on `o.site_id`.
 */
export function overdueBaseSql(kind: OverdueKind): string {
  const today = 'st.site_today';
  const utcBound = "(($2::timestamptz AT TIME ZONE 'UTC')::date + 1)";
  switch (kind) {
    case 'visits':
      return `SELECT pv.id, pv.participant_id, p.code, pv.site_id, to_char(pv.window_to, 'YYYY-MM-DD') AS due_by,
                     pv.number AS visit_number, pv.kind AS visit_kind, to_char(pv.target_date, 'YYYY-MM-DD') AS target_date,
                     to_char(pv.window_from, 'YYYY-MM-DD') AS window_from, (${today} - pv.window_to) AS days_overdue
                FROM planned_visit pv JOIN participant p ON p.id = pv.participant_id ${siteTodayJoin('p', '$2')}
               WHERE pv.study_id = $1 AND pv.target_date < ${utcBound} AND ${overdueVisitPredicate('pv', today)}
                 AND p.status = 'enrolled'`;
    case 'troughs':
      return `SELECT i.id, i.participant_id, p.code, i.site_id, to_char(i.date, 'YYYY-MM-DD') AS due_by,
                     i.dose_mg, (${today} - i.date) AS days_overdue
                FROM infusion i JOIN participant p ON p.id = i.participant_id ${siteTodayJoin('p', '$2')}
               WHERE i.study_id = $1 AND i.deleted_at IS NULL AND i.administered AND i.date <= ${utcBound} AND i.date <= ${today}
                 AND NOT EXISTS (SELECT 1 FROM trough_sample t WHERE t.precedes_infusion_id = i.id AND t.deleted_at IS NULL
                                   AND (t.concentration_ug_per_ml IS NOT NULL OR t.below_lloq))
                 AND NOT EXISTS (SELECT 1 FROM trough_sample t WHERE t.participant_id = i.participant_id AND t.precedes_infusion_id IS NULL
                                   AND t.sampled_on BETWEEN i.date - $3::int AND i.date AND t.deleted_at IS NULL
                                   AND (t.concentration_ug_per_ml IS NOT NULL OR t.below_lloq))`;
    case 'trough-duplicates':
      return `SELECT min(t.id::text)::uuid AS id, t.participant_id, p.code, t.site_id, to_char(t.sampled_on, 'YYYY-MM-DD') AS due_by,
                     count(*)::int AS results, (${today} - t.sampled_on) AS days_overdue
                FROM trough_sample t JOIN participant p ON p.id = t.participant_id ${siteTodayJoin('p', '$2')}
               WHERE t.study_id = $1 AND t.deleted_at IS NULL AND t.sampled_on <= ${utcBound} AND t.sampled_on <= ${today}
                 AND (t.concentration_ug_per_ml IS NOT NULL OR t.below_lloq)
               GROUP BY t.participant_id, p.code, t.site_id, t.sampled_on, st.site_today HAVING count(*) > 1`;
    case 'infusions':
      return `SELECT p.id, p.id AS participant_id, p.code, p.site_id, to_char(nd.next_due + COALESCE($3::int, 0), 'YYYY-MM-DD') AS due_by,
                     to_char(nd.next_due, 'YYYY-MM-DD') AS due_date, to_char(li.last_date, 'YYYY-MM-DD') AS last_infusion_date,
                     iv.interval_weeks, iv.interval_source, (${today} - (nd.next_due + COALESCE($3::int, 0))) AS days_overdue
                FROM participant p ${siteTodayJoin('p', '$2')} ${infusionDueJoins('p', today, '$3::int')}
               WHERE p.study_id = $1 AND p.status = 'enrolled' AND io.overdue`;
  }
}

/**
 * Joins adding, per participant row `p`, the columns of the next infusion due — the SQL form of the domain's
 * `infusionDue` (libs/domain/src/dosing/infusion-due.ts; the e2e test checks they agree):
 *
 * - last_infusion_date: the last administered (non-deleted) infusion on/before today;
 * - interval_weeks / interval_source: the latest dosing decision's interval ('decision'), else the interval the
 *   plan was generated with at enrolment, which is the protocol's start interval ('protocol-start');
 * - next_infusion_due: last infusion + interval × 7 (A7). Without a recorded infusion, the first planned infusion
 *   (chained at enrolment from the screening's last infusion). Null unless enrolled: nothing is due after
 *   withdrawal or completion, nor while dosing is suspended (rule P0: `dosing_suspended`, openPmlSuspicionSql);
 * - dosing_suspended: an open PML suspicion as of today (openPmlSuspicionSql);
 * - infusion_overdue: today past next_infusion_due + `tolDays` (the protocol's A7 daysAfter; 0 when none).
 *
 * `today` and `tolDays` are SQL expressions (a parameter, or a column of a per-study tolerance join).
 * dosing_decision belongs to @eid/dosing, which builds on this lib; it is read here as a table only.
 */
export function infusionDueJoins(p: string, today: string, tolDays: string): string {
  return `
    LEFT JOIN LATERAL (SELECT max(i.date) AS last_date FROM infusion i
                        WHERE i.participant_id = ${p}.id AND i.administered AND i.deleted_at IS NULL AND i.date <= ${today}::date) li ON true
    LEFT JOIN LATERAL (SELECT d.interval_weeks FROM dosing_decision d
                        WHERE d.participant_id = ${p}.id AND d.decided_on <= ${today}::date AND d.superseded_at IS NULL
                        ORDER BY d.decided_on DESC, d.created_at DESC LIMIT 1) dd ON true
    LEFT JOIN LATERAL (SELECT pi.interval_weeks, pi.due_date FROM planned_infusion pi
                        WHERE pi.participant_id = ${p}.id AND pi.status <> 'superseded'
                        ORDER BY pi.created_at, pi.due_date LIMIT 1) pl ON true
    LEFT JOIN LATERAL (SELECT COALESCE(dd.interval_weeks, pl.interval_weeks)::int AS interval_weeks,
                              CASE WHEN dd.interval_weeks IS NOT NULL THEN 'decision'
                                   WHEN pl.interval_weeks IS NOT NULL THEN 'protocol-start' END AS interval_source) iv ON true
    LEFT JOIN LATERAL (SELECT ${openPmlSuspicionSql(p, today)} AS suspended) ps ON true
    LEFT JOIN LATERAL (SELECT CASE WHEN ${p}.status <> 'enrolled' OR ps.suspended THEN NULL
                                   WHEN li.last_date IS NOT NULL AND iv.interval_weeks IS NOT NULL THEN li.last_date + iv.interval_weeks * 7
                                   ELSE pl.due_date END AS next_due) nd ON true
    LEFT JOIN LATERAL (SELECT COALESCE(${today}::date > nd.next_due + COALESCE(${tolDays}, 0), false) AS overdue) io ON true`;
}

/**
 * Whether participant row `p` has an open PML suspicion on `today` — the SQL form of the domain's openPmlSuspicions
 * (libs/domain/src/dosing/safety-stop.ts, rule P0): a non-deleted adverse event flagged pml_suspected with
 * onset ≤ today and no resolution on or before today (resolved on today counts as resolved). While one is open,
 * dosing is suspended: no infusion is due (infusionDueJoins), so none is overdue. A boolean SQL expression.
 */
export function openPmlSuspicionSql(p: string, today: string): string {
  return `EXISTS (SELECT 1 FROM adverse_event a WHERE a.participant_id = ${p}.id AND a.pml_suspected AND a.deleted_at IS NULL
                     AND a.onset_date <= ${today}::date AND (a.resolution_date IS NULL OR a.resolution_date > ${today}::date))`;
}

/**
 * Whether participant row `p` has a day in [from, to] (date SQL expressions) without an open PML suspicion
 * (openPmlSuspicionSql): a day on which an overdue infusion was due (rule P0 suspends only while one is open). A
 * suspended stretch ends only on a suspicion's resolution date, so the candidates are `from` and those dates in
 * (from, to]. The data-quality report counts an infusion as missed when the participant was overdue on such a day.
 */
export function unsuspendedDaySql(p: string, from: string, to: string): string {
  return `EXISTS (SELECT 1 FROM (SELECT (${from})::date AS c
                                 UNION ALL
                                 SELECT sr.resolution_date FROM adverse_event sr
                                  WHERE sr.participant_id = ${p}.id AND sr.pml_suspected AND sr.deleted_at IS NULL
                                    AND sr.resolution_date > (${from})::date AND sr.resolution_date <= (${to})::date) k
                   WHERE k.c <= (${to})::date AND NOT ${openPmlSuspicionSql(p, 'k.c')})`;
}

/**
 * Adds `st.site_today`: the calendar date at instant `now` (a timestamptz SQL expression) in the time zone of the
 * site of participant row `p` — the SQL form of the domain's calendarDateIn (libs/domain/src/site-calendar.ts);
 * both read the IANA tz database, and a site's zone must be known to both (admin site creation checks it).
 */
export function siteTodayJoin(p: string, now: string): string {
  return `JOIN LATERAL (SELECT (${now}::timestamptz AT TIME ZONE s.timezone)::date AS site_today FROM site s WHERE s.id = ${p}.site_id) st ON true`;
}

/** The number of overdue visits of participant `p` (overdueVisitPredicate; enrolled only). */
export function overdueVisitCountSql(p: string, today: string): string {
  return `(SELECT count(*)::int FROM planned_visit pv
            WHERE pv.participant_id = ${p}.id AND ${p}.status = 'enrolled' AND ${overdueVisitPredicate('pv', today)})`;
}
