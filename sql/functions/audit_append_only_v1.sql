-- The audit tables are append-only for every role, the owner included (21 CFR Part 11 §11.10(e)): these triggers
-- refuse UPDATE, DELETE and TRUNCATE (docs/audit-trail.md, docs/security.md). Version 1, as created by migrations
-- 1764000001000-Audit, 1764000600000-AuditChainLinks and 1765600000000-AuditCheckpoints. Released: never edit it.

CREATE OR REPLACE FUNCTION audit_event_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
  RAISE EXCEPTION 'audit_event is append-only: % refused (21 CFR Part 11 §11.10(e))', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$fn$;

CREATE OR REPLACE TRIGGER audit_event_no_update_delete BEFORE UPDATE OR DELETE ON "audit_event" FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_change();

CREATE OR REPLACE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON "audit_event" FOR EACH STATEMENT EXECUTE FUNCTION audit_event_refuse_change();

CREATE OR REPLACE FUNCTION audit_chain_link_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
  RAISE EXCEPTION 'audit_chain_link is append-only: % refused (21 CFR Part 11 §11.10(e))', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$fn$;

CREATE OR REPLACE TRIGGER audit_chain_link_no_update_delete BEFORE UPDATE OR DELETE ON "audit_chain_link" FOR EACH ROW EXECUTE FUNCTION audit_chain_link_refuse_change();

CREATE OR REPLACE TRIGGER audit_chain_link_no_truncate BEFORE TRUNCATE ON "audit_chain_link" FOR EACH STATEMENT EXECUTE FUNCTION audit_chain_link_refuse_change();

CREATE OR REPLACE FUNCTION audit_checkpoint_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
  RAISE EXCEPTION 'audit_checkpoint is append-only: % refused (21 CFR Part 11 §11.10(e))', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$fn$;

CREATE OR REPLACE TRIGGER audit_checkpoint_no_update_delete BEFORE UPDATE OR DELETE ON "audit_checkpoint" FOR EACH ROW EXECUTE FUNCTION audit_checkpoint_refuse_change();

CREATE OR REPLACE TRIGGER audit_checkpoint_no_truncate BEFORE TRUNCATE ON "audit_checkpoint" FOR EACH STATEMENT EXECUTE FUNCTION audit_checkpoint_refuse_change();
