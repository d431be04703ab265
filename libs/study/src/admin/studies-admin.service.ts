import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AppError, CursorQueryDto, Page, paginate, RequestContext, TransactionService } from '@eid/core';
import { AuditService, diffChanges, requireReason } from '@eid/audit';
import { findProtocol, isIanaTimeZoneName } from '@eid/domain';
import { Site } from '../entities/site.entity';
import { StudySite } from '../entities/study-site.entity';
import { Study } from '../entities/study.entity';
import { AddStudySiteDto, CreateSiteDto, CreateStudyDto, UpdateStudyDto } from './dto/study-admin.dto';

const STUDY_FIELDS = ['code', 'title', 'protocolId', 'protocolVersion', 'status', 'mfaRequiredRoles', 'pseudonymisationDateShift'] as const;

/**
 * The study's date-shift key (@eid/trial pseudonymisation/date-shift.ts, table export_secret, written by table
 * name: identity sits below trial), created when the policy is turned on so that shifted reads in READ ONLY
 * transactions (reports) find it. Random, never returned or logged.
 */
async function createDateShiftKey(em: EntityManager, studyId: string): Promise<void> {
  await em.query('INSERT INTO export_secret (study_id, secret) VALUES ($1, $2) ON CONFLICT (study_id) DO NOTHING', [
    studyId,
    randomBytes(32),
  ]);
}

/** Platform administration of studies, sites and site participation; every change audited. */
@Injectable()
export class StudiesAdminService {
  constructor(
    private readonly tx: TransactionService,
    private readonly audit: AuditService,
  ) {}

  createStudy(ctx: RequestContext, dto: CreateStudyDto): Promise<Study> {
    // A study is bound to one protocol file version: decisions must be traceable to the rules in force.
    if (!findProtocol(dto.protocolId, dto.protocolVersion)) {
      throw AppError.fieldProblems([
        {
          field: 'protocolVersion',
          code: 'UNKNOWN_PROTOCOL',
          reason: `no protocol file ${dto.protocolId} version ${dto.protocolVersion} under protocols/`,
        },
      ]);
    }
    return this.tx.run(ctx, async (ctx) => {
      const study = await ctx.em.save(
        ctx.em.create(Study, {
          ...dto,
          mfaRequiredRoles: dto.mfaRequiredRoles ?? [],
          pseudonymisationDateShift: dto.pseudonymisationDateShift ?? false,
        }),
      );
      if (study.pseudonymisationDateShift) await createDateShiftKey(ctx.em, study.id);
      await this.audit.record(ctx, {
        action: 'create',
        entityType: 'study',
        entityId: study.id,
        studyId: study.id,
        changes: diffChanges<Study>(null, study, STUDY_FIELDS),
      });
      return study;
    });
  }

  updateStudy(ctx: RequestContext, studyId: string, dto: UpdateStudyDto): Promise<Study> {
    const reason = requireReason(dto.reason);
    return this.tx.run(ctx, async (ctx) => {
      const study = await ctx.em.findOne(Study, { where: { id: studyId }, lock: { mode: 'pessimistic_write' } });
      if (!study) throw AppError.notFound('Study', studyId);
      if (study.version !== dto.version) throw AppError.staleVersion(study);
      if (dto.status && !(study.status === 'design' && dto.status === 'active')) {
        throw AppError.conflict('STUDY_STATUS_TRANSITION', `A study in status ${study.status} cannot be set to ${dto.status} here`);
      }
      const before = { ...study };
      if (dto.title !== undefined) study.title = dto.title;
      if (dto.mfaRequiredRoles !== undefined) study.mfaRequiredRoles = dto.mfaRequiredRoles;
      if (dto.pseudonymisationDateShift !== undefined) study.pseudonymisationDateShift = dto.pseudonymisationDateShift;
      if (dto.status !== undefined) study.status = dto.status;
      const changes = diffChanges<Study>(before, study, STUDY_FIELDS);
      if (Object.keys(changes).length === 0) return study;
      const saved = await ctx.em.save(study);
      if (study.pseudonymisationDateShift) await createDateShiftKey(ctx.em, study.id);
      await this.audit.record(ctx, {
        action: changes.status ? 'status-change' : 'update',
        entityType: 'study',
        entityId: study.id,
        studyId: study.id,
        changes,
        reason,
      });
      return saved;
    });
  }

