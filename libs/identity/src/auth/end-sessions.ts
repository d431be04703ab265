import { RequestContext } from '@eid/core';
import { RefreshToken } from '../entities/refresh-token.entity';
import { ActorLoader } from './actor-loader.service';

/**
 * Ends every session (refresh-token family) of a user, except `keepFamilyId` (the session that changed its own
 * password); their access tokens stop with them, because the guard checks the family and the cached actor is
 * forgotten after commit. One way for a password change, an admin reset or unlock and a deactivation.
 */
export async function endUserSessions(
  ctx: RequestContext,
  actors: ActorLoader,
  userId: string,
  keepFamilyId?: string | null,
): Promise<void> {
  const qb = ctx.em
    .createQueryBuilder()
    .update(RefreshToken)
    .set({ revokedAt: () => 'now()' })
    .where('user_id = :userId AND revoked_at IS NULL', { userId });
  if (keepFamilyId) qb.andWhere('family_id <> :keep', { keep: keepFamilyId });
  await qb.execute();
  ctx.afterCommit(() => actors.forget(userId));
}
