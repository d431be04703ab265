import { createReadStream } from 'node:fs';
import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { Access, AppError, Ctx, RequestContext } from '@eid/core';
import { ExportsService } from '../exports.service';
import { CreateExportDto } from './create-export.dto';
import { ExportHistoryItemView, ExportJobView } from './export-job.view';

const uuid = (what: string) => new ParseUUIDPipe({ exceptionFactory: () => AppError.notFound(what) });
const CONTENT_TYPES: Record<string, string> = {
  csv: 'application/zip',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  odm: 'application/xml; charset=utf-8',
  json: 'application/zip',
  ndjson: 'application/zip',
};

@ApiTags('Exports')
@Controller('v1/studies/:studyId/exports')
export class ExportsController {
  constructor(private readonly exports: ExportsService) {}

  @Post()
  @HttpCode(202)
  @Access('export', 'study')
  @ApiOperation({ summary: 'Queue an export (data managers, statisticians); poll its status, then download the file' })
  @ApiAcceptedResponse({ type: ExportJobView })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Up to 100 letters, digits, - or _: a retry with the same key returns the job the first request created' })
  async create(
    @Ctx() ctx: RequestContext,
    @Param('studyId', uuid('Study')) studyId: string,
    @Body() dto: CreateExportDto,
    @Req() req: Request,
  ): Promise<ExportJobView> {
    // Read from the request, not with @Headers(): that would make the header required in the OpenAPI document.
    const idempotencyKey = req.header('idempotency-key');
    if (idempotencyKey !== undefined && !/^[\w-]{1,100}$/.test(idempotencyKey)) {
      throw AppError.fieldProblems([{ field: 'Idempotency-Key', code: 'IDEMPOTENCY_KEY_FORMAT', reason: 'up to 100 letters, digits, - or _' }]);
    }
    return ExportJobView.of(await this.exports.request(ctx, studyId, dto, idempotencyKey));
  }

  @Get()
  @Access('export', 'study')
  @ApiOperation({ summary: 'Export history, newest first (at most 200): your exports; a data manager sees all of the study' })
  @ApiOkResponse({ type: [ExportHistoryItemView] })
  async list(@Ctx() ctx: RequestContext, @Param('studyId', uuid('Study')) studyId: string): Promise<ExportHistoryItemView[]> {
    const userId = ctx.requireActor().userId;
    return (await this.exports.list(ctx, studyId)).map((j) => ExportHistoryItemView.ofFor(j, userId));
  }

  @Get(':jobId')
  @Access('export', 'study')
  @ApiOperation({ summary: 'Status and progress (rows done / total) of one of your exports' })
  @ApiOkResponse({ type: ExportJobView })
  async get(@Ctx() ctx: RequestContext, @Param('studyId', uuid('Study')) studyId: string, @Param('jobId', uuid('Export')) jobId: string): Promise<ExportJobView> {
    return ExportJobView.of(await this.exports.get(ctx, studyId, jobId));
  }

  @Get(':jobId/file')
  @Access('export', 'study')
  @ApiOperation({ summary: 'Download a completed export (streamed; SHA-256 in Digest and X-Checksum-SHA256)' })
  @ApiProduces('application/zip', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/xml')
  @ApiOkResponse({ description: 'The export file', schema: { type: 'string', format: 'binary' } })
  async file(@Ctx() ctx: RequestContext, @Param('studyId', uuid('Study')) studyId: string, @Param('jobId', uuid('Export')) jobId: string, @Res() res: Response): Promise<void> {
    const { job, path } = await this.exports.download(ctx, studyId, jobId);
    res.status(200);
    res.setHeader('Content-Type', CONTENT_TYPES[job.format]);
    res.setHeader('Content-Length', String(job.sizeBytes));
    res.setHeader('Content-Disposition', `attachment; filename="${job.fileName}"`);
    // RFC 3230 Digest (base64) for clients that verify it, plus the hex form people compare with sha256sum.
    res.setHeader('Digest', `sha-256=${Buffer.from(job.sha256!, 'hex').toString('base64')}`);
    res.setHeader('X-Checksum-SHA256', job.sha256!);
    res.setHeader('Cache-Control', 'no-store');
    const file = createReadStream(path);
    file.on('error', (e) => res.destroy(e));
    file.pipe(res);
  }
}
