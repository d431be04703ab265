import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Moves the audit hash chain out of the writers' transactions (docs/audit-trail.md).
 * - `audit_chain_link` (insert-only, same kind of trigger as audit_event) holds each chain: seq, the sealed
 *   event, prev_hash, hash. Its FK to audit_event has no ON DELETE action, so deleting a sealed event fails
 *   even with audit_event's own trigger disabled; with ALL triggers disabled the dangling link is reported.
 * - Existing rows keep verifying: each gets the link it already had (its seq, prev_hash, hash), and the
 *   link hash is computed over the same canonical fields as before.
 * - audit_event keeps `chain` (content: which study) and `seq`, which becomes the lock-free write order (its
 *   own sequence, started above every existing value so old and new rows keep one order). `prev_hash`/`hash`
 *   are dropped rather than left NULL for new rows: chain state lives in one place only.
 * - audit_chain_head(), which took the per-study lock inside every writing transaction, is dropped.
 */
export class AuditChainLinks1764000600000 implements MigrationInterface {
  name = 'AuditChainLinks1764000600000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "audit_chain_link" ("chain" character varying(64) NOT NULL, "seq" bigint NOT NULL, "audit_event_id" bigint NOT NULL, "prev_hash" character(64), "hash" character(64) NOT NULL, "sealed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(), CONSTRAINT "pk_audit_chain_link" PRIMARY KEY ("chain", "seq"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "uq_audit_chain_link_event" ON "audit_chain_link" ("audit_event_id")`);
    await q.query(
      `ALTER TABLE "audit_chain_link" ADD CONSTRAINT "fk_audit_chain_link_event" FOREIGN KEY ("audit_event_id") REFERENCES "audit_event"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await q.query(`
      CREATE FUNCTION audit_chain_link_refuse_change() RETURNS trigger
      LANGUAGE plpgsql AS $fn$
      BEGIN
        RAISE EXCEPTION 'audit_chain_link is append-only: % refused (21 CFR Part 11 §11.10(e))', TG_OP USING ERRCODE = 'insufficient_privilege';
      END
      $fn$`);
    await q.query(
      `CREATE TRIGGER audit_chain_link_no_update_delete BEFORE UPDATE OR DELETE ON "audit_chain_link" FOR EACH ROW EXECUTE FUNCTION audit_chain_link_refuse_change()`,
    );
    await q.query(
      `CREATE TRIGGER audit_chain_link_no_truncate BEFORE TRUNCATE ON "audit_chain_link" FOR EACH STATEMENT EXECUTE FUNCTION audit_chain_link_refuse_change()`,
    );
    await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON "audit_chain_link" FROM PUBLIC`);

    // The links old rows already had; sealed_at = when they were written (they were chained in the same transaction).
    await q.query(
      `INSERT INTO "audit_chain_link" ("chain", "seq", "audit_event_id", "prev_hash", "hash", "sealed_at") SELECT "chain", "seq", "id", "prev_hash", "hash", "occurred_at" FROM "audit_event"`,
    );

    await q.query(`CREATE SEQUENCE "audit_event_seq_seq" AS bigint OWNED BY "audit_event"."seq"`);
    await q.query(`SELECT setval('audit_event_seq_seq', coalesce(max("seq"), 0) + 1, false) FROM "audit_event"`);
    await q.query(`ALTER TABLE "audit_event" ALTER COLUMN "seq" SET DEFAULT nextval('"audit_event_seq_seq"')`);
    await q.query(`ALTER TABLE "audit_event" DROP COLUMN "prev_hash"`);
    await q.query(`ALTER TABLE "audit_event" DROP COLUMN "hash"`);
    await q.query(`DROP FUNCTION audit_chain_head(text)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    // Back to chain columns on audit_event: every event needs its link (seal before reverting).
    await q.query(`
      DO $do$
      BEGIN
        IF EXISTS (SELECT 1 FROM audit_event e WHERE NOT EXISTS (SELECT 1 FROM audit_chain_link l WHERE l.audit_event_id = e.id)) THEN
          RAISE EXCEPTION 'unsealed audit events exist: seal them (AuditSealer.sealPending) before reverting 1764000600000';
        END IF;
      END
      $do$`);
    await q.query(`ALTER TABLE "audit_event" ADD "prev_hash" character(64)`);
    await q.query(`ALTER TABLE "audit_event" ADD "hash" character(64)`);
    await q.query(`DROP INDEX "public"."uq_audit_event_chain_seq"`);
    // A reviewed, one-off rewrite of the chain columns: the only UPDATE audit_event ever sees.
    await q.query(`ALTER TABLE "audit_event" DISABLE TRIGGER "audit_event_no_update_delete"`);
    await q.query(
      `UPDATE "audit_event" e SET "seq" = l."seq", "prev_hash" = l."prev_hash", "hash" = l."hash" FROM "audit_chain_link" l WHERE l."audit_event_id" = e."id"`,
    );
    await q.query(`ALTER TABLE "audit_event" ENABLE TRIGGER "audit_event_no_update_delete"`);
    await q.query(`ALTER TABLE "audit_event" ALTER COLUMN "hash" SET NOT NULL`);
    await q.query(`CREATE UNIQUE INDEX "uq_audit_event_chain_seq" ON "audit_event" ("chain", "seq")`);
    await q.query(`ALTER TABLE "audit_event" ALTER COLUMN "seq" DROP DEFAULT`);
    await q.query(`DROP SEQUENCE "audit_event_seq_seq"`);
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
    await q.query(`DROP TRIGGER "audit_chain_link_no_truncate" ON "audit_chain_link"`);
    await q.query(`DROP TRIGGER "audit_chain_link_no_update_delete" ON "audit_chain_link"`);
    await q.query(`DROP FUNCTION audit_chain_link_refuse_change()`);
    await q.query(`ALTER TABLE "audit_chain_link" DROP CONSTRAINT "fk_audit_chain_link_event"`);
    await q.query(`DROP INDEX "public"."uq_audit_chain_link_event"`);
    await q.query(`DROP TABLE "audit_chain_link"`);
  }
}
