import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { MeViewDto } from '../admin/dto/admin-responses.dto';
import { Access, AllowEnrolmentToken, AppError } from '@eid/core';
import { Throttled } from '../access/throttled';
import { EnrolmentStartDto, EnrolStartDto, RecoveryCodesDto } from './dto/account.dto';
import { ReAuthenticator } from './re-authentication.service';
import { Ctx, Public, RequestContext } from '@eid/core';
import type { GuardedRequest } from '../access/auth.guard';
import { MfaService } from '../mfa/mfa.service';
import { TransactionService } from '@eid/core';
import { LoginDto, MfaCodeDto, RefreshDto, TokenPairDto } from './dto/login.dto';
import { AuthService } from './auth.service';
import { MeService, MeView } from './me.service';

@ApiTags('auth')
@Controller('v1/auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly me: MeService,
    private readonly mfa: MfaService,
    private readonly tx: TransactionService,
    private readonly reauth: ReAuthenticator,
  ) {}

  @Post('login')
  @Public()
  @Throttled('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Log in with e-mail and password (+ TOTP or recovery code when required)' })
  @ApiOkResponse({ type: TokenPairDto })
  login(@Ctx() ctx: RequestContext, @Body() dto: LoginDto): Promise<TokenPairDto> {
    return this.auth.login(ctx, dto);
  }

  @Post('refresh')
  @Public()
  @Throttled('refresh')
  @HttpCode(200)
  @ApiOperation({ summary: 'Exchange a refresh token for a new pair (the old refresh token is spent)' })
  @ApiOkResponse({ type: TokenPairDto })
  refresh(@Ctx() ctx: RequestContext, @Body() dto: RefreshDto): Promise<TokenPairDto> {
    return this.auth.refresh(ctx, dto.refreshToken);
  }

  @Post('logout')
  @Access('authenticated')
  @HttpCode(204)
  @ApiOperation({ summary: 'End this session: its refresh and access tokens stop working' })
  async logout(@Ctx() ctx: RequestContext, @Req() req: GuardedRequest): Promise<void> {
    await this.auth.logout(ctx, req.authSessionId ?? null);
  }

  @Get('me')
  @Access('authenticated')
  @ApiOperation({ summary: 'The signed-in user with memberships (study and site codes)' })
  @ApiOkResponse({ type: MeViewDto })
  getMe(@Ctx() ctx: RequestContext): Promise<MeView> {
    return this.me.me(ctx);
  }

  @Post('mfa/enrol/start')
  @Access('authenticated')
  @AllowEnrolmentToken()
  @Throttled('mfa')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Start TOTP enrolment or replace the enrolled factor: returns the secret and an otpauth:// QR code (data URL). ' +
      'With a normal access token the password (+ current TOTP or recovery code when enrolled) must be re-entered; the enrolment token from login needs none.',
  })
  @ApiOkResponse({ type: EnrolmentStartDto })
  async startEnrolment(@Ctx() ctx: RequestContext, @Req() req: GuardedRequest, @Body() dto: EnrolStartDto): Promise<EnrolmentStartDto> {
    if (req.tokenType !== 'mfa-enrol') {
      if (dto.password === undefined)
        throw AppError.fieldProblems([
          { field: 'password', code: 'REAUTH_REQUIRED', reason: 'enter your password to change the second factor' },
        ]);
      await this.reauth.verify(ctx, { password: dto.password, totp: dto.totp, recoveryCode: dto.recoveryCode }, 'mfa-change');
    }
    return this.tx.run(ctx, (ctx) => this.mfa.startEnrolment(ctx));
  }

  @Post('mfa/enrol/confirm')
  @Access('authenticated')
  @AllowEnrolmentToken()
  @Throttled('mfa')
  @HttpCode(200)
  @ApiOperation({ summary: 'Confirm TOTP enrolment with a first code of the new secret; returns one-time recovery codes (shown once)' })
  @ApiOkResponse({ type: RecoveryCodesDto })
  confirmEnrolment(@Ctx() ctx: RequestContext, @Body() dto: MfaCodeDto): Promise<RecoveryCodesDto> {
    return this.tx.run(ctx, (ctx) => this.mfa.confirmEnrolment(ctx, dto.code));
  }
}
