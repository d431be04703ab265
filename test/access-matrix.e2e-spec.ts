import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { IS_PUBLIC_KEY } from '@eid/core';
import { ACCESS_POLICY_KEY, AccessPolicy, can, Role } from '@eid/identity';
import { createTestApp, TestApp } from './support/test-app';
import { buildIdentityWorld, IdentityWorld, login, MATRIX_ROLES, MatrixRole } from './support/identity-fixtures';
import { trialMatrixIds } from './support/trial-fixtures';
import { qualityMatrixIds } from './support/quality-fixtures';

/**
 * The access matrix (issue #3): every route registered in the running app × every role, own site and other
 * site. A route without @Public or @Access fails; a participant-scoped route must answer 404 to anyone who
 * cannot see the participant's site.
 *
 * Extending it when you add routes:
 * - a new route parameter → one line in PARAM_FIXTURES: how to get an id of a row at the own site and at the
 *   other site (for `:participantId` create one participant per site);
 * - a route whose guard needs more than the defaults (query `study`, body `{ studyId }`) → one line in
 *   ROUTE_REQUESTS keyed by `METHOD /api/v1/path/:param`.
 */

type Target = 'own' | 'other';
type Caller = MatrixRole | 'anonymous';
interface Route {
  method: string;
  path: string;
  key: string;
  params: string[];
  isPublic: boolean;
  policy?: AccessPolicy;
}
interface RouteRequest {
  query?: (w: IdentityWorld) => Record<string, string>;
  body?: (w: IdentityWorld) => Record<string, unknown>;
  /** The call ends the caller's session (logout): use a fresh login for it. */
  consumesSession?: boolean;
}

/** Route parameter → id of a row at the own site and one at the other site. */
const PARAM_FIXTURES: Record<string, (t: TestApp, w: IdentityWorld) => Promise<Record<Target, string>>> = {
  studyId: async (_t, w) => ({ own: w.studyId, other: w.studyId }),
  siteId: async (_t, w) => ({ own: w.ownSiteId, other: w.otherSiteId }),
  userId: async (_t, w) => ({ own: w.users.investigatorOwn.id, other: w.users.investigatorOther.id }),
  membershipId: async () => ({ own: randomUUID(), other: randomUUID() }),
  // Trial (issue #5): a participant, planned visit and one row per eCRF form (same id in every form table) per site.
  participantId: async (t, w) => (await trialMatrixIds(t, w)).participantId,
  visitId: async (t, w) => (await trialMatrixIds(t, w)).visitId,
  recordId: async (t, w) => (await trialMatrixIds(t, w)).recordId,
  // Quality (issue #5): one open data query per site, on the trial matrix participant's record.
  queryId: async (t, w) => (await qualityMatrixIds(t, w)).queryId,
  // Exports (issue #6): one real export job of the study, requested by the data manager (study-level: same id for both).
  jobId: async (t, w) => {
    const res = await t
      .http()
      .post(`/api/v1/studies/${w.studyId}/exports`)
      .set('Authorization', `Bearer ${w.users.dataManager.token}`)
      .send({ format: 'csv', shape: 'long', pseudonymisation: 'pseudonymised' });
    if (res.status !== 202) throw new Error(`export fixture: ${res.status} ${JSON.stringify(res.body)}`);
    const id = String(res.body.id);
    return { own: id, other: id };
  },
  // Audit (issue 16): one verification run of the study chain (study-level: same id for both).
  verificationId: async (t, w) => {
    const res = await t.http().post('/api/v1/audit/verifications').set('Authorization', `Bearer ${w.users.monitor.token}`).send({ studyId: w.studyId });
    if (res.status !== 202) throw new Error(`verification fixture: ${res.status} ${JSON.stringify(res.body)}`);
    return { own: res.body.id, other: res.body.id };
  },
};

const ROUTE_REQUESTS: Record<string, RouteRequest> = {
  'POST /api/v1/auth/logout': { consumesSession: true },
};

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

