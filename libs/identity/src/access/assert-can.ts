import { Action, AppError, RequestContext } from '@eid/core';
import { actorCan } from './grants';

/**
 * 401 without an actor, 403 `FORBIDDEN` when no single membership of the actor allows `action` at the place
 * (`siteId` undefined = somewhere in the study; see grants.ts: permissions never combine across memberships).
 */
export function assertCan(ctx: RequestContext, action: Action, studyId: string, siteId?: string | null): void {
  const actor = ctx.requireActor();
  if (!actorCan(actor, action, studyId, siteId))
    throw AppError.forbidden(`Your role in this study does not allow "${action}"${siteId ? ' at this site' : ''}`);
}
