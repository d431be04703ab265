/** Study-level roles see every site of a study; site-level roles only the site of their membership. */
export const STUDY_ROLES = ['investigator', 'site-coordinator', 'monitor', 'data-manager', 'statistician'] as const;
export type StudyRole = (typeof STUDY_ROLES)[number];
export const SITE_LEVEL_ROLES: readonly StudyRole[] = ['investigator', 'site-coordinator'];

export interface MembershipGrant {
  studyId: string;
  role: StudyRole;
  /** Set for site-level roles, null for study-level roles. */
  siteId: string | null;
}

/** The authenticated person behind a request, with everything access decisions need. */
export interface Actor {
  userId: string;
  email: string;
  displayName: string;
  isAdmin: boolean;
  memberships: MembershipGrant[];
}

/** `'all'` = every site of the study; otherwise the site ids the actor may see there (possibly none). */
export type SiteScope = 'all' | string[];

export function siteScopeFor(actor: Actor, studyId: string): SiteScope {
  if (actor.isAdmin) return 'all';
  const grants = actor.memberships.filter((m) => m.studyId === studyId);
  if (grants.some((m) => !SITE_LEVEL_ROLES.includes(m.role))) return 'all';
  return [...new Set(grants.map((m) => m.siteId).filter((s): s is string => s !== null))];
}
