import { existsSync } from 'node:fs';
import { Injectable } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { AppError, QUEUES, RequestContext, TransactionService } from '@eid/core';
import { AuditService } from '@eid/audit';
import { mustPseudonymise } from '@eid/identity';
import { CreateExportDto } from './api/create-export.dto';
import { DatasetCatalog } from './dataset/dataset-catalog';
import { ExportJob } from './export-job.entity';
import { EXPORT_ATTEMPTS, ExportJobData } from './run/export.processor';

/** The history lists this many exports at most (files expire after EXPORT_RETENTION_HOURS; rows stay). */
export const EXPORT_HISTORY_LIMIT = 200;

export interface ExportDownload {
  job: ExportJob;
  path: string;
}

/**
 * Requests, status and download of exports. What an export may hold is decided here, from the requester's roles
 * (issue #6): statisticians always get every site, pseudonymised; only data managers get the audit trail.
 */
@Injectable()
export class ExportsService {
  constructor(
    private readonly tx: TransactionService,
    private readonly audit: AuditService,
    @InjectQueue(QUEUES.exports) private readonly queue: Queue<ExportJobData>,
  ) {}

  async request(ctx: RequestContext, studyId: string, dto: CreateExportDto): Promise<ExportJob> {
    const actor = ctx.requireActor();
    const roles = ctx.rolesIn(studyId);
    const statistician = mustPseudonymise(roles);
    if (dto.includeAudit && !roles.includes('data-manager')) throw AppError.forbidden('Only data managers may export the audit trail', 'AUDIT_EXPORT_FORBIDDEN');
    // A statistician's export is site-complete and pseudonymised whatever the request said (GDPR art. 89 safeguard).
    const pseudonymisation = statistician && dto.pseudonymisation === 'none' ? 'pseudonymised' : dto.pseudonymisation;
    const sites = statistician ? null : (dto.sites ?? null);
    if (dto.includeAudit && pseudonymisation !== 'none') {
      throw AppError.fieldProblems([{ field: 'includeAudit', code: 'AUDIT_NEEDS_IDENTIFIED_EXPORT', reason: 'the audit trail names people and holds raw values: only with pseudonymisation "none"' }]);
    }
    return this.tx.run(ctx, async (ctx) => {
      if (sites) {
        const known = (await ctx.em.query('SELECT site_id FROM study_site WHERE study_id = $1 AND site_id = ANY($2)', [studyId, sites])) as Array<{ site_id: string }>;
        const unknown = sites.filter((s) => !known.some((k) => k.site_id === s));
        if (unknown.length) throw AppError.fieldProblems([{ field: 'sites', code: 'UNKNOWN_SITE', reason: `not a site of this study: ${unknown.join(', ')}` }]);
      }
      const job = await ctx.em.getRepository(ExportJob).save(
        ctx.em.getRepository(ExportJob).create({
          studyId,
          requestedBy: actor.userId,
          requestedRoles: roles.join(',') || (actor.isAdmin ? 'admin' : ''),
          format: dto.format,
          shape: dto.shape,
          pseudonymisation,
          forms: dto.forms ? DatasetCatalog.formNames().filter((f) => dto.forms!.includes(f)) : DatasetCatalog.formNames(),
          sites,
          includeAudit: dto.includeAudit ?? false,
          status: 'queued',
        }),
      );
      await this.audit.record(ctx, {
        action: 'export',
        entityType: 'export_job',
        entityId: job.id,
        studyId,
        changes: {
          format: { old: null, new: job.format },
          shape: { old: null, new: job.shape },
          pseudonymisation: { old: null, new: job.pseudonymisation },
          forms: { old: null, new: job.forms },
          sites: { old: null, new: job.sites },
          includeAudit: { old: null, new: job.includeAudit },
        },
      });
      // Enqueued only once the row is committed: a worker never picks up a job it cannot find (STYLE.md habit 3).
      ctx.afterCommit(() =>
        this.queue.add(
          'export',
          { exportJobId: job.id, correlationId: ctx.correlationId },
          { jobId: job.id, attempts: EXPORT_ATTEMPTS, backoff: { type: 'exponential', delay: 2000 }, removeOnComplete: 1000, removeOnFail: 1000 },
        ),
      );
      return job;
    });
  }

  /** A job is visible to the person who requested it only: another requester's export may hold more than yours. */
  async get(ctx: RequestContext, studyId: string, jobId: string): Promise<ExportJob> {
    const actor = ctx.requireActor();
    return this.tx.run(ctx, async (ctx) => {
      const job = await ctx.em.getRepository(ExportJob).findOne({ where: { id: jobId, studyId, requestedBy: actor.userId } });
      if (!job) throw AppError.notFound('Export', jobId);
      return job;
    });
  }

  /**
   * Export history, newest first: your own exports; a data manager sees every export of the study (they answer for
   * what leaves it), but downloads only their own (`get`/`download` stay per requester).
   */
  async list(ctx: RequestContext, studyId: string): Promise<ExportJob[]> {
    const actor = ctx.requireActor();
    const all = ctx.rolesIn(studyId).includes('data-manager');
    return this.tx.run(ctx, (ctx) =>
      ctx.em.getRepository(ExportJob).find({
        where: all ? { studyId } : { studyId, requestedBy: actor.userId },
        order: { createdAt: 'DESC', id: 'DESC' },
        take: EXPORT_HISTORY_LIMIT,
      }),
    );
  }

  /** Audits the download (Part 11 §11.10(e): who took which data out, when) before a byte is sent. */
  async download(ctx: RequestContext, studyId: string, jobId: string): Promise<ExportDownload> {
    const job = await this.get(ctx, studyId, jobId);
    if (job.status !== 'completed' || !job.filePath) throw AppError.conflict('EXPORT_NOT_READY', `The export is ${job.status}`, { status: job.status });
    if (!existsSync(job.filePath)) throw AppError.conflict('EXPORT_FILE_MISSING', 'The export file is no longer available');
    await this.tx.run(ctx, (ctx) =>
      this.audit.record(ctx, {
        action: 'download',
        entityType: 'export_job',
        entityId: job.id,
        studyId,
        changes: { fileName: { old: null, new: job.fileName }, sha256: { old: null, new: job.sha256 } },
      }),
    );
    return { job, path: job.filePath };
  }
}
