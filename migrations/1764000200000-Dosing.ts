import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Dosing decisions (issue #4): one append-only row per confirmed or overridden proposal, with the protocol
 * version, the proposal and a snapshot of its inputs. Site-scoped through study_id/site_id like every trial row.
 */

export class Dosing1764000200000 implements MigrationInterface {
  name = 'Dosing1764000200000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "dosing_decision" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "study_id" uuid NOT NULL, "site_id" uuid NOT NULL, "participant_id" uuid NOT NULL, "action" character varying(10) NOT NULL, "decided_on" date NOT NULL, "protocol_id" character varying(60) NOT NULL, "protocol_version" character varying(20) NOT NULL, "proposed_decision" character varying(20) NOT NULL, "proposed_interval_weeks" smallint NOT NULL, "current_interval_weeks" smallint NOT NULL, "interval_weeks" smallint NOT NULL, "next_infusion_due" date, "proposal" jsonb NOT NULL, "inputs" jsonb NOT NULL, "reason" text, "decided_by" uuid NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_2ef54d45c1bd33f40090d19afd7" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_dosing_decision_study_site" ON "dosing_decision" ("study_id", "site_id") `);
    await queryRunner.query(`CREATE INDEX "ix_dosing_decision_participant_created" ON "dosing_decision" ("participant_id", "created_at") `);
    await queryRunner.query(
      `ALTER TABLE "dosing_decision" ADD CONSTRAINT "fk_dosing_decision_participant" FOREIGN KEY ("participant_id") REFERENCES "participant"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "dosing_decision" DROP CONSTRAINT "fk_dosing_decision_participant"`);
    await queryRunner.query(`DROP INDEX "public"."ix_dosing_decision_participant_created"`);
    await queryRunner.query(`DROP INDEX "public"."ix_dosing_decision_study_site"`);
    await queryRunner.query(`DROP TABLE "dosing_decision"`);
  }
}
