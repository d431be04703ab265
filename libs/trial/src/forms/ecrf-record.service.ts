import { Injectable } from '@nestjs/common';
import { AppError, decodeCursor, encodeCursor, Page, pageLimit, RequestContext, TransactionService } from '@eid/core';
import { AuditEventInput, AuditService, diffChanges, requireReason } from '@eid/audit';
import { Clock } from '../common/clock';
import { SiteCalendar } from '../common/site-calendar';
import { RecordChangeHooks, RecordChangeKind } from '../common/record-change-hooks';
import { assertCanInStudy } from '../common/trial-access';
import { Participant } from '../participants/participant.entity';
import { ParticipantAccessService } from '../participants/participant-access.service';
import { EcrfFormDefinition } from './ecrf-form.definition';
import { EcrfRecord } from './ecrf-record.base';
import { hydrateFromJson } from '../common/entity-json';
import { recordInsert } from './record-insert';
import { recordsForReader } from './record-reader-view';
import { readerDateShifter, shiftIso } from '../pseudonymisation/date-shift';
import { Study } from '@eid/study';

export interface RecordListQuery {
  limit?: number;
  cursor?: string;
  order?: 'asc' | 'desc';
  /** Inclusive range on the form's clinical date. */
  from?: string;
  to?: string;
  includeDeleted?: boolean;
  verified?: boolean;
}

/** The write envelope every change of saved data carries: the version it was based on and why. */
export interface ChangeEnvelope {
  version: number;
  reason?: string;
}

const PARTICIPANT_STATUSES_WITH_DATA = new Set(['enrolled', 'completed', 'withdrawn', 'lost-to-follow-up']);

/**
 * The one implementation of eCRF record handling shared by every form (and by queries/signatures built on
 * top): each call is one transaction doing site-scoped load → lock/freeze guard → version check → edit
 * checks → write → SDV reset → change listeners → audit row (no chain lock: events are chained after commit,
 * see AuditService). A create sends its row and its audit row as one statement, after the listeners.
 */
@Injectable()
export class EcrfRecordService {
  constructor(
    private readonly tx: TransactionService,
    private readonly access: ParticipantAccessService,
    private readonly audit: AuditService,
    private readonly hooks: RecordChangeHooks,
    private readonly clock: Clock,
    private readonly calendar: SiteCalendar,
  ) {}

  async create<T extends EcrfRecord>(
    ctx: RequestContext,
    form: EcrfFormDefinition<T>,
    participantId: string,
    input: Partial<T>,
  ): Promise<T> {
    return this.tx.run(ctx, async (ctx) => {
      const participant = await this.access.loadVisibleWithStudy(ctx, participantId, 'share');
      assertCanInStudy(ctx, 'enter-data', participant.studyId, participant.siteId);
      await this.access.assertWritable(ctx, participant, [input.plannedVisitId]);
      this.assertHasTrialData(participant);
      const repo = ctx.em.getRepository(form.entity);
      const candidate = repo.create({
        ...this.pick(form, input),
        plannedVisitId: input.plannedVisitId ?? null,
        studyId: participant.studyId,
        siteId: participant.siteId,
        participantId: participant.id,
        createdBy: ctx.actor?.userId ?? null,
        updatedBy: ctx.actor?.userId ?? null,
      } as T);
      await this.validate(ctx, form, participant, candidate, null);
      // The row and its audit event go in one statement (one round trip fewer on the busiest write path); the
      // listeners run first, on the candidate, which already carries its id — a create has no "before".
      const insert = recordInsert(ctx.em, form.entity, candidate);
      const changes = diffChanges<EcrfRecord>(null, candidate, [...(form.fields as string[]), 'plannedVisitId', 'warnings'] as Array<
        keyof EcrfRecord & string
      >);
      await this.hooks.notify(ctx, {
        kind: 'create',
        form: form.path,
        entityType: form.entityType,
        record: candidate,
        before: null,
        changes,
        reason: null,
        participantLastSignedAt: participant.lastSignedAt,
      });
      const { row } = await this.audit.recordAlongside<Record<string, unknown>>(
        ctx,
        insert,
        this.auditEvent(form, 'create', candidate, changes, null),
      );
      return hydrateFromJson(ctx.em, form.entity, candidate, row);
    });
  }

