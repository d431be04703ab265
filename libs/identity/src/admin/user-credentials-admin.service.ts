import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppError, RequestContext, TransactionService } from '@eid/core';
import { AuditService, requireReason } from '@eid/audit';
import { ActorLoader } from '../auth/actor-loader.service';
import { endUserSessions } from '../auth/end-sessions';
import { PasswordHasher } from '../auth/password-hasher.service';
import { RecoveryCode } from '../entities/recovery-code.entity';
import { User } from '../entities/user.entity';

/** A temporary password: 24 characters from 18 random bytes (144 bits), never on any common-password list. */
function temporaryPassword(): string {
  return randomBytes(18).toString('base64url');
}

/** Administrators' actions on another user's credentials (issue 16 item 5); each is audited with its reason. */
@Injectable()
export class UserCredentialsAdminService {
  constructor(
    private readonly tx: TransactionService,
    private readonly audit: AuditService,
    private readonly hasher: PasswordHasher,
    private readonly actors: ActorLoader,
  ) {}

  /** Ends a lockout (failed logins or re-authentications) before it runs out. */
  unlock(ctx: RequestContext, userId: string, reasonText: string | undefined): Promise<{ lockedUntil: null; failedLoginCount: 0 }> {
    const reason = requireReason(reasonText);
    return this.tx.run(ctx, async (ctx) => {
      const user = await this.load(ctx, userId);
      await ctx.em.update(User, { id: user.id }, { failedLoginCount: 0, lockedUntil: null });
      await this.audit.record(ctx, {
        action: 'unlock',
        entityType: 'user',
        entityId: user.id,
        changes: { failedLoginCount: { old: user.failedLoginCount, new: 0 }, lockedUntil: { old: user.lockedUntil, new: null } },
        reason,
      });
      return { lockedUntil: null, failedLoginCount: 0 as const };
    });
  }

  /**
   * Sets a generated temporary password (returned this once, never stored or logged in clear), ends every
   * session of the user and forces a password change at the next login. Also ends a lockout.
   */
  async resetPassword(
    ctx: RequestContext,
    userId: string,
    reasonText: string | undefined,
  ): Promise<{ temporaryPassword: string; mustChangePassword: true }> {
    const reason = requireReason(reasonText);
    if (ctx.actor?.userId === userId)
      throw AppError.conflict('CANNOT_RESET_SELF', 'Change your own password with POST /api/v1/auth/password');
    const password = temporaryPassword();
    const hash = await this.hasher.hash(password);
    await this.tx.run(ctx, async (ctx) => {
      const user = await this.load(ctx, userId);
      if (user.status !== 'active') throw AppError.conflict('USER_NOT_ACTIVE', 'The account is deactivated');
      await ctx.em.update(User, { id: user.id }, { passwordHash: hash, mustChangePassword: true, failedLoginCount: 0, lockedUntil: null });
      await endUserSessions(ctx, this.actors, user.id);
      await this.audit.record(ctx, {
        action: 'password-reset',
        entityType: 'user',
        entityId: user.id,
        changes: { mustChangePassword: { old: user.mustChangePassword, new: true }, lockedUntil: { old: user.lockedUntil, new: null } },
        reason,
      });
    });
    return { temporaryPassword: password, mustChangePassword: true };
  }

  /**
   * Removes another user's second factor (a lost or replaced phone), with its recovery codes, and ends every
   * session like a password reset: whoever held the old factor or a session keeps nothing. A study that
   * requires MFA for the user's role makes them enrol again at the next login (enrolment token).
   */
  resetMfa(ctx: RequestContext, userId: string, reasonText: string | undefined): Promise<{ mfaEnabled: false }> {
    const reason = requireReason(reasonText);
    // Self-service removal needs the password and the current code; an administrator must not bypass that on themself.
    if (ctx.actor?.userId === userId)
      throw AppError.conflict('CANNOT_RESET_SELF', 'Remove your own second factor with POST /api/v1/auth/mfa/remove');
    return this.tx.run(ctx, async (ctx) => {
      const user = await this.load(ctx, userId);
      if (!user.totpSecret && !user.totpPendingSecret) throw AppError.conflict('MFA_NOT_ENROLLED', 'The user has no second factor');
      await ctx.em.update(User, { id: user.id }, { totpSecret: null, totpPendingSecret: null, totpEnabledAt: null, totpLastStep: null });
      await ctx.em.delete(RecoveryCode, { userId: user.id });
      await endUserSessions(ctx, this.actors, user.id);
      await this.audit.record(ctx, {
        action: 'mfa-reset',
        entityType: 'user',
        entityId: user.id,
        changes: { totpEnabled: { old: user.totpEnabledAt !== null, new: false } },
        reason,
      });
      return { mfaEnabled: false as const };
    });
  }

  private async load(ctx: RequestContext, userId: string): Promise<User> {
    const user = await ctx.em.findOne(User, { where: { id: userId }, lock: { mode: 'pessimistic_write' } });
    if (!user) throw AppError.notFound('User', userId);
    return user;
  }
}
