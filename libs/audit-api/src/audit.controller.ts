import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, Ctx, RequestContext } from '@eid/core';
import { AuditVerification, PLATFORM_CHAIN } from '@eid/audit';
import { ChainReport } from './audit-chain-verifier.service';
import { AuditCheckpointService } from './audit-checkpoint.service';
import { AuditEventPageDto } from './audit-event.dto';
import { AuditQueryDto, StartPlatformVerificationDto, StartVerificationDto, VerificationIdParams, VerifyQueryDto } from './audit-query.dto';
import { AuditQueryService } from './audit-query.service';
import { CheckpointListDto, VerificationDto } from './audit-verification.dto';
import { AuditVerificationService } from './audit-verification.service';

@ApiTags('audit')
@Controller('v1/audit')
export class AuditController {
  constructor(
    private readonly query: AuditQueryService,
    private readonly verifications: AuditVerificationService,
    private readonly checkpoints: AuditCheckpointService,
  ) {}

  @Get()
  @Access('view-audit', 'study')
  @ApiOperation({ summary: "A study's audit trail, newest first (investigators: their sites' rows only)" })
  @ApiOkResponse({ type: AuditEventPageDto })
  list(@Ctx() ctx: RequestContext, @Query() q: AuditQueryDto) {
    return this.query.list(ctx, q, q.study!);
  }

  @Post('verifications')
  @HttpCode(202)
  @Access('verify-audit', 'study')
  @ApiOperation({
    summary: "Start re-computing a study's hash chain and checking its signed checkpoints (a job: poll GET …/verifications/:id)",
  })
  @ApiAcceptedResponse({ type: VerificationDto })
  startVerification(@Ctx() ctx: RequestContext, @Body() body: StartVerificationDto): Promise<VerificationDto> {
    return this.verifications.start(ctx, body.studyId, body.anchors).then(toDto);
  }

  @Get('verifications/:verificationId')
  @Access('verify-audit', 'study')
  @ApiOperation({ summary: 'Progress and, when done, the report of a verification of the study chain' })
  @ApiOkResponse({ type: VerificationDto })
  verification(@Param() p: VerificationIdParams, @Query() q: VerifyQueryDto): Promise<VerificationDto> {
    return this.verifications.get(q.study, p.verificationId).then(toDto);
  }

  @Get('checkpoints')
  @Access('verify-audit', 'study')
  @ApiOperation({ summary: "The study chain's signed checkpoints, to keep outside the database" })
  @ApiOkResponse({ type: CheckpointListDto })
  studyCheckpoints(@Query() q: VerifyQueryDto): Promise<CheckpointListDto> {
    return this.checkpoints.list(q.study);
  }

  @Get('platform')
  @Access('admin')
  @ApiOperation({ summary: 'The platform chain (logins, user and site administration), newest first' })
  @ApiOkResponse({ type: AuditEventPageDto })
  listPlatform(@Ctx() ctx: RequestContext, @Query() q: AuditQueryDto) {
    return this.query.list(ctx, q, PLATFORM_CHAIN);
  }

  @Get('platform/study-people')
  @Access('view-platform-log', 'study')
  @ApiOperation({
    summary:
      "The platform log of one study's people (monitors): sign-ins, failed sign-ins, sign-outs and account changes of users who hold or held a membership in the study, newest first; no client IP",
  })
  @ApiOkResponse({ type: AuditEventPageDto })
  listPlatformOfStudy(@Ctx() ctx: RequestContext, @Query() q: AuditQueryDto) {
    return this.query.listPlatformOfStudy(ctx, q, q.study!);
  }

  @Post('platform/verifications')
  @HttpCode(202)
  @Access('admin')
  @ApiOperation({ summary: 'Start verifying the platform chain (a job: poll GET …/platform/verifications/:id)' })
  @ApiAcceptedResponse({ type: VerificationDto })
  startPlatformVerification(@Ctx() ctx: RequestContext, @Body() body: StartPlatformVerificationDto): Promise<VerificationDto> {
    return this.verifications.start(ctx, PLATFORM_CHAIN, body.anchors).then(toDto);
  }

  @Get('platform/verifications/:verificationId')
  @Access('admin')
  @ApiOperation({ summary: 'Progress and, when done, the report of a verification of the platform chain' })
  @ApiOkResponse({ type: VerificationDto })
  platformVerification(@Param() p: VerificationIdParams): Promise<VerificationDto> {
    return this.verifications.get(PLATFORM_CHAIN, p.verificationId).then(toDto);
  }

  @Get('platform/checkpoints')
  @Access('admin')
  @ApiOperation({ summary: "The platform chain's signed checkpoints, to keep outside the database" })
  @ApiOkResponse({ type: CheckpointListDto })
  platformCheckpoints(): Promise<CheckpointListDto> {
    return this.checkpoints.list(PLATFORM_CHAIN);
  }
}

function toDto(v: AuditVerification): VerificationDto {
  return {
    id: v.id,
    chain: v.chain,
    status: v.status,
    checkedLinks: v.checkedLinks,
    totalLinks: v.totalLinks,
    // The jsonb column holds what AuditChainVerifier.verify returned.
    report: (v.report as ChainReport | null) ?? null,
    error: v.error ?? null,
    createdAt: new Date(v.createdAt).toISOString(),
    finishedAt: v.finishedAt ? new Date(v.finishedAt).toISOString() : null,
  };
}
