import { Injectable } from '@nestjs/common';
import { SelectQueryBuilder } from 'typeorm';
import { AppError, cursorKey, Page, pageLimit, pageOf, RequestContext, TransactionService } from '@eid/core';
import { AuditService } from '@eid/audit';
import { assertCan, assertInScope, readsPseudonymised, visibleSites } from '@eid/identity';
import {
  assertRealTimeViewAllowed,
  Clock,
  ecrfFormByEntityType,
  EcrfRecordService,
  Participant,
  ParticipantAccessService,
  readerDateShifter,
  shiftDates,
} from '@eid/trial';
import { DataQuery, QueryStatus } from './data-query.entity';
import { DataQueryMessage, QueryMessageKind } from './data-query-message.entity';
import { ParticipantQueryListDto, QueryInboxDto } from './dto/query-list-query.dto';
import { QueryMessageDto, QueryTransitionDto } from './dto/query-message.dto';
import { RaiseQueryDto } from './dto/raise-query.dto';
import { pseudonymisedQueryView, QueryView, queryView } from './query.view';

type QueryAuditAction = 'query-raise' | 'query-answer' | 'query-close' | 'query-reopen';

/**
 * The query workflow (issue #5): a monitor or data manager raises a query on one field of one eCRF record;
 * the site answers (or corrects the record through the form, see QueryCorrectionListener); the monitor or data
 * manager closes or re-opens it. open → answered → closed, answered|closed → open. Every transition is one
 * transaction ending with its audit row (ICH E6(R3) 4.2.2: data changes and their rationale are traceable).
 */
