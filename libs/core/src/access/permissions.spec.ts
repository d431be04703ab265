import { STUDY_ROLES } from '../context/actor';
import { Action, ACTIONS, can, PERMISSIONS, Role } from './permissions';

// The expected table, written out independently of PERMISSIONS: a change to either must be deliberate.
const Y = true;
const _ = false;
const expected: Record<Action, Record<Role, boolean>> = {
  //               investigator  site-coordinator  monitor  data-manager  statistician  admin
  read: { investigator: Y, 'site-coordinator': Y, monitor: Y, 'data-manager': Y, statistician: Y, admin: _ },
  'enter-data': { investigator: Y, 'site-coordinator': Y, monitor: _, 'data-manager': _, statistician: _, admin: _ },
  'edit-data': { investigator: Y, 'site-coordinator': Y, monitor: _, 'data-manager': _, statistician: _, admin: _ },
  'raise-query': { investigator: _, 'site-coordinator': _, monitor: Y, 'data-manager': Y, statistician: _, admin: _ },
  'answer-query': { investigator: Y, 'site-coordinator': Y, monitor: _, 'data-manager': _, statistician: _, admin: _ },
  'close-query': { investigator: _, 'site-coordinator': _, monitor: Y, 'data-manager': Y, statistician: _, admin: _ },
  verify: { investigator: _, 'site-coordinator': _, monitor: Y, 'data-manager': _, statistician: _, admin: _ },
  sign: { investigator: Y, 'site-coordinator': _, monitor: _, 'data-manager': _, statistician: _, admin: _ },
  'decide-dosing': { investigator: Y, 'site-coordinator': _, monitor: _, 'data-manager': _, statistician: _, admin: _ },
  freeze: { investigator: _, 'site-coordinator': _, monitor: _, 'data-manager': Y, statistician: _, admin: _ },
  lock: { investigator: _, 'site-coordinator': _, monitor: _, 'data-manager': Y, statistician: _, admin: _ },
  export: { investigator: _, 'site-coordinator': _, monitor: _, 'data-manager': Y, statistician: Y, admin: _ },
  'view-audit': { investigator: Y, 'site-coordinator': Y, monitor: Y, 'data-manager': Y, statistician: _, admin: Y },
  'verify-audit': { investigator: _, 'site-coordinator': _, monitor: Y, 'data-manager': Y, statistician: _, admin: Y },
  'view-platform-log': { investigator: _, 'site-coordinator': _, monitor: Y, 'data-manager': _, statistician: _, admin: _ },
  'manage-users': { investigator: _, 'site-coordinator': _, monitor: _, 'data-manager': _, statistician: _, admin: Y },
};

describe('permission table', () => {
  const roles: Role[] = [...STUDY_ROLES, 'admin'];
  const cases = ACTIONS.flatMap((action) => roles.map((role) => [role, action, expected[action][role]] as const));

  it.each(cases)('%s may %s: %s', (role, action, allowed) => {
    expect(can(role, action)).toBe(allowed);
  });

  it('covers every role and names only known actions', () => {
    expect(Object.keys(PERMISSIONS).sort()).toEqual([...roles].sort());
    for (const actions of Object.values(PERMISSIONS)) for (const a of actions) expect(ACTIONS).toContain(a);
  });
});
