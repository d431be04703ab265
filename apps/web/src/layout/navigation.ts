/** One entry of the side navigation; `roles` lists who sees it (their work, not merely their permissions). */
export interface NavItem {
  to: string;
  label: string;
  roles: string[];
}

const SITE = ['investigator', 'site-coordinator'];
const CENTRAL = ['monitor', 'data-manager'];

/** Ordered by how often each role needs the screen. Screens appear here once their API exists. */
export const NAV_ITEMS: NavItem[] = [
  { to: '/admin', label: 'Administration', roles: ['admin'] },
  { to: '/dashboard', label: 'Monitor dashboard', roles: [...CENTRAL] },
  { to: '/participants', label: 'Participants', roles: [...SITE, ...CENTRAL] },
  { to: '/screening', label: 'Screening & enrolment', roles: [...SITE] },
  { to: '/queries', label: 'Queries', roles: [...SITE, ...CENTRAL] },
  { to: '/audit', label: 'Audit trail', roles: [...SITE, ...CENTRAL, 'admin'] },
  { to: '/platform-log', label: 'Platform log', roles: ['monitor'] },
  { to: '/reports', label: 'Reports', roles: [...CENTRAL, 'statistician'] },
  { to: '/exports', label: 'Exports', roles: ['data-manager', 'statistician'] },
  { to: '/data-management', label: 'Data management', roles: ['data-manager'] },
  { to: '/status', label: 'System status', roles: [...SITE, ...CENTRAL, 'statistician', 'admin'] },
  { to: '/account', label: 'My account', roles: [...SITE, ...CENTRAL, 'statistician', 'admin'] },
];

export function navFor(role: string, available: Set<string>): NavItem[] {
  return NAV_ITEMS.filter((i) => i.roles.includes(role) && available.has(i.to));
}

/** The first screen after sign-in for each role. */
export function homeFor(role: string, available: Set<string>): string {
  return navFor(role, available)[0]?.to ?? '/status';
}
