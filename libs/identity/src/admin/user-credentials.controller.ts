import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, Ctx, ParseIdPipe, RequestContext } from '@eid/core';
import { MfaResetResultDto, PasswordResetResultDto, UnlockResultDto } from '../auth/dto/account.dto';
import { ReasonDto } from './dto/admin.dto';
import { UserCredentialsAdminService } from './user-credentials-admin.service';

/** Administrators unlock accounts, reset passwords and second factors (issues 16 and 17); each needs a reason and is audited. */
@ApiTags('admin')
@Controller('v1/admin/users')
@Access('admin')
export class UserCredentialsController {
  constructor(private readonly credentials: UserCredentialsAdminService) {}

  @Post(':userId/unlock')
  @HttpCode(200)
  @ApiOperation({ summary: 'End a lockout after failed logins or re-authentications (reason required)' })
  @ApiOkResponse({ type: UnlockResultDto })
  unlock(@Ctx() ctx: RequestContext, @Param('userId', ParseIdPipe) userId: string, @Body() dto: ReasonDto): Promise<UnlockResultDto> {
    return this.credentials.unlock(ctx, userId, dto.reason);
  }

  @Post(':userId/reset-password')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Set a temporary password (returned once), end all sessions, force a change at the next login (reason required)',
  })
  @ApiOkResponse({ type: PasswordResetResultDto })
  resetPassword(
    @Ctx() ctx: RequestContext,
    @Param('userId', ParseIdPipe) userId: string,
    @Body() dto: ReasonDto,
  ): Promise<PasswordResetResultDto> {
    return this.credentials.resetPassword(ctx, userId, dto.reason);
  }

  @Post(':userId/reset-mfa')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Remove the second factor of a user who lost it (reason required): recovery codes die, all sessions end; ' +
      'a study requiring MFA for their role makes them enrol again at the next login. 409 MFA_NOT_ENROLLED when there is none.',
  })
  @ApiOkResponse({ type: MfaResetResultDto })
  resetMfa(@Ctx() ctx: RequestContext, @Param('userId', ParseIdPipe) userId: string, @Body() dto: ReasonDto): Promise<MfaResetResultDto> {
    return this.credentials.resetMfa(ctx, userId, dto.reason);
  }
}
