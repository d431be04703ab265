import { Injectable, OnModuleInit } from '@nestjs/common';
import { RequestContext } from '@eid/core';
import { canonicalJson } from '@eid/audit';
import { RecordChange, RecordChangeHooks, RecordChangeListener } from '@eid/trial';
import { DataQuery } from './data-query.entity';
import { QueryService } from './query.service';

/**
 * The site may answer a query by correcting the data through the normal form update (which carries its own
 * version, reason and audit row). In the same transaction, every OPEN query on a changed field of that record
 * (or on any field, when the record is deleted) becomes "answered" with a 'correction' message quoting
 * old → new and the reason, audited as `query-answer`. The monitor still closes it: a correction is an
 * answer, not a resolution. Creates cannot touch a queried record, so they cost nothing here.
 */
@Injectable()
export class QueryCorrectionListener implements RecordChangeListener, OnModuleInit {
  constructor(
    private readonly hooks: RecordChangeHooks,
    private readonly queries: QueryService,
  ) {}

  onModuleInit(): void {
    this.hooks.register(this);
  }

  async onRecordChange(ctx: RequestContext, change: RecordChange): Promise<void> {
    if (change.kind !== 'update' && change.kind !== 'delete') return;
    const open = await ctx.em
      .getRepository(DataQuery)
      .createQueryBuilder('q')
      .where('q.entityType = :t AND q.recordId = :r AND q.status = :s', { t: change.entityType, r: change.record.id, s: 'open' })
      .setLock('pessimistic_write')
      .getMany();
    for (const q of open) {
      const touched = change.kind === 'delete' || Object.prototype.hasOwnProperty.call(change.changes, q.field);
      if (!touched) continue;
      const what =
        change.kind === 'delete'
          ? 'Record deleted'
          : `Corrected ${q.field}: ${canonicalJson(change.changes[q.field].old)} → ${canonicalJson(change.changes[q.field].new)}`;
      const text = `${what}. Reason: ${change.reason ?? '—'}`;
      q.status = 'answered';
      q.answeredAt = new Date();
      const saved = await ctx.em.getRepository(DataQuery).save(q);
      await this.queries.addMessage(ctx, saved, 'correction', text);
      await this.queries.auditTransition(ctx, 'query-answer', saved, 'open', {}, text);
    }
  }
}
