import { Injectable } from '@nestjs/common';
import { RequestContext } from '@eid/core';
import type { AuditChanges } from '@eid/audit';
import type { EcrfRecord } from '../forms/ecrf-record.base';

export type RecordChangeKind = 'create' | 'update' | 'delete' | 'verify';

/** What changed in one eCRF record, passed to listeners inside the writing transaction. */
export interface RecordChange {
  kind: RecordChangeKind;
  /** Route segment of the form, e.g. 'troughs'. */
  form: string;
  /** Audit entity type / table, e.g. 'trough_sample'. */
  entityType: string;
  record: EcrfRecord;
  before: EcrfRecord | null;
  changes: AuditChanges;
  reason: string | null;
  /** participant.last_signed_at as read (row-locked) by the writer: null = never signed, nothing to break. */
  participantLastSignedAt: Date | null;
}

export interface RecordChangeListener {
  /** Runs in the writer's transaction (`ctx.em`) before its audit row; throwing aborts the whole change. */
  onRecordChange(ctx: RequestContext, change: RecordChange): Promise<void>;
}

/**
 * Extension point for modules that react to eCRF changes in the same transaction — e.g. electronic
 * signatures marked broken when signed data changes (21 CFR 11.70), or a dosing recomputation. Register
 * from `onModuleInit()`: `hooks.register(this)`.
 */
@Injectable()
export class RecordChangeHooks {
  private readonly listeners: RecordChangeListener[] = [];

  register(listener: RecordChangeListener): void {
    if (!this.listeners.includes(listener)) this.listeners.push(listener);
  }

  async notify(ctx: RequestContext, change: RecordChange): Promise<void> {
    for (const l of this.listeners) await l.onRecordChange(ctx, change);
  }
}