  /** Read one record of a participant the caller may see (404 for another site, another participant, or unknown). */
  async get<T extends EcrfRecord>(ctx: RequestContext, form: EcrfFormDefinition<T>, participantId: string, recordId: string): Promise<T> {
    return this.tx.run(ctx, async (ctx) => {
      const participant = await this.access.loadVisible(ctx, participantId);
      assertCanInStudy(ctx, 'read', participant.studyId, participant.siteId);
      return (await recordsForReader(ctx, ctx.em, form, participant, [await this.load(ctx, form, participant, recordId, false)]))[0];
    });
  }

  async update<T extends EcrfRecord>(
    ctx: RequestContext,
    form: EcrfFormDefinition<T>,
    participantId: string,
    recordId: string,
    input: Partial<T> & ChangeEnvelope,
  ): Promise<T> {
    const reason = requireReason(input.reason);
    return this.tx.run(ctx, async (ctx) => {
      const participant = await this.access.loadVisibleWithStudy(ctx, participantId, 'share');
      assertCanInStudy(ctx, 'edit-data', participant.studyId, participant.siteId);
      const existing = await this.load(ctx, form, participant, recordId, true);
      await this.access.assertWritable(ctx, participant, [existing.plannedVisitId, input.plannedVisitId]);
      this.assertVersion(existing, input.version);
      const before = { ...existing } as T;
      const candidate = Object.assign(existing, this.pick(form, input));
      if (input.plannedVisitId !== undefined) candidate.plannedVisitId = input.plannedVisitId;
      await this.validate(ctx, form, participant, candidate, before);
      const fields = [...(form.fields as string[]), 'plannedVisitId', 'warnings'] as Array<keyof EcrfRecord & string>;
      const changes = diffChanges<EcrfRecord>(before, candidate, fields);
      if (Object.keys(changes).length === 0) return before;
      candidate.updatedBy = ctx.actor?.userId ?? null;
      const wasVerified = this.resetVerification(candidate);
      const saved = await ctx.em.getRepository(form.entity).save(candidate);
      if (wasVerified) await this.auditVerificationReset(ctx, form, saved, before, reason);
      await this.afterWrite(ctx, participant, form, 'update', saved, before, changes, reason);
      return saved;
    });
  }

  /** Soft delete with reason: the row stays (and stays in the audit trail), flagged deleted. */
  async remove<T extends EcrfRecord>(
    ctx: RequestContext,
    form: EcrfFormDefinition<T>,
    participantId: string,
    recordId: string,
    input: ChangeEnvelope,
  ): Promise<T> {
    const reason = requireReason(input.reason);
    return this.tx.run(ctx, async (ctx) => {
      const participant = await this.access.loadVisibleWithStudy(ctx, participantId, 'share');
      assertCanInStudy(ctx, 'edit-data', participant.studyId, participant.siteId);
      const existing = await this.load(ctx, form, participant, recordId, true);
      await this.access.assertWritable(ctx, participant, [existing.plannedVisitId]);
      this.assertVersion(existing, input.version);
      const before = { ...existing } as T;
      existing.deletedAt = this.clock.now();
      existing.deletedBy = ctx.actor?.userId ?? null;
      existing.deleteReason = reason;
      existing.updatedBy = ctx.actor?.userId ?? null;
      const wasVerified = this.resetVerification(existing);
      const saved = await ctx.em.getRepository(form.entity).save(existing);
      if (wasVerified) await this.auditVerificationReset(ctx, form, saved, before, reason);
      await this.afterWrite(ctx, participant, form, 'delete', saved, before, { deletedAt: { old: null, new: saved.deletedAt } }, reason);
      return saved;
    });
  }

