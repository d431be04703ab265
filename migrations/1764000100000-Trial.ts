import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Participants, code counters, visit and infusion plans, and one table per eCRF form (issue #5).
 * Every form row carries study/site/participant for site scoping; soft delete, SDV and version columns.
 */

export class Trial1764000100000 implements MigrationInterface {
  name = 'Trial1764000100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "participant" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "study_id" uuid NOT NULL, "site_id" uuid NOT NULL, "code" character varying(32), "screening_number" character varying(40) NOT NULL, "screening_date" date NOT NULL, "birth_year" smallint NOT NULL, "sex" character varying(10) NOT NULL, "ms_type" character varying(10) NOT NULL, "diagnostic_criteria" character varying(40), "natalizumab_start_date" date NOT NULL, "infusions_before_screening" integer NOT NULL, "weight_kg" numeric(5,1), "status" character varying(20) NOT NULL DEFAULT 'screening', "screening_evidence" jsonb NOT NULL, "eligibility" jsonb NOT NULL, "screen_fail_reason" text, "consent_date" date, "enrolment_date" date, "completion_date" date, "withdrawal_date" date, "withdrawal_reason" text, "frozen_at" TIMESTAMP WITH TIME ZONE, "frozen_by" uuid, "freeze_reason" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "created_by" uuid, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "chk_participant_weight" CHECK (weight_kg IS NULL OR (weight_kg > 0 AND weight_kg < 400)), CONSTRAINT "PK_64da4237f502041781ca15d4c41" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_participant_site_status" ON "participant" ("site_id", "status") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_participant_study_site_screening" ON "participant" ("study_id", "site_id", "screening_number") `,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_participant_study_code" ON "participant" ("study_id", "code") WHERE code IS NOT NULL`);
    await queryRunner.query(
      `CREATE TABLE "planned_visit" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "study_id" uuid NOT NULL, "site_id" uuid NOT NULL, "participant_id" uuid NOT NULL, "kind" character varying(40) NOT NULL, "number" smallint NOT NULL, "target_date" date NOT NULL, "window_from" date NOT NULL, "window_to" date NOT NULL, "status" character varying(12) NOT NULL DEFAULT 'planned', "frozen_at" TIMESTAMP WITH TIME ZONE, "frozen_by" uuid, "freeze_reason" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "PK_785e2c0e60fc67dfa7a65a27de1" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_planned_visit_study_site_target" ON "planned_visit" ("study_id", "site_id", "target_date") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_planned_visit_participant_number" ON "planned_visit" ("participant_id", "number") `);
    await queryRunner.query(
      `CREATE TABLE "planned_infusion" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "study_id" uuid NOT NULL, "site_id" uuid NOT NULL, "participant_id" uuid NOT NULL, "due_date" date NOT NULL, "window_from" date NOT NULL, "window_to" date NOT NULL, "interval_weeks" smallint NOT NULL, "status" character varying(12) NOT NULL DEFAULT 'planned', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_72e9811df44cea4dccadcbff593" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_planned_infusion_study_site_due" ON "planned_infusion" ("study_id", "site_id", "due_date") `);
    await queryRunner.query(`CREATE INDEX "ix_planned_infusion_participant_status" ON "planned_infusion" ("participant_id", "status") `);
    await queryRunner.query(
      `CREATE TABLE "participant_code_counter" ("study_id" uuid NOT NULL, "site_id" uuid NOT NULL, "last_number" integer NOT NULL DEFAULT '0', CONSTRAINT "pk_participant_code_counter" PRIMARY KEY ("study_id", "site_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "infusion" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "study_id" uuid NOT NULL, "site_id" uuid NOT NULL, "participant_id" uuid NOT NULL, "planned_visit_id" uuid, "warnings" jsonb NOT NULL DEFAULT '[]', "version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "created_by" uuid, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_by" uuid, "deleted_at" TIMESTAMP WITH TIME ZONE, "deleted_by" uuid, "delete_reason" text, "verified_at" TIMESTAMP WITH TIME ZONE, "verified_by" uuid, "date" date NOT NULL, "dose_mg" integer, "lot_number" character varying(40), "administered" boolean NOT NULL DEFAULT true, "not_administered_reason" text, CONSTRAINT "chk_infusion_not_administered_reason" CHECK (administered OR not_administered_reason IS NOT NULL), CONSTRAINT "PK_6fc5568bdb8ba9edc25c0f32f6c" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_infusion_study_site" ON "infusion" ("study_id", "site_id") `);
    await queryRunner.query(`CREATE INDEX "ix_infusion_participant_date" ON "infusion" ("participant_id", "date") `);
    await queryRunner.query(
      `CREATE TABLE "trough_sample" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "study_id" uuid NOT NULL, "site_id" uuid NOT NULL, "participant_id" uuid NOT NULL, "planned_visit_id" uuid, "warnings" jsonb NOT NULL DEFAULT '[]', "version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "created_by" uuid, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_by" uuid, "deleted_at" TIMESTAMP WITH TIME ZONE, "deleted_by" uuid, "delete_reason" text, "verified_at" TIMESTAMP WITH TIME ZONE, "verified_by" uuid, "sampled_on" date NOT NULL, "sampled_time" character varying(5), "concentration_ug_per_ml" numeric(5,2), "below_lloq" boolean NOT NULL DEFAULT false, "assay" character varying(80), "lab" character varying(80), "precedes_infusion_id" uuid, CONSTRAINT "PK_f5d80251d24f2fbd5bc1a74dce2" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_trough_sample_precedes" ON "trough_sample" ("precedes_infusion_id") `);
    await queryRunner.query(`CREATE INDEX "ix_trough_sample_study_site" ON "trough_sample" ("study_id", "site_id") `);
    await queryRunner.query(`CREATE INDEX "ix_trough_sample_participant_sampled" ON "trough_sample" ("participant_id", "sampled_on") `);
    await queryRunner.query(
      `CREATE TABLE "relapse" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "study_id" uuid NOT NULL, "site_id" uuid NOT NULL, "participant_id" uuid NOT NULL, "planned_visit_id" uuid, "warnings" jsonb NOT NULL DEFAULT '[]', "version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "created_by" uuid, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_by" uuid, "deleted_at" TIMESTAMP WITH TIME ZONE, "deleted_by" uuid, "delete_reason" text, "verified_at" TIMESTAMP WITH TIME ZONE, "verified_by" uuid, "onset_date" date NOT NULL, "functional_systems" text array NOT NULL DEFAULT '{}', "symptoms" text, "steroid_treatment" boolean NOT NULL DEFAULT false, "confirmed_by_neurologist" boolean, CONSTRAINT "PK_38192f568a8d23762dcd2973d5c" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_relapse_study_site" ON "relapse" ("study_id", "site_id") `);
    await queryRunner.query(`CREATE INDEX "ix_relapse_participant_onset" ON "relapse" ("participant_id", "onset_date") `);
    await queryRunner.query(
      `CREATE TABLE "mri_scan" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "study_id" uuid NOT NULL, "site_id" uuid NOT NULL, "participant_id" uuid NOT NULL, "planned_visit_id" uuid, "warnings" jsonb NOT NULL DEFAULT '[]', "version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "created_by" uuid, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_by" uuid, "deleted_at" TIMESTAMP WITH TIME ZONE, "deleted_by" uuid, "delete_reason" text, "verified_at" TIMESTAMP WITH TIME ZONE, "verified_by" uuid, "date" date NOT NULL, "new_or_enlarging_t2_count" integer NOT NULL, "gadolinium_enhancing_count" integer NOT NULL, "compared_with_date" date, CONSTRAINT "PK_258253ad372153597b8fb9b2bf6" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_mri_scan_study_site" ON "mri_scan" ("study_id", "site_id") `);
    await queryRunner.query(`CREATE INDEX "ix_mri_scan_participant_date" ON "mri_scan" ("participant_id", "date") `);
    await queryRunner.query(
      `CREATE TABLE "jcv_test" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "study_id" uuid NOT NULL, "site_id" uuid NOT NULL, "participant_id" uuid NOT NULL, "planned_visit_id" uuid, "warnings" jsonb NOT NULL DEFAULT '[]', "version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "created_by" uuid, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_by" uuid, "deleted_at" TIMESTAMP WITH TIME ZONE, "deleted_by" uuid, "delete_reason" text, "verified_at" TIMESTAMP WITH TIME ZONE, "verified_by" uuid, "date" date NOT NULL, "status" character varying(14) NOT NULL, "index" numeric(5,2), "assay" character varying(80), CONSTRAINT "PK_fb321877a3652458c7472a71bf5" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_jcv_test_study_site" ON "jcv_test" ("study_id", "site_id") `);
    await queryRunner.query(`CREATE INDEX "ix_jcv_test_participant_date" ON "jcv_test" ("participant_id", "date") `);
    await queryRunner.query(
      `CREATE TABLE "edss_assessment" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "study_id" uuid NOT NULL, "site_id" uuid NOT NULL, "participant_id" uuid NOT NULL, "planned_visit_id" uuid, "warnings" jsonb NOT NULL DEFAULT '[]', "version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "created_by" uuid, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_by" uuid, "deleted_at" TIMESTAMP WITH TIME ZONE, "deleted_by" uuid, "delete_reason" text, "verified_at" TIMESTAMP WITH TIME ZONE, "verified_by" uuid, "date" date NOT NULL, "score" numeric(3,1) NOT NULL, "functional_system_scores" jsonb, CONSTRAINT "PK_9960e98f512dfd79854d6ecc18b" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_edss_assessment_study_site" ON "edss_assessment" ("study_id", "site_id") `);
    await queryRunner.query(`CREATE INDEX "ix_edss_assessment_participant_date" ON "edss_assessment" ("participant_id", "date") `);
    await queryRunner.query(
      `CREATE TABLE "clinic_visit" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "study_id" uuid NOT NULL, "site_id" uuid NOT NULL, "participant_id" uuid NOT NULL, "planned_visit_id" uuid, "warnings" jsonb NOT NULL DEFAULT '[]', "version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "created_by" uuid, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_by" uuid, "deleted_at" TIMESTAMP WITH TIME ZONE, "deleted_by" uuid, "delete_reason" text, "verified_at" TIMESTAMP WITH TIME ZONE, "verified_by" uuid, "date" date NOT NULL, "window_flag" character varying(10) NOT NULL, "notes" text, CONSTRAINT "PK_3f1b0ab9dc11ecaedc0441f4c86" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_clinic_visit_planned" ON "clinic_visit" ("planned_visit_id") `);
    await queryRunner.query(`CREATE INDEX "ix_clinic_visit_study_site" ON "clinic_visit" ("study_id", "site_id") `);
    await queryRunner.query(`CREATE INDEX "ix_clinic_visit_participant_date" ON "clinic_visit" ("participant_id", "date") `);
    await queryRunner.query(
      `CREATE TABLE "adverse_event" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "study_id" uuid NOT NULL, "site_id" uuid NOT NULL, "participant_id" uuid NOT NULL, "planned_visit_id" uuid, "warnings" jsonb NOT NULL DEFAULT '[]', "version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "created_by" uuid, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_by" uuid, "deleted_at" TIMESTAMP WITH TIME ZONE, "deleted_by" uuid, "delete_reason" text, "verified_at" TIMESTAMP WITH TIME ZONE, "verified_by" uuid, "term" character varying(200) NOT NULL, "onset_date" date NOT NULL, "resolution_date" date, "severity" character varying(10) NOT NULL, "seriousness_criteria" text array NOT NULL DEFAULT '{}', "serious" boolean NOT NULL DEFAULT false, "expedited_review" boolean NOT NULL DEFAULT false, "relatedness" character varying(20) NOT NULL, "action_taken" character varying(30) NOT NULL, "outcome" character varying(30) NOT NULL, "pml_suspected" boolean NOT NULL DEFAULT false, CONSTRAINT "PK_777324957e0e5ef187bf5a75d4a" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_adverse_event_pml" ON "adverse_event" ("study_id", "site_id") WHERE pml_suspected AND deleted_at IS NULL`,
    );
    await queryRunner.query(`CREATE INDEX "ix_adverse_event_study_site" ON "adverse_event" ("study_id", "site_id") `);
    await queryRunner.query(`CREATE INDEX "ix_adverse_event_participant_onset" ON "adverse_event" ("participant_id", "onset_date") `);
    await queryRunner.query(
      `ALTER TABLE "participant" ADD CONSTRAINT "fk_participant_study" FOREIGN KEY ("study_id") REFERENCES "study"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "participant" ADD CONSTRAINT "fk_participant_site" FOREIGN KEY ("site_id") REFERENCES "site"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "planned_visit" ADD CONSTRAINT "fk_planned_visit_participant" FOREIGN KEY ("participant_id") REFERENCES "participant"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "planned_infusion" ADD CONSTRAINT "fk_planned_infusion_participant" FOREIGN KEY ("participant_id") REFERENCES "participant"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "participant_code_counter" ADD CONSTRAINT "fk_participant_code_counter_study" FOREIGN KEY ("study_id") REFERENCES "study"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "participant_code_counter" ADD CONSTRAINT "fk_participant_code_counter_site" FOREIGN KEY ("site_id") REFERENCES "site"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "infusion" ADD CONSTRAINT "fk_infusion_participant" FOREIGN KEY ("participant_id") REFERENCES "participant"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "trough_sample" ADD CONSTRAINT "fk_trough_sample_participant" FOREIGN KEY ("participant_id") REFERENCES "participant"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "trough_sample" ADD CONSTRAINT "fk_trough_sample_infusion" FOREIGN KEY ("precedes_infusion_id") REFERENCES "infusion"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "relapse" ADD CONSTRAINT "fk_relapse_participant" FOREIGN KEY ("participant_id") REFERENCES "participant"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "mri_scan" ADD CONSTRAINT "fk_mri_scan_participant" FOREIGN KEY ("participant_id") REFERENCES "participant"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "jcv_test" ADD CONSTRAINT "fk_jcv_test_participant" FOREIGN KEY ("participant_id") REFERENCES "participant"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "edss_assessment" ADD CONSTRAINT "fk_edss_assessment_participant" FOREIGN KEY ("participant_id") REFERENCES "participant"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "clinic_visit" ADD CONSTRAINT "fk_clinic_visit_participant" FOREIGN KEY ("participant_id") REFERENCES "participant"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "adverse_event" ADD CONSTRAINT "fk_adverse_event_participant" FOREIGN KEY ("participant_id") REFERENCES "participant"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "adverse_event" DROP CONSTRAINT "fk_adverse_event_participant"`);
    await queryRunner.query(`ALTER TABLE "clinic_visit" DROP CONSTRAINT "fk_clinic_visit_participant"`);
    await queryRunner.query(`ALTER TABLE "edss_assessment" DROP CONSTRAINT "fk_edss_assessment_participant"`);
    await queryRunner.query(`ALTER TABLE "jcv_test" DROP CONSTRAINT "fk_jcv_test_participant"`);
    await queryRunner.query(`ALTER TABLE "mri_scan" DROP CONSTRAINT "fk_mri_scan_participant"`);
    await queryRunner.query(`ALTER TABLE "relapse" DROP CONSTRAINT "fk_relapse_participant"`);
    await queryRunner.query(`ALTER TABLE "trough_sample" DROP CONSTRAINT "fk_trough_sample_infusion"`);
    await queryRunner.query(`ALTER TABLE "trough_sample" DROP CONSTRAINT "fk_trough_sample_participant"`);
    await queryRunner.query(`ALTER TABLE "infusion" DROP CONSTRAINT "fk_infusion_participant"`);
    await queryRunner.query(`ALTER TABLE "participant_code_counter" DROP CONSTRAINT "fk_participant_code_counter_site"`);
    await queryRunner.query(`ALTER TABLE "participant_code_counter" DROP CONSTRAINT "fk_participant_code_counter_study"`);
    await queryRunner.query(`ALTER TABLE "planned_infusion" DROP CONSTRAINT "fk_planned_infusion_participant"`);
    await queryRunner.query(`ALTER TABLE "planned_visit" DROP CONSTRAINT "fk_planned_visit_participant"`);
    await queryRunner.query(`ALTER TABLE "participant" DROP CONSTRAINT "fk_participant_site"`);
    await queryRunner.query(`ALTER TABLE "participant" DROP CONSTRAINT "fk_participant_study"`);
    await queryRunner.query(`DROP INDEX "public"."ix_adverse_event_participant_onset"`);
    await queryRunner.query(`DROP INDEX "public"."ix_adverse_event_study_site"`);
    await queryRunner.query(`DROP INDEX "public"."ix_adverse_event_pml"`);
    await queryRunner.query(`DROP TABLE "adverse_event"`);
    await queryRunner.query(`DROP INDEX "public"."ix_clinic_visit_participant_date"`);
    await queryRunner.query(`DROP INDEX "public"."ix_clinic_visit_study_site"`);
    await queryRunner.query(`DROP INDEX "public"."ix_clinic_visit_planned"`);
    await queryRunner.query(`DROP TABLE "clinic_visit"`);
    await queryRunner.query(`DROP INDEX "public"."ix_edss_assessment_participant_date"`);
    await queryRunner.query(`DROP INDEX "public"."ix_edss_assessment_study_site"`);
    await queryRunner.query(`DROP TABLE "edss_assessment"`);
    await queryRunner.query(`DROP INDEX "public"."ix_jcv_test_participant_date"`);
    await queryRunner.query(`DROP INDEX "public"."ix_jcv_test_study_site"`);
    await queryRunner.query(`DROP TABLE "jcv_test"`);
    await queryRunner.query(`DROP INDEX "public"."ix_mri_scan_participant_date"`);
    await queryRunner.query(`DROP INDEX "public"."ix_mri_scan_study_site"`);
    await queryRunner.query(`DROP TABLE "mri_scan"`);
    await queryRunner.query(`DROP INDEX "public"."ix_relapse_participant_onset"`);
    await queryRunner.query(`DROP INDEX "public"."ix_relapse_study_site"`);
    await queryRunner.query(`DROP TABLE "relapse"`);
    await queryRunner.query(`DROP INDEX "public"."ix_trough_sample_participant_sampled"`);
    await queryRunner.query(`DROP INDEX "public"."ix_trough_sample_study_site"`);
    await queryRunner.query(`DROP INDEX "public"."ix_trough_sample_precedes"`);
    await queryRunner.query(`DROP TABLE "trough_sample"`);
    await queryRunner.query(`DROP INDEX "public"."ix_infusion_participant_date"`);
    await queryRunner.query(`DROP INDEX "public"."ix_infusion_study_site"`);
    await queryRunner.query(`DROP TABLE "infusion"`);
    await queryRunner.query(`DROP TABLE "participant_code_counter"`);
    await queryRunner.query(`DROP INDEX "public"."ix_planned_infusion_participant_status"`);
    await queryRunner.query(`DROP INDEX "public"."ix_planned_infusion_study_site_due"`);
    await queryRunner.query(`DROP TABLE "planned_infusion"`);
    await queryRunner.query(`DROP INDEX "public"."uq_planned_visit_participant_number"`);
    await queryRunner.query(`DROP INDEX "public"."ix_planned_visit_study_site_target"`);
    await queryRunner.query(`DROP TABLE "planned_visit"`);
    await queryRunner.query(`DROP INDEX "public"."uq_participant_study_code"`);
    await queryRunner.query(`DROP INDEX "public"."uq_participant_study_site_screening"`);
    await queryRunner.query(`DROP INDEX "public"."ix_participant_site_status"`);
    await queryRunner.query(`DROP TABLE "participant"`);
  }
}
