import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, AppError, Ctx, RequestContext } from '@eid/core';
import { PageQueryDto } from '../common/page-query.dto';
import { PmlSuspicionPageDto } from './pml-suspicion.response';
import { PmlSuspicionService } from './pml-suspicion.service';

@ApiTags('Safety')
@Controller('v1/studies/:studyId/pml-suspicions')
export class PmlSuspicionController {
  constructor(private readonly pml: PmlSuspicionService) {}

  @Get()
  @Access('read', 'study')
  @ApiOperation({ summary: 'Adverse events with PML suspected, newest onset first (site-scoped; cursor pagination)' })
  @ApiOkResponse({ type: PmlSuspicionPageDto })
  list(
    @Ctx() ctx: RequestContext,
    @Param('studyId', new ParseUUIDPipe({ exceptionFactory: () => AppError.notFound('Study') })) studyId: string,
    @Query() q: PageQueryDto,
  ) {
    return this.pml.list(ctx, studyId, q);
  }
}
