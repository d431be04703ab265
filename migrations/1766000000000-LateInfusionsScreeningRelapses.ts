import { MigrationInterface, QueryRunner } from 'typeorm';
import { ReportDefinitions1765300000000 } from './1765300000000-ReportDefinitions';

/**
 * Issue 14 items 7 and the screening relapses, in the report facts (report_facts_refresh of ReportDefinitions with
 * these parts changed; the rest is unchanged):
 *
 * - Late infusions replace the planned-infusion windows. The data-quality "missed infusions" counted planned_infusion
 *   rows chained at enrolment, which drift from the real infusions and decisions (a late infusion shifts every later
 *   due date; an extension moves them). Now each administered infusion given after its due date is stored with how
 *   many days late it was; the due date is the overdue rule of the participant list (libs/trial/src/schedule/
 *   overdue-sql.ts infusionDueJoins, @eid/domain infusionDue) as of the day before that infusion: the previous
 *   administered infusion + the interval of the latest dosing decision dated before it (else the plan's start
 *   interval) × 7 days, or the first planned infusion when there is no previous one; nothing is due while a PML
 *   suspicion is open (rule P0). With them the next infusion due after the last one (next_infusion_due), so that the
 *   report counts who is still overdue at its period end without running infusionDueJoins over every participant
 *   (0.6 s on the 10k trial). The report applies the protocol's A7 tolerance (libs/reporting data-quality.report.ts).
 * - Relapses recorded on the screening form count in the relapse classification (docs/science/outcomes.md §1): they
 *   anchor R4 (an on-study event < 30 days after a counted screening relapse is the same relapse) and make EDSS scores
 *   within 30 days relapse-affected; the reports count only onsets inside the observation window, so they never add to
 *   on-study ARR. A screening relapse on a date that has an eCRF relapse is that relapse (as @eid/trial
 *   ParticipantHistoryService merges them).
 *
 * Adverse events now mark the late-infusion part too (a PML suspicion changes what was due).
 */
export class LateInfusionsScreeningRelapses1766000000000 implements MigrationInterface {
  name = 'LateInfusionsScreeningRelapses1766000000000';

  public async up(q: QueryRunner): Promise<void> {
    const previous = await capture(new ReportDefinitions1765300000000());
    await q.query(
      `ALTER TABLE report_participant_facts ADD COLUMN late_infusion_dates date[] NOT NULL DEFAULT '{}', ADD COLUMN late_infusion_days integer[] NOT NULL DEFAULT '{}', ADD COLUMN next_infusion_due date`,
    );
    await q.query(edit(fn(previous, 'report_facts_refresh('), REFRESH_EDITS));
    await q.query(edit(fn(previous, 'report_facts_on_participant('), PARTICIPANT_EDITS));
    await q.query(`ALTER TABLE report_participant_facts DROP COLUMN missed_infusion_window_to`);
    await setAdverseEventParts(q, ['sdv', 'planned_infusions']);
    await q.query(`SELECT report_facts_refresh(array_agg(id), NULL) FROM participant`);
    await q.query(`ANALYZE report_participant_facts`);
  }

  public async down(q: QueryRunner): Promise<void> {
    const previous = await capture(new ReportDefinitions1765300000000());
    await setAdverseEventParts(q, ['sdv']);
    await q.query(`ALTER TABLE report_participant_facts ADD COLUMN missed_infusion_window_to date[] NOT NULL DEFAULT '{}'`);
    await q.query(fn(previous, 'report_facts_refresh('));
    await q.query(fn(previous, 'report_facts_on_participant('));
    await q.query(
      `ALTER TABLE report_participant_facts DROP COLUMN next_infusion_due, DROP COLUMN late_infusion_days, DROP COLUMN late_infusion_dates`,
    );
    await q.query(`SELECT report_facts_refresh(array_agg(id), NULL) FROM participant`);
  }
}

/** The statements a migration's up() runs, captured (not run). */
async function capture(m: MigrationInterface): Promise<string[]> {
  const out: string[] = [];
  await m.up({ query: async (sql: string) => void out.push(sql) } as unknown as QueryRunner);
  return out;
}

function fn(statements: string[], name: string): string {
  const sql = statements.find((x) => x.includes(`CREATE OR REPLACE FUNCTION ${name}`));
  if (!sql) throw new Error(`ReportDefinitions no longer replaces ${name}`);
  return sql;
}

/** Each edit must find its text exactly once: a silent no-op would leave the old definition in place. */
function edit(sql: string, edits: Array<[string, string]>): string {
  return edits.reduce((s, [from, to]) => {
    if (s.split(from).length !== 2) throw new Error(`migration edit: expected exactly one ${JSON.stringify(from.slice(0, 80))}`);
    return s.replace(from, () => to);
  }, sql);
}

