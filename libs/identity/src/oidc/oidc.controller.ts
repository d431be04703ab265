import { Controller, Get, HttpCode, Logger, Post, Query, Req, Res } from '@nestjs/common';
import { ApiFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CookieOptions, Request, Response } from 'express';
import { AppError, Ctx, Public, RequestContext } from '@eid/core';
import { Throttled } from '../access/throttled';
import { TokenPairDto } from '../auth/dto/login.dto';
import { SsoProviderDto } from './dto/sso-provider.dto';
import { OIDC_STATE_TTL_SECONDS, OidcService } from './oidc.service';
import { SSO_EXCHANGE_TTL_SECONDS } from './sso-exchange.service';

const STATE_COOKIE = 'eid_oidc';
const STATE_PATH = '/api/v1/auth/oidc';
/** The exchange code's cookie goes only to the exchange route (docs/security.md → Single sign-on in the web app). */
const EXCHANGE_COOKIE = 'eid_sso';
const EXCHANGE_PATH = '/api/v1/auth/oidc/exchange';
/** The web app's route that redeems the code; failures go to the login page with a message code. */
export const SSO_RETURN = '/sso';
export const ssoFailure = (code: string) => `/?ssoError=${encodeURIComponent(code)}`;

function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

@ApiTags('auth')
@Controller('v1/auth')
export class OidcController {
  private readonly logger = new Logger(OidcController.name);

  constructor(private readonly oidc: OidcService) {}

  @Get('providers')
  @Public()
  @ApiOperation({ summary: 'Sign-in options besides the password (single sign-on when OIDC is configured)' })
  @ApiOkResponse({ type: [SsoProviderDto] })
  providers(): SsoProviderDto[] {
    return this.oidc.providers();
  }

  @Get('oidc/login')
  @Public()
  @ApiOperation({ summary: 'Start hospital single sign-on: redirects to the identity provider (state, nonce, PKCE)' })
  @ApiFoundResponse({ description: 'To the identity provider, with the state cookie; to /?ssoError=<code> when it cannot start' })
  async login(@Res() res: Response): Promise<void> {
    try {
      const { url, stateCookie, secure } = await this.oidc.start();
      res.cookie(STATE_COOKIE, stateCookie, this.cookie(STATE_PATH, secure, OIDC_STATE_TTL_SECONDS));
      res.redirect(302, url);
    } catch (e) {
      res.redirect(302, ssoFailure(this.failureCode(e)));
    }
  }

  @Get('oidc/callback')
  @Public()
  @ApiOperation({ summary: 'Return from the identity provider: to the web app with a one-time exchange code cookie' })
  @ApiFoundResponse({
    description:
      'To /sso with the HttpOnly `eid_sso` cookie (60 s, single use) — no token or code in the URL; ' +
      'to /?ssoError=<code> when the login is refused (OIDC_STATE_INVALID, SSO_DENIED, SSO_MFA_REQUIRED, …)',
  })
  async callback(
    @Ctx() ctx: RequestContext,
    @Req() req: Request,
    @Res() res: Response,
    @Query() query: Record<string, string>,
  ): Promise<void> {
    const secure = this.secure();
    res.clearCookie(STATE_COOKIE, this.cookie(STATE_PATH, secure));
    try {
      const code = await this.oidc.finish(ctx, query, readCookie(req, STATE_COOKIE));
      res.cookie(EXCHANGE_COOKIE, code, this.cookie(EXCHANGE_PATH, secure, SSO_EXCHANGE_TTL_SECONDS));
      res.redirect(302, SSO_RETURN);
    } catch (e) {
      res.redirect(302, ssoFailure(this.failureCode(e)));
    }
  }

  @Post('oidc/exchange')
  @Public()
  @Throttled('login')
  @HttpCode(200)
  @ApiOperation({ summary: "Finish single sign-on in the web app: the callback's one-time cookie for our tokens (once)" })
  @ApiOkResponse({ type: TokenPairDto })
  exchange(@Ctx() ctx: RequestContext, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<TokenPairDto> {
    res.clearCookie(EXCHANGE_COOKIE, this.cookie(EXCHANGE_PATH, this.secure()));
    return this.oidc.redeem(ctx, readCookie(req, EXCHANGE_COOKIE));
  }

  /** HttpOnly (no script reads it), Lax (sent on the provider's top-level redirect back, never on a cross-site POST). */
  private cookie(path: string, secure: boolean, maxAgeS?: number): CookieOptions {
    return { httpOnly: true, sameSite: 'lax', secure, path, ...(maxAgeS ? { maxAge: maxAgeS * 1000 } : {}) };
  }

  private secure(): boolean {
    return this.oidc.secureCookies();
  }

  /** A refusal keeps its code; anything else is logged (without the query: it holds the code and state). */
  private failureCode(e: unknown): string {
    if (e instanceof AppError) return e.code;
    this.logger.error({ err: e }, 'OIDC sign-in failed');
    return 'OIDC_FAILED';
  }
}
