import { Injectable } from '@nestjs/common';
import { RequestContext, SITE_LEVEL_ROLES } from '@eid/core';
import { AuditAction, PLATFORM_CHAIN } from './audit-action';
import { AuditEvent } from './audit-event.entity';
import { auditRowHash, ChainedAuditFields } from './canonical-json';
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
 * row then commits or rolls back together with the data. Call it as the LAST statement of the transaction:
 * it takes the study chain's advisory lock, which is held until COMMIT, so anything after it lengthens the
 * time other writers of the same study wait.
 */
@Injectable()
export class AuditService {
  async record(ctx: RequestContext, event: AuditEventInput): Promise<AuditEvent> {
    const studyId = event.studyId ?? null;
    const chain = studyId ?? PLATFORM_CHAIN;
    const { role, siteId: actorSiteId } = actorRoleFor(ctx, studyId, event.siteId ?? null);
    // One JSON round trip: what is hashed is exactly what jsonb stores and gives back (Dates → ISO strings).
    const changes = event.changes && Object.keys(event.changes).length > 0 ? (JSON.parse(JSON.stringify(event.changes)) as AuditChanges) : null;

    const [head] = (await ctx.em.query('SELECT prev_hash, next_seq::text AS next_seq, occurred_at FROM audit_chain_head($1)', [chain])) as Array<{
      prev_hash: string | null;
      next_seq: string;
      occurred_at: string;
    }>;
    const row: ChainedAuditFields = {
      chain,
      seq: head.next_seq,
      occurredAt: head.occurred_at,
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
      prevHash: head.prev_hash,
    };
    const hash = auditRowHash(row);
    const [inserted] = (await ctx.em.query(
      `INSERT INTO audit_event (chain, seq, occurred_at, actor_user_id, actor_role, actor_site_id, action, entity_type, entity_id,
         study_id, site_id, participant_id, changes, reason, correlation_id, client_ip, prev_hash, hash)
       VALUES ($1, $2, $3::timestamptz, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::jsonb, $14, $15, $16, $17, $18)
       RETURNING id::text AS id`,
      [
        row.chain,
        row.seq,
        row.occurredAt,
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
        row.prevHash,
        hash,
      ],
    )) as Array<{ id: string }>;
    return Object.assign(new AuditEvent(), { ...row, id: inserted.id, occurredAt: new Date(row.occurredAt), action: event.action, hash });
  }
}

/**
 * The role(s) the actor held in the study when acting, and the site they acted for: the site of the event
 * when they hold a site-level role there, else their only site in the study.
 */
function actorRoleFor(ctx: RequestContext, studyId: string | null, eventSiteId: string | null): { role: string | null; siteId: string | null } {
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
