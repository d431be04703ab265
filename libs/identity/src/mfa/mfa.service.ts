import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { toDataURL } from 'qrcode';
import { AppError, RequestContext } from '@eid/core';
import { AuditService } from '@eid/audit';
import { RecoveryCode } from '../entities/recovery-code.entity';
import { User } from '../entities/user.entity';
import { matchTotp, newTotpSecret, totpUri } from './totp';

const RECOVERY_CODE_COUNT = 10;

export function hashRecoveryCode(code: string): string {
  return createHash('sha256')
    .update(
      code
        .trim()
        .toLowerCase()
        .replace(/[^a-z0-9]/g, ''),
    )
    .digest('hex');
}

function newRecoveryCode(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const bytes = randomBytes(12);
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
}

/** TOTP second factor (RFC 6238) with one-time recovery codes; a study may require it per role (Part 11 §11.300). */
@Injectable()
export class MfaService {
  constructor(private readonly audit: AuditService) {}

  async startEnrolment(ctx: RequestContext): Promise<{ secret: string; otpauthUrl: string; qrCodeDataUrl: string }> {
    const actor = ctx.requireActor();
    const secret = newTotpSecret();
    await ctx.em.update(User, { id: actor.userId }, { totpPendingSecret: secret });
    const otpauthUrl = totpUri(actor.email, secret);
    return { secret, otpauthUrl, qrCodeDataUrl: await toDataURL(otpauthUrl) };
  }

  /** Confirms with a first code, switches the factor on and returns fresh recovery codes — shown this once only. */
  async confirmEnrolment(ctx: RequestContext, code: string): Promise<{ recoveryCodes: string[] }> {
    const actor = ctx.requireActor();
    const user = await ctx.em.findOneOrFail(User, { where: { id: actor.userId }, lock: { mode: 'pessimistic_write' } });
    if (!user.totpPendingSecret) throw AppError.conflict('MFA_NOT_STARTED', 'Start the enrolment first');
    const step = matchTotp(code, user.totpPendingSecret);
    if (step === null) throw AppError.fieldProblems([{ field: 'code', code: 'TOTP_INVALID', reason: 'the code does not match' }]);
    const wasEnabled = user.totpEnabledAt !== null;
    await ctx.em.update(
      User,
      { id: user.id },
      { totpSecret: user.totpPendingSecret, totpPendingSecret: null, totpEnabledAt: new Date(), totpLastStep: String(step) },
    );
    // Old codes die with a new enrolment; they are credentials, not records, so removing them loses no history.
    await ctx.em.delete(RecoveryCode, { userId: user.id });
    const recoveryCodes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
    await ctx.em.insert(
      RecoveryCode,
      recoveryCodes.map((c) => ({ userId: user.id, codeHash: hashRecoveryCode(c) })),
    );
    await this.audit.record(ctx, {
      action: 'mfa-enrol',
      entityType: 'user',
      entityId: user.id,
      changes: { totpEnabled: { old: wasEnabled, new: true } },
    });
    return { recoveryCodes };
  }

  /**
   * Checks a TOTP code (each time step accepted once: RFC 6238 §5.2) or consumes a recovery code.
   * Runs inside the login transaction with the user row locked.
   */
  async verifySecondFactor(
    ctx: RequestContext,
    user: User,
    totp: string | undefined,
    recoveryCode: string | undefined,
  ): Promise<'otp' | 'recovery' | null> {
    if (totp && user.totpSecret) {
      const step = matchTotp(totp, user.totpSecret);
      if (step !== null && (user.totpLastStep === null || step > Number(user.totpLastStep))) {
        await ctx.em.update(User, { id: user.id }, { totpLastStep: String(step) });
        return 'otp';
      }
      return null;
    }
    if (recoveryCode) {
      const used = await ctx.em
        .createQueryBuilder()
        .update(RecoveryCode)
        .set({ usedAt: () => 'now()' })
        .where('user_id = :userId AND code_hash = :hash AND used_at IS NULL', { userId: user.id, hash: hashRecoveryCode(recoveryCode) })
        .execute();
      return used.affected ? 'recovery' : null;
    }
    return null;
  }
}
