import { Inject, Injectable, Logger } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import * as openid from 'openid-client';
import { APP_CONFIG, AppConfig, AppError, OidcConfig, RequestContext, TransactionService } from '@eid/core';
import { AuditService } from '@eid/audit';
import { TokenPairDto } from '../auth/dto/login.dto';
import { User } from '../entities/user.entity';
import { mfaRequiredFor, SECOND_FACTOR_AMR } from '../auth/mfa-required';
import { SsoProviderDto } from './dto/sso-provider.dto';
import { SsoExchangeService } from './sso-exchange.service';

interface OidcState {
  typ: 'oidc-state';
  state: string;
  nonce: string;
  verifier: string;
}

export const OIDC_STATE_TTL_SECONDS = 600;

/**
 * Hospital single sign-on by OpenID Connect (authorization code + PKCE, state and nonce). The identity
 * provider proves who the person is; the platform still decides what they may do: only accounts that were
 * provisioned here, active, with memberships, get tokens (issue #3). The callback ends in a one-time exchange
 * code, never in tokens (SsoExchangeService).
 */
@Injectable()
export class OidcService {
  private readonly logger = new Logger(OidcService.name);
  private client?: Promise<openid.Configuration>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jwt: JwtService,
    private readonly tx: TransactionService,
    private readonly audit: AuditService,
    private readonly exchange: SsoExchangeService,
  ) {}

  private settings(): OidcConfig {
    if (!this.config.oidc) throw new AppError(404, 'OIDC_NOT_CONFIGURED', 'Single sign-on is not configured on this server');
    return this.config.oidc;
  }

  private getClient(): Promise<openid.Configuration> {
    const oidc = this.settings();
    // Plain-http issuers only outside production (a provider on localhost in tests and evaluation).
    const insecure = new URL(oidc.issuer).protocol === 'http:' && this.config.nodeEnv !== 'production';
    this.client ??= openid
      .discovery(
        new URL(oidc.issuer),
        oidc.clientId,
        { redirect_uris: [oidc.redirectUri], response_types: ['code'] },
        openid.ClientSecretBasic(oidc.clientSecret),
        {
          execute: insecure ? [openid.allowInsecureRequests] : [],
        },
      )
      .catch((e) => {
        this.client = undefined;
        this.logger.error({ err: e }, 'OIDC discovery failed');
        throw new AppError(502, 'OIDC_UNAVAILABLE', 'The identity provider cannot be reached');
      });
    return this.client;
  }

  /** The sign-in options the login page offers (none when OIDC is not configured). */
  providers(): SsoProviderDto[] {
    const oidc = this.config.oidc;
    return oidc ? [{ id: 'oidc', label: oidc.label, loginUrl: '/api/v1/auth/oidc/login' }] : [];
  }

  /** Cookies of the sign-in are Secure when the platform is reached over https (its registered redirect URI). */
  secureCookies(): boolean {
    return this.config.oidc?.redirectUri.startsWith('https:') ?? false;
  }

  /** The web app's half of the login: the exchange code from the callback's cookie, once. */
  redeem(ctx: RequestContext, code: string | undefined): Promise<TokenPairDto> {
    return this.exchange.redeem(ctx, code, this.settings().issuer);
  }

  /** The provider URL to send the browser to, and the signed state to keep in a short-lived cookie. */
  async start(): Promise<{ url: string; stateCookie: string; secure: boolean }> {
    const oidc = this.settings();
    const client = await this.getClient();
    const state = openid.randomState();
    const nonce = openid.randomNonce();
    const verifier = openid.randomPKCECodeVerifier();
    const url = openid.buildAuthorizationUrl(client, {
      scope: 'openid email profile',
      redirect_uri: oidc.redirectUri,
      state,
      nonce,
      code_challenge: await openid.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    });
    const payload: OidcState = { typ: 'oidc-state', state, nonce, verifier };
    const stateCookie = await this.jwt.signAsync(payload, { expiresIn: OIDC_STATE_TTL_SECONDS });
    return { url: url.href, stateCookie, secure: this.secureCookies() };
  }

  /** Verifies the provider's answer and the account; returns a one-time exchange code for the web app. */
  async finish(ctx: RequestContext, query: Record<string, string>, stateCookie: string | undefined): Promise<string> {
    const oidc = this.settings();
    let saved: OidcState;
    const stateInvalid = AppError.unauthorized(
      'The single sign-on attempt expired or did not start here; start again',
      'OIDC_STATE_INVALID',
    );
    try {
      saved = await this.jwt.verifyAsync<OidcState>(stateCookie ?? '', { algorithms: ['HS256'] });
      if (saved.typ !== 'oidc-state') throw new Error('wrong token type');
    } catch {
      throw stateInvalid;
    }
    // Checked before the provider's error too: an answer to another attempt (login CSRF) is refused as such.
    if (query.state !== saved.state) throw stateInvalid;
    if (query.error === 'access_denied') throw AppError.unauthorized('Sign-in was cancelled at the identity provider', 'SSO_DENIED');
    const client = await this.getClient();
    let claims: Record<string, unknown>;
    try {
      // The callback URL as the provider redirected to it: the registered redirect URI with the query.
      const callbackUrl = new URL(oidc.redirectUri);
      for (const [k, v] of Object.entries(query)) callbackUrl.searchParams.set(k, v);
      const tokens = await openid.authorizationCodeGrant(client, callbackUrl, {
        pkceCodeVerifier: saved.verifier,
        expectedState: saved.state,
        expectedNonce: saved.nonce,
        idTokenExpected: true,
      });
      const idClaims = tokens.claims();
      if (!idClaims) throw new Error('no ID token');
      claims = { ...idClaims };
      // Providers may keep scope claims out of the ID token (OIDC Core §5.4); then ask the UserInfo endpoint,
      // whose subject openid-client checks against the ID token's.
      if (claims[oidc.emailClaim] === undefined && tokens.access_token) {
        claims = { ...(await openid.fetchUserInfo(client, tokens.access_token, idClaims.sub)), ...claims };
      }
    } catch (e) {
      this.logger.warn({ err: e }, 'OIDC callback refused');
      throw AppError.unauthorized('The identity provider did not confirm the login', 'OIDC_FAILED');
    }
    const emailClaim = claims[oidc.emailClaim];
    const email = typeof emailClaim === 'string' ? emailClaim.trim().toLowerCase() : '';
    const outcome = await this.tx.run(ctx, async (ctx) => {
      const user = email ? await ctx.em.findOne(User, { where: { email } }) : null;
      const refused = !user || user.status !== 'active' || claims.email_verified === false;
      if (refused) {
        await this.audit.record(ctx, {
          action: 'login-failed',
          entityType: 'user',
          entityId: user?.id ?? `email:${email || '(none)'}`.slice(0, 100),
          reason: !user
            ? 'sso: no provisioned account for this e-mail'
            : user.status !== 'active'
              ? 'sso: account deactivated'
              : 'sso: e-mail not verified by the provider',
        });
        return null;
      }
      // The study's MFA requirement holds for SSO too: the provider must report a second factor (amr/acr).
      const providerMfa = ssoSecondFactor(claims, this.config.oidcMfaAmr, this.config.oidcMfaAcr);
      if (!providerMfa && (await mfaRequiredFor(ctx.em, user))) {
        await this.audit.record(ctx, {
          action: 'login-failed',
          entityType: 'user',
          entityId: user.id,
          reason: 'sso: a study requires a second factor for this role; the identity provider reported none (amr/acr)',
        });
        return 'mfa-missing' as const;
      }
      // The session starts (and the login is audited) when the web app redeems the code.
      return this.exchange.issue(ctx.em, user.id, providerMfa ? ['sso', SECOND_FACTOR_AMR] : ['sso']);
    });
    if (outcome === 'mfa-missing') {
      throw AppError.unauthorized(
        'Your study requires a second factor: sign in at the identity provider with multi-factor authentication',
        'SSO_MFA_REQUIRED',
      );
    }
    if (!outcome) throw AppError.unauthorized('No active account is provisioned for this identity', 'INVALID_CREDENTIALS');
    return outcome;
  }
}

/**
 * Whether the ID token says the user passed a second factor: an `amr` value (RFC 8176) from OIDC_MFA_AMR, or
 * `acr` equal to OIDC_MFA_ACR when that is configured.
 */
export function ssoSecondFactor(claims: Record<string, unknown>, mfaAmr: readonly string[], mfaAcr: string | undefined): boolean {
  const amr = Array.isArray(claims.amr) ? claims.amr.filter((v): v is string => typeof v === 'string') : [];
  if (amr.some((v) => mfaAmr.includes(v))) return true;
  return mfaAcr !== undefined && claims.acr === mfaAcr;
}
