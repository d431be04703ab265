import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AppError, RequestContext, TransactionService } from '@eid/core';
import { AuditService } from '@eid/audit';
import { RefreshToken } from '../entities/refresh-token.entity';
import { User } from '../entities/user.entity';
import { MfaService } from '../mfa/mfa.service';
import { TokenPairDto } from './dto/login.dto';
import { PasswordHasher } from './password-hasher.service';
import { TokenService } from './token.service';
import { actingAs } from './acting-as';
import { ActorLoader } from './actor-loader.service';
import { mfaRequiredFor, SECOND_FACTOR_AMR, sessionHasSecondFactor, sessionMfaRequired } from './mfa-required';

import { LOCKOUT_MINUTES, MAX_FAILED_LOGINS } from './lockout';
export { LOCKOUT_MINUTES, MAX_FAILED_LOGINS } from './lockout';

/** One message for every credential failure: the answer never tells whether the account exists or is locked. */
const BAD_CREDENTIALS = 'Invalid e-mail or password, or the account is temporarily locked';

type LoginOutcome = { ok: true; tokens: TokenPairDto } | { ok: false; error: AppError };

@Injectable()
export class AuthService {
  constructor(
    private readonly tx: TransactionService,
    private readonly audit: AuditService,
    private readonly hasher: PasswordHasher,
    private readonly tokens: TokenService,
    private readonly mfa: MfaService,
    private readonly actors: ActorLoader,
  ) {}

  /**
   * Password login (+ TOTP or recovery code when a second factor is enrolled or required). Every failure is
   * committed to the audit trail as `login-failed` before the 401 is returned (Part 11 §11.300(d)).
   */
  async login(
    ctx: RequestContext,
    input: { email: string; password: string; totp?: string; recoveryCode?: string },
  ): Promise<TokenPairDto> {
    const email = input.email.trim().toLowerCase();
    const outcome = await this.tx.run(ctx, async (ctx): Promise<LoginOutcome> => {
      const user = await ctx.em.findOne(User, { where: { email }, lock: { mode: 'pessimistic_write' } });
      const now = new Date();
      const passwordOk = await this.hasher.verify(user?.passwordHash ?? null, input.password);
      const fail = async (
        why: string,
        error = AppError.unauthorized(BAD_CREDENTIALS, 'INVALID_CREDENTIALS'),
        countFailure = true,
      ): Promise<LoginOutcome> => {
        const changes: Record<string, { old: unknown; new: unknown }> = {};
        if (user && countFailure) {
          const count = user.failedLoginCount + 1;
          const lock = count >= MAX_FAILED_LOGINS;
          const lockedUntil = lock ? new Date(now.getTime() + LOCKOUT_MINUTES * 60_000) : user.lockedUntil;
          await ctx.em.update(User, { id: user.id }, { failedLoginCount: lock ? 0 : count, lockedUntil });
          changes.failedLoginCount = { old: user.failedLoginCount, new: lock ? 0 : count };
          if (lock) changes.lockedUntil = { old: user.lockedUntil, new: lockedUntil };
        }
        await this.audit.record(ctx, {
          action: 'login-failed',
          entityType: 'user',
          entityId: user?.id ?? `email:${email}`.slice(0, 100),
          changes,
          reason: why,
        });
        return { ok: false, error };
      };

      if (!user) return fail('unknown e-mail');
      if (user.status !== 'active') return fail('account deactivated', undefined, false);
      if (user.lockedUntil && user.lockedUntil > now) return fail('account locked', undefined, false);
      if (!user.passwordHash) return fail('account has no password (single sign-on only)', undefined, false);
      if (!passwordOk) return fail('wrong password');

      const amr = ['pwd'];
      let secondFactor: string | null = null;
      const mfaNeeded = user.totpSecret !== null || (await mfaRequiredFor(ctx.em, user));
      if (mfaNeeded) {
        if (!user.totpSecret) {
          // Password proven, factor missing: only an enrolment token is issued (it opens the enrolment routes only).
          const enrolmentToken = await this.tokens.signEnrolment(user.id);
          return fail(
            'second factor required but not enrolled',
            new AppError(401, 'MFA_ENROLMENT_REQUIRED', 'A second factor is required: enrol one with the enrolment token', {
              enrolmentToken,
            }),
            false,
          );
        }
        if (!input.totp && !input.recoveryCode) {
          return fail(
            'second factor missing',
            new AppError(401, 'MFA_REQUIRED', 'Enter the code from your authenticator app (totp) or a recovery code'),
            false,
          );
        }
        const method = await this.mfa.verifySecondFactor(ctx, user, input.totp, input.recoveryCode);
        if (!method) return fail('wrong second factor', new AppError(401, 'MFA_INVALID', 'The second-factor code is not valid'));
        amr.push(SECOND_FACTOR_AMR);
        secondFactor = method === 'otp' ? 'otp' : 'rec';
      }
      if (user.mustChangePassword) {
        // Credentials proven; after an administrator's reset only the password change is open (10 minutes).
        await ctx.em.update(User, { id: user.id }, { failedLoginCount: 0 });
        const passwordChangeToken = await this.tokens.signPasswordChange(user.id);
        return fail(
          'password change required after reset',
          new AppError(401, 'PASSWORD_CHANGE_REQUIRED', 'Choose a new password (POST /api/v1/auth/password with this token)', {
            passwordChangeToken,
          }),
          false,
        );
      }
      const tokens = await this.startSession(ctx, user, amr, { failedLoginCount: 0, lockedUntil: null, lastLoginAt: now });
      await this.audit.record(actingAs(ctx, user), {
        action: 'login',
        entityType: 'user',
        entityId: user.id,
        changes: { lastLoginAt: { old: user.lastLoginAt, new: now } },
        // The audit keeps which second factor it was (TOTP or a recovery code); the session only needs "mfa".
        reason: secondFactor ? `pwd+${secondFactor}` : 'pwd',
      });
      return { ok: true, tokens };
    });
    if (!outcome.ok) throw outcome.error;
    return outcome.tokens;
  }

