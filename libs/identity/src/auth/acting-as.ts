import { RequestContext } from '@eid/core';
import { User } from '../entities/user.entity';

/**
 * The same transaction and request, attributed to `user`: login and token refresh happen before any Actor is
 * known, yet their audit rows must name the person (Part 11 §11.10(e)). Platform events carry no study role.
 */
export function actingAs(ctx: RequestContext, user: Pick<User, 'id' | 'email' | 'displayName' | 'isAdmin'>): RequestContext {
  const actor = { userId: user.id, email: user.email, displayName: user.displayName, isAdmin: user.isAdmin, memberships: [] };
  return new RequestContext(actor, ctx.correlationId, ctx.clientIp, ctx.em, ctx);
}
