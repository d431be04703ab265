import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Ctx, Public, RequestContext } from '@eid/core';
import { Access, AllowEnrolmentToken } from '../access/access.decorator';
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
  ) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Log in with e-mail and password (+ TOTP or recovery code when required)' })
  @ApiOkResponse({ type: TokenPairDto })
  login(@Ctx() ctx: RequestContext, @Body() dto: LoginDto): Promise<TokenPairDto> {
    return this.auth.login(ctx, dto);
  }

  @Post('refresh')
  @Public()
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
  getMe(@Ctx() ctx: RequestContext): Promise<MeView> {
    return this.me.me(ctx);
  }

  @Post('mfa/enrol/start')
  @Access('authenticated')
  @AllowEnrolmentToken()
  @HttpCode(200)
  @ApiOperation({ summary: 'Start TOTP enrolment: returns the secret and an otpauth:// QR code (data URL)' })
  startEnrolment(@Ctx() ctx: RequestContext) {
    return this.tx.run(ctx, (ctx) => this.mfa.startEnrolment(ctx));
  }

  @Post('mfa/enrol/confirm')
  @Access('authenticated')
  @AllowEnrolmentToken()
  @HttpCode(200)
  @ApiOperation({ summary: 'Confirm TOTP enrolment with a first code; returns one-time recovery codes (shown once)' })
  confirmEnrolment(@Ctx() ctx: RequestContext, @Body() dto: MfaCodeDto) {
    return this.tx.run(ctx, (ctx) => this.mfa.confirmEnrolment(ctx, dto.code));
  }
}
