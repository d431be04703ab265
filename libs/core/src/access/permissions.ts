import { StudyRole } from '../context/actor';

/** Everything a person can be allowed to do with a study's data. */
export const ACTIONS = [
  'read',
  'enter-data',
  'edit-data',
  'raise-query',
  'answer-query',
  'close-query',
  'verify',
  'sign',
  'decide-dosing',
  'freeze',
  'lock',
  'export',
  'view-audit',
  'verify-audit',
  'view-platform-log',
  'manage-users',
] as const;
export type Action = (typeof ACTIONS)[number];

/** `admin` is a platform role (User.isAdmin), the others are held per study (Membership). */
export type Role = StudyRole | 'admin';

/**
 * THE permission table (issue #3): role → actions. Keep it the only place that says who may do what; it is
 * tested as a table in permissions.spec.ts.
 *
 * - Site-level roles (investigator, site-coordinator) act on their own site's participants; the site
 *   restriction is applied by scoping queries (scope-to-sites.ts), not here.
 * - Only investigators sign (Part 11 §11.50/§11.100: the signer is the accountable investigator), and only they
 *   confirm or override a dosing decision: the interval is a medical decision (docs/science/protocols.md: "the investigator").
 * - Monitors verify source data (SDV) and manage queries but never enter or change data (ICH E6(R3) 3.11.4).
 * - Data managers run queries, freeze and lock, and export; they do not enter data either.
 * - Statisticians read pseudonymised data and export it; they see no audit trail (it names people).
 * - Admins manage the platform (studies, sites, users, memberships) and its own audit chain, but read no trial
 *   data: separating system administration from data access is what Part 11 §11.10(d) (limit access to
 *   authorised individuals) and §11.10(g) (authority checks) favour — an administrator who needs to see data
 *   is given a study role like anyone else, and that grant is itself audited (role-change).
 * - Re-computing a whole chain (verify-audit) is a study-wide check that costs seconds of CPU: monitors and
 *   data managers for a study's chain; admins for the platform chain (issue 16 item 4).
 * - Monitors read the platform log of the study's people (view-platform-log: sign-ins, failed sign-ins, account
 *   changes of users who hold or held a membership in the study; issue 17 item 6): checking that only trained,
 *   authorised staff accessed the system is monitoring work (ICH E6(R3) 3.11.4, 4.2). Admins read the whole
 *   platform chain through their own routes.
 */
export const PERMISSIONS: Readonly<Record<Role, readonly Action[]>> = {
  investigator: ['read', 'enter-data', 'edit-data', 'answer-query', 'sign', 'decide-dosing', 'view-audit'],
  'site-coordinator': ['read', 'enter-data', 'edit-data', 'answer-query', 'view-audit'],
  monitor: ['read', 'raise-query', 'close-query', 'verify', 'view-audit', 'verify-audit', 'view-platform-log'],
  'data-manager': ['read', 'raise-query', 'close-query', 'freeze', 'lock', 'export', 'view-audit', 'verify-audit'],
  statistician: ['read', 'export'],
  admin: ['manage-users', 'view-audit', 'verify-audit'],
};

export function can(role: Role, action: Action): boolean {
  return PERMISSIONS[role].includes(action);
}
