import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Export jobs (issue #6) and the per-study date-shift secret of pseudonymised exports, which no export reads.
 */
export class Exports1764000500000 implements MigrationInterface {
  name = 'Exports1764000500000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "export_secret" ("study_id" uuid NOT NULL, "secret" bytea NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a2e990626258f2315712652a2cb" PRIMARY KEY ("study_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "export_job" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "study_id" uuid NOT NULL, "requested_by" uuid NOT NULL, "requested_roles" character varying(120) NOT NULL, "format" character varying(8) NOT NULL, "shape" character varying(8) NOT NULL, "pseudonymisation" character varying(32) NOT NULL, "forms" text array NOT NULL, "sites" uuid array, "include_audit" boolean NOT NULL DEFAULT false, "status" character varying(12) NOT NULL DEFAULT 'queued', "rows_done" integer NOT NULL DEFAULT '0', "rows_total" integer, "attempts" integer NOT NULL DEFAULT '0', "file_name" character varying(200), "file_path" text, "size_bytes" bigint, "sha256" character(64), "error" text, "snapshot_at" TIMESTAMP WITH TIME ZONE, "started_at" TIMESTAMP WITH TIME ZONE, "completed_at" TIMESTAMP WITH TIME ZONE, "expires_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "PK_2edcb6f1780d22e5a9f2f29f466" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_export_job_status_expires" ON "export_job" ("status", "expires_at") `);
    await queryRunner.query(`CREATE INDEX "ix_export_job_study_created" ON "export_job" ("study_id", "created_at") `);
    await queryRunner.query(
      `ALTER TABLE "export_secret" ADD CONSTRAINT "fk_export_secret_study" FOREIGN KEY ("study_id") REFERENCES "study"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "export_job" ADD CONSTRAINT "fk_export_job_study" FOREIGN KEY ("study_id") REFERENCES "study"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "export_job" DROP CONSTRAINT "fk_export_job_study"`);
    await queryRunner.query(`ALTER TABLE "export_secret" DROP CONSTRAINT "fk_export_secret_study"`);
    await queryRunner.query(`DROP INDEX "public"."ix_export_job_study_created"`);
    await queryRunner.query(`DROP INDEX "public"."ix_export_job_status_expires"`);
    await queryRunner.query(`DROP TABLE "export_job"`);
    await queryRunner.query(`DROP TABLE "export_secret"`);
  }
}