async function setAdverseEventParts(q: QueryRunner, parts: string[]): Promise<void> {
  const args = parts.map((p) => `'${p}'`).join(', ');
  for (const t of ['ins', 'upd', 'del']) await q.query(`DROP TRIGGER report_facts_${t} ON adverse_event`);
  await q.query(
    `CREATE TRIGGER report_facts_ins AFTER INSERT ON adverse_event REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_facts_on_change(${args})`,
  );
  await q.query(
    `CREATE TRIGGER report_facts_upd AFTER UPDATE ON adverse_event REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_facts_on_change(${args})`,
  );
  await q.query(
    `CREATE TRIGGER report_facts_del AFTER DELETE ON adverse_event REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION report_facts_on_change(${args})`,
  );
}

const SCREENING_RELAPSES = `jsonb_array_elements(CASE WHEN jsonb_typeof(p.screening_evidence->'relapses') = 'array' THEN p.screening_evidence->'relapses' ELSE '[]'::jsonb END)`;

const REFRESH_EDITS: Array<[string, string]> = [
  // The late-infusion part depends on the infusions, the decisions (interval in force), the plan (first due, start
  // interval) and the PML suspicions (adverse events mark 'planned_infusions').
  [
    `do_missed boolean := do_inf OR 'planned_infusions' = ANY(p_parts);`,
    `do_missed boolean := do_inf OR 'decisions' = ANY(p_parts) OR 'planned_infusions' = ANY(p_parts);`,
  ],
  [
    `        missed AS (
          SELECT pi.participant_id AS pid, array_agg(pi.window_to ORDER BY pi.window_to) AS w FROM planned_infusion pi
           WHERE do_missed AND pi.participant_id = ANY(p_ids) AND pi.status = 'planned'
             AND NOT EXISTS (SELECT 1 FROM infusion i WHERE i.participant_id = pi.participant_id AND i.deleted_at IS NULL AND i.administered
                                AND i.date BETWEEN pi.window_from AND pi.window_to)
           GROUP BY 1
        ),`,
    `        -- Infusions given after their due date (infusionDueJoins of libs/trial overdue-sql.ts as of the day before each):
        -- due = previous administered infusion + the interval of the latest decision dated before it (else the plan's
        -- start interval: its first row not superseded) × 7; the first planned infusion when none precedes it. None is
        -- due while a PML suspicion is open on the day before (rule P0). Only late ones (days > 0) are kept.
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
             AND NOT EXISTS (SELECT 1 FROM adverse_event a WHERE a.participant_id = gd.pid AND a.pml_suspected AND a.deleted_at IS NULL
                               AND a.onset_date <= gd.date - 1 AND (a.resolution_date IS NULL OR a.resolution_date > gd.date - 1))
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
        ),`,
  ],
  [
    `missed_infusion_window_to = CASE WHEN do_missed THEN coalesce(missed.w, '{}') ELSE f.missed_infusion_window_to END,`,
    `late_infusion_dates = CASE WHEN do_missed THEN coalesce(missed.d, '{}') ELSE f.late_infusion_dates END,
               late_infusion_days = CASE WHEN do_missed THEN coalesce(missed.n, '{}') ELSE f.late_infusion_days END,
               next_infusion_due = CASE WHEN do_missed THEN nxt.due ELSE f.next_infusion_due END,`,
  ],
  [
    `          LEFT JOIN missed ON missed.pid = p.pid`,
    `          LEFT JOIN missed ON missed.pid = p.pid
          LEFT JOIN nxt ON nxt.pid = p.pid`,
  ],
  // Screening-form relapses join the eCRF ones in the one classification (outcomes.md §1).
  [
    `FROM relapse r WHERE do_act AND r.participant_id = ANY(p_ids) AND r.deleted_at IS NULL GROUP BY 1`,
    `FROM (SELECT r.participant_id, r.id, r.onset_date, r.duration_hours::numeric AS duration_hours, r.fever_or_infection, r.confirmed_by_neurologist
                    FROM relapse r WHERE do_act AND r.participant_id = ANY(p_ids) AND r.deleted_at IS NULL
                  UNION ALL
                  SELECT p.id, NULL::uuid, (v->>'onsetDate')::date, (v->>'durationHours')::numeric, (v->>'feverOrInfection')::boolean,
                         (v->>'confirmedByNeurologist')::boolean
                    FROM participant p CROSS JOIN LATERAL ${SCREENING_RELAPSES} v
                   WHERE do_act AND p.id = ANY(p_ids) AND v->>'onsetDate' IS NOT NULL
                     AND NOT EXISTS (SELECT 1 FROM relapse x WHERE x.participant_id = p.id AND x.deleted_at IS NULL AND x.onset_date = (v->>'onsetDate')::date)
                 ) r GROUP BY 1`,
  ],
];

const PARTICIPANT_EDITS: Array<[string, string]> = [
  [`n.screening_evidence ?| ARRAY['edss', 'infusions']`, `n.screening_evidence ?| ARRAY['edss', 'infusions', 'relapses']`],
];
