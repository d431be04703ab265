import { Injectable, OnModuleInit } from '@nestjs/common';
import { RequestContext } from '@eid/core';
import { AuditService } from '@eid/audit';
import { ecrfFormByEntityType, RecordChange, RecordChangeHooks, RecordChangeListener } from '@eid/trial';
import { touchesVisit } from './signed-data';

/**
 * 21 CFR Part 11 §11.70 / issue #3: "any later change to the signed data invalidates the signature". Runs in
 * the writer's transaction through the trial module's record-change hooks, so the data change, the broken
 * signature and both audit rows commit (or roll back) together. SDV marks ('verify') change no data and
 * break nothing. A create counts: a new record dated in a signed visit window changes what was signed.
 */
@Injectable()
export class SignatureBreakListener implements RecordChangeListener, OnModuleInit {
  constructor(
    private readonly hooks: RecordChangeHooks,
    private readonly audit: AuditService,
  ) {}

  onModuleInit(): void {
    this.hooks.register(this);
  }

  async onRecordChange(ctx: RequestContext, change: RecordChange): Promise<void> {
    // A participant never signed has nothing to break (the signing transaction sets the mark under the row lock
    // every writer holds a share of): one query fewer on most writes.
    if (change.kind === 'verify' || change.participantLastSignedAt === null) return;
    // Only the columns the decision needs (dates as text, like the entity's), locked against a concurrent re-sign.
    const valid = (await ctx.em.query(
      `SELECT id, study_id AS "studyId", site_id AS "siteId", participant_id AS "participantId", scope, planned_visit_id AS "plannedVisitId",
              window_from::text AS "windowFrom", window_to::text AS "windowTo"
         FROM e_signature WHERE participant_id = $1 AND status = 'valid' FOR UPDATE`,
      [change.record.participantId],
    )) as ValidSignature[];
    if (valid.length === 0) return;
    const form = ecrfFormByEntityType(change.entityType);
    const hit = valid.filter((s) => s.scope === 'casebook' || touchesVisit(form, [change.record, change.before], s));
    if (hit.length === 0) return;
    const what = `${change.kind} ${change.entityType} ${change.record.id}`;
    // One statement breaks them all; TypeORM's postgres driver answers an UPDATE with [rows, rowCount].
    const [rows] = (await ctx.em.query(
      `UPDATE e_signature SET status = 'broken', broken_at = clock_timestamp(), broken_by_change = $2, broken_by = $3, broken_correlation_id = $4,
              updated_at = now(), version = version + 1
        WHERE id = ANY($1::uuid[]) RETURNING id, broken_at`,
      [hit.map((s) => s.id), what.slice(0, 120), ctx.actor?.userId ?? null, ctx.correlationId || null],
    )) as [Array<{ id: string; broken_at: Date }>, number];
    const brokenAt = new Map(rows.map((r) => [r.id, r.broken_at]));
    for (const s of hit) {
      const at = brokenAt.get(s.id) ?? null;
      await this.audit.record(ctx, {
        action: 'signature-broken',
        entityType: 'e_signature',
        entityId: s.id,
        studyId: s.studyId,
        siteId: s.siteId,
        participantId: s.participantId,
        changes: { status: { old: 'valid', new: 'broken' }, brokenByChange: { old: null, new: what }, brokenAt: { old: null, new: at } },
        reason: `signature broken by change at ${new Date(at ?? Date.now()).toISOString()}${change.reason ? `: ${change.reason}` : ''}`,
      });
    }
  }
}

interface ValidSignature {
  id: string;
  studyId: string;
  siteId: string | null;
  participantId: string;
  scope: string;
  plannedVisitId: string | null;
  windowFrom: string | null;
  windowTo: string | null;
}
