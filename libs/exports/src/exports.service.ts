import { existsSync } from 'node:fs';
import { Injectable, Logger } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { AppError, QUEUES, RequestContext, TransactionService } from '@eid/core';
import { AuditService } from '@eid/audit';
import { identifiedAllowed } from '@eid/identity';
import { studyShiftsDates } from '@eid/trial';
import { CreateExportDto } from './api/create-export.dto';
import { DatasetCatalog } from './dataset/dataset-catalog';
import { ExportJob } from './export-job.entity';
import { exportJobOptions, ExportJobData } from './run/export.processor';

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
/** How long a request waits for the queue (Redis may be down); the job is enqueued when the queue is back. */
export const ENQUEUE_WAIT_MS = 1000;

@Injectable()
export class ExportsService {
  private readonly logger = new Logger(ExportsService.name);

  constructor(
    private readonly tx: TransactionService,
    private readonly audit: AuditService,
    @InjectQueue(QUEUES.exports) private readonly queue: Queue<ExportJobData>,
  ) {}

  async request(ctx: RequestContext, studyId: string, dto: CreateExportDto, idempotencyKey?: string): Promise<ExportJob> {
    const actor = ctx.requireActor();
    if (idempotencyKey) {
      const earlier = await this.byIdempotencyKey(ctx, actor.userId, idempotencyKey);
      if (earlier) return this.sameRequest(earlier, studyId);
    }
    const roles = ctx.rolesIn(studyId);
    // The level belongs to the membership that grants "export" (issue 16 items 1–2): only a study-wide
    // non-statistician grant (a data manager's) may take identified data out; an investigator who is also a
    // statistician exports as a statistician. A request above the caller's level is refused, never downgraded.
    const identified = identifiedAllowed(actor, 'export', studyId, null);
    if (dto.includeAudit && !roles.includes('data-manager')) throw AppError.forbidden('Only data managers may export the audit trail', 'AUDIT_EXPORT_FORBIDDEN');
    if (!identified && dto.pseudonymisation === 'none') {
      throw AppError.forbidden('Your role in this study exports pseudonymised data only: request "pseudonymised" or "pseudonymised-date-shifted"', 'PSEUDONYMISATION_REQUIRED');
    }
    // A pseudonymised-only export is site-complete (GDPR art. 89 safeguard: no small-site selection).
    if (!identified && dto.sites) throw AppError.forbidden('Pseudonymised exports hold every site: omit "sites"', 'SITE_SELECTION_FORBIDDEN');
    const pseudonymisation = dto.pseudonymisation;
    const sites = dto.sites ?? null;
    if (dto.includeAudit && pseudonymisation !== 'none') {
      throw AppError.fieldProblems([{ field: 'includeAudit', code: 'AUDIT_NEEDS_IDENTIFIED_EXPORT', reason: 'the audit trail names people and holds raw values: only with pseudonymisation "none"' }]);
    }
    const created = this.tx.run(ctx, async (ctx) => {
      // The study's date-shift policy (docs/security.md "Pseudonymisation"): no unshifted pseudonymised file, which
      // could be aligned with the shifted API reads or files on participant code to recover each shift. Refused,
      // never silently upgraded: the caller learns which level the study allows.
      if (pseudonymisation === 'pseudonymised' && (await studyShiftsDates(ctx.em, studyId))) {
        throw AppError.forbidden('This study shifts the dates of pseudonymised data: request "pseudonymised-date-shifted"', 'DATE_SHIFT_REQUIRED');
      }
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
          idempotencyKey: idempotencyKey ?? null,
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
      ctx.afterCommit(() => this.enqueue(job.id, ctx.correlationId));
      return job;
    });
    try {
      return await created;
    } catch (e) {
      // The same key sent twice at once: the loser of the unique index returns the winner's job.
      if (idempotencyKey && (e as { code?: string }).code === '23505') {
        const earlier = await this.byIdempotencyKey(ctx, actor.userId, idempotencyKey);
        if (earlier) return this.sameRequest(earlier, studyId);
      }
      throw e;
    }
  }

  /**
   * Adds the job to the queue, waiting at most ENQUEUE_WAIT_MS: with Redis down the add stays pending in the
   * client and completes when Redis is back (the row is committed, the answer is 202 either way), and
   * ExportWorkers re-adds every still-queued row at start (same jobId: never twice).
   */
  async enqueue(jobId: string, correlationId?: string): Promise<void> {
    const add = this.queue.add('export', { exportJobId: jobId, correlationId }, exportJobOptions(jobId));
    add.catch((e) => this.logger.warn({ err: e, exportJobId: jobId }, 'Export not enqueued yet; it is re-enqueued at the next worker start'));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([add.catch(() => undefined), new Promise((r) => (timer = setTimeout(r, ENQUEUE_WAIT_MS)))]);
    clearTimeout(timer);
  }

  private byIdempotencyKey(ctx: RequestContext, userId: string, key: string): Promise<ExportJob | null> {
    return this.tx.run(ctx, (ctx) => ctx.em.getRepository(ExportJob).findOne({ where: { requestedBy: userId, idempotencyKey: key } }));
  }

  private sameRequest(job: ExportJob, studyId: string): ExportJob {
    if (job.studyId !== studyId) throw AppError.conflict('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used for another request');
    return job;
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