  async listStudies(ctx: RequestContext, query: CursorQueryDto): Promise<Page<Study>> {
    return this.tx.run(ctx, (ctx) =>
      paginate(ctx.em.getRepository(Study).createQueryBuilder('s'), query, { column: 's.code', value: (s) => s.code }),
    );
  }

  createSite(ctx: RequestContext, dto: CreateSiteDto): Promise<Site> {
    if (!isIanaTimeZoneName(dto.timezone))
      throw AppError.fieldProblems([{ field: 'timezone', code: 'TIMEZONE_UNKNOWN', reason: 'not an IANA time zone' }]);
    return this.tx.run(ctx, async (ctx) => {
      // SQL reads the same zone ((instant AT TIME ZONE site.timezone)::date): the database must know the exact name too.
      if (!(await ctx.em.query('SELECT 1 FROM pg_timezone_names WHERE name = $1', [dto.timezone])).length)
        throw AppError.fieldProblems([
          { field: 'timezone', code: 'TIMEZONE_UNKNOWN', reason: `the database does not know the time zone ${dto.timezone}` },
        ]);
      const site = await ctx.em.save(ctx.em.create(Site, dto));
      await this.audit.record(ctx, {
        action: 'create',
        entityType: 'site',
        entityId: site.id,
        changes: diffChanges<Site>(null, site, ['code', 'name', 'country', 'timezone']),
      });
      return site;
    });
  }

  listSites(ctx: RequestContext, query: CursorQueryDto): Promise<Page<Site>> {
    return this.tx.run(ctx, (ctx) =>
      paginate(ctx.em.getRepository(Site).createQueryBuilder('s'), query, { column: 's.code', value: (s) => s.code }),
    );
  }

  addStudySite(ctx: RequestContext, studyId: string, dto: AddStudySiteDto): Promise<StudySite> {
    return this.tx.run(ctx, async (ctx) => {
      if (!(await ctx.em.exists(Study, { where: { id: studyId } }))) throw AppError.notFound('Study', studyId);
      if (!(await ctx.em.exists(Site, { where: { id: dto.siteId } }))) {
        throw AppError.fieldProblems([{ field: 'siteId', code: 'NOT_FOUND', reason: 'no such site' }]);
      }
      if (
        dto.principalInvestigatorUserId &&
        // The user table belongs to @eid/identity, which builds on this library: named, not imported.
        !(await ctx.em.exists('User', { where: { id: dto.principalInvestigatorUserId, status: 'active' } }))
      ) {
        throw AppError.fieldProblems([{ field: 'principalInvestigatorUserId', code: 'NOT_FOUND', reason: 'no such active user' }]);
      }
      const link = await ctx.em.save(
        ctx.em.create(StudySite, { studyId, siteId: dto.siteId, principalInvestigatorUserId: dto.principalInvestigatorUserId ?? null }),
      );
      await this.audit.record(ctx, {
        action: 'create',
        entityType: 'study-site',
        entityId: link.id,
        studyId,
        siteId: dto.siteId,
        changes: diffChanges<StudySite>(null, link, ['siteId', 'principalInvestigatorUserId']),
      });
      return link;
    });
  }

  listStudySites(ctx: RequestContext, studyId: string): Promise<Array<StudySite & { site: Site }>> {
    return this.tx.run(ctx, async (ctx) => {
      if (!(await ctx.em.exists(Study, { where: { id: studyId } }))) throw AppError.notFound('Study', studyId);
      return (await ctx.em.find(StudySite, { where: { studyId }, relations: { site: true }, order: { site: { code: 'ASC' } } })) as Array<
        StudySite & { site: Site }
      >;
    });
  }
}
