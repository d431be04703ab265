import { Actor, AppError, RequestContext } from '@eid/core';
import { Action, can } from './permissions';

/** True when some role of the actor in the study allows the action (admins: only platform actions, no study data). */
export function actorCan(actor: Actor | undefined, action: Action, studyId: string): boolean {
  if (!actor) return false;
  return actor.memberships.some((m) => m.studyId === studyId && can(m.role, action));
}

/** 401 without an actor, 403 `FORBIDDEN` when no role of the actor in `studyId` allows `action`. */
export function assertCan(ctx: RequestContext, action: Action, studyId: string): void {
  const actor = ctx.requireActor();
  if (!actorCan(actor, action, studyId)) throw AppError.forbidden(`Your role in this study does not allow "${action}"`);
}