@Injectable()
export class QueryService {
  constructor(
    private readonly tx: TransactionService,
    private readonly access: ParticipantAccessService,
    private readonly records: EcrfRecordService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async raise(ctx: RequestContext, participantId: string, dto: RaiseQueryDto): Promise<QueryView> {
    return this.tx.run(ctx, async (ctx) => {
      const participant = await this.access.loadVisible(ctx, participantId);
      assertCan(ctx, 'raise-query', participant.studyId, participant.siteId);
      await this.assertNotLocked(ctx, participant.studyId);
      const form = ecrfFormByEntityType(dto.entityType);
      if (!form) throw AppError.fieldProblems([{ field: 'entityType', code: 'UNKNOWN_ENTITY_TYPE', reason: 'not an eCRF form' }]);
      if (!(form.fields as readonly string[]).includes(dto.field))
        throw AppError.fieldProblems([
          { field: 'field', code: 'UNKNOWN_FIELD', reason: `${form.label} has no field "${dto.field}" (one of ${form.fields.join(', ')})` },
        ]);
      // The record must exist, belong to this participant and not be deleted (404 otherwise, like any record route).
      await this.records.load(ctx, form, participant, dto.recordId, false);
      const repo = ctx.em.getRepository(DataQuery);
      const query = await repo.save(
        repo.create({
          studyId: participant.studyId,
          siteId: participant.siteId,
          participantId: participant.id,
          entityType: form.entityType,
          recordId: dto.recordId,
          field: dto.field,
          status: 'open',
          raisedBy: ctx.actor?.userId ?? null,
        }),
      );
      const message = await this.addMessage(ctx, query, 'raise', dto.text);
      await this.auditTransition(
        ctx,
        'query-raise',
        query,
        null,
        { entityType: form.entityType, recordId: dto.recordId, field: dto.field },
        dto.text,
      );
      return queryView(query, this.clock.now(), participant.code, [message]);
    });
  }

  /** Site answer: open → answered; a further answer on an answered query just adds to the thread. */
  async answer(ctx: RequestContext, queryId: string, dto: QueryMessageDto): Promise<QueryView> {
    return this.transition(ctx, queryId, dto.version, 'answer-query', async (ctx, q) => {
      if (q.status === 'closed') throw AppError.conflict('QUERY_CLOSED', 'The query is closed; a monitor or data manager can re-open it');
      const old = q.status;
      q.status = 'answered';
      q.answeredAt = this.clock.now();
      return { action: 'query-answer', kind: 'answer', text: dto.text, old };
    });
  }

  async close(ctx: RequestContext, queryId: string, dto: QueryTransitionDto): Promise<QueryView> {
    return this.transition(ctx, queryId, dto.version, 'close-query', async (ctx, q) => {
      if (q.status === 'closed') throw AppError.conflict('QUERY_CLOSED', 'The query is already closed');
      const old = q.status;
      q.status = 'closed';
      q.closedAt = this.clock.now();
      q.closedBy = ctx.actor?.userId ?? null;
      return { action: 'query-close', kind: 'close', text: dto.text?.trim() || 'Closed', old };
    });
  }

  async reopen(ctx: RequestContext, queryId: string, dto: QueryTransitionDto): Promise<QueryView> {
    if (!dto.text?.trim())
      throw AppError.fieldProblems([{ field: 'text', code: 'TEXT_REQUIRED', reason: 'say what is still wrong when re-opening a query' }]);
    return this.transition(ctx, queryId, dto.version, 'close-query', async (_ctx, q) => {
      if (q.status === 'open') throw AppError.conflict('QUERY_ALREADY_OPEN', 'The query is already open');
      const old = q.status;
      q.status = 'open';
      q.closedAt = null;
      q.closedBy = null;
      q.reopenCount += 1;
      return { action: 'query-reopen', kind: 'reopen', text: dto.text!.trim(), old };
    });
  }

  async get(ctx: RequestContext, queryId: string): Promise<QueryView> {
    return this.tx.run(ctx, async (ctx) => {
      const q = await this.loadVisible(ctx, queryId, false);
      assertCan(ctx, 'read', q.studyId, q.siteId);
      const messages = await ctx.em
        .getRepository(DataQueryMessage)
        .find({ where: { queryId: q.id }, order: { createdAt: 'ASC', id: 'ASC' } });
      const view = queryView(q, this.clock.now(), await this.codeOf(ctx, q.participantId), messages);
      return this.forReader(ctx, q, view);
    });
  }

  async listForParticipant(ctx: RequestContext, participantId: string, dto: ParticipantQueryListDto): Promise<Page<QueryView>> {
    return this.tx.run(ctx, async (ctx) => {
      const participant = await this.access.loadVisible(ctx, participantId);
      assertCan(ctx, 'read', participant.studyId, participant.siteId);
      const qb = ctx.em.getRepository(DataQuery).createQueryBuilder('q').where('q.participantId = :pid', { pid: participant.id });
      if (dto.status) qb.andWhere('q.status = :status', { status: dto.status });
      return this.page(ctx, qb, dto, 'DESC', () => participant.code);
    });
  }

  /** The caller's inbox across the studies they may read, site-scoped, oldest first. */
  async inbox(ctx: RequestContext, dto: QueryInboxDto): Promise<Page<QueryView>> {
    return this.tx.run(ctx, async (ctx) => {
      const studies = ctx.studyIds().filter((s) => !dto.study || s === dto.study);
      const qb = ctx.em.getRepository(DataQuery).createQueryBuilder('q');
      const scopes: string[] = [];
      const params: Record<string, unknown> = {};
      studies.forEach((studyId, i) => {
        const sites = visibleSites(ctx, studyId);
        params[`st${i}`] = studyId;
        if (sites === 'all') scopes.push(`q.studyId = :st${i}`);
        else if (sites.length > 0) {
          params[`si${i}`] = sites;
          scopes.push(`(q.studyId = :st${i} AND q.siteId IN (:...si${i}))`);
        }
      });
      if (scopes.length === 0) return { items: [], nextCursor: null };
      qb.where(`(${scopes.join(' OR ')})`, params);
      if (dto.site) qb.andWhere('q.siteId = :site', { site: dto.site });
      if (dto.status) qb.andWhere('q.status = :status', { status: dto.status });
      else qb.andWhere("q.status IN ('open', 'answered')");
      // "Older than n days" counts from the real today: refused to readers whose dates are shifted (date-shift.ts).
      if (dto.olderThanDays !== undefined)
        for (const studyId of studies) await assertRealTimeViewAllowed(ctx, ctx.em, { studyId, siteId: null });
      if (dto.olderThanDays !== undefined)
        qb.andWhere('q.createdAt <= :olderThan', { olderThan: new Date(this.clock.now().getTime() - dto.olderThanDays * 86_400_000) });
      const codes = new Map<string, string | null>();
      const page = await this.page(
        ctx,
        qb,
        dto,
        'ASC',
        (q) => codes.get(q.participantId) ?? null,
        async (rows) => {
          const ids = [...new Set(rows.map((r) => r.participantId))];
          if (ids.length === 0) return;
          const found = (await ctx.em.query('SELECT id, code FROM participant WHERE id = ANY($1::uuid[])', [ids])) as Array<{
            id: string;
            code: string | null;
          }>;
          found.forEach((p) => codes.set(p.id, p.code));
        },
      );
      return page;
    });
  }

  private async page(
    ctx: RequestContext,
    qb: SelectQueryBuilder<DataQuery>,
    dto: { limit?: number; cursor?: string },
    dir: 'ASC' | 'DESC',
    code: (q: DataQuery) => string | null,
    prefetch?: (rows: DataQuery[]) => Promise<void>,
  ): Promise<Page<QueryView>> {
    const limit = pageLimit(dto);
    const key = cursorKey(dto.cursor);
    // A cursor without a value was given to a reader whose dates are shifted: the sort key is read back here.
    if (key?.value === null)
      qb.andWhere(`(q.createdAt, q.id) ${dir === 'ASC' ? '>' : '<'} (SELECT x.created_at, x.id FROM data_query x WHERE x.id = :cid)`, {
        cid: key.id,
      });
    else if (key) qb.andWhere(`(q.createdAt, q.id) ${dir === 'ASC' ? '>' : '<'} (:cv, :cid)`, { cv: key.value, cid: key.id });
    const rows = await qb
      .orderBy('q.createdAt', dir)
      .addOrderBy('q.id', dir)
      .take(limit + 1)
      .getMany();
    if (prefetch) await prefetch(rows);
    const shifted = new Set<string>();
    for (const q of rows.slice(0, limit)) if (await readerDateShifter(ctx, ctx.em, q)) shifted.add(q.id);
    // No real instant in the cursor of a reader whose dates are shifted.
    const page = pageOf(rows, limit, (q) => (shifted.has(q.id) ? null : new Date(q.createdAt).toISOString()));
    const now = this.clock.now();
    const items: QueryView[] = [];
    for (const q of page.items) items.push(await this.forReader(ctx, q, queryView(q, now, code(q))));
    return { items, nextCursor: page.nextCursor };
  }

  /**
   * A query as the caller may read it: pseudonymised readers get no staff or free text (query.view.ts) and, when
   * the study shifts dates, the participant's shifted instants and no `ageDays` (days since the REAL creation
   * would give the shift away; docs/security.md "Pseudonymisation").
   */
  private async forReader(ctx: RequestContext, q: DataQuery, view: QueryView): Promise<QueryView> {
    if (!readsPseudonymised(ctx.actor, q.studyId, q.siteId)) return view;
    const shifter = await readerDateShifter(ctx, ctx.em, q);
    const pseudonymised = pseudonymisedQueryView(view);
    return shifter ? { ...shiftDates(pseudonymised, shifter.days(q.participantId)), ageDays: null } : pseudonymised;
  }

  /** Load a query the caller may see (404 outside their sites, existence is not leaked), optionally locked. */
  async loadVisible(ctx: RequestContext, queryId: string, forUpdate: boolean): Promise<DataQuery> {
    ctx.requireActor();
    const qb = ctx.em.getRepository(DataQuery).createQueryBuilder('q').where('q.id = :id', { id: queryId });
    if (forUpdate) qb.setLock('pessimistic_write');
    const q = await qb.getOne();
    if (!q) throw AppError.notFound('Query', queryId);
    assertInScope(ctx, q, 'Query', queryId);
    return q;
  }

  private async transition(
    ctx: RequestContext,
    queryId: string,
    version: number,
    permission: 'answer-query' | 'close-query',
    apply: (
      ctx: RequestContext,
      q: DataQuery,
    ) => Promise<{ action: QueryAuditAction; kind: QueryMessageKind; text: string; old: QueryStatus }>,
  ): Promise<QueryView> {
    return this.tx.run(ctx, async (ctx) => {
      const q = await this.loadVisible(ctx, queryId, true);
      assertCan(ctx, permission, q.studyId, q.siteId);
      await this.assertNotLocked(ctx, q.studyId);
      if (q.version !== version) throw AppError.staleVersion(queryView(q, this.clock.now(), null));
      const t = await apply(ctx, q);
      const saved = await ctx.em.getRepository(DataQuery).save(q);
      await this.addMessage(ctx, saved, t.kind, t.text);
      await this.auditTransition(ctx, t.action, saved, t.old, {}, t.text);
      const messages = await ctx.em
        .getRepository(DataQueryMessage)
        .find({ where: { queryId: q.id }, order: { createdAt: 'ASC', id: 'ASC' } });
      return queryView(saved, this.clock.now(), await this.codeOf(ctx, q.participantId), messages);
    });
  }

  /** Used by the correction listener too: a thread message in the writer's transaction. */
  async addMessage(ctx: RequestContext, q: DataQuery, kind: QueryMessageKind, text: string): Promise<DataQueryMessage> {
    const repo = ctx.em.getRepository(DataQueryMessage);
    return repo.save(
      repo.create({ queryId: q.id, kind, text, authorId: ctx.actor?.userId ?? null, authorName: ctx.actor?.displayName ?? null }),
    );
  }

  async auditTransition(
    ctx: RequestContext,
    action: QueryAuditAction,
    q: DataQuery,
    old: QueryStatus | null,
    extra: Record<string, unknown>,
    text: string,
  ): Promise<void> {
    const changes: Record<string, { old: unknown; new: unknown }> = { status: { old, new: q.status } };
    for (const [k, v] of Object.entries(extra)) changes[k] = { old: null, new: v };
    await this.audit.record(ctx, {
      action,
      entityType: 'data_query',
      entityId: q.id,
      studyId: q.studyId,
      siteId: q.siteId,
      participantId: q.participantId,
      changes,
      reason: text,
    });
  }

  /** A locked study takes no change at all (database lock, ICH E6(R3)); queries must be closed before locking. */
  private async assertNotLocked(ctx: RequestContext, studyId: string): Promise<void> {
    const study = await this.access.study(ctx, studyId);
    if (study.status === 'locked') throw AppError.conflict('STUDY_LOCKED', 'The study database is locked: no changes are possible');
  }

  private async codeOf(ctx: RequestContext, participantId: string): Promise<string | null> {
    const p = await ctx.em.getRepository(Participant).findOne({ where: { id: participantId }, select: { id: true, code: true } });
    return p?.code ?? null;
  }
}
