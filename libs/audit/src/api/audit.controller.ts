import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Ctx, RequestContext } from '@eid/core';
import { Access } from '@eid/identity';
import { PLATFORM_CHAIN } from '../audit-action';
import { AuditChainVerifier } from './audit-chain-verifier.service';
import { AuditQueryDto, VerifyQueryDto } from './audit-query.dto';
import { AuditQueryService } from './audit-query.service';

@ApiTags('audit')
@Controller('v1/audit')
export class AuditController {
  constructor(
    private readonly query: AuditQueryService,
    private readonly verifier: AuditChainVerifier,
  ) {}

  @Get()
  @Access('view-audit', 'study')
  @ApiOperation({ summary: "A study's audit trail, newest first (investigators: their sites' rows only)" })
  list(@Ctx() ctx: RequestContext, @Query() q: AuditQueryDto) {
    return this.query.list(ctx, q, q.study!);
  }

  @Get('verify')
  @Access('view-audit', 'study')
  @ApiOperation({ summary: "Re-compute a study's hash chain and report the first broken link" })
  verify(@Query() q: VerifyQueryDto) {
    return this.verifier.verify(q.study);
  }

  @Get('platform')
  @Access('admin')
  @ApiOperation({ summary: 'The platform chain (logins, user and site administration), newest first' })
  listPlatform(@Ctx() ctx: RequestContext, @Query() q: AuditQueryDto) {
    return this.query.list(ctx, q, PLATFORM_CHAIN);
  }

  @Get('platform/verify')
  @Access('admin')
  @ApiOperation({ summary: 'Re-compute the platform hash chain and report the first broken link' })
  verifyPlatform() {
    return this.verifier.verify(PLATFORM_CHAIN);
  }
}
