import { createHmac, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { APP_CONFIG, AppConfig } from '@eid/core';

/**
 * `access`: a normal session; `mfa-enrol`: may only enrol a second factor (login refused until it exists);
 * `password-change`: may only change the password (after an administrator's reset).
 */
export type TokenType = 'access' | 'mfa-enrol' | 'password-change';

export interface AccessClaims {
  sub: string;
  typ: TokenType;
  /** The refresh-token family (session) the access token belongs to; logout revokes it at once. */
  sid?: string;
  /**
   * Authentication methods of the sign-in (RFC 8176): `pwd` or `sso`, plus `mfa` when a second factor was passed.
   * A session keeps the ones of its sign-in through every refresh (refresh_token.amr).
   */
  amr?: string[];
  /** When the person signed in (OIDC Core §2 `auth_time`, seconds since the epoch); refreshes keep it. */
  auth_time?: number;
}

const ENROLMENT_TTL_SECONDS = 600;

@Injectable()
export class TokenService {
  constructor(
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get accessTtlSeconds(): number {
    return this.config.accessTokenTtlSeconds;
  }

  get refreshTtlSeconds(): number {
    return this.config.refreshTokenTtlSeconds;
  }

  /** `authTime`: the session's sign-in (refresh_token.auth_time); a session made on the spot defaults to now. */
  signAccess(userId: string, sid: string, amr: string[], authTime: Date = new Date()): Promise<string> {
    const claims: AccessClaims = { sub: userId, typ: 'access', sid, amr, auth_time: Math.floor(authTime.getTime() / 1000) };
    return this.jwt.signAsync(claims, { expiresIn: this.config.accessTokenTtlSeconds });
  }

  signEnrolment(userId: string): Promise<string> {
    const claims: AccessClaims = { sub: userId, typ: 'mfa-enrol', amr: ['pwd'] };
    return this.jwt.signAsync(claims, { expiresIn: ENROLMENT_TTL_SECONDS });
  }

  signPasswordChange(userId: string): Promise<string> {
    const claims: AccessClaims = { sub: userId, typ: 'password-change', amr: ['pwd'] };
    return this.jwt.signAsync(claims, { expiresIn: ENROLMENT_TTL_SECONDS });
  }

  /** Null for anything not issued by us, expired or malformed: the guard answers 401 for all of them alike. */
  async verify(token: string): Promise<AccessClaims | null> {
    try {
      const claims = await this.jwt.verifyAsync<AccessClaims>(token, { algorithms: ['HS256'] });
      return typeof claims.sub === 'string' && ['access', 'mfa-enrol', 'password-change'].includes(claims.typ) ? claims : null;
    } catch {
      return null;
    }
  }

  /** An opaque refresh token (256 random bits) and the keyed hash stored in its place. */
  newRefreshToken(): { token: string; hash: string } {
    const token = randomBytes(32).toString('base64url');
    return { token, hash: this.hashRefreshToken(token) };
  }

  hashRefreshToken(token: string): string {
    return createHmac('sha256', this.config.jwtRefreshSecret).update(token).digest('hex');
  }
}
