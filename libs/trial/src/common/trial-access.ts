import { Action, RequestContext } from '@eid/core';
import { assertCan } from '@eid/identity';

/**
 * Permission check inside trial services, delegating to THE permission table of @eid/identity (one place
 * says who may do what). Callers resolve visibility first (404), so non-members learn nothing from a 403.
 * Pass the record's site: a permission holds only where the membership granting it applies (issue 16 item 1).
 */
export function assertCanInStudy(ctx: RequestContext, action: Action, studyId: string, siteId?: string | null): void {
  assertCan(ctx, action, studyId, siteId);
}
