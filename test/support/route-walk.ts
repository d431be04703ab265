import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { ACCESS_POLICY_KEY, AccessPolicy, IS_PUBLIC_KEY } from '@eid/core';
import { TestApp } from './test-app';
import { IdentityWorld, MatrixRole } from './identity-fixtures';
import { trialMatrixIds } from './trial-fixtures';
import { qualityMatrixIds } from './quality-fixtures';

/**
 * Walking every route of the running app (test/access-matrix.e2e-spec.ts, test/access-membership-pairs.e2e-spec.ts).
 *
 * Extending it when you add routes:
 * - a new route parameter → one line in PARAM_FIXTURES: how to get an id of a row at the own site and at the
 *   other site (for `:participantId` create one participant per site);
 * - a route whose guard needs more than the defaults (query `study`, body `{ studyId }`) → one line in
 *   ROUTE_REQUESTS keyed by `METHOD /api/v1/path/:param`.
 */

export type Target = 'own' | 'other';
export type Caller = MatrixRole | 'anonymous';
export interface Route {
  method: string;
  path: string;
  key: string;
  params: string[];
  isPublic: boolean;
  policy?: AccessPolicy;
}
export interface RouteRequest {
  query?: (w: IdentityWorld) => Record<string, string>;
  body?: (w: IdentityWorld) => Record<string, unknown>;
  /** The call ends the caller's session (logout): use a fresh login for it. */
  consumesSession?: boolean;
}

/** Route parameter → id of a row at the own site and one at the other site. */
export const PARAM_FIXTURES: Record<string, (t: TestApp, w: IdentityWorld) => Promise<Record<Target, string>>> = {
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
    const res = await t
      .http()
      .post('/api/v1/audit/verifications')
      .set('Authorization', `Bearer ${w.users.monitor.token}`)
      .send({ studyId: w.studyId });
    if (res.status !== 202) throw new Error(`verification fixture: ${res.status} ${JSON.stringify(res.body)}`);
    return { own: res.body.id, other: res.body.id };
  },
};

export const ROUTE_REQUESTS: Record<string, RouteRequest> = {
  'POST /api/v1/auth/logout': { consumesSession: true },
};

export function routesOf(t: TestApp): Route[] {
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

export interface WalkCaller {
  name: string;
  /** The bearer token (null = anonymous); `fresh` = a new session, for routes that end it (logout). */
  token: (fresh: boolean) => Promise<string | null>;
}
export type Expectation = 'pass' | 401 | 403 | 404;

/**
 * Calls every guarded route as every caller, at the own and (for participant-scoped routes) the other site, and
 * returns one line per answer that differs from `expected`. "pass" = neither 401/403 nor (participant scope) 404,
 * and no 5xx: a 400 from validation means the guard let the caller through.
 */
export async function walkRoutes(
  t: TestApp,
  world: IdentityWorld,
  routes: Route[],
  callers: WalkCaller[],
  expected: (route: Route, caller: string, target: Target) => Expectation,
): Promise<string[]> {
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
      for (const caller of callers) {
        let req = t.http()[route.method.toLowerCase() as 'get'](url);
        const token = await caller.token(Boolean(spec.consumesSession));
        if (token) req = req.set('Authorization', `Bearer ${token}`);
        req = req.query(spec.query ? spec.query(world) : { study: world.studyId });
        if (['POST', 'PUT', 'PATCH', 'DELETE'].includes(route.method))
          req = req.send(spec.body ? spec.body(world) : { studyId: world.studyId });
        const res = await req;
        const want = expected(route, caller.name, target);
        const denied = [401, 403].includes(res.status) || (route.policy!.scope === 'participant' && res.status === 404);
        const ok = want === 'pass' ? !denied && res.status < 500 : res.status === want;
        if (!ok)
          mismatches.push(`${route.key} [${target} site] as ${caller.name}: expected ${want}, got ${res.status} ${res.body?.code ?? ''}`);
      }
    }
  }
  return mismatches;
}
