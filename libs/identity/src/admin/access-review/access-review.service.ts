import { Injectable } from '@nestjs/common';
import { AppError, RequestContext, TransactionService } from '@eid/core';
import { isIsoDate } from '@eid/domain';
import { AccessReviewAdminDto, AccessReviewDto, AccessReviewQueryDto, AccessReviewRowDto } from './access-review.dto';
import { ACCESS_REVIEW_ADMINS_SQL, ACCESS_REVIEW_ROLES_SQL, UNAUDITED_MEMBERSHIPS_SQL } from './access-review.sql';

const DAY_MS = 86_400_000;
const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());

/** The inspector's question "who could do what, where, on that day?", answered from the audit trail. */
@Injectable()
export class AccessReviewService {
  constructor(private readonly tx: TransactionService) {}

  review(ctx: RequestContext, q: AccessReviewQueryDto): Promise<AccessReviewDto> {
    if (!isIsoDate(q.date))
      throw AppError.fieldProblems([{ field: 'date', code: 'INVALID_DATE', reason: 'date must be a calendar date YYYY-MM-DD' }]);
    const from = new Date(`${q.date}T00:00:00.000Z`);
    const to = new Date(from.getTime() + DAY_MS);
    const study = q.study ?? null;
    return this.tx.run(ctx, async (ctx) => {
      const roles = (await ctx.em.query(ACCESS_REVIEW_ROLES_SQL, [from, to, study])) as AccessReviewRowDto[];
      const admins = (await ctx.em.query(ACCESS_REVIEW_ADMINS_SQL, [from, to])) as AccessReviewAdminDto[];
      const [{ n }] = (await ctx.em.query(UNAUDITED_MEMBERSHIPS_SQL, [study])) as Array<{ n: number }>;
      return {
        date: q.date,
        from: from.toISOString(),
        to: to.toISOString(),
        roles: roles.map((r) => ({
          ...r,
          grantedAt: iso(r.grantedAt)!,
          revokedAt: iso(r.revokedAt),
          accountDeactivatedAt: iso(r.accountDeactivatedAt),
        })),
        admins: admins.map((a) => ({ ...a, createdAt: iso(a.createdAt)!, accountDeactivatedAt: iso(a.accountDeactivatedAt) })),
        unauditedMemberships: n,
      };
    });
  }
}
