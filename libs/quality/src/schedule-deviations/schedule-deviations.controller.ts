import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, Ctx, ParseIdPipe, RequestContext } from '@eid/core';
import { ScheduleDeviationListDto, ScheduleDeviationsQueryDto } from './dto/schedule-deviations.dto';
import { ScheduleDeviationsService } from './schedule-deviations.service';

@ApiTags('Data quality: overdue')
@Controller('v1/studies/:studyId/schedule-deviations')
export class ScheduleDeviationsController {
  constructor(private readonly deviations: ScheduleDeviationsService) {}

  @Get()
  @Access('read', 'study')
  @ApiOperation({
    summary:
      "Schedule deviations: gaps between administered infusions outside the A7 tolerance, by the dosing engine's own rule; site-scoped for site roles; cursor-paged by infusion date",
  })
  @ApiOkResponse({ type: ScheduleDeviationListDto })
  list(
    @Ctx() ctx: RequestContext,
    @Param('studyId', ParseIdPipe) studyId: string,
    @Query() dto: ScheduleDeviationsQueryDto,
  ): Promise<ScheduleDeviationListDto> {
    return this.deviations.list(ctx, studyId, dto.site, dto);
  }
}
