import { DEMO_ACCOUNTS, DEMO_SITES, DemoSeeder } from '@eid/demo';
import { createTestApp, TestApp } from './support/test-app';

// Seeding goes through the services (validated, audited): minutes on a busy machine.
jest.setTimeout(900_000);

describe('demo trial seeded through the API services (issue #7)', () => {
  let t: TestApp;
  let first: Awaited<ReturnType<DemoSeeder['seed']>>;

  beforeAll(async () => {
    t = await createTestApp();
    first = await t.app.get(DemoSeeder).seed('demo-password');
  });

  afterAll(async () => {
    await t?.close();
  });

  it('creates the study bound to PDNMS v1 with the sites AMS, RTM and NMG', async () => {
    expect(first.created).toBe(true);
    const [study] = await t.dataSource.query(`SELECT protocol_id, protocol_version, status FROM study WHERE id = $1`, [first.studyId]);
    expect(study).toEqual({ protocol_id: 'pdnms', protocol_version: '1', status: 'active' });
    const sites = await t.dataSource.query(
      `SELECT s.code FROM study_site ss JOIN site s ON s.id = ss.site_id WHERE ss.study_id = $1 ORDER BY s.code`,
      [first.studyId],
    );
    expect(sites.map((s: { code: string }) => s.code)).toEqual(DEMO_SITES.map((s) => s.code).sort());
  });

  it('lets every demo account log in with the demo password and see its share', async () => {
    for (const account of DEMO_ACCOUNTS) {
      const login = await t.http().post('/api/v1/auth/login').send({ email: account.email, password: 'demo-password' }).expect(200);
      if (account.isAdmin) continue;
      const list = await t
        .http()
        .get('/api/v1/participants?limit=200')
        .set('Authorization', `Bearer ${login.body.accessToken}`)
        .expect(200);
      // Site roles see their own site only; study roles (statisticians pseudonymised) see all three.
      const sites = new Set(list.body.items.map((p: { siteId: string }) => p.siteId));
      expect(list.body.items.length).toBeGreaterThan(0);
      expect(sites.size).toBe(account.siteCode ? 1 : 3);
    }
  });

  it('entered every clinical record with its audit row, by the site investigator', async () => {
    const [{ troughs }] = await t.dataSource.query(`SELECT count(*)::int AS troughs FROM trough_sample`);
    const [{ audited }] = await t.dataSource.query(
      `SELECT count(*)::int AS audited FROM audit_event WHERE entity_type = 'trough_sample' AND action = 'create' AND actor_role = 'investigator'`,
    );
    expect(troughs).toBeGreaterThan(100);
    expect(audited).toBe(troughs);
    const [{ decisions }] = await t.dataSource.query(`SELECT count(*)::int AS decisions FROM dosing_decision`);
    expect(decisions).toBeGreaterThan(5);
  });

  it('is idempotent: a second run adds nothing', async () => {
    const [{ before }] = await t.dataSource.query(`SELECT count(*)::int AS before FROM audit_event`);
    const again = await t.app.get(DemoSeeder).seed('demo-password');
    expect(again.created).toBe(false);
    const [{ after }] = await t.dataSource.query(`SELECT count(*)::int AS after FROM audit_event`);
    expect(after).toBe(before);
  });
});
