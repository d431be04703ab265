/** A person's role in one study (site-level roles also name their site), as /auth/me reports it. */
export interface Membership {
  studyId: string;
  studyCode: string;
  role: string;
  siteId: string | null;
  siteCode: string | null;
}

/** What the person works as right now: one study, one role (and, for site roles, the sites of that role). */
export interface ActiveRole {
  key: string;
  studyId: string;
  studyCode: string;
  role: string;
  siteCodes: string[];
}

export const ROLE_LABELS: Record<string, string> = {
  investigator: 'Investigator',
  'site-coordinator': 'Site coordinator',
  monitor: 'Monitor',
  'data-manager': 'Data manager',
  statistician: 'Statistician',
  admin: 'Administrator',
};

/** Memberships grouped into the choices of the role/study switcher (one per study × role). */
export function activeRoles(memberships: Membership[], isAdmin: boolean): ActiveRole[] {
  const byKey = new Map<string, ActiveRole>();
  for (const m of memberships) {
    const key = `${m.studyId}:${m.role}`;
    const entry = byKey.get(key) ?? { key, studyId: m.studyId, studyCode: m.studyCode, role: m.role, siteCodes: [] };
    if (m.siteCode) entry.siteCodes.push(m.siteCode);
    byKey.set(key, entry);
  }
  const roles = [...byKey.values()];
  // Administration is a platform role beside any study roles the same person holds.
  if (isAdmin) roles.push({ key: 'platform:admin', studyId: '', studyCode: 'Platform', role: 'admin', siteCodes: [] });
  return roles;
}

export function describeRole(r: ActiveRole): string {
  const sites = r.siteCodes.length ? ` · ${r.siteCodes.join(', ')}` : '';
  return `${r.studyCode} — ${ROLE_LABELS[r.role] ?? r.role}${sites}`;
}

/** Site-level roles see their own site(s) only; the others see every site of the study. */
export const isSiteRole = (role: string) => role === 'investigator' || role === 'site-coordinator';
