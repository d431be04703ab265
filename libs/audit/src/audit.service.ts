import { Injectable } from '@nestjs/common';
import { RequestContext, SITE_LEVEL_ROLES, SqlParams } from '@eid/core';
import { AuditAction, PLATFORM_CHAIN } from './audit-action';
import { AuditEvent } from './audit-event.entity';
import { AuditSealer } from './audit-sealer.service';
import { AuditChanges } from './diff-changes';

export interface AuditEventInput {
  action: AuditAction;
  entityType: string;
  entityId: string;
  /** The study whose chain receives the event; null/absent → the platform chain (logins, user admin). */
  studyId?: string | null;
  siteId?: string | null;
  participantId?: string | null;
  changes?: AuditChanges | null;
  reason?: string | null;
}

/**
 * Writes the audit trail (Part 11 §11.10(e)): who (user, role, site), when (database clock), what (action,
 * entity, old → new), why (reason), from where (correlation id, client IP).
 *
 * Always call `record` with the RequestContext of the transaction that makes the change (`ctx.em`): the audit
 * row then commits or rolls back together with the data. `record` is one INSERT of the event's content: no
 * lock, no read of the chain head, so concurrent writers of one study never wait for each other.
 *
 * Chaining happens after commit (docs/audit-trail.md): AuditSealer appends each committed event to its
 * study's hash chain (audit_chain_link: seq, prev_hash, hash = SHA-256 over the event content + seq +
 * prev_hash) under the chain's advisory lock, in its own short transaction. `record` registers an
 * after-commit trigger for it (coalesced per process to one seal pass per ~100 ms); a sweep every 1.5 s in
 * every API/worker process seals what a crashed process left, and verification seals before it walks.
 *
 * Trade-off, accepted deliberately: an event is chained ~100 ms–2 s after its commit (chain order = seal
 * order, so an event whose transaction commits late gets a later position). Until it is sealed it is
 * protected by the append-only trigger and the database role (REVOKE), not yet by the hash; the verifier
 * reports any event still unsealed a few seconds after it was written.
 */
@Injectable()
export class AuditService {
  constructor(private readonly sealer: AuditSealer) {}

  async record(ctx: RequestContext, event: AuditEventInput): Promise<AuditEvent> {
    const params = new SqlParams();
    const insert = this.prepare(ctx, event, params);
    const [inserted] = (await ctx.em.query(`${insert.sql} RETURNING ${RETURNED}`, params.values)) as Inserted[];
    return this.recorded(ctx, insert, inserted);
  }

  /**
   * The change and its audit row in ONE statement (a data-modifying CTE): `write` is the writer's own INSERT …
   * RETURNING *, numbered from $1; its returned row comes back with the audit event. Same guarantee as `record`
   * (one transaction, all or nothing) with one round trip fewer on the eCRF write path.
   */
  async recordAlongside<R extends Record<string, unknown>>(
    ctx: RequestContext,
    write: { sql: string; params: unknown[] },
    event: AuditEventInput,
  ): Promise<{ row: R; event: AuditEvent }> {
    const params = new SqlParams(write.params);
    const insert = this.prepare(ctx, event, params);
    const [out] = (await ctx.em.query(
      `WITH w AS (${write.sql}), a AS (${insert.sql} RETURNING ${RETURNED})
       SELECT to_jsonb(w) AS row, a.id, a.seq, a."occurredAt" FROM w CROSS JOIN a`,
      params.values,
    )) as Array<Inserted & { row: R }>;
    return { row: out.row, event: this.recorded(ctx, insert, out) };
  }

  /** The INSERT of one event, its parameters added after those already in `sqlParams`: the one definition both writers use. */
  private prepare(ctx: RequestContext, event: AuditEventInput, sqlParams: SqlParams): PreparedEvent {
    const studyId = event.studyId ?? null;
    const chain = studyId ?? PLATFORM_CHAIN;
    const { role, siteId: actorSiteId } = actorRoleFor(ctx, studyId, event.siteId ?? null);
    // One JSON round trip: what is hashed later is exactly what jsonb stores and gives back (Dates → ISO strings).
    const changes =
      event.changes && Object.keys(event.changes).length > 0 ? (JSON.parse(JSON.stringify(event.changes)) as AuditChanges) : null;
    const row = {
      chain,
      actorUserId: ctx.actor?.userId ?? null,
      actorRole: role,
      actorSiteId,
      action: event.action,
      entityType: event.entityType,
      entityId: event.entityId,
      studyId,
      siteId: event.siteId ?? null,
      participantId: event.participantId ?? null,
      changes,
      reason: event.reason ?? null,
      correlationId: ctx.correlationId || null,
      clientIp: ctx.clientIp ?? null,
    };
    const values = [
      row.chain,
      row.actorUserId,
      row.actorRole,
      row.actorSiteId,
      row.action,
      row.entityType,
      row.entityId,
      row.studyId,
      row.siteId,
      row.participantId,
      row.changes === null ? null : JSON.stringify(row.changes),
      row.reason,
      row.correlationId,
      row.clientIp,
    ];
    // occurred_at and seq come from their column defaults: the database clock and the write-order sequence.
    const sql = `INSERT INTO audit_event (chain, actor_user_id, actor_role, actor_site_id, action, entity_type, entity_id,
         study_id, site_id, participant_id, changes, reason, correlation_id, client_ip)
       VALUES (${values.map((v, i) => (i === 10 ? `${sqlParams.add(v)}::jsonb` : sqlParams.add(v))).join(', ')})`;
    return { sql, row, chain, action: event.action };
  }

  private recorded(ctx: RequestContext, insert: PreparedEvent, inserted: Inserted): AuditEvent {
    ctx.afterCommit(() => this.sealer.notifyCommitted(insert.chain, inserted.seq));
    return Object.assign(new AuditEvent(), {
      ...insert.row,
      id: inserted.id,
      seq: inserted.seq,
      occurredAt: inserted.occurredAt,
      action: insert.action,
    });
  }
}

const RETURNED = `id::text AS id, seq::text AS seq, occurred_at AS "occurredAt"`;

interface Inserted {
  id: string;
  seq: string;
  occurredAt: Date;
}

interface PreparedEvent {
  sql: string;
  row: Omit<AuditEvent, 'id' | 'seq' | 'occurredAt' | 'action'>;
  chain: string;
  action: AuditAction;
}

/**
 * The role(s) the actor held in the study when acting, and the site they acted for: the site of the event
 * when they hold a site-level role there, else their only site in the study.
 */
function actorRoleFor(
  ctx: RequestContext,
  studyId: string | null,
  eventSiteId: string | null,
): { role: string | null; siteId: string | null } {
  const actor = ctx.actor;
  if (!actor) return { role: null, siteId: null };
  if (studyId) {
    const grants = actor.memberships.filter((m) => m.studyId === studyId);
    const roles = [...new Set(grants.map((m) => m.role))];
    const sites = [...new Set(grants.filter((m) => SITE_LEVEL_ROLES.includes(m.role) && m.siteId).map((m) => m.siteId as string))];
    const siteId = eventSiteId && sites.includes(eventSiteId) ? eventSiteId : sites.length === 1 ? sites[0] : null;
    if (roles.length > 0) return { role: roles.join(','), siteId };
  }
  return { role: actor.isAdmin ? 'admin' : 'user', siteId: null };
}
