import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, Ctx, CursorQueryDto, ParseIdPipe, RequestContext } from '@eid/core';
import { Throttled } from '@eid/identity';
import { SignDto } from './dto/sign.dto';
import { SignaturePageDto, SignatureViewDto } from './dto/signature-view.dto';
import { SignatureService } from './signature.service';

@ApiTags('Data quality: electronic signatures')
@Controller('v1/participants/:participantId/signatures')
export class SignaturesController {
  constructor(private readonly signatures: SignatureService) {}

  @Post()
  @Access('sign', 'participant')
  @Throttled('sign')
  @ApiOperation({
    summary:
      'Sign a visit or the casebook by re-entering the password, and the current TOTP code when a second factor is enrolled (investigator; Part 11 §11.200). ' +
      'Wrong password or code → 401, audited, counted towards the account lockout.',
  })
  @ApiCreatedResponse({ type: SignatureViewDto })
  sign(@Ctx() ctx: RequestContext, @Param('participantId', ParseIdPipe) participantId: string, @Body() dto: SignDto) {
    return this.signatures.sign(ctx, participantId, dto);
  }

  @Get()
  @Access('read', 'participant')
  @ApiOperation({
    summary: "A participant's signatures, newest first, each re-verified (state valid / broken with when and by which change)",
  })
  @ApiOkResponse({ type: SignaturePageDto })
  list(@Ctx() ctx: RequestContext, @Param('participantId', ParseIdPipe) participantId: string, @Query() dto: CursorQueryDto) {
    return this.signatures.list(ctx, participantId, dto);
  }
}
