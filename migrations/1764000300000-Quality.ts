import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Data quality (issue #5): data queries with their message threads, and electronic signatures (Part 11 §11.50,
 * §11.70). Ids default to gen_random_uuid() (built into PostgreSQL >= 13).
 */

export class Quality1764000300000 implements MigrationInterface {
  name = 'Quality1764000300000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "e_signature" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "study_id" uuid NOT NULL, "site_id" uuid NOT NULL, "participant_id" uuid NOT NULL, "scope" character varying(10) NOT NULL, "planned_visit_id" uuid, "window_from" date, "window_to" date, "signer_id" uuid NOT NULL, "printed_name" character varying(200) NOT NULL, "meaning" character varying(200) NOT NULL, "signed_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "data_hash" character(64) NOT NULL, "record_count" integer NOT NULL, "status" character varying(10) NOT NULL DEFAULT 'valid', "broken_at" TIMESTAMP WITH TIME ZONE, "broken_by_change" character varying(120), "broken_by" uuid, "broken_correlation_id" text, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "PK_f46c40ebcdff80ae0b9003aea7f" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_e_signature_study_site" ON "e_signature" ("study_id", "site_id") `);
    await queryRunner.query(`CREATE INDEX "ix_e_signature_participant_status" ON "e_signature" ("participant_id", "status") `);
    await queryRunner.query(
      `CREATE TABLE "data_query" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "study_id" uuid NOT NULL, "site_id" uuid NOT NULL, "participant_id" uuid NOT NULL, "entity_type" character varying(40) NOT NULL, "record_id" uuid NOT NULL, "field" character varying(60) NOT NULL, "status" character varying(10) NOT NULL DEFAULT 'open', "raised_by" uuid, "answered_at" TIMESTAMP WITH TIME ZONE, "closed_at" TIMESTAMP WITH TIME ZONE, "closed_by" uuid, "reopen_count" integer NOT NULL DEFAULT '0', "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "PK_45b6cf2ebb0c40cfe84a65e686a" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_data_query_record" ON "data_query" ("entity_type", "record_id", "status") `);
    await queryRunner.query(`CREATE INDEX "ix_data_query_participant_status" ON "data_query" ("participant_id", "status") `);
    await queryRunner.query(
      `CREATE INDEX "ix_data_query_study_site_status" ON "data_query" ("study_id", "site_id", "status", "created_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "data_query_message" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "query_id" uuid NOT NULL, "kind" character varying(12) NOT NULL, "author_id" uuid, "author_name" character varying(200), "text" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_fb94ddeb9cab9ecadbf388cd1e0" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_data_query_message_query" ON "data_query_message" ("query_id", "created_at") `);
    await queryRunner.query(
      `ALTER TABLE "e_signature" ADD CONSTRAINT "fk_e_signature_participant" FOREIGN KEY ("participant_id") REFERENCES "participant"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "data_query" ADD CONSTRAINT "fk_data_query_participant" FOREIGN KEY ("participant_id") REFERENCES "participant"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "data_query_message" ADD CONSTRAINT "fk_data_query_message_query" FOREIGN KEY ("query_id") REFERENCES "data_query"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "data_query_message" DROP CONSTRAINT "fk_data_query_message_query"`);
    await queryRunner.query(`ALTER TABLE "data_query" DROP CONSTRAINT "fk_data_query_participant"`);
    await queryRunner.query(`ALTER TABLE "e_signature" DROP CONSTRAINT "fk_e_signature_participant"`);
    await queryRunner.query(`DROP INDEX "public"."ix_data_query_message_query"`);
    await queryRunner.query(`DROP TABLE "data_query_message"`);
    await queryRunner.query(`DROP INDEX "public"."ix_data_query_study_site_status"`);
    await queryRunner.query(`DROP INDEX "public"."ix_data_query_participant_status"`);
    await queryRunner.query(`DROP INDEX "public"."ix_data_query_record"`);
    await queryRunner.query(`DROP TABLE "data_query"`);
    await queryRunner.query(`DROP INDEX "public"."ix_e_signature_participant_status"`);
    await queryRunner.query(`DROP INDEX "public"."ix_e_signature_study_site"`);
    await queryRunner.query(`DROP TABLE "e_signature"`);
  }
}
