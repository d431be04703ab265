import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, AllowPasswordChangeToken, Ctx, RequestContext } from '@eid/core';
import type { GuardedRequest } from '../access/auth.guard';
import { Throttled } from '../access/throttled';
import { AccountService } from './account.service';
import { ChangePasswordDto, ReAuthDto } from './dto/account.dto';

/** Self-service credentials of the signed-in user (issue 16 item 5). */
@ApiTags('auth')
@Controller('v1/auth')
export class AccountController {
  constructor(private readonly account: AccountService) {}

  @Post('password')
  @Access('authenticated')
  @AllowPasswordChangeToken()
  @Throttled('password')
  @HttpCode(204)
  @ApiOperation({
    summary:
      'Change your password: current password (+ current TOTP or recovery code when enrolled) and a new one. Ends your other sessions. ' +
      'Also accepts the passwordChangeToken of a login refused with PASSWORD_CHANGE_REQUIRED (after an administrator reset); log in again afterwards.',
  })
  @ApiNoContentResponse({ description: 'Changed' })
  async changePassword(@Ctx() ctx: RequestContext, @Req() req: GuardedRequest, @Body() dto: ChangePasswordDto): Promise<void> {
    await this.account.changePassword(
      ctx,
      { password: dto.currentPassword, totp: dto.totp, recoveryCode: dto.recoveryCode, newPassword: dto.newPassword },
      req.authSessionId ?? null,
    );
  }

  @Post('mfa/remove')
  @Access('authenticated')
  @Throttled('mfa')
  @HttpCode(204)
  @ApiOperation({
    summary:
      'Remove your second factor: password + current TOTP or recovery code. 409 MFA_REQUIRED_BY_STUDY when a study requires one for your role.',
  })
  @ApiNoContentResponse({ description: 'Removed' })
  async removeSecondFactor(@Ctx() ctx: RequestContext, @Body() dto: ReAuthDto): Promise<void> {
    await this.account.removeSecondFactor(ctx, dto);
  }
}