  /**
   * Opens a session (refresh-token family) for a user already authenticated in this transaction. The sign-in's
   * methods and time are stored with it: every refresh hands out exactly those again.
   */
  async startSession(ctx: RequestContext, user: User, amr: string[], userUpdate: Partial<User>): Promise<TokenPairDto> {
    await ctx.em.update(User, { id: user.id }, userUpdate);
    const familyId = randomUUID();
    const refresh = this.tokens.newRefreshToken();
    const authTime = new Date();
    await ctx.em.insert(RefreshToken, {
      userId: user.id,
      familyId,
      tokenHash: refresh.hash,
      expiresAt: this.refreshExpiry(),
      amr,
      authTime,
    });
    return this.pair(user.id, familyId, amr, authTime, refresh.token);
  }

  /**
   * Rotates a refresh token. Reuse of an already rotated token means it leaked: the whole family is revoked
   * (RFC 9700 §4.14.2) and the event audited, then 401.
   */
  async refresh(ctx: RequestContext, refreshToken: string): Promise<TokenPairDto> {
    const hash = this.tokens.hashRefreshToken(refreshToken);
    const outcome = await this.tx.run(ctx, async (ctx): Promise<LoginOutcome> => {
      const row = await ctx.em.findOne(RefreshToken, { where: { tokenHash: hash } });
      const invalid = {
        ok: false as const,
        error: AppError.unauthorized('The refresh token is invalid or expired', 'INVALID_REFRESH_TOKEN'),
      };
      if (!row || row.revokedAt || row.expiresAt <= new Date()) return invalid;
      const user = await ctx.em.findOne(User, { where: { id: row.userId } });
      if (!user || user.status !== 'active') return invalid;
      // Atomic claim: of two concurrent uses of one token exactly one wins, the other is treated as reuse.
      const claimed = await ctx.em
        .createQueryBuilder()
        .update(RefreshToken)
        .set({ rotatedAt: () => 'now()' })
        .where('id = :id AND rotated_at IS NULL AND revoked_at IS NULL', { id: row.id })
        .execute();
      const actx = actingAs(ctx, user);
      if (!claimed.affected) {
        await this.revokeFamily(ctx.em, row.familyId);
        ctx.afterCommit(() => this.actors.forget(row.userId));
        await this.audit.record(actx, {
          action: 'token-reuse',
          entityType: 'session',
          entityId: row.familyId,
          reason: 'a rotated refresh token was presented again; session revoked',
        });
        return {
          ok: false,
          error: AppError.unauthorized('The refresh token was already used; the session has been revoked', 'REFRESH_TOKEN_REUSED'),
        };
      }
      if (!sessionHasSecondFactor(row.amr) && (await mfaRequiredFor(ctx.em, user))) {
        // A study now requires a second factor for one of the user's roles and this session was signed in without
        // one: a refresh cannot add it, so the session ends and the next login asks for the factor.
        await this.revokeFamily(ctx.em, row.familyId);
        ctx.afterCommit(() => this.actors.forget(row.userId));
        await this.audit.record(actx, {
          action: 'logout',
          entityType: 'session',
          entityId: row.familyId,
          reason: "refresh refused: a study requires a second factor for the user's role; the session was signed in without one",
        });
        return { ok: false, error: sessionMfaRequired() };
      }
      const next = this.tokens.newRefreshToken();
      // The new token inherits the sign-in's methods and time: a refresh proves possession of the token, no factor.
      await ctx.em.insert(RefreshToken, {
        userId: row.userId,
        familyId: row.familyId,
        tokenHash: next.hash,
        expiresAt: this.refreshExpiry(),
        amr: row.amr,
        authTime: row.authTime,
      });
      await this.audit.record(actx, { action: 'token-refresh', entityType: 'session', entityId: row.familyId });
      return { ok: true, tokens: await this.pair(row.userId, row.familyId, row.amr, row.authTime, next.token) };
    });
    if (!outcome.ok) throw outcome.error;
    return outcome.tokens;
  }

  /** Ends the session of the access token (its refresh family); access tokens of it stop working at once. */
  async logout(ctx: RequestContext, sessionId: string | null): Promise<void> {
    const actor = ctx.requireActor();
    await this.tx.run(ctx, async (ctx) => {
      if (sessionId) await this.revokeFamily(ctx.em, sessionId);
      ctx.afterCommit(() => this.actors.forget(actor.userId));
      await this.audit.record(ctx, { action: 'logout', entityType: 'session', entityId: sessionId ?? actor.userId });
    });
  }

  private async revokeFamily(em: EntityManager, familyId: string): Promise<void> {
    await em
      .createQueryBuilder()
      .update(RefreshToken)
      .set({ revokedAt: () => 'now()' })
      .where('family_id = :familyId AND revoked_at IS NULL', { familyId })
      .execute();
  }

  private refreshExpiry(): Date {
    return new Date(Date.now() + this.tokens.refreshTtlSeconds * 1000);
  }

  private async pair(userId: string, familyId: string, amr: string[], authTime: Date, refreshToken: string): Promise<TokenPairDto> {
    return {
      accessToken: await this.tokens.signAccess(userId, familyId, amr, authTime),
      refreshToken,
      tokenType: 'Bearer',
      expiresInSeconds: this.tokens.accessTtlSeconds,
    };
  }
}
