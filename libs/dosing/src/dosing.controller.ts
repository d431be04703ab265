import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, AppError, Ctx, CursorQueryDto, RequestContext } from '@eid/core';
import { DosingDecisionService } from './dosing-decision.service';
import { DosingProposalService } from './dosing-proposal.service';
import { DosingQueryDto } from './dto/dosing-query.dto';
import { DosingDecisionDto, DosingDecisionPageDto, DosingViewDto } from './dto/dosing-responses.dto';
import { RecordDecisionDto } from './dto/record-decision.dto';

// A malformed id cannot name a visible participant: 404 like any other invisible one (existence is not leaked).
const participantUuid = new ParseUUIDPipe({ exceptionFactory: () => AppError.notFound('Participant') });

@ApiTags('Dosing')
@Controller('v1/participants/:participantId/dosing')
export class DosingController {
  constructor(
    private readonly proposals: DosingProposalService,
    private readonly decisions: DosingDecisionService,
  ) {}

  @Get()
  @Access('read', 'participant')
  @ApiOkResponse({ type: DosingViewDto })
  @ApiOperation({
    summary: 'Current dosing proposal (protocol rule, reasons), advisory PK prediction table and the data used — computed as of today',
  })
  get(@Ctx() ctx: RequestContext, @Param('participantId', participantUuid) participantId: string, @Query() q: DosingQueryDto) {
    return this.proposals.view(ctx, participantId, { model: q.model, target: q.target, course: q.course });
  }

  /**
   * Only investigators decide: the interval is a medical decision the site's accountable investigator takes
   * (ICH E6(R3) investigator responsibilities): the permission table's `decide-dosing` action.
   */
  @Post('decisions')
  @Access('decide-dosing', 'participant')
  @ApiCreatedResponse({ type: DosingDecisionDto })
  @ApiOperation({
    summary:
      "Confirm the current proposal, or override it (interval within the protocol bounds, else 400 naming them; reason required); replans the infusions. supersede: true replaces today's decision when the proposal changed to ACTIVITY_REVIEW or SUSPEND (reason required). While SUSPEND only the suspension can be confirmed (409 DOSING_SUSPENDED).",
  })
  decide(@Ctx() ctx: RequestContext, @Param('participantId', participantUuid) participantId: string, @Body() dto: RecordDecisionDto) {
    return this.decisions.record(ctx, participantId, dto);
  }

  @Get('decisions')
  @Access('read', 'participant')
  @ApiOkResponse({ type: DosingDecisionPageDto })
  @ApiOperation({ summary: 'Recorded dosing decisions, newest first (cursor pagination)' })
  list(@Ctx() ctx: RequestContext, @Param('participantId', participantUuid) participantId: string, @Query() q: CursorQueryDto) {
    return this.decisions.list(ctx, participantId, q);
  }
}
