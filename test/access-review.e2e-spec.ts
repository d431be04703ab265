import { createTestApp, TestApp } from './support/test-app';
import { buildIdentityWorld, createUser, IdentityWorld } from './support/identity-fixtures';

jest.setTimeout(120_000);

/** ISO date `days` away from `date` (UTC calendar arithmetic). */
const shift = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

describe('Access review from the audit trail (real PostgreSQL)', () => {
  let t: TestApp;
  let w: IdentityWorld;
  let today: string;
  let keptId: string;
  let revokedId: string;
  beforeAll(async () => {
    t = await createTestApp();
    w = await buildIdentityWorld(t);
    const admin = { Authorization: `Bearer ${w.users.admin.token}` };
    keptId = await createUser(t, 'kept.investigator@example.org', { displayName: 'Kept Investigator' });
    revokedId = await createUser(t, 'revoked.monitor@example.org', { displayName: 'Revoked Monitor' });
    await t
      .http()
      .post(`/api/v1/admin/users/${keptId}/memberships`)
      .set(admin)
      .send({ studyId: w.studyId, role: 'investigator', siteId: w.ownSiteId, reason: 'Delegation log 7' })
      .expect(201);
    const m = await t
      .http()
      .post(`/api/v1/admin/users/${revokedId}/memberships`)
      .set(admin)
      .send({ studyId: w.studyId, role: 'monitor', reason: 'Monitoring plan' })
      .expect(201);
    await t
      .http()
      .post(`/api/v1/admin/users/${revokedId}/memberships/${m.body.id}/revoke`)
      .set(admin)
      .send({ reason: 'Left the CRO' })
      .expect(204);
    today = (await t.dataSource.query(`SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS d`))[0].d;
  });
  afterAll(async () => t.close());

  const review = (date: string, study = w.studyId) =>
    t.http().get('/api/v1/admin/access-review').query({ date, study }).set('Authorization', `Bearer ${w.users.admin.token}`);
  const holders = (body: { roles: Array<{ email: string; role: string }> }) => body.roles.map((r) => `${r.email}:${r.role}`);

  it('on the day of the grant and revocation: both held the role at some moment of that day, with who, when and why', async () => {
    const res = await review(today).expect(200);
    expect(res.body.from).toBe(`${today}T00:00:00.000Z`);
    expect(res.body.to).toBe(`${shift(today, 1)}T00:00:00.000Z`);
    // 6 study roles of the fixture world (2 investigators, coordinator, monitor, data manager, statistician) + the 2 granted here.
    expect(res.body.roles).toHaveLength(8);
    const kept = res.body.roles.find((r: { userId: string }) => r.userId === keptId);
    expect(kept).toMatchObject({
      role: 'investigator',
      siteId: w.ownSiteId,
      grantReason: 'Delegation log 7',
      revokedAt: null,
      accountDeactivatedAt: null,
    });
    // The fixture names a user after the local part of the e-mail: admin.<tag>@example.org → admin.<tag>.
    const adminName = w.users.admin.email.split('@')[0];
    expect(kept.grantedByName).toBe(adminName);
    const revoked = res.body.roles.find((r: { userId: string }) => r.userId === revokedId);
    expect(revoked).toMatchObject({
      role: 'monitor',
      siteId: null,
      siteCode: null,
      revokeReason: 'Left the CRO',
      revokedByName: adminName,
    });
    expect(revoked.revokedAt >= revoked.grantedAt).toBe(true);
    expect(res.body.unauditedMemberships).toBe(0);
  });

  it('the day before: nobody (every grant happened after that day ended — the boundary is exclusive)', async () => {
    const res = await review(shift(today, -1)).expect(200);
    expect(res.body.roles).toEqual([]);
    expect(res.body.admins.map((a: { email: string }) => a.email)).not.toContain(w.users.admin.email);
  });

  it('the day after: the kept role only; the revoked one ended before that day began', async () => {
    const res = await review(shift(today, 1)).expect(200);
    expect(holders(res.body)).toContain('kept.investigator@example.org:investigator');
    expect(holders(res.body)).not.toContain('revoked.monitor@example.org:monitor');
    expect(res.body.roles).toHaveLength(7);
    expect(res.body.admins.map((a: { email: string }) => a.email)).toContain(w.users.admin.email);
  });

  it('marks a deactivated account on its roles', async () => {
    await t
      .http()
      .post(`/api/v1/admin/users/${keptId}/deactivate`)
      .set('Authorization', `Bearer ${w.users.admin.token}`)
      .send({ reason: 'Left the hospital' })
      .expect(200);
    const res = await review(shift(today, 1)).expect(200);
    expect(res.body.roles.find((r: { userId: string }) => r.userId === keptId).accountDeactivatedAt).toEqual(expect.any(String));
  });

  it('counts a membership the audit trail does not know (a review that cannot vouch for it says so)', async () => {
    const stray = await createUser(t, 'stray@example.org');
    await t.dataSource.query(`INSERT INTO membership (user_id, study_id, role) VALUES ($1, $2, 'statistician')`, [stray, w.studyId]);
    expect((await review(today).expect(200)).body.unauditedMemberships).toBe(1);
  });

  it('refuses an impossible date with 400 naming the field, and non-admins with 403', async () => {
    const bad = await review('2026-02-30').expect(400);
    expect(bad.body.details).toEqual([expect.objectContaining({ field: 'date', code: 'INVALID_DATE' })]);
    await t
      .http()
      .get('/api/v1/admin/access-review')
      .query({ date: today })
      .set('Authorization', `Bearer ${w.users.monitor.token}`)
      .expect(403);
  });
});
