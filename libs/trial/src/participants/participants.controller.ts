import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, AppError, Ctx, RequestContext } from '@eid/core';
import { FreezeDto } from '../freeze/freeze.dto';
import { FreezeService } from '../freeze/freeze.service';
import { ScheduleService } from '../schedule/schedule.service';
import { TimelineService } from '../timeline/timeline.service';
import { EnrolmentDto } from './dto/enrolment.dto';
import { ParticipantDto, PlannedVisitDto, ScheduleViewDto, ScreeningResultDto, TimelineDto } from './dto/participant-responses.dto';
import { ParticipantListQueryDto } from './dto/participant-list-query.dto';
import { ParticipantOverviewDto, ParticipantPageDto } from './dto/participant-overview.dto';
import { CreateScreeningDto } from './dto/screening.dto';
import { ScreeningEvidenceChangeDto } from './dto/screening-evidence.dto';
import { StatusChangeDto } from './dto/status-change.dto';
import { EnrolmentService } from './enrolment.service';
import { ParticipantDirectoryService } from './participant-directory.service';
import { ParticipantStatusService } from './participant-status.service';
import { ScreeningService } from './screening.service';
import { ScreeningEvidenceService } from './screening-evidence.service';

const participantUuid = new ParseUUIDPipe({ exceptionFactory: () => AppError.notFound('Participant') });
const uuid404 = (what: string) => new ParseUUIDPipe({ exceptionFactory: () => AppError.notFound(what) });

@ApiTags('Participants')
@ApiBearerAuth()
@Controller('v1')
export class ParticipantsController {
  constructor(
    private readonly screening: ScreeningService,
    private readonly screeningEvidence: ScreeningEvidenceService,
    private readonly enrolment: EnrolmentService,
    private readonly status: ParticipantStatusService,
    private readonly directory: ParticipantDirectoryService,
    private readonly freeze: FreezeService,
    private readonly schedule: ScheduleService,
    private readonly timeline: TimelineService,
  ) {}

  @Post('studies/:studyId/screenings')
  @Access('enter-data', 'study')
  @ApiOperation({ summary: 'Register a candidate at your site; eligibility is evaluated criterion by criterion' })
  @ApiCreatedResponse({ type: ScreeningResultDto })
  screen(@Ctx() ctx: RequestContext, @Param('studyId', uuid404('Study')) studyId: string, @Body() dto: CreateScreeningDto) {
    return this.screening.screen(ctx, studyId, dto);
  }

  @Patch('participants/:participantId/screening-evidence')
  @Access('enter-data', 'participant')
  @ApiOperation({
    summary:
      'Complete the evidence of a candidate in screening (reason and version required); eligibility is evaluated again, a failed criterion is a screen failure',
  })
  @ApiOkResponse({ type: ScreeningResultDto })
  completeEvidence(
    @Ctx() ctx: RequestContext,
    @Param('participantId', participantUuid) participantId: string,
    @Body() dto: ScreeningEvidenceChangeDto,
  ) {
    return this.screeningEvidence.complete(ctx, participantId, dto);
  }

  @Post('participants/:participantId/enrolment')
  @Access('enter-data', 'participant')
  @HttpCode(200)
  @ApiOperation({ summary: 'Enrol an eligible candidate: allocates the site-prefixed code, generates the schedule' })
  @ApiOkResponse({ type: ParticipantDto })
  enrol(@Ctx() ctx: RequestContext, @Param('participantId', participantUuid) participantId: string, @Body() dto: EnrolmentDto) {
    return this.enrolment.enrol(ctx, participantId, dto);
  }

  @Post('participants/:participantId/status')
  @Access('edit-data', 'participant')
  @HttpCode(200)
  @ApiOperation({ summary: 'Complete, withdraw (date + reason), lost to follow-up, or screen-fail; stops schedules, data stay' })
  @ApiOkResponse({ type: ParticipantDto })
  changeStatus(@Ctx() ctx: RequestContext, @Param('participantId', participantUuid) participantId: string, @Body() dto: StatusChangeDto) {
    return this.status.change(ctx, participantId, dto);
  }

