import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, Ctx, ParseIdPipe, RequestContext } from '@eid/core';
import { OverdueListDto } from './dto/overdue-list.dto';
import { OverdueQueryDto } from './dto/overdue-query.dto';
import { OverdueService } from './overdue.service';

@ApiTags('Data quality: overdue')
@Controller('v1/studies/:studyId/overdue')
export class OverdueController {
  constructor(private readonly overdue: OverdueService) {}

  @Get()
  @Access('read', 'study')
  @ApiOperation({
    summary: 'Overdue visits, missing troughs or infusions past due (kind), with counts per site; site-scoped for site roles',
  })
  @ApiOkResponse({ type: OverdueListDto })
  list(@Ctx() ctx: RequestContext, @Param('studyId', ParseIdPipe) studyId: string, @Query() dto: OverdueQueryDto): Promise<OverdueListDto> {
    return this.overdue.list(ctx, studyId, dto);
  }
}
