import { can, StudyRole } from '@eid/core';
import { UsersAdminService } from '@eid/identity';
import { RequestContext } from '@eid/core';
import { createTestApp, TestApp } from './support/test-app';
import { buildIdentityWorld, createUser, IdentityWorld, login } from './support/identity-fixtures';
import { Expectation, Route, routesOf, Target, walkRoutes, WalkCaller } from './support/route-walk';
import { trialMatrixIds } from './support/trial-fixtures';

/**
 * Issue 16 item 1: a permission applies only within the scope (study, site) of the membership that grants it —
 * never one grant's role with another grant's scope. Every route is walked as people holding PAIRS of
 * memberships; the expectation is an independent model: a record at site T is visible when some membership
 * covers T (404 otherwise), and an action is allowed when ONE membership both covers T and allows it (403
 * otherwise). "own" = site A, "other" = site B.
 */
type Place = 'own' | 'other' | 'all';
interface Grant {
  role: StudyRole;
  place: Place;
}
const PAIRS: Record<string, [Grant, Grant]> = {
  'investigator@A+monitor': [
    { role: 'investigator', place: 'own' },
    { role: 'monitor', place: 'all' },
  ],
  'investigator@A+data-manager': [
    { role: 'investigator', place: 'own' },
    { role: 'data-manager', place: 'all' },
  ],
  'investigator@A+statistician': [
    { role: 'investigator', place: 'own' },
    { role: 'statistician', place: 'all' },
  ],
  'investigator@A+investigator@B': [
    { role: 'investigator', place: 'own' },
    { role: 'investigator', place: 'other' },
  ],
  'site-coordinator@A+monitor': [
    { role: 'site-coordinator', place: 'own' },
    { role: 'monitor', place: 'all' },
  ],
  'site-coordinator@A+investigator@B': [
    { role: 'site-coordinator', place: 'own' },
    { role: 'investigator', place: 'other' },
  ],
  'site-coordinator@A+data-manager': [
    { role: 'site-coordinator', place: 'own' },
    { role: 'data-manager', place: 'all' },
  ],
  'site-coordinator@A+statistician': [
    { role: 'site-coordinator', place: 'own' },
    { role: 'statistician', place: 'all' },
  ],
  'investigator@A+site-coordinator@A': [
    { role: 'investigator', place: 'own' },
    { role: 'site-coordinator', place: 'own' },
  ],
  'monitor+statistician': [
    { role: 'monitor', place: 'all' },
    { role: 'statistician', place: 'all' },
  ],
  'data-manager+statistician': [
    { role: 'data-manager', place: 'all' },
    { role: 'statistician', place: 'all' },
  ],
  'monitor+data-manager': [
    { role: 'monitor', place: 'all' },
    { role: 'data-manager', place: 'all' },
  ],
};

const covers = (g: Grant, target: Target) => g.place === 'all' || g.place === target;

function expected(route: Route, grants: Grant[], target: Target): Expectation {
  const policy = route.policy!;
  switch (policy.scope) {
    case 'authenticated':
      return 'pass';
    case 'admin':
      return 403;
    case 'study':
      return grants.some((g) => can(g.role, policy.action!)) ? 'pass' : 403;
    case 'participant':
      if (!grants.some((g) => covers(g, target))) return 404;
      return grants.some((g) => covers(g, target) && can(g.role, policy.action!)) ? 'pass' : 403;
  }
}

jest.setTimeout(600_000);

