import { Injectable } from '@nestjs/common';
import { AppError, RequestContext, TransactionService } from '@eid/core';
import { AuditService } from '@eid/audit';
import { User } from '../entities/user.entity';
import { MfaService } from '../mfa/mfa.service';
import { LOCKOUT_MINUTES, MAX_FAILED_LOGINS } from './lockout';
import { PasswordHasher } from './password-hasher.service';

export interface ReAuthInput {
  password: string;
  totp?: string;
  recoveryCode?: string;
}

/** What the re-authentication is for: named in the audit trail of a failure. */
export type ReAuthPurpose = 'sign' | 'mfa-change' | 'password-change';

/**
 * Re-authentication of the signed-in user (Part 11 §11.200(a)): the password and, when a second factor is
 * enrolled, its current code (or a recovery code). A wrong password or code counts towards the same lockout as
 * login (MAX_FAILED_LOGINS → LOCKOUT_MINUTES) and is audited as `login-failed` naming the purpose, committed
 * before the 401. A locked account cannot re-authenticate either.
 */
@Injectable()
export class ReAuthenticator {
  constructor(
    private readonly tx: TransactionService,
    private readonly audit: AuditService,
    private readonly hasher: PasswordHasher,
    private readonly mfa: MfaService,
  ) {}

  async verify(ctx: RequestContext, input: ReAuthInput, purpose: ReAuthPurpose, passwordError = 'REAUTH_PASSWORD_INVALID'): Promise<void> {
    const actor = ctx.requireActor();
    // argon2 (~70 ms) runs outside any transaction, as at login and signing.
    const [row] = (await this.tx.run(ctx, (c) => c.em.query('SELECT password_hash FROM app_user WHERE id = $1', [actor.userId]))) as Array<{
      password_hash: string | null;
    }>;
    const passwordOk = await this.hasher.verify(row?.password_hash ?? null, input.password);
    const failure = await this.tx.run(ctx, async (ctx): Promise<AppError | null> => {
      const user = await ctx.em.findOneOrFail(User, { where: { id: actor.userId }, lock: { mode: 'pessimistic_write' } });
      if (user.lockedUntil && user.lockedUntil > new Date()) {
        await this.audit.record(ctx, {
          action: 'login-failed',
          entityType: 'user',
          entityId: user.id,
          reason: `${purpose}: account locked`,
        });
        return AppError.unauthorized('The account is temporarily locked', 'ACCOUNT_LOCKED');
      }
      if (!passwordOk)
        return this.countFailure(
          ctx,
          user,
          `${purpose}: wrong password`,
          AppError.unauthorized('The password is not correct', passwordError),
        );
      if (user.totpSecret) {
        if (!input.totp && !input.recoveryCode)
          return AppError.unauthorized('Enter the current code from your authenticator app (totp) or a recovery code', 'MFA_REQUIRED');
        const method = await this.mfa.verifySecondFactor(ctx, user, input.totp, input.recoveryCode);
        if (!method)
          return this.countFailure(
            ctx,
            user,
            `${purpose}: wrong second factor`,
            AppError.unauthorized('The second-factor code is not valid', 'MFA_INVALID'),
          );
      }
      if (user.failedLoginCount !== 0) await ctx.em.update(User, { id: user.id }, { failedLoginCount: 0 });
      return null;
    });
    if (failure) throw failure;
  }

  private async countFailure(ctx: RequestContext, user: User, why: string, error: AppError): Promise<AppError> {
    const count = user.failedLoginCount + 1;
    const lock = count >= MAX_FAILED_LOGINS;
    const lockedUntil = lock ? new Date(Date.now() + LOCKOUT_MINUTES * 60_000) : user.lockedUntil;
    await ctx.em.update(User, { id: user.id }, { failedLoginCount: lock ? 0 : count, lockedUntil });
    const changes: Record<string, { old: unknown; new: unknown }> = {
      failedLoginCount: { old: user.failedLoginCount, new: lock ? 0 : count },
    };
    if (lock) changes.lockedUntil = { old: user.lockedUntil, new: lockedUntil };
    await this.audit.record(ctx, { action: 'login-failed', entityType: 'user', entityId: user.id, changes, reason: why });
    return error;
  }
}
