import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, Ctx, RequestContext } from '@eid/core';
import { ShadowMipdQueryDto, ShadowMipdReportDto } from './shadow-mipd.dto';
import { ShadowMipdService } from './shadow-mipd.service';

@ApiTags('reports')
@Controller('v1/studies/:studyId/reports')
export class ShadowMipdController {
  constructor(private readonly shadow: ShadowMipdService) {}

  @Get('shadow-mipd')
  @Access('read', 'study')
  @ApiOperation({
    summary:
      "Shadow MIPD: interval prediction error of the protocol's decisions vs the PK model's recommendations, per participant and pooled",
  })
  @ApiOkResponse({ type: ShadowMipdReportDto })
  report(
    @Ctx() ctx: RequestContext,
    @Param('studyId', ParseUUIDPipe) studyId: string,
    @Query() q: ShadowMipdQueryDto,
  ): Promise<ShadowMipdReportDto> {
    return this.shadow.report(ctx, studyId, q.participantId);
  }
}
