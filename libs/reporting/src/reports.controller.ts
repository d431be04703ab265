import { Controller, Get, Headers, Param, ParseUUIDPipe, Query, Res } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Access, Ctx, RequestContext } from '@eid/core';
import { PmlRiskQueryDto, ReportQueryDto } from './report-query.dto';
import { reportToCsv } from './report-csv';
import { DataQualityReportDto, DiseaseActivityReportDto, DosingReportDto, MetricLabelDto, PmlRiskReportDto } from './report-responses.dto';
import { ReportName, ReportsService } from './reports.service';

/**
 * Reports for monitors, data managers, statisticians and investigators (permission 'read'). Participants
 * appear by code only — never screening numbers — so statisticians see pseudonymised figures; investigators
 * see their own sites (another site → 404).
 */
@ApiTags('reports')
@ApiExtraModels(MetricLabelDto)
@Controller('v1/studies/:studyId/reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('disease-activity')
  @Access('read', 'study')
  @ApiOkResponse({ type: DiseaseActivityReportDto, description: 'JSON (or CSV: one line per figure, definitions included)' })
  @ApiProduces('application/json', 'text/csv')
  @ApiOperation({
    summary: 'Relapses and ARR (pooled and per participant, with patient-years), MRI activity, CDP, NEDA-3 — per site and by interval band',
  })
  diseaseActivity(
    @Ctx() ctx: RequestContext,
    @Param('studyId', ParseUUIDPipe) studyId: string,
    @Query() q: ReportQueryDto,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.send('disease-activity', ctx, studyId, q, accept, res);
  }

  @Get('dosing')
  @Access('read', 'study')
  @ApiOkResponse({ type: DosingReportDto, description: 'JSON (or CSV: one line per figure, definitions included)' })
  @ApiProduces('application/json', 'text/csv')
  @ApiOperation({
    summary: 'Intervals per month, time on each interval, ≥ 6 weeks reached, troughs per interval, decisions, infusions and drug saved',
  })
  dosing(
    @Ctx() ctx: RequestContext,
    @Param('studyId', ParseUUIDPipe) studyId: string,
    @Query() q: ReportQueryDto,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.send('dosing', ctx, studyId, q, accept, res);
  }

  @Get('pml-risk')
  @Access('read', 'study')
  @ApiOkResponse({ type: PmlRiskReportDto, description: 'JSON (or CSV: one line per figure, definitions included)' })
  @ApiProduces('application/json', 'text/csv')
  @ApiOperation({
    summary: 'PML risk per participant (cursor-paginated) and aggregated: JCV, exposure, EID status, published risk estimate',
  })
  pmlRisk(
    @Ctx() ctx: RequestContext,
    @Param('studyId', ParseUUIDPipe) studyId: string,
    @Query() q: PmlRiskQueryDto,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.send('pml-risk', ctx, studyId, q, accept, res);
  }

  @Get('data-quality')
  @Access('read', 'study')
  @ApiOkResponse({ type: DataQualityReportDto, description: 'JSON (or CSV: one line per figure, definitions included)' })
  @ApiProduces('application/json', 'text/csv')
  @ApiOperation({ summary: 'Open queries by age, SDV progress, overdue visits and missed infusions, per site' })
  dataQuality(
    @Ctx() ctx: RequestContext,
    @Param('studyId', ParseUUIDPipe) studyId: string,
    @Query() q: ReportQueryDto,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.send('data-quality', ctx, studyId, q, accept, res);
  }

  private async send(
    name: ReportName,
    ctx: RequestContext,
    studyId: string,
    q: PmlRiskQueryDto,
    accept: string | undefined,
    res: Response,
  ) {
    const report = await this.reports.build(name, ctx, studyId, q);
    const csv = q.format === 'csv' || (q.format === undefined && (accept ?? '').includes('text/csv'));
    if (!csv) return report;
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${name}-${report.studyId}.csv"`);
    return reportToCsv(report);
  }
}
