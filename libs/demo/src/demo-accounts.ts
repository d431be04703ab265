import type { StudyRole } from '@eid/core';

/** The demo trial: PDNMS (protocols/pdnms-v1.json) at three Dutch sites, as issue #7 specifies. */
export const DEMO_STUDY = {
  code: 'DEMO-PDNMS',
  title: 'Demo — personalised extended-interval dosing of natalizumab (synthetic data)',
  protocolId: 'pdnms',
  protocolVersion: '1',
} as const;

/** The one zone of every demo site: the demo's "today" is the calendar date there (issue 13 item 9). */
export const DEMO_TIME_ZONE = 'Europe/Amsterdam';

export const DEMO_SITES = [
  { code: 'AMS', name: 'Amsterdam UMC (demo)', country: 'NL', timezone: DEMO_TIME_ZONE },
  { code: 'RTM', name: 'Erasmus MC Rotterdam (demo)', country: 'NL', timezone: DEMO_TIME_ZONE },
  { code: 'NMG', name: 'Radboudumc Nijmegen (demo)', country: 'NL', timezone: DEMO_TIME_ZONE },
] as const;

export type DemoSiteCode = (typeof DEMO_SITES)[number]['code'];

export interface DemoAccount {
  email: string;
  displayName: string;
  /** Platform administrator (no study role). */
  isAdmin?: boolean;
  role?: StudyRole;
  siteCode?: DemoSiteCode;
}

/** One account per role, one investigator per site: `investigator.<site code in lower case>@demo.local`. */
export const DEMO_ACCOUNTS: DemoAccount[] = [
  { email: 'admin@demo.local', displayName: 'Demo Administrator', isAdmin: true },
  { email: 'monitor@demo.local', displayName: 'Demo Monitor', role: 'monitor' },
  { email: 'datamanager@demo.local', displayName: 'Demo Data Manager', role: 'data-manager' },
  { email: 'statistician@demo.local', displayName: 'Demo Statistician', role: 'statistician' },
  ...DEMO_SITES.map((s) => ({
    email: `investigator.${s.code.toLowerCase()}@demo.local`,
    displayName: `Demo Investigator ${s.code}`,
    role: 'investigator' as const,
    siteCode: s.code,
  })),
];
