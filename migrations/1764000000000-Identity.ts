import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Studies, sites, study participation, users, memberships, refresh tokens and MFA recovery codes (issue #3).
 * Ids default to gen_random_uuid() (built into PostgreSQL >= 13, no extension needed).
 */
export class Identity1764000000000 implements MigrationInterface {
  name = 'Identity1764000000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TYPE "public"."user_status" AS ENUM('active', 'deactivated')`);
    await q.query(
      `CREATE TABLE "app_user" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "email" character varying(254) NOT NULL, "display_name" character varying(200) NOT NULL, "status" "public"."user_status" NOT NULL DEFAULT 'active', "password_hash" text, "is_admin" boolean NOT NULL DEFAULT false, "last_login_at" TIMESTAMP WITH TIME ZONE, "failed_login_count" integer NOT NULL DEFAULT '0', "locked_until" TIMESTAMP WITH TIME ZONE, "totp_secret" text, "totp_pending_secret" text, "totp_enabled_at" TIMESTAMP WITH TIME ZONE, "totp_last_step" bigint, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "PK_22a5c4a3d9b2fb8e4e73fc4ada1" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "uq_app_user_email" ON "app_user" ("email")`);
    await q.query(`CREATE TYPE "public"."study_status" AS ENUM('design', 'active', 'frozen', 'locked')`);
    await q.query(
      `CREATE TABLE "study" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" character varying(40) NOT NULL, "title" character varying(300) NOT NULL, "protocol_id" character varying(60) NOT NULL, "protocol_version" character varying(20) NOT NULL, "status" "public"."study_status" NOT NULL DEFAULT 'design', "mfa_required_roles" text array NOT NULL DEFAULT '{}', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "PK_ae14dbea0172b8521edb2ce4597" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "uq_study_code" ON "study" ("code")`);
    await q.query(
      `CREATE TABLE "site" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" character varying(20) NOT NULL, "name" character varying(200) NOT NULL, "country" character(2) NOT NULL, "timezone" character varying(64) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "PK_635c0eeabda8862d5b0237b42b4" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "uq_site_code" ON "site" ("code")`);
    await q.query(
      `CREATE TABLE "study_site" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "study_id" uuid NOT NULL, "site_id" uuid NOT NULL, "principal_investigator_user_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_e01f69702ff3b92d37ba8982eeb" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_study_site_site" ON "study_site" ("site_id")`);
    await q.query(`CREATE UNIQUE INDEX "uq_study_site_study_site" ON "study_site" ("study_id", "site_id")`);
    await q.query(
      `CREATE TABLE "refresh_token" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "family_id" uuid NOT NULL, "token_hash" character(64) NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "rotated_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b575dd3c21fb0831013c909e7fe" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_refresh_token_user" ON "refresh_token" ("user_id")`);
    await q.query(`CREATE INDEX "ix_refresh_token_family" ON "refresh_token" ("family_id")`);
    await q.query(`CREATE UNIQUE INDEX "uq_refresh_token_hash" ON "refresh_token" ("token_hash")`);
    await q.query(
      `CREATE TABLE "recovery_code" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "code_hash" character(64) NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b7f1e23329e93a80e25fd281922" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "uq_recovery_code_user_hash" ON "recovery_code" ("user_id", "code_hash")`);
    await q.query(
      `CREATE TYPE "public"."study_role" AS ENUM('investigator', 'site-coordinator', 'monitor', 'data-manager', 'statistician')`,
    );
    await q.query(
      `CREATE TABLE "membership" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "study_id" uuid NOT NULL, "role" "public"."study_role" NOT NULL, "site_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "chk_membership_site_for_role" CHECK ((role IN ('investigator', 'site-coordinator') AND site_id IS NOT NULL) OR (role NOT IN ('investigator', 'site-coordinator') AND site_id IS NULL)), CONSTRAINT "PK_83c1afebef3059472e7c37e8de8" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_membership_user" ON "membership" ("user_id")`);
    await q.query(`CREATE INDEX "ix_membership_study" ON "membership" ("study_id")`);
    await q.query(`CREATE UNIQUE INDEX "uq_membership_study_role" ON "membership" ("user_id", "study_id", "role") WHERE site_id IS NULL`);
    await q.query(
      `CREATE UNIQUE INDEX "uq_membership_site_role" ON "membership" ("user_id", "study_id", "role", "site_id") WHERE site_id IS NOT NULL`,
    );
    await q.query(
      `ALTER TABLE "study_site" ADD CONSTRAINT "fk_study_site_study" FOREIGN KEY ("study_id") REFERENCES "study"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "study_site" ADD CONSTRAINT "fk_study_site_site" FOREIGN KEY ("site_id") REFERENCES "site"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "study_site" ADD CONSTRAINT "fk_study_site_pi_user" FOREIGN KEY ("principal_investigator_user_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "refresh_token" ADD CONSTRAINT "fk_refresh_token_user" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "recovery_code" ADD CONSTRAINT "fk_recovery_code_user" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "membership" ADD CONSTRAINT "fk_membership_user" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "membership" ADD CONSTRAINT "fk_membership_study" FOREIGN KEY ("study_id") REFERENCES "study"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "membership" ADD CONSTRAINT "fk_membership_site" FOREIGN KEY ("site_id") REFERENCES "site"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "membership" DROP CONSTRAINT "fk_membership_site"`);
    await q.query(`ALTER TABLE "membership" DROP CONSTRAINT "fk_membership_study"`);
    await q.query(`ALTER TABLE "membership" DROP CONSTRAINT "fk_membership_user"`);
    await q.query(`ALTER TABLE "recovery_code" DROP CONSTRAINT "fk_recovery_code_user"`);
    await q.query(`ALTER TABLE "refresh_token" DROP CONSTRAINT "fk_refresh_token_user"`);
    await q.query(`ALTER TABLE "study_site" DROP CONSTRAINT "fk_study_site_pi_user"`);
    await q.query(`ALTER TABLE "study_site" DROP CONSTRAINT "fk_study_site_site"`);
    await q.query(`ALTER TABLE "study_site" DROP CONSTRAINT "fk_study_site_study"`);
    await q.query(`DROP INDEX "public"."uq_membership_site_role"`);
    await q.query(`DROP INDEX "public"."uq_membership_study_role"`);
    await q.query(`DROP INDEX "public"."ix_membership_study"`);
    await q.query(`DROP INDEX "public"."ix_membership_user"`);
    await q.query(`DROP TABLE "membership"`);
    await q.query(`DROP TYPE "public"."study_role"`);
    await q.query(`DROP INDEX "public"."uq_recovery_code_user_hash"`);
    await q.query(`DROP TABLE "recovery_code"`);
    await q.query(`DROP INDEX "public"."uq_refresh_token_hash"`);
    await q.query(`DROP INDEX "public"."ix_refresh_token_family"`);
    await q.query(`DROP INDEX "public"."ix_refresh_token_user"`);
    await q.query(`DROP TABLE "refresh_token"`);
    await q.query(`DROP INDEX "public"."uq_study_site_study_site"`);
    await q.query(`DROP INDEX "public"."ix_study_site_site"`);
    await q.query(`DROP TABLE "study_site"`);
    await q.query(`DROP INDEX "public"."uq_site_code"`);
    await q.query(`DROP TABLE "site"`);
    await q.query(`DROP INDEX "public"."uq_study_code"`);
    await q.query(`DROP TABLE "study"`);
    await q.query(`DROP TYPE "public"."study_status"`);
    await q.query(`DROP INDEX "public"."uq_app_user_email"`);
    await q.query(`DROP TABLE "app_user"`);
    await q.query(`DROP TYPE "public"."user_status"`);
  }
}