  @Get('participants')
  @Access('authenticated')
  @ApiOperation({
    summary:
      'Participants the caller may see, with interval, next infusion due, latest trough, open queries and flags (filters, search, sort, cursor pagination)',
  })
  @ApiOkResponse({ type: ParticipantPageDto })
  list(@Ctx() ctx: RequestContext, @Query() q: ParticipantListQueryDto) {
    return this.directory.list(ctx, q);
  }

  @Get('participants/:participantId')
  @Access('read', 'participant')
  @ApiOperation({ summary: 'Read one participant with the same computed fields as the list (404 outside your site scope)' })
  @ApiOkResponse({ type: ParticipantOverviewDto })
  get(@Ctx() ctx: RequestContext, @Param('participantId', participantUuid) participantId: string) {
    return this.directory.get(ctx, participantId);
  }

  @Get('participants/:participantId/schedule')
  @Access('read', 'participant')
  @ApiOperation({ summary: 'Planned visits (with status as of today) and planned infusions' })
  @ApiOkResponse({ type: ScheduleViewDto })
  getSchedule(@Ctx() ctx: RequestContext, @Param('participantId', participantUuid) participantId: string) {
    return this.schedule.view(ctx, participantId);
  }

  @Get('participants/:participantId/timeline')
  @Access('read', 'participant')
  @ApiOperation({
    summary: 'Everything needed to draw the course: infusions with intervals, troughs, JCV, relapses, MRI, EDSS, AEs, decisions, due dates',
  })
  @ApiOkResponse({ type: TimelineDto })
  getTimeline(@Ctx() ctx: RequestContext, @Param('participantId', participantUuid) participantId: string) {
    return this.timeline.get(ctx, participantId);
  }

  @Post('participants/:participantId/freeze')
  @Access('freeze', 'participant')
  @HttpCode(200)
  @ApiOperation({ summary: 'Freeze a participant (data manager, reason required)' })
  @ApiOkResponse({ type: ParticipantDto })
  freezeParticipant(@Ctx() ctx: RequestContext, @Param('participantId', participantUuid) participantId: string, @Body() dto: FreezeDto) {
    return this.freeze.setParticipantFrozen(ctx, participantId, true, dto);
  }

  @Post('participants/:participantId/unfreeze')
  @Access('freeze', 'participant')
  @HttpCode(200)
  @ApiOperation({ summary: 'Unfreeze a participant (data manager, reason required)' })
  @ApiOkResponse({ type: ParticipantDto })
  unfreezeParticipant(@Ctx() ctx: RequestContext, @Param('participantId', participantUuid) participantId: string, @Body() dto: FreezeDto) {
    return this.freeze.setParticipantFrozen(ctx, participantId, false, dto);
  }

  @Post('participants/:participantId/visits/:visitId/freeze')
  @Access('freeze', 'participant')
  @HttpCode(200)
  @ApiOperation({ summary: 'Freeze one planned visit and the records attached to it (data manager)' })
  @ApiOkResponse({ type: PlannedVisitDto })
  freezeVisit(
    @Ctx() ctx: RequestContext,
    @Param('participantId', participantUuid) participantId: string,
    @Param('visitId', uuid404('Visit')) visitId: string,
    @Body() dto: FreezeDto,
  ) {
    return this.freeze.setVisitFrozen(ctx, participantId, visitId, true, dto);
  }

  @Post('participants/:participantId/visits/:visitId/unfreeze')
  @Access('freeze', 'participant')
  @HttpCode(200)
  @ApiOperation({ summary: 'Unfreeze one planned visit (data manager)' })
  @ApiOkResponse({ type: PlannedVisitDto })
  unfreezeVisit(
    @Ctx() ctx: RequestContext,
    @Param('participantId', participantUuid) participantId: string,
    @Param('visitId', uuid404('Visit')) visitId: string,
    @Body() dto: FreezeDto,
  ) {
    return this.freeze.setVisitFrozen(ctx, participantId, visitId, false, dto);
  }
}
