import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit trail (21 CFR Part 11 §11.10(e), ICH E6(R3) 4.2.2): an append-only table with a SHA-256 hash
 * chain per study.
 * - `audit_chain_head(chain)` takes the chain's transaction-scoped advisory lock, then (with a fresh snapshot,
 *   as a VOLATILE plpgsql function does per statement) returns the previous hash, the next sequence number and
 *   the database clock. The caller hashes the row and INSERTs it as one statement; the lock is released at
 *   COMMIT/ROLLBACK, so concurrent writers still produce one unbroken chain.
 * - A trigger refuses UPDATE, DELETE and TRUNCATE for every role, the table owner included; REVOKE covers
 *   deployments where the application connects as a non-owner role. A superuser can still disable the
 *   trigger: that is what the hash chain detects (GET /api/v1/audit/verify).
 */
export class Audit1764000001000 implements MigrationInterface {
  name = 'Audit1764000001000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "audit_event" ("id" BIGSERIAL NOT NULL, "chain" character varying(64) NOT NULL, "seq" bigint NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(), "actor_user_id" uuid, "actor_role" character varying(120), "actor_site_id" uuid, "action" character varying(40) NOT NULL, "entity_type" character varying(60) NOT NULL, "entity_id" character varying(100) NOT NULL, "study_id" uuid, "site_id" uuid, "participant_id" uuid, "changes" jsonb, "reason" text, "correlation_id" character varying(100), "client_ip" character varying(64), "prev_hash" character(64), "hash" character(64) NOT NULL, CONSTRAINT "PK_481efbe8b0a403efe3f47a6528f" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_audit_event_actor" ON "audit_event" ("actor_user_id")`);
    await q.query(`CREATE INDEX "ix_audit_event_entity" ON "audit_event" ("entity_type", "entity_id")`);
    await q.query(`CREATE INDEX "ix_audit_event_participant" ON "audit_event" ("participant_id")`);
    await q.query(`CREATE INDEX "ix_audit_event_study_occurred" ON "audit_event" ("study_id", "occurred_at")`);
    await q.query(`CREATE UNIQUE INDEX "uq_audit_event_chain_seq" ON "audit_event" ("chain", "seq")`);
    await q.query(`
      CREATE FUNCTION audit_chain_head(p_chain text, OUT prev_hash text, OUT next_seq bigint, OUT occurred_at text)
      LANGUAGE plpgsql VOLATILE AS $fn$
      BEGIN
        PERFORM pg_advisory_xact_lock(hashtextextended('audit:' || p_chain, 0));
        SELECT e.hash, e.seq + 1 INTO prev_hash, next_seq FROM audit_event e WHERE e.chain = p_chain ORDER BY e.seq DESC LIMIT 1;
        IF next_seq IS NULL THEN
          next_seq := 1;
        END IF;
        occurred_at := to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"');
      END
      $fn$`);
    await q.query(`
      CREATE FUNCTION audit_event_refuse_change() RETURNS trigger
      LANGUAGE plpgsql AS $fn$
      BEGIN
        RAISE EXCEPTION 'audit_event is append-only: % refused (21 CFR Part 11 §11.10(e))', TG_OP USING ERRCODE = 'insufficient_privilege';
      END
      $fn$`);
    await q.query(
      `CREATE TRIGGER audit_event_no_update_delete BEFORE UPDATE OR DELETE ON "audit_event" FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_change()`,
    );
    await q.query(
      `CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON "audit_event" FOR EACH STATEMENT EXECUTE FUNCTION audit_event_refuse_change()`,
    );
    await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON "audit_event" FROM PUBLIC`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER "audit_event_no_truncate" ON "audit_event"`);
    await q.query(`DROP TRIGGER "audit_event_no_update_delete" ON "audit_event"`);
    await q.query(`DROP FUNCTION audit_event_refuse_change()`);
    await q.query(`DROP FUNCTION audit_chain_head(text)`);
    await q.query(`DROP INDEX "public"."uq_audit_event_chain_seq"`);
    await q.query(`DROP INDEX "public"."ix_audit_event_study_occurred"`);
    await q.query(`DROP INDEX "public"."ix_audit_event_participant"`);
    await q.query(`DROP INDEX "public"."ix_audit_event_entity"`);
    await q.query(`DROP INDEX "public"."ix_audit_event_actor"`);
    await q.query(`DROP TABLE "audit_event"`);
  }
}
