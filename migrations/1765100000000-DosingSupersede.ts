import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 13 (dosing evidence and safety stops):
 * - seen_activity_ids: the relapse and MRI records a decision's proposal was computed from. A decision answers
 *   exactly the disease activity it saw; activity entered later, whatever its date, triggers the activity rule
 *   again. Null for decisions taken before this column (the engine then reads the decision's rule and interval).
 * - superseded_by / superseded_at: a same-day decision replaced because the proposal changed (new activity or a
 *   safety stop) is kept and marked, never deleted; the engine, the schedule and the lists read only current ones.
 * - one current decision per participant and day, enforced by a partial unique index (was a service check only);
 *   the earlier row is marked before the new one is inserted, so the foreign key is checked at commit.
 */
export class DosingSupersede1765100000000 implements MigrationInterface {
  name = 'DosingSupersede1765100000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "dosing_decision" ADD "seen_activity_ids" uuid array`);
    await q.query(`ALTER TABLE "dosing_decision" ADD "superseded_by" uuid`);
    await q.query(`ALTER TABLE "dosing_decision" ADD "superseded_at" TIMESTAMP(3) WITH TIME ZONE`);
    await q.query(
      `ALTER TABLE "dosing_decision" ADD CONSTRAINT "fk_dosing_decision_superseded_by" FOREIGN KEY ("superseded_by") REFERENCES "dosing_decision"("id") ON DELETE RESTRICT DEFERRABLE INITIALLY DEFERRED`,
    );
    await q.query(
      `CREATE UNIQUE INDEX "ux_dosing_decision_current_per_day" ON "dosing_decision" ("participant_id", "decided_on") WHERE superseded_at IS NULL`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."ux_dosing_decision_current_per_day"`);
    await q.query(`ALTER TABLE "dosing_decision" DROP CONSTRAINT "fk_dosing_decision_superseded_by"`);
    await q.query(`ALTER TABLE "dosing_decision" DROP COLUMN "superseded_at"`);
    await q.query(`ALTER TABLE "dosing_decision" DROP COLUMN "superseded_by"`);
    await q.query(`ALTER TABLE "dosing_decision" DROP COLUMN "seen_activity_ids"`);
  }
}