  /** Source data verification by a monitor (ICH E6(R3) 3.11.4); allowed on frozen data, not on a locked study. */
  async verify<T extends EcrfRecord>(
    ctx: RequestContext,
    form: EcrfFormDefinition<T>,
    participantId: string,
    recordId: string,
    input: { version: number },
  ): Promise<T> {
    return this.tx.run(ctx, async (ctx) => {
      const participant = await this.access.loadVisibleWithStudy(ctx, participantId, 'share');
      assertCanInStudy(ctx, 'verify', participant.studyId, participant.siteId);
      const existing = await this.load(ctx, form, participant, recordId, true);
      this.access.assertStudyRowWritable(participant.study);
      this.assertVersion(existing, input.version);
      if (existing.verifiedAt) throw AppError.conflict('ALREADY_VERIFIED', 'The record is already verified');
      const before = { ...existing } as T;
      existing.verifiedAt = this.clock.now();
      existing.verifiedBy = ctx.actor?.userId ?? null;
      const saved = await ctx.em.getRepository(form.entity).save(existing);
      await this.afterWrite(ctx, participant, form, 'verify', saved, before, { verifiedAt: { old: null, new: saved.verifiedAt } }, null);
      return saved;
    });
  }

  /** Keyset-paginated list of one participant's records, sorted by the form's clinical date then id. */
  async list<T extends EcrfRecord>(
    ctx: RequestContext,
    form: EcrfFormDefinition<T>,
    participantId: string,
    query: RecordListQuery,
  ): Promise<Page<T>> {
    return this.tx.run(ctx, async (ctx) => {
      const participant = await this.access.loadVisible(ctx, participantId);
      assertCanInStudy(ctx, 'read', participant.studyId, participant.siteId);
      const limit = pageLimit(query);
      const dir = query.order === 'desc' ? 'DESC' : 'ASC';
      const col = `r.${form.dateField}`;
      // A reader whose dates are shifted (date-shift.ts) filters and pages in the dates it sees: mapped back to the
      // stored dates here, and the cursor carries the shifted date, never the real one.
      const shifter = await readerDateShifter(ctx, ctx.em, participant);
      const days = shifter ? shifter.days(participant.id) : 0;
      const stored = <V>(d: V): V => (days && typeof d === 'string' ? (shiftIso(d, -days) as V) : d);
      const qb = ctx.em.getRepository(form.entity).createQueryBuilder('r').where('r.participantId = :pid', { pid: participant.id });
      if (!query.includeDeleted) qb.andWhere('r.deletedAt IS NULL');
      if (query.verified !== undefined) qb.andWhere(query.verified ? 'r.verifiedAt IS NOT NULL' : 'r.verifiedAt IS NULL');
      if (query.from) qb.andWhere(`${col} >= :from`, { from: stored(query.from) });
      if (query.to) qb.andWhere(`${col} <= :to`, { to: stored(query.to) });
      if (query.cursor) {
        const [d, id] = decodeCursor(query.cursor);
        qb.andWhere(`(${col}, r.id) ${dir === 'ASC' ? '>' : '<'} (:cd, :cid)`, { cd: stored(d), cid: id });
      }
      const rows = await qb
        .orderBy(col, dir)
        .addOrderBy('r.id', dir)
        .take(limit + 1)
        .getMany();
      const items = await recordsForReader(ctx, ctx.em, form, participant, rows.slice(0, limit));
      const last = items[items.length - 1];
      return {
        items,
        nextCursor: rows.length > limit && last ? encodeCursor(last[form.dateField] as unknown as string, last.id) : null,
      };
    });
  }

  /**
   * Load one record of a participant already resolved by the caller (for other modules in the same
   * transaction, e.g. queries on a field). 404 when absent, deleted or belonging to someone else.
   */
  async load<T extends EcrfRecord>(
    ctx: RequestContext,
    form: EcrfFormDefinition<T>,
    participant: Participant,
    recordId: string,
    forUpdate: boolean,
    includeDeleted = false,
  ): Promise<T> {
    const qb = ctx.em
      .getRepository(form.entity)
      .createQueryBuilder('r')
      .where('r.id = :id AND r.participantId = :pid', { id: recordId, pid: participant.id });
    if (forUpdate) qb.setLock('pessimistic_write');
    const rec = await qb.getOne().catch((e: { code?: string }) => {
      if (e.code === '22P02') return null; // not a uuid → simply not found
      throw e;
    });
    if (!rec || (rec.deletedAt && !includeDeleted)) throw AppError.notFound(form.label, recordId);
    return rec;
  }

