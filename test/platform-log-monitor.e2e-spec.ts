import { createTestApp, TestApp } from './support/test-app';
import { api, createTrialWorld, TrialUser, TrialWorld } from './support/trial-fixtures';

jest.setTimeout(60_000);

/**
 * The platform log for monitors (issue 17 item 6; docs/security.md roles table): a study's monitor reads the sign-in
 * and account events of the study's people — members now, and members whose membership was revoked — and nothing
 * else of the platform chain: not other studies' people, not failed sign-ins for unknown e-mails (the typed text
 * could be a password), not client IP addresses. Investigators and statisticians are refused (403).
 */
describe('Platform log for monitors (issue 17 item 6)', () => {
  let t: TestApp;
  let w: TrialWorld;
  let other: TrialWorld;
  const SECRET = 'correct-horse-battery-9'; // lower case: the platform stores e-mails lower-cased
  const emailOf = async (u: TrialUser) =>
    ((await t.dataSource.query(`SELECT email FROM app_user WHERE id = $1`, [u.id])) as Array<{ email: string }>)[0].email;
  const failLogin = async (email: string) => {
    const res = await t.http().post('/api/v1/auth/login').send({ email, password: 'not-the-password-1' });
    expect(res.status).toBe(401);
  };
  const log = (user: TrialUser, studyId = w.studyId, query: Record<string, string> = {}) =>
    api(t, user).get(`/api/v1/audit/platform/study-people?${new URLSearchParams({ study: studyId, limit: '500', ...query })}`);
  type Row = { entityType: string; entityId: string; action: string; clientIp: string | null; seq: string | null };

  beforeAll(async () => {
    t = await createTestApp();
    w = await createTrialWorld(t);
    other = await createTrialWorld(t);
    await failLogin(await emailOf(w.invA)); // a member of the study
    await failLogin(await emailOf(w.invB)); // a member whose membership is revoked below
    await failLogin(await emailOf(other.invA)); // a member of another study only
    await failLogin(`${SECRET}@nowhere.example`); // an unknown e-mail: the typed text must not reach a monitor
    const [{ id: membershipId }] = await t.dataSource.query(`SELECT id FROM membership WHERE user_id = $1 AND study_id = $2`, [
      w.invB.id,
      w.studyId,
    ]);
    const revoke = await t
      .http()
      .post(`/api/v1/admin/users/${w.invB.id}/memberships/${membershipId}/revoke`)
      .set('Authorization', `Bearer ${w.admin.token}`)
      .send({ reason: 'left the site' });
    expect(revoke.status).toBe(204);
  });
  afterAll(() => t?.close());

  it("the study's monitor reads the failed sign-ins of current and former members, not of other people, without client IPs or seq", async () => {
    const res = await log(w.monitor, w.studyId, { action: 'login-failed' });
    expect(res.status).toBe(200);
    const rows = res.body.items as Row[];
    const who = rows.map((r) => r.entityId);
    expect(who).toContain(w.invA.id);
    expect(who).toContain(w.invB.id);
    expect(who).not.toContain(other.invA.id);
    expect(rows.every((r) => r.entityType === 'user' && r.clientIp === null && r.seq === null)).toBe(true);
    expect(JSON.stringify(res.body)).not.toContain(SECRET);
  });

  it('the admin reads the same events with the unknown e-mail on the whole platform chain', async () => {
    const res = await api(t, w.admin).get(`/api/v1/audit/platform?action=login-failed&limit=500`);
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.body)).toContain(SECRET);
  });

  it("another study's monitor sees none of this study's people; a monitor asking for a study not theirs is refused", async () => {
    const mine = ((await log(other.monitor, other.studyId, { action: 'login-failed' })).body.items as Row[]).map((r) => r.entityId);
    expect(mine).toContain(other.invA.id);
    expect(mine).not.toContain(w.invA.id);
    expect((await log(other.monitor, w.studyId)).status).toBe(403);
  });

  it.each([
    ['investigator', 403, (x: TrialWorld) => x.invA],
    ['statistician', 403, (x: TrialWorld) => x.statistician],
    ['data manager', 403, (x: TrialWorld) => x.dataManager],
    ['admin (who reads the whole chain on …/audit/platform)', 403, (x: TrialWorld) => x.admin],
  ])('%s → %s', async (_n, status, user) => {
    expect((await log(user(w))).status).toBe(status);
  });

  it('the study must be named (400 naming the field)', async () => {
    const res = await api(t, w.monitor).get('/api/v1/audit/platform/study-people');
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual([expect.objectContaining({ field: 'study' })]);
  });
});
