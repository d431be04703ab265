import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig, pageLimit, RequestContext, SqlParams } from '@eid/core';
import { sitesAllowing } from '@eid/identity';
import { PLATFORM_CHAIN } from '@eid/audit';
import { AuditQueryDto } from './audit-query.dto';
import { AuditCursor } from './audit-cursor';

export interface AuditEventView {
  id: string;
  /** The platform-wide write order: shown to study-wide readers only (null for site-limited ones, issue 16 item 11). */
  seq: string | null;
  occurredAt: string;
  actorUserId: string | null;
  actorName: string | null;
  actorRole: string | null;
  actorSiteId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  studyId: string | null;
  siteId: string | null;
  participantId: string | null;
  changes: Record<string, { old: unknown; new: unknown }> | null;
  reason: string | null;
  correlationId: string | null;
  clientIp: string | null;
}

/**
 * The platform events a study's monitor reads (issue 17 item 6; docs/security.md): events about the account of a
 * person who holds, or according to the study's trail once held, a membership in the study — sign-ins, failed
 * sign-ins, sign-outs, password, second-factor, lock and deactivation changes. Never: failed sign-ins for unknown
 * e-mails (the typed text may be a password typed into the wrong field), token refresh/reuse rows (they name
 * session families), events about sites or other people, nor client IP addresses and the platform-wide seq.
 */
function peopleEvents(study: string, chain: string): string {
  const people = `(SELECT m.user_id::text FROM membership m WHERE m.study_id = ${study}::uuid
                   UNION SELECT x.id FROM audit_event a,
                     LATERAL (VALUES (a.changes->'userId'->>'old'), (a.changes->'userId'->>'new')) AS x(id)
                    WHERE a.chain = ${chain} AND a.entity_type = 'membership' AND x.id IS NOT NULL)`;
  return `((e.entity_type = 'user' AND e.entity_id IN ${people})
           OR (e.entity_type = 'session' AND e.action = 'logout' AND e.actor_user_id::text IN ${people}))`;
}

/**
 * Reads the trail of one chain, newest first, with keyset pagination on seq. Site-level readers
 * (investigators, site coordinators) see only their sites' rows; study-level readers all rows of the study.
 */
@Injectable()
export class AuditQueryService {
  private readonly cursors: AuditCursor;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.cursors = new AuditCursor(config.jwtAccessSecret);
  }

  /**
   * The platform chain limited to the events of one study's people (the monitor's platform log). Without seq: its
   * gaps would count other studies' people's sign-ins (as for site-limited readers, issue 16 item 11).
   */
  async listPlatformOfStudy(ctx: RequestContext, q: AuditQueryDto, studyId: string) {
    const page = await this.list(ctx, q, PLATFORM_CHAIN, studyId);
    return { ...page, items: page.items.map((i) => ({ ...i, seq: null, clientIp: null })) };
  }

  async list(
    ctx: RequestContext,
    q: AuditQueryDto,
    chain: string,
    peopleOfStudy?: string,
  ): Promise<{ items: AuditEventView[]; nextCursor: string | null }> {
    const where: string[] = ['e.chain = $1'];
    const params = new SqlParams([chain]);
    const add = (sql: string, value: unknown) => where.push(sql.replace('?', params.add(value)));
    let siteLimited = false;
    if (chain !== PLATFORM_CHAIN) {
      // The sites where a membership grants "view-audit" (issue 16 item 1): a statistician who is also an
      // investigator at A sees A's trail, not the study's.
      const scope = sitesAllowing(ctx.actor, 'view-audit', chain);
      siteLimited = scope !== 'all';
      if (scope !== 'all') add('e.site_id = ANY(?::uuid[])', scope);
    }
    if (peopleOfStudy) {
      where.push(peopleEvents(params.add(peopleOfStudy), params.add(peopleOfStudy)));
    }
    if (q.site) add('e.site_id = ?', q.site);
    if (q.participant) add('e.participant_id = ?', q.participant);
    if (q.entityType) add('e.entity_type = ?', q.entityType);
    if (q.entityId) add('e.entity_id = ?', q.entityId);
    if (q.actor) add('e.actor_user_id = ?', q.actor);
    if (q.action) add('e.action = ?', q.action);
    if (q.from) add('e.occurred_at >= ?::timestamptz', q.from);
    if (q.to) add('e.occurred_at < ?::timestamptz', q.to);
    if (q.cursor) add('e.seq < ?::bigint', this.cursors.open(q.cursor));
    const limit = pageLimit(q);
    const rows = (await this.dataSource.query(
      `SELECT e.id::text AS id, e.seq::text AS seq,
              to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "occurredAt",
              e.actor_user_id AS "actorUserId", u.display_name AS "actorName", e.actor_role AS "actorRole", e.actor_site_id AS "actorSiteId",
              e.action, e.entity_type AS "entityType", e.entity_id AS "entityId", e.study_id AS "studyId", e.site_id AS "siteId",
              e.participant_id AS "participantId", e.changes, e.reason, e.correlation_id AS "correlationId", e.client_ip AS "clientIp"
         FROM audit_event e LEFT JOIN app_user u ON u.id = e.actor_user_id
        WHERE ${where.join(' AND ')}
        ORDER BY e.seq DESC
        LIMIT ${params.add(limit + 1)}`,
      params.values,
    )) as AuditEventView[];
    const items = rows.slice(0, limit);
    const nextCursor = rows.length > limit ? this.cursors.seal(items[items.length - 1].seq!) : null;
    // Gaps in the global seq between a site's own rows would show other sites' activity: site-limited readers get none.
    return { items: siteLimited ? items.map((i) => ({ ...i, seq: null })) : items, nextCursor };
  }
}
