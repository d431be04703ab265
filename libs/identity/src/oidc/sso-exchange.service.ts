import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AppError, RequestContext, TransactionService } from '@eid/core';
import { AuditService } from '@eid/audit';
import { actingAs } from '../auth/acting-as';
import { AuthService } from '../auth/auth.service';
import { TokenPairDto } from '../auth/dto/login.dto';
import { TokenService } from '../auth/token.service';
import { User } from '../entities/user.entity';
import { SsoExchange } from './sso-exchange.entity';

/** A code is redeemed right after the callback's redirect: a minute covers a slow page load, no more. */
export const SSO_EXCHANGE_TTL_SECONDS = 60;

/**
 * Carries a verified SSO login from the callback to the web app (docs/security.md → Single sign-on in the web
 * app): the callback stores a one-time code (keyed hash only) and hands the browser the code in an HttpOnly
 * cookie; the web app's POST redeems it once for the same token pair a password login returns.
 */
@Injectable()
export class SsoExchangeService {
  constructor(
    private readonly tx: TransactionService,
    private readonly tokens: TokenService,
    private readonly auth: AuthService,
    private readonly audit: AuditService,
  ) {}

  /** Stores a new code for `userId` in the caller's transaction and returns it (the only copy in clear). */
  async issue(em: EntityManager, userId: string, amr: string[]): Promise<string> {
    // Unredeemed codes are useless after their minute: clear them here rather than in a job.
    await em.createQueryBuilder().delete().from(SsoExchange).where('expires_at < now()').execute();
    const { token, hash } = this.tokens.newRefreshToken();
    await em.insert(SsoExchange, {
      codeHash: hash,
      userId,
      amr,
      expiresAt: new Date(Date.now() + SSO_EXCHANGE_TTL_SECONDS * 1000),
    });
    return token;
  }

  /** Redeems a code once: the session starts and the login is audited in one transaction. */
  async redeem(ctx: RequestContext, code: string | undefined, issuer: string): Promise<TokenPairDto> {
    const invalid = AppError.unauthorized('The single sign-on has expired or was already completed; sign in again', 'SSO_EXCHANGE_INVALID');
    if (!code) throw invalid;
    const hash = this.tokens.hashRefreshToken(code);
    const tokens = await this.tx.run(ctx, async (ctx) => {
      // DELETE … RETURNING: of two concurrent redemptions exactly one gets the row.
      const rows = (await ctx.em.query(
        `DELETE FROM sso_exchange WHERE code_hash = $1 AND expires_at > now() RETURNING user_id AS "userId", amr`,
        [hash],
      )) as [Array<{ userId: string; amr: string[] }>, number];
      const row = rows[0]?.[0];
      if (!row) return null;
      // The account may have been deactivated in the minute since the callback.
      const user = await ctx.em.findOne(User, { where: { id: row.userId } });
      if (!user || user.status !== 'active') return null;
      const now = new Date();
      const pair = await this.auth.startSession(ctx, user, row.amr, { lastLoginAt: now });
      await this.audit.record(actingAs(ctx, user), {
        action: 'login',
        entityType: 'user',
        entityId: user.id,
        changes: { lastLoginAt: { old: user.lastLoginAt, new: now } },
        reason: `sso ${issuer}`,
      });
      return pair;
    });
    if (!tokens) throw invalid;
    return tokens;
  }
}
