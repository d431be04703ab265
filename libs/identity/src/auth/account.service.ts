import { Injectable } from '@nestjs/common';
import { AppError, RequestContext, TransactionService } from '@eid/core';
import { AuditService } from '@eid/audit';
import { RecoveryCode } from '../entities/recovery-code.entity';
import { User } from '../entities/user.entity';
import { ActorLoader } from './actor-loader.service';
import { endUserSessions } from './end-sessions';
import { passwordProblems } from './password';
import { PasswordHasher } from './password-hasher.service';
import { ReAuthenticator, ReAuthInput } from './re-authentication.service';
import { mfaRequiredFor } from './mfa-required';

/** Self-service account changes of the signed-in user, each behind re-authentication (issue 16 item 5). */
@Injectable()
export class AccountService {
  constructor(
    private readonly tx: TransactionService,
    private readonly audit: AuditService,
    private readonly hasher: PasswordHasher,
    private readonly reauth: ReAuthenticator,
    private readonly actors: ActorLoader,
  ) {}

  /**
   * Changes the password after re-authentication with the current one (+ current code when enrolled). Ends
   * every other session of the user (the one making the change stays) and clears a forced change.
   */
  async changePassword(ctx: RequestContext, input: ReAuthInput & { newPassword: string }, keepSession: string | null): Promise<void> {
    const actor = ctx.requireActor();
    const problems = passwordProblems(input.newPassword, actor.email, 'newPassword');
    if (input.newPassword === input.password)
      problems.push({ field: 'newPassword', code: 'PASSWORD_UNCHANGED', reason: 'the new password must differ from the current one' });
    if (problems.length) throw AppError.fieldProblems(problems);
    await this.reauth.verify(ctx, input, 'password-change', 'CURRENT_PASSWORD_INVALID');
    const hash = await this.hasher.hash(input.newPassword);
    await this.tx.run(ctx, async (ctx) => {
      const user = await ctx.em.findOneOrFail(User, { where: { id: actor.userId }, lock: { mode: 'pessimistic_write' } });
      await ctx.em.update(User, { id: user.id }, { passwordHash: hash, mustChangePassword: false });
      await endUserSessions(ctx, this.actors, user.id, keepSession);
      // The audit names the change, never the password or its hash.
      await this.audit.record(ctx, {
        action: 'password-change',
        entityType: 'user',
        entityId: user.id,
        changes: { mustChangePassword: { old: user.mustChangePassword, new: false } },
      });
    });
  }

  /** Removes the second factor after re-authentication (password + current code); refused while a study requires one. */
  async removeSecondFactor(ctx: RequestContext, input: ReAuthInput): Promise<void> {
    const actor = ctx.requireActor();
    await this.reauth.verify(ctx, input, 'mfa-change');
    await this.tx.run(ctx, async (ctx) => {
      const user = await ctx.em.findOneOrFail(User, { where: { id: actor.userId }, lock: { mode: 'pessimistic_write' } });
      if (!user.totpSecret) throw AppError.conflict('MFA_NOT_ENROLLED', 'No second factor is enrolled');
      if (await mfaRequiredFor(ctx.em, user))
        throw AppError.conflict(
          'MFA_REQUIRED_BY_STUDY',
          'A study you take part in requires a second factor for your role: replace it instead',
        );
      await ctx.em.update(User, { id: user.id }, { totpSecret: null, totpPendingSecret: null, totpEnabledAt: null, totpLastStep: null });
      await ctx.em.delete(RecoveryCode, { userId: user.id });
      await this.audit.record(ctx, {
        action: 'mfa-remove',
        entityType: 'user',
        entityId: user.id,
        changes: { totpEnabled: { old: true, new: false } },
      });
    });
  }
}
