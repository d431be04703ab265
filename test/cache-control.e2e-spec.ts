import { createTestApp, TestApp } from './support/test-app';
import { buildIdentityWorld, IdentityWorld } from './support/identity-fixtures';
import { PARAM_FIXTURES, routesOf } from './support/route-walk';

/**
 * Issue 16 item 9: `Cache-Control: no-store` on every API answer carrying trial data or tokens — no browser or
 * proxy may keep a copy. Every GET route of the OpenAPI document is called by callers who may read it (a data
 * manager, a statistician and an administrator, so that the answers are the data, not refusals), plus the
 * token-issuing answers.
 */
jest.setTimeout(300_000);

const NO_STORE = /(^|,\s*)no-store(\s*,|$)/;

describe('Cache-Control: no-store on every API answer (real PostgreSQL)', () => {
  let t: TestApp;
  let world: IdentityWorld;
  beforeAll(async () => {
    t = await createTestApp();
    world = await buildIdentityWorld(t);
  });
  afterAll(async () => t.close());

  it('every GET route of the OpenAPI document answers with no-store, for every caller', async () => {
    const doc = (await t.http().get('/api/docs-json').expect(200)).body as { paths: Record<string, Record<string, unknown>> };
    const documented = new Set(
      Object.entries(doc.paths)
        .filter(([, ops]) => 'get' in ops)
        .map(([path]) => `GET ${path.replace(/\{(\w+)\}/g, ':$1')}`),
    );
    const routes = routesOf(t).filter((r) => documented.has(r.key));
    // Every documented GET route is a route of the running app (the walk covers the document, not a subset).
    expect(routes.length).toBe(documented.size);
    expect(routes.length).toBeGreaterThan(30);
    const ids = new Map<string, string>();
    const missing: string[] = [];
    const served = new Set<string>();
    for (const route of routes) {
      let url = route.path;
      for (const param of route.params) {
        if (!ids.has(param)) ids.set(param, (await PARAM_FIXTURES[param](t, world)).own);
        url = url.replace(`:${param}`, ids.get(param)!);
      }
      // A reader of the data: the administrator for platform routes, else a study-wide data manager and a statistician.
      const callers = route.policy?.scope === 'admin' ? (['admin'] as const) : (['dataManager', 'statistician'] as const);
      for (const caller of callers) {
        const get = (query: Record<string, string>) =>
          t.http().get(url).query(query).set('Authorization', `Bearer ${world.users[caller].token}`);
        let res = await get({});
        if (res.status === 400) res = await get({ study: world.studyId }); // routes that name the study in the query
        if (res.status < 300) served.add(route.key);
        if (!NO_STORE.test(res.headers['cache-control'] ?? ''))
          missing.push(`${route.key} as ${caller}: ${res.status} "${res.headers['cache-control']}"`);
      }
    }
    expect(missing).toEqual([]);
    console.log(
      routes
        .filter((r) => !served.has(r.key))
        .map((r) => r.key)
        .join('\n'),
    );
    // Most routes answered with their data (2xx), so the header was checked on real trial data.
    expect(served.size).toBeGreaterThan(routes.length * 0.8);
    // Public GET routes (health, OpenAPI, OIDC) too.
    for (const r of routesOf(t).filter((r) => r.isPublic && r.method === 'GET' && !r.params.length)) {
      const res = await t.http().get(r.path);
      expect({ route: r.key, cacheControl: res.headers['cache-control'] }).toEqual({
        route: r.key,
        cacheControl: expect.stringMatching(NO_STORE),
      });
    }
  });

  it('the answers that carry tokens (login, refresh) are no-store', async () => {
    const first = await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: world.users.monitor.email, password: 'correct horse battery staple' });
    expect(first.status).toBe(200);
    expect(first.headers['cache-control']).toMatch(NO_STORE);
    const refreshed = await t.http().post('/api/v1/auth/refresh').send({ refreshToken: first.body.refreshToken });
    expect(refreshed.status).toBe(200);
    expect(refreshed.headers['cache-control']).toMatch(NO_STORE);
  });
});
