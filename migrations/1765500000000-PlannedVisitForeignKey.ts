import { MigrationInterface, QueryRunner } from 'typeorm';

const FORM_TABLES = ['adverse_event', 'clinic_visit', 'edss_assessment', 'infusion', 'jcv_test', 'mri_scan', 'relapse', 'trough_sample'];

/**
 * Issue 16 item 7: an eCRF record's planned_visit_id is a foreign key, and a COMPOSITE one with the record's
 * participant_id, so the database itself refuses a record pointing at another participant's visit or at none
 * (the service answers 400 first). planned_visit gets the unique (id, participant_id) the key references.
 *
 * Existing rows that break the rule are not corrected silently: the migration stops and names the table and count,
 * so a data manager decides (an unlink is a change of trial data and needs its audit record and reason).
 */
export class PlannedVisitForeignKey1765500000000 implements MigrationInterface {
  name = 'PlannedVisitForeignKey1765500000000';

  public async up(q: QueryRunner): Promise<void> {
    for (const table of FORM_TABLES) {
      const [{ n }] = (await q.query(
        `SELECT count(*)::int AS n FROM "${table}" r
          WHERE r.planned_visit_id IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM planned_visit v WHERE v.id = r.planned_visit_id AND v.participant_id = r.participant_id)`,
      )) as Array<{ n: number }>;
      if (n > 0)
        throw new Error(
          `${table}: ${n} record(s) point at a planned visit that is not their participant's — resolve them before migrating`,
        );
    }
    await q.query(`ALTER TABLE "planned_visit" ADD CONSTRAINT "uq_planned_visit_id_participant" UNIQUE ("id", "participant_id")`);
    for (const table of FORM_TABLES) {
      await q.query(
        `ALTER TABLE "${table}" ADD CONSTRAINT "fk_${table}_planned_visit" FOREIGN KEY ("planned_visit_id", "participant_id") REFERENCES "planned_visit"("id","participant_id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
      );
    }
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const table of [...FORM_TABLES].reverse()) await q.query(`ALTER TABLE "${table}" DROP CONSTRAINT "fk_${table}_planned_visit"`);
    await q.query(`ALTER TABLE "planned_visit" DROP CONSTRAINT "uq_planned_visit_id_participant"`);
  }
}
