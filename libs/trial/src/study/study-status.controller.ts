import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, AppError, Ctx, RequestContext } from '@eid/core';
import { StudyTransitionDto } from './study-status.dto';
import { StudyStatusService } from './study-status.service';
import { StudyDto } from '@eid/study';

const studyUuid = new ParseUUIDPipe({ exceptionFactory: () => AppError.notFound('Study') });

@ApiTags('Studies')
@ApiBearerAuth()
@Controller('v1/studies/:studyId')
export class StudyStatusController {
  constructor(private readonly studies: StudyStatusService) {}

  @Post('lock')
  @Access('lock', 'study')
  @HttpCode(200)
  @ApiOperation({ summary: 'Lock the study database (data manager): no changes at all afterwards; reads and exports still work' })
  @ApiOkResponse({ type: StudyDto, description: 'The study in its new status' })
  lock(@Ctx() ctx: RequestContext, @Param('studyId', studyUuid) studyId: string, @Body() dto: StudyTransitionDto) {
    return this.studies.transition(ctx, studyId, 'lock', dto.reason);
  }

  @Post('freeze')
  @Access('lock', 'study')
  @HttpCode(200)
  @ApiOperation({ summary: 'Freeze the study (data manager): no changes until unfrozen' })
  @ApiOkResponse({ type: StudyDto, description: 'The study in its new status' })
  freeze(@Ctx() ctx: RequestContext, @Param('studyId', studyUuid) studyId: string, @Body() dto: StudyTransitionDto) {
    return this.studies.transition(ctx, studyId, 'freeze', dto.reason);
  }

  @Post('unfreeze')
  @Access('lock', 'study')
  @HttpCode(200)
  @ApiOperation({ summary: 'Unfreeze the study (data manager)' })
  @ApiOkResponse({ type: StudyDto, description: 'The study in its new status' })
  unfreeze(@Ctx() ctx: RequestContext, @Param('studyId', studyUuid) studyId: string, @Body() dto: StudyTransitionDto) {
    return this.studies.transition(ctx, studyId, 'unfreeze', dto.reason);
  }
}