describe('Permissions per membership: every route × pairs of memberships (real PostgreSQL)', () => {
  let t: TestApp;
  let world: IdentityWorld;
  const people: Record<string, { email: string; token: string }> = {};
  beforeAll(async () => {
    t = await createTestApp();
    world = await buildIdentityWorld(t);
    const users = t.app.get(UsersAdminService);
    const ctx = RequestContext.system('pairs-fixture');
    for (const [name, grants] of Object.entries(PAIRS)) {
      const email = `pair.${name.replace(/[^a-z]+/gi, '-').toLowerCase()}.${world.studyCode.toLowerCase()}@example.org`;
      const id = await createUser(t, email);
      for (const g of grants) {
        const siteId = g.place === 'all' ? undefined : g.place === 'own' ? world.ownSiteId : world.otherSiteId;
        await users.grantMembership(ctx, id, { studyId: world.studyId, role: g.role, siteId });
      }
      people[name] = { email, token: (await login(t, email)).accessToken };
    }
  });
  afterAll(async () => t.close());

  it('answers every route as the per-membership model says', async () => {
    const callers: WalkCaller[] = Object.keys(PAIRS).map((name) => ({
      name,
      token: async (fresh) => (fresh ? (await login(t, people[name].email)).accessToken : people[name].token),
    }));
    const mismatches = await walkRoutes(t, world, routesOf(t), callers, (route, caller, target) => expected(route, PAIRS[caller], target));
    expect(mismatches).toEqual([]);
  });

  const auth = (name: string) => ({ Authorization: `Bearer ${people[name].token}` });

  it.each(['investigator@A+monitor', 'investigator@A+data-manager', 'investigator@A+statistician'])(
    '%s: a valid trough at site B is refused (403) and nothing is written; the same at site A is accepted',
    async (name) => {
      const { participantId } = await trialMatrixIds(t, world);
      const body = { sampledOn: '2026-03-01', concentrationUgPerMl: 12.5 };
      const count = async (p: string) =>
        Number((await t.dataSource.query('SELECT count(*) AS n FROM trough_sample WHERE participant_id = $1', [p]))[0].n);
      const before = await count(participantId.other);
      const atB = await t.http().post(`/api/v1/participants/${participantId.other}/troughs`).set(auth(name)).send(body);
      expect(atB.status).toBe(403);
      expect(await count(participantId.other)).toBe(before);
      const atA = await t.http().post(`/api/v1/participants/${participantId.own}/troughs`).set(auth(name)).send(body);
      expect(atA.status).toBe(201);
    },
  );

  it('investigator@A+statistician cannot obtain an identified export (403, not downgraded) and reads site B pseudonymised', async () => {
    const name = 'investigator@A+statistician';
    const identified = await t
      .http()
      .post(`/api/v1/studies/${world.studyId}/exports`)
      .set(auth(name))
      .send({ format: 'csv', shape: 'long', pseudonymisation: 'none' });
    expect(identified.status).toBe(403);
    expect(identified.body.code).toBe('PSEUDONYMISATION_REQUIRED');
    const { participantId } = await trialMatrixIds(t, world);
    const atA = await t.http().get(`/api/v1/participants/${participantId.own}`).set(auth(name));
    const atB = await t.http().get(`/api/v1/participants/${participantId.other}`).set(auth(name));
    expect(atA.status).toBe(200);
    expect(atB.status).toBe(200);
    expect(atA.body.screeningNumber).toEqual(expect.any(String)); // as investigator at A: identified
    expect(atB.body.screeningNumber).toBeNull(); // as statistician at B: pseudonymised
  });

  it.each([
    ['monitor+statistician', 403],
    ['data-manager+statistician', 202],
  ])('%s: an identified export is %i (the export grant decides the level, not the reading one)', async (name, status) => {
    const res = await t
      .http()
      .post(`/api/v1/studies/${world.studyId}/exports`)
      .set(auth(name))
      .send({ format: 'csv', shape: 'long', pseudonymisation: 'none' });
    expect(res.status).toBe(status);
  });

  it('investigator@A+statistician sees the audit trail of site A only (statisticians hold no view-audit)', async () => {
    const { participantId } = await trialMatrixIds(t, world);
    const name = 'investigator@A+statistician';
    await t
      .http()
      .post(`/api/v1/participants/${participantId.own}/troughs`)
      .set(auth(name))
      .send({ sampledOn: '2026-03-02', concentrationUgPerMl: 11 });
    const res = await t.http().get('/api/v1/audit').query({ study: world.studyId, limit: 200 }).set(auth(name));
    expect(res.status).toBe(200);
    const sites = new Set((res.body.items as Array<{ siteId: string | null }>).map((e) => e.siteId));
    expect(res.body.items.length).toBeGreaterThan(0);
    expect([...sites]).toEqual([world.ownSiteId]);
  });
});
