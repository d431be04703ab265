import { Action, Actor, can, MembershipGrant, SiteScope, StudyRole } from '@eid/core';

/**
 * Permissions PER MEMBERSHIP (issue 16 item 1): a membership grants its role's actions only within its own scope
 * — its study, and its site for site-level roles (siteId set) or every site of the study (siteId null). Roles are
 * never pooled across memberships: an investigator at site A who is also a study-wide monitor may read site B (as
 * monitor) but not enter data there, because no single membership grants "enter-data" at B.
 * docs/security.md "Roles and permissions" states the rule and the table.
 */
export function grantCovers(grant: MembershipGrant, studyId: string, siteId: string | null | undefined): boolean {
  if (grant.studyId !== studyId) return false;
  if (siteId === undefined) return true; // "somewhere in the study" (study-level routes; rows are scoped afterwards)
  return grant.siteId === null || grant.siteId === siteId;
}

/** The memberships of the actor that allow `action` and cover the place (undefined site = anywhere in the study). */
export function grantsAllowing(actor: Actor | undefined, action: Action, studyId: string, siteId?: string | null): MembershipGrant[] {
  if (!actor) return [];
  return actor.memberships.filter((m) => can(m.role, action) && grantCovers(m, studyId, siteId));
}

/**
 * True when ONE membership of the actor allows `action` at the place: `siteId` undefined = somewhere in the study,
 * a site id = at that site, null = study-level data (only study-wide memberships cover it).
 * Admins: only platform actions, no study data (they hold no membership for that).
 */
export function actorCan(actor: Actor | undefined, action: Action, studyId: string, siteId?: string | null): boolean {
  return grantsAllowing(actor, action, studyId, siteId).length > 0;
}

/** The sites of the study where the actor may do `action`: 'all', or the site ids (possibly none). */
export function sitesAllowing(actor: Actor | undefined, action: Action, studyId: string): SiteScope {
  const grants = grantsAllowing(actor, action, studyId);
  if (grants.some((m) => m.siteId === null)) return 'all';
  return [...new Set(grants.map((m) => m.siteId).filter((s): s is string => s !== null))];
}

/** Roles whose every grant is pseudonymised-only (GDPR art. 89): what they read or export never identifies. */
export const PSEUDONYMISED_ROLES: readonly StudyRole[] = ['statistician'];

/**
 * Whether the actor may have identified data for `action` at the place: only when a membership that allows the
 * action there is not pseudonymised-only. The level belongs to the grant, like the site: investigator at A +
 * statistician reads A identified and B pseudonymised; a study-wide export (`siteId` null) is identified only
 * through a study-wide non-statistician grant of "export" (a data manager's).
 */
export function identifiedAllowed(actor: Actor | undefined, action: Action, studyId: string, siteId?: string | null): boolean {
  return grantsAllowing(actor, action, studyId, siteId).some((m) => !PSEUDONYMISED_ROLES.includes(m.role));
}

/** The sites of the study whose records the actor reads identified (the complement of readsPseudonymised). */
export function sitesReadIdentified(actor: Actor | undefined, studyId: string): SiteScope {
  const grants = grantsAllowing(actor, 'read', studyId).filter((m) => !PSEUDONYMISED_ROLES.includes(m.role));
  if (grants.some((m) => m.siteId === null)) return 'all';
  return [...new Set(grants.map((m) => m.siteId).filter((s): s is string => s !== null))];
}

/** What the actor reads about a record at `siteId` must be pseudonymised (statistician reads). */
export function readsPseudonymised(actor: Actor | undefined, studyId: string, siteId: string | null): boolean {
  return !identifiedAllowed(actor, 'read', studyId, siteId);
}
