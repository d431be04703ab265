import { MigrationInterface, QueryRunner } from 'typeorm';
import { readSqlFile } from '../libs/core/src/database/sql-files';

/**
 * Issue 14 item 7 and the screening relapses, in the report facts: applies sql/functions/report_facts_v3.sql (version 2
 * with these parts changed; the rest is unchanged):
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
export class LateInfusionsScreeningRelapses1766600100000 implements MigrationInterface {
  name = 'LateInfusionsScreeningRelapses1766600100000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE report_participant_facts ADD COLUMN late_infusion_dates date[] NOT NULL DEFAULT '{}', ADD COLUMN late_infusion_days integer[] NOT NULL DEFAULT '{}', ADD COLUMN next_infusion_due date`,
    );
    await q.query(readSqlFile('report_facts', 3));
    await q.query(`ALTER TABLE report_participant_facts DROP COLUMN missed_infusion_window_to`);
    await q.query(`SELECT report_facts_refresh(array_agg(id), NULL) FROM participant`);
    await q.query(`ANALYZE report_participant_facts`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE report_participant_facts ADD COLUMN missed_infusion_window_to date[] NOT NULL DEFAULT '{}'`);
    await q.query(readSqlFile('report_facts', 2));
    await q.query(
      `ALTER TABLE report_participant_facts DROP COLUMN next_infusion_due, DROP COLUMN late_infusion_days, DROP COLUMN late_infusion_dates`,
    );
    await q.query(`SELECT report_facts_refresh(array_agg(id), NULL) FROM participant`);
  }
}
