import { createTestApp, TestApp } from './support/test-app';
import { buildIdentityWorld, IdentityWorld, login, MATRIX_ROLES, MatrixRole } from './support/identity-fixtures';
import { Caller, Route, routesOf, Target, walkRoutes, WalkCaller } from './support/route-walk';
import { can, Role } from '@eid/core';

/**
 * The access matrix (issue #3): every route registered in the running app × every role, own site and other
 * site. A route without @Public or @Access fails; a participant-scoped route must answer 404 to anyone who
 * cannot see the participant's site.
 * Routes and their fixtures: test/support/route-walk.ts (extend it when you add routes).
 */

/** Studies-level roles of the matrix callers (admin holds none: platform only). */
const STUDY_ROLE_OF: Record<MatrixRole, Role | null> = {
  admin: null,
  investigatorOwn: 'investigator',
  investigatorOther: 'investigator',
  siteCoordinator: 'site-coordinator',
  monitor: 'monitor',
  dataManager: 'data-manager',
  statistician: 'statistician',
};
const SEES_SITE: Record<MatrixRole, Target[]> = {
  admin: [],
  investigatorOwn: ['own'],
  investigatorOther: ['other'],
  siteCoordinator: ['own'],
  monitor: ['own', 'other'],
  dataManager: ['own', 'other'],
  statistician: ['own', 'other'],
};

function expected(route: Route, caller: Caller, target: Target): 'pass' | 401 | 403 | 404 {
  const policy = route.policy!;
  if (caller === 'anonymous') return 401;
  const studyRole = STUDY_ROLE_OF[caller];
  switch (policy.scope) {
    case 'authenticated':
      return 'pass';
    case 'admin':
      return caller === 'admin' ? 'pass' : 403;
    case 'study':
      return studyRole && can(studyRole, policy.action!) ? 'pass' : 403;
    case 'participant':
      if (!SEES_SITE[caller].includes(target)) return 404;
      return studyRole && can(studyRole, policy.action!) ? 'pass' : 403;
  }
}

jest.setTimeout(300_000);

describe('Access matrix: every route × every role (real PostgreSQL)', () => {
  let t: TestApp;
  let world: IdentityWorld;
  let routes: Route[];
  beforeAll(async () => {
    t = await createTestApp();
    world = await buildIdentityWorld(t);
    routes = routesOf(t);
  });
  afterAll(async () => t.close());

  it('finds the routes of the running app', () => {
    expect(routes.map((r) => r.key)).toEqual(
      expect.arrayContaining(['POST /api/v1/auth/login', 'GET /api/v1/auth/me', 'GET /api/v1/audit', 'POST /api/v1/admin/studies']),
    );
  });

  it('every route is @Public or carries an @Access policy', () => {
    expect(routes.filter((r) => !r.isPublic && !r.policy).map((r) => r.key)).toEqual([]);
  });

  it('answers every role as the permission table and site scoping say', async () => {
    const callers: WalkCaller[] = (['anonymous', ...MATRIX_ROLES] as Caller[]).map((caller) => ({
      name: caller,
      token: async (fresh) =>
        caller === 'anonymous' ? null : fresh ? (await login(t, world.users[caller].email)).accessToken : world.users[caller].token,
    }));
    const mismatches = await walkRoutes(t, world, routes, callers, (route, caller, target) => expected(route, caller as Caller, target));
    expect(mismatches).toEqual([]);
  });
});