  private pick<T extends EcrfRecord>(form: EcrfFormDefinition<T>, input: Partial<T>): Partial<T> {
    const out: Partial<T> = {};
    for (const f of form.fields) if (input[f] !== undefined) out[f] = input[f];
    return out;
  }

  private assertHasTrialData(p: Participant): void {
    // Trial data start at consent: a candidate still in screening has only entry-criteria evidence.
    if (!PARTICIPANT_STATUSES_WITH_DATA.has(p.status))
      throw AppError.conflict('PARTICIPANT_NOT_ENROLLED', `Participant is ${p.status}: eCRF data need an enrolled participant`);
  }

  private assertVersion(existing: EcrfRecord, version: number): void {
    if (existing.version !== version) throw AppError.staleVersion(existing);
  }

  private async validate<T extends EcrfRecord>(
    ctx: RequestContext,
    form: EcrfFormDefinition<T>,
    participant: Participant & { study: Study },
    candidate: T,
    existing: T | null,
  ): Promise<void> {
    const protocol = this.access.protocolOfStudy(participant.study);
    const base = { participant, protocol, today: await this.calendar.today(ctx.em, participant.siteId), em: ctx.em, existing };
    if (form.derive) await form.derive(candidate, base);
    const result = await form.check({ ...base, candidate });
    if (result.problems.length)
      throw AppError.fieldProblems(result.problems, `The ${form.label.toLowerCase()} fails ${result.problems.length} edit check(s)`);
    candidate.warnings = result.warnings;
  }

  private resetVerification(rec: EcrfRecord): boolean {
    if (!rec.verifiedAt) return false;
    rec.verifiedAt = null;
    rec.verifiedBy = null;
    return true;
  }

  private async auditVerificationReset(
    ctx: RequestContext,
    form: EcrfFormDefinition<any>,
    saved: EcrfRecord,
    before: EcrfRecord,
    reason: string,
  ): Promise<void> {
    // Audited on its own so monitors can list records whose SDV was undone by a later change.
    await this.audit.record(ctx, {
      action: 'verification-reset',
      entityType: form.entityType,
      entityId: saved.id,
      studyId: saved.studyId,
      siteId: saved.siteId,
      participantId: saved.participantId,
      changes: { verifiedAt: { old: before.verifiedAt, new: null }, verifiedBy: { old: before.verifiedBy, new: null } },
      reason,
    });
  }

  private async afterWrite(
    ctx: RequestContext,
    participant: Participant,
    form: EcrfFormDefinition<any>,
    kind: RecordChangeKind,
    saved: EcrfRecord,
    before: EcrfRecord | null,
    changes: Record<string, { old: unknown; new: unknown }>,
    reason: string | null,
  ): Promise<void> {
    await this.hooks.notify(ctx, {
      kind,
      form: form.path,
      entityType: form.entityType,
      record: saved,
      before,
      changes,
      reason,
      participantLastSignedAt: participant.lastSignedAt,
    });
    await this.audit.record(ctx, this.auditEvent(form, kind, saved, changes, reason));
  }

  private auditEvent(
    form: EcrfFormDefinition<any>,
    kind: RecordChangeKind,
    rec: EcrfRecord,
    changes: Record<string, { old: unknown; new: unknown }>,
    reason: string | null,
  ): AuditEventInput {
    return {
      action: kind,
      entityType: form.entityType,
      entityId: rec.id,
      studyId: rec.studyId,
      siteId: rec.siteId,
      participantId: rec.participantId,
      changes,
      reason,
    };
  }
}
