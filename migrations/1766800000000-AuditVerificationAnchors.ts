import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The anchors a verification run was asked to check are kept on its row, so a run committed while the queue was
 * unreachable can be enqueued again by the next worker start with everything it needs. Runs from before have
 * NULL: their anchors were only in the job.
 */
export class AuditVerificationAnchors1766800000000 implements MigrationInterface {
  name = 'AuditVerificationAnchors1766800000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "audit_verification" ADD "anchors" jsonb`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "audit_verification" DROP COLUMN "anchors"`);
  }
}