function routesOf(t: TestApp): Route[] {
  const routes: Route[] = [];
  const seen = new Set<string>();
  for (const mod of t.app.get(ModulesContainer).values()) {
    for (const wrapper of mod.controllers.values()) {
      const cls = wrapper.metatype as (new (...a: unknown[]) => unknown) | null;
      if (!cls) continue;
      const prefixes = [Reflect.getMetadata(PATH_METADATA, cls) ?? ''].flat() as string[];
      const names = new Set<string>();
      for (let proto = cls.prototype; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
        Object.getOwnPropertyNames(proto).forEach((n) => names.add(n));
      }
      for (const name of names) {
        if (name === 'constructor') continue;
        const handler = cls.prototype[name];
        if (typeof handler !== 'function') continue;
        const paths = Reflect.getMetadata(PATH_METADATA, handler);
        if (paths === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
        for (const prefix of prefixes) {
          for (const p of [paths].flat() as string[]) {
            const path = ('/api/' + [prefix, p].filter((s) => s && s !== '/').join('/')).replace(/\/+/g, '/').replace(/\/$/, '');
            const key = `${method} ${path}`;
            if (seen.has(key)) continue;
            seen.add(key);
            routes.push({
              method,
              path,
              key,
              params: [...path.matchAll(/:(\w+)/g)].map((m) => m[1]),
              isPublic: Boolean(Reflect.getMetadata(IS_PUBLIC_KEY, handler) ?? Reflect.getMetadata(IS_PUBLIC_KEY, cls)),
              policy: Reflect.getMetadata(ACCESS_POLICY_KEY, handler) ?? Reflect.getMetadata(ACCESS_POLICY_KEY, cls),
            });
          }
        }
      }
    }
  }
  return routes.sort((a, b) => a.key.localeCompare(b.key));
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
    expect(routes.map((r) => r.key)).toEqual(expect.arrayContaining(['POST /api/v1/auth/login', 'GET /api/v1/auth/me', 'GET /api/v1/audit', 'POST /api/v1/admin/studies']));
  });

  it('every route is @Public or carries an @Access policy', () => {
    expect(routes.filter((r) => !r.isPublic && !r.policy).map((r) => r.key)).toEqual([]);
  });

  it('answers every role as the permission table and site scoping say', async () => {
    const mismatches: string[] = [];
    const fixtureCache = new Map<string, Record<Target, string>>();
    const idsFor = async (param: string): Promise<Record<Target, string> | undefined> => {
      if (!fixtureCache.has(param) && PARAM_FIXTURES[param]) fixtureCache.set(param, await PARAM_FIXTURES[param](t, world));
      return fixtureCache.get(param);
    };
    for (const route of routes.filter((r) => !r.isPublic && r.policy)) {
      const spec = ROUTE_REQUESTS[route.key] ?? {};
      const targets: Target[] = route.policy!.scope === 'participant' ? ['own', 'other'] : ['own'];
      for (const target of targets) {
        let url = route.path;
        let missing = false;
        for (const param of route.params) {
          const ids = await idsFor(param);
          if (!ids) {
            mismatches.push(`${route.key}: no fixture for :${param} — add one line to PARAM_FIXTURES`);
            missing = true;
            break;
          }
          url = url.replace(`:${param}`, ids[target]);
        }
        if (missing) break;
        for (const caller of ['anonymous', ...MATRIX_ROLES] as Caller[]) {
          let req = t.http()[route.method.toLowerCase() as 'get'](url);
          if (caller !== 'anonymous') {
            const token = spec.consumesSession ? (await login(t, world.users[caller].email)).accessToken : world.users[caller].token;
            req = req.set('Authorization', `Bearer ${token}`);
          }
          req = req.query(spec.query ? spec.query(world) : { study: world.studyId });
          if (['POST', 'PUT', 'PATCH', 'DELETE'].includes(route.method)) req = req.send(spec.body ? spec.body(world) : { studyId: world.studyId });
          const res = await req;
          const want = expected(route, caller, target);
          const denied = [401, 403].includes(res.status) || (route.policy!.scope === 'participant' && res.status === 404);
          const ok = want === 'pass' ? !denied && res.status < 500 : res.status === want;
          if (!ok) mismatches.push(`${route.key} [${target} site] as ${caller}: expected ${want}, got ${res.status} ${res.body?.code ?? ''}`);
        }
      }
    }
    expect(mismatches).toEqual([]);
  });
});
