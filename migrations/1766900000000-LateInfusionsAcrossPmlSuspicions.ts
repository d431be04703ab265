import { MigrationInterface, QueryRunner } from 'typeorm';
import { readSqlFile } from '../libs/core/src/database/sql-files';

/**
 * Issue 14 item 7, found by the synthetic-trial equivalence test (test/synth-equivalence.e2e-spec.ts): applies
 * sql/functions/report_facts_v4.sql. Version 3 dropped an infusion from the late infusions when a PML suspicion was
 * open the day before it. A participant already overdue when the suspicion was raised had been shown as overdue by the
 * participant list (no suspicion yet), and the data-quality report counted that missed infusion for a period ending
 * then but not for a later one: the count of "times an infusion was overdue up to the period end" went down as the
 * period grew. Now every infusion given after its due date is kept, and the report counts it when the participant was
 * overdue (past due + A7, no PML suspicion open: rule P0) on some day before it was given and on or before the period
 * end (overdue-sql.ts unsuspendedDaySql). Adverse events no longer change the facts' late infusions: they mark sdv only.
 */
export class LateInfusionsAcrossPmlSuspicions1766900000000 implements MigrationInterface {
  name = 'LateInfusionsAcrossPmlSuspicions1766900000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(readSqlFile('report_facts', 4));
    await q.query(`SELECT report_facts_refresh(array_agg(id), ARRAY['planned_infusions']) FROM participant`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(readSqlFile('report_facts', 3));
    await q.query(`SELECT report_facts_refresh(array_agg(id), ARRAY['planned_infusions']) FROM participant`);
  }
}
