import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Anchored audit chain (issue 16 item 4, docs/security.md → Threat model):
 * - `audit_checkpoint`: the head of a chain (seq, hash) at a moment, signed with HMAC-SHA256 under a key the
 *   database never holds (AUDIT_ANCHOR_KEY). Insert-only like the other audit tables (same trigger kind).
 * - `audit_verification`: a chain verification run as a job, with its progress and its report.
 */
export class AuditCheckpoints1765600000000 implements MigrationInterface {
  name = 'AuditCheckpoints1765600000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "audit_checkpoint" ("chain" character varying(64) NOT NULL, "seq" bigint NOT NULL, "head_hash" character(64) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "key_id" character varying(16) NOT NULL, "signature" character(64) NOT NULL, CONSTRAINT "pk_audit_checkpoint" PRIMARY KEY ("chain", "seq"))`,
    );
    await q.query(`
      CREATE FUNCTION audit_checkpoint_refuse_change() RETURNS trigger
      LANGUAGE plpgsql AS $fn$
      BEGIN
        RAISE EXCEPTION 'audit_checkpoint is append-only: % refused (21 CFR Part 11 §11.10(e))', TG_OP USING ERRCODE = 'insufficient_privilege';
      END
      $fn$`);
    await q.query(
      `CREATE TRIGGER audit_checkpoint_no_update_delete BEFORE UPDATE OR DELETE ON "audit_checkpoint" FOR EACH ROW EXECUTE FUNCTION audit_checkpoint_refuse_change()`,
    );
    await q.query(
      `CREATE TRIGGER audit_checkpoint_no_truncate BEFORE TRUNCATE ON "audit_checkpoint" FOR EACH STATEMENT EXECUTE FUNCTION audit_checkpoint_refuse_change()`,
    );
    await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON "audit_checkpoint" FROM PUBLIC`);
    await q.query(
      `CREATE TABLE "audit_verification" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "chain" character varying(64) NOT NULL, "requested_by" uuid NOT NULL, "status" character varying(16) NOT NULL, "checked_links" integer NOT NULL DEFAULT 0, "total_links" integer NOT NULL DEFAULT 0, "report" jsonb, "error" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "finished_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "pk_audit_verification" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_audit_verification_chain" ON "audit_verification" ("chain", "created_at")`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."ix_audit_verification_chain"`);
    await q.query(`DROP TABLE "audit_verification"`);
    await q.query(`DROP TRIGGER "audit_checkpoint_no_truncate" ON "audit_checkpoint"`);
    await q.query(`DROP TRIGGER "audit_checkpoint_no_update_delete" ON "audit_checkpoint"`);
    await q.query(`DROP FUNCTION audit_checkpoint_refuse_change()`);
    await q.query(`DROP TABLE "audit_checkpoint"`);
  }
}
