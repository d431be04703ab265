import { MigrationInterface, QueryRunner } from 'typeorm';

/** POST /exports with an Idempotency-Key: a retry of the same request returns the job it created (issue 16 item 10). */
export class ExportIdempotencyKey1765600200000 implements MigrationInterface {
  name = 'ExportIdempotencyKey1765600200000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "export_job" ADD "idempotency_key" character varying(100)`);
    await q.query(`CREATE UNIQUE INDEX "uq_export_job_idempotency" ON "export_job" ("requested_by", "idempotency_key")`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."uq_export_job_idempotency"`);
    await q.query(`ALTER TABLE "export_job" DROP COLUMN "idempotency_key"`);
  }
}
