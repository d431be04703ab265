import { Injectable, OnModuleInit } from '@nestjs/common';
import { RequestContext } from '@eid/core';
import { AuditService } from '@eid/audit';
import { ecrfFormByEntityType, RecordChange, RecordChangeHooks, RecordChangeListener } from '@eid/trial';
import { ESignature } from './e-signature.entity';
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
    if (change.kind === 'verify') return;
    const valid = await ctx.em
      .getRepository(ESignature)
      .createQueryBuilder('s')
      .where('s.participantId = :pid AND s.status = :st', { pid: change.record.participantId, st: 'valid' })
      .setLock('pessimistic_write')
      .getMany();
    if (valid.length === 0) return;
    const form = ecrfFormByEntityType(change.entityType);
    const hit = valid.filter((s) => s.scope === 'casebook' || touchesVisit(form, [change.record, change.before], s));
    const what = `${change.kind} ${change.entityType} ${change.record.id}`;
    for (const s of hit) {
      // TypeORM's postgres driver answers an UPDATE with [rows, rowCount].
      const [[row]] = (await ctx.em.query(
        `UPDATE e_signature SET status = 'broken', broken_at = clock_timestamp(), broken_by_change = $2, broken_by = $3, broken_correlation_id = $4,
                updated_at = now(), version = version + 1
          WHERE id = $1 RETURNING broken_at`,
        [s.id, what.slice(0, 120), ctx.actor?.userId ?? null, ctx.correlationId || null],
      )) as [Array<{ broken_at: Date }>, number];
      await this.audit.record(ctx, {
        action: 'signature-broken',
        entityType: 'e_signature',
        entityId: s.id,
        studyId: s.studyId,
        siteId: s.siteId,
        participantId: s.participantId,
        changes: { status: { old: 'valid', new: 'broken' }, brokenByChange: { old: null, new: what }, brokenAt: { old: null, new: row?.broken_at ?? null } },
        reason: `signature broken by change at ${new Date(row?.broken_at ?? Date.now()).toISOString()}${change.reason ? `: ${change.reason}` : ''}`,
      });
    }
  }
}
