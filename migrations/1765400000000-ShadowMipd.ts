import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Shadow MIPD (issue 15 item 8): every recorded dosing decision also stores what the PK model recommended at that
 * moment — model id and version, target, recommended interval and its probability — so the protocol's decisions
 * and the model's can be compared prospectively once troughs at the new interval arrive. Nullable: decisions
 * recorded before this migration, and decisions under a protocol without a PK target (PDNMS: target, interval and
 * probability null, model id still recorded).
 */
export class ShadowMipd1765400000000 implements MigrationInterface {
  name = 'ShadowMipd1765400000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE "dosing_decision"
        ADD "shadow_model_id" varchar(100),
        ADD "shadow_model_version" varchar(20),
        ADD "shadow_target_ug_per_ml" double precision,
        ADD "shadow_min_probability" double precision,
        ADD "shadow_interval_weeks" smallint,
        ADD "shadow_probability" double precision,
        ADD CONSTRAINT "ck_dosing_decision_shadow_probability" CHECK ("shadow_probability" IS NULL OR ("shadow_probability" >= 0 AND "shadow_probability" <= 1)),
        ADD CONSTRAINT "ck_dosing_decision_shadow_target" CHECK (("shadow_target_ug_per_ml" IS NULL) = ("shadow_interval_weeks" IS NULL))`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE "dosing_decision"
        DROP CONSTRAINT "ck_dosing_decision_shadow_target",
        DROP CONSTRAINT "ck_dosing_decision_shadow_probability",
        DROP "shadow_probability", DROP "shadow_interval_weeks", DROP "shadow_min_probability",
        DROP "shadow_target_ug_per_ml", DROP "shadow_model_version", DROP "shadow_model_id"`);
  }
}
