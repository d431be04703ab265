import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { Ctx, Public, RequestContext } from '@eid/core';
import { TokenPairDto } from '../auth/dto/login.dto';
import { OIDC_STATE_TTL_SECONDS, OidcService } from './oidc.service';

const COOKIE = 'eid_oidc';
const COOKIE_PATH = '/api/v1/auth/oidc';

function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

@ApiTags('auth')
@Controller('v1/auth/oidc')
export class OidcController {
  constructor(private readonly oidc: OidcService) {}

  @Get('login')
  @Public()
  @ApiOperation({ summary: 'Start hospital single sign-on: redirects to the identity provider (state, nonce, PKCE)' })
  @ApiFoundResponse({ description: 'Redirect to the identity provider (Location header); sets the state cookie' })
  async login(@Res() res: Response): Promise<void> {
    const { url, stateCookie, secure } = await this.oidc.start();
    res.cookie(COOKIE, stateCookie, { httpOnly: true, sameSite: 'lax', secure, path: COOKIE_PATH, maxAge: OIDC_STATE_TTL_SECONDS * 1000 });
    res.redirect(302, url);
  }

  @Get('callback')
  @Public()
  @ApiOperation({ summary: 'Return from the identity provider: our tokens for a provisioned, active account' })
  @ApiOkResponse({ type: TokenPairDto })
  async callback(
    @Ctx() ctx: RequestContext,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @Query() query: Record<string, string>,
  ): Promise<TokenPairDto> {
    res.clearCookie(COOKIE, { path: COOKIE_PATH });
    return this.oidc.finish(ctx, query, readCookie(req, COOKIE));
  }
}
