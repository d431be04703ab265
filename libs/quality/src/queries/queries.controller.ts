import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, Ctx, CursorQueryDto, ParseIdPipe, RequestContext } from '@eid/core';
import { ParticipantQueryListDto, QueryInboxDto } from './dto/query-list-query.dto';
import { QueryMessageDto, QueryTransitionDto } from './dto/query-message.dto';
import { RaiseQueryDto } from './dto/raise-query.dto';
import { QueryPageDto, QuerySummaryDto, QueryViewDto } from './dto/query-response.dto';
import { QueryService } from './query.service';
import { QuerySummaryService } from './query-summary.service';

/**
 * Data queries. `:participantId` and `:queryId` routes are located by the global AuthGuard first (another
 * site's row → 404, issue #3), then the permission table decides (raise/answer/close-query).
 */
@ApiTags('Data quality: queries')
@Controller('v1')
export class QueriesController {
  constructor(
    private readonly queries: QueryService,
    private readonly summaries: QuerySummaryService,
  ) {}

  @Post('participants/:participantId/queries')
  @Access('raise-query', 'participant')
  @ApiOperation({ summary: 'Raise a query on one field of one eCRF record (monitor, data manager)' })
  @ApiCreatedResponse({ type: QueryViewDto })
  raise(@Ctx() ctx: RequestContext, @Param('participantId', ParseIdPipe) participantId: string, @Body() dto: RaiseQueryDto) {
    return this.queries.raise(ctx, participantId, dto);
  }

  @Get('participants/:participantId/queries')
  @Access('read', 'participant')
  @ApiOperation({ summary: "A participant's queries, newest first (cursor pagination)" })
  @ApiOkResponse({ type: QueryPageDto })
  listForParticipant(
    @Ctx() ctx: RequestContext,
    @Param('participantId', ParseIdPipe) participantId: string,
    @Query() dto: ParticipantQueryListDto,
  ) {
    return this.queries.listForParticipant(ctx, participantId, dto);
  }

  @Get('queries')
  @Access('authenticated')
  @ApiOperation({ summary: "The caller's query inbox across their studies and sites (filters: study, site, status, age; oldest first)" })
  @ApiOkResponse({ type: QueryPageDto })
  inbox(@Ctx() ctx: RequestContext, @Query() dto: QueryInboxDto) {
    return this.queries.inbox(ctx, dto);
  }

  @Get('queries/:queryId')
  @Access('read', 'participant')
  @ApiOperation({ summary: 'One query with its message thread' })
  @ApiOkResponse({ type: QueryViewDto })
  get(@Ctx() ctx: RequestContext, @Param('queryId', ParseIdPipe) queryId: string) {
    return this.queries.get(ctx, queryId);
  }

  @Post('queries/:queryId/messages')
  @Access('answer-query', 'participant')
  @HttpCode(200)
  @ApiOperation({ summary: 'Answer a query (investigator, site coordinator): open → answered' })
  @ApiOkResponse({ type: QueryViewDto })
  answer(@Ctx() ctx: RequestContext, @Param('queryId', ParseIdPipe) queryId: string, @Body() dto: QueryMessageDto) {
    return this.queries.answer(ctx, queryId, dto);
  }

  @Post('queries/:queryId/close')
  @Access('close-query', 'participant')
  @HttpCode(200)
  @ApiOperation({ summary: 'Close a query (monitor, data manager)' })
  @ApiOkResponse({ type: QueryViewDto })
  close(@Ctx() ctx: RequestContext, @Param('queryId', ParseIdPipe) queryId: string, @Body() dto: QueryTransitionDto) {
    return this.queries.close(ctx, queryId, dto);
  }

  @Post('queries/:queryId/reopen')
  @Access('close-query', 'participant')
  @HttpCode(200)
  @ApiOperation({ summary: 'Re-open an answered or closed query with what is still wrong (monitor, data manager)' })
  @ApiOkResponse({ type: QueryViewDto })
  reopen(@Ctx() ctx: RequestContext, @Param('queryId', ParseIdPipe) queryId: string, @Body() dto: QueryTransitionDto) {
    return this.queries.reopen(ctx, queryId, dto);
  }

  @Get('studies/:studyId/queries/summary')
  @Access('read', 'study')
  @ApiOperation({ summary: 'Query counts per study, site and participant (site-scoped)' })
  @ApiOkResponse({ type: QuerySummaryDto })
  summary(@Ctx() ctx: RequestContext, @Param('studyId', ParseIdPipe) studyId: string, @Query() page: CursorQueryDto) {
    return this.summaries.summary(ctx, studyId, page);
  }
}
