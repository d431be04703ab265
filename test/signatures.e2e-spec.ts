import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { createTestApp, TestApp } from './support/test-app';
import { PASSWORD, signer } from './support/signer';
import { api, createTrialWorld, enrolledParticipant, TrialUser, TrialWorld } from './support/trial-fixtures';

jest.setTimeout(120_000);

/**
 * Electronic signatures (21 CFR Part 11 §11.50, §11.70, §11.200; issues #3 and #5): sign by re-entering the
 * password, printed name / DB time / meaning / hash; a later change of the signed data breaks the signature,
 * audited in the same transaction as the change.
 */
describe('Electronic signatures (real PostgreSQL)', () => {
  let t: TestApp;
  let w: TrialWorld;
  let inv: TrialUser;
  let p: { id: string };
  let visit: { id: string; windowFrom: string; windowTo: string };
  let edss: { id: string; version: number };
  let trough: { id: string; version: number };
  const url = () => `/api/v1/participants/${p.id}/signatures`;
  const signatures = async () => (await api(t, inv).get(url())).body.items as Array<Record<string, any>>;

  beforeAll(async () => {
    t = await createTestApp();
    w = await createTrialWorld(t);
    inv = await signer(t, w);
    p = await enrolledParticipant(t, w);
    visit = (await api(t, inv).get(`/api/v1/participants/${p.id}/schedule`)).body.visits[0];
    // In the window of visit 1 (2026-03-29 … 2026-04-26 for consent on 2026-01-12), and one outside it.
    edss = (await api(t, inv).post(`/api/v1/participants/${p.id}/edss`, { date: '2026-04-14', score: 2.5 })).body;
    trough = (await api(t, inv).post(`/api/v1/participants/${p.id}/troughs`, { sampledOn: '2026-03-01', concentrationUgPerMl: 18.35 }))
      .body;
    expect(visit.windowFrom <= '2026-04-14' && visit.windowTo >= '2026-04-14' && visit.windowFrom > '2026-03-01').toBe(true);
  });
  afterAll(() => t.close());

  it('wrong password → 401, audited as a failed authentication, nothing signed', async () => {
    const res = await api(t, inv).post(url(), { scope: 'visit', plannedVisitId: visit.id, password: 'not my password at all' });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('SIGNATURE_PASSWORD_INVALID');
    const audit = await t.dataSource.query(
      `SELECT action, entity_type, actor_user_id, reason FROM audit_event WHERE participant_id = $1 AND action = 'login-failed'`,
      [p.id],
    );
    expect(audit).toEqual([expect.objectContaining({ entity_type: 'e_signature', actor_user_id: inv.id })]);
    expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM e_signature WHERE participant_id = $1`, [p.id]))[0].n).toBe(0);
    expect((await api(t, inv).get(`/api/v1/participants/${p.id}`)).body.lastSignedAt).toBeNull();
  });

  it('signing needs the sign permission (monitor, data manager, statistician → 403), another site → 404, a visit for scope visit (400)', async () => {
    for (const u of [w.monitor, w.dataManager, w.statistician])
      expect((await api(t, u).post(url(), { scope: 'casebook', password: PASSWORD })).status).toBe(403);
    expect((await api(t, w.invB).post(url(), { scope: 'casebook', password: PASSWORD })).status).toBe(404);
    expect((await api(t, w.invB).get(url())).status).toBe(404);
    const noVisit = await api(t, inv).post(url(), { scope: 'visit', password: PASSWORD });
    expect(noVisit.status).toBe(400);
    expect(noVisit.body.details).toEqual([expect.objectContaining({ field: 'plannedVisitId' })]);
    expect((await api(t, inv).post(url(), { scope: 'visit', plannedVisitId: randomUUID(), password: PASSWORD })).status).toBe(404);
  });

  it('signs a visit: printed name, DB time, meaning, SHA-256 of the signed data; audited; re-verified valid on read', async () => {
    const res = await api(t, inv).post(url(), { scope: 'visit', plannedVisitId: visit.id, password: PASSWORD });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      scope: 'visit',
      plannedVisitId: visit.id,
      printedName: 'Dr. Anna de Vries',
      meaning: 'I approve the data of this visit',
      signerId: inv.id,
      recordCount: 1,
      state: 'valid',
      currentHashMatches: true,
    });
    expect(res.body.dataHash).toMatch(/^[0-9a-f]{64}$/);
    const audit = await t.dataSource.query(`SELECT action, changes FROM audit_event WHERE entity_id = $1`, [res.body.id]);
    expect(audit).toEqual([expect.objectContaining({ action: 'sign' })]);
    expect(audit[0].changes.dataHash.new).toBe(res.body.dataHash);
    // The mark eCRF writers read to know whether a change can break a signature.
    const marked = (await api(t, inv).get(`/api/v1/participants/${p.id}`)).body.lastSignedAt;
    expect(Date.parse(marked)).toBeGreaterThanOrEqual(Date.parse(res.body.signedAt) - 1000);
    const casebook = await api(t, inv).post(url(), { scope: 'casebook', password: PASSWORD });
    expect(casebook.body).toMatchObject({ meaning: 'I approve the data of this casebook', recordCount: 2, state: 'valid' });
    expect((await signatures()).map((s) => s.state)).toEqual(['valid', 'valid']);
  });

  it('SDV and a change outside the visit window leave the visit signature valid; the casebook signature breaks', async () => {
    const v = await api(t, w.monitor).post(`/api/v1/participants/${p.id}/troughs/${trough.id}/verification`, { version: trough.version });
    expect(v.status).toBe(200);
    expect((await signatures()).map((s) => s.state)).toEqual(['valid', 'valid']);
    const changed = await api(t, inv).patch(`/api/v1/participants/${p.id}/troughs/${trough.id}`, {
      concentrationUgPerMl: 17.1,
      version: v.body.version,
      reason: 'Lab re-issued the report',
    });
    expect(changed.status).toBe(200);
    const [casebook, visitSig] = await signatures();
    expect(casebook).toMatchObject({
      scope: 'casebook',
      state: 'broken',
      brokenBy: inv.id,
      brokenByChange: `update trough_sample ${trough.id}`,
    });
    expect(casebook.message).toMatch(/^signature broken by change at \d{4}-\d\d-\d\dT/);
    expect(visitSig).toMatchObject({ scope: 'visit', state: 'valid', currentHashMatches: true });
  });

  it('changing a signed record breaks the signature, audited with the same correlation id as the change', async () => {
    const [, visitSig] = await signatures();
    const changed = await api(t, inv).patch(`/api/v1/participants/${p.id}/edss/${edss.id}`, {
      score: 3,
      version: edss.version,
      reason: 'Re-scored from source',
    });
    expect(changed.status).toBe(200);
    const after = (await signatures()).find((s) => s.id === visitSig.id)!;
    expect(after).toMatchObject({ state: 'broken', brokenByChange: `update edss_assessment ${edss.id}`, currentHashMatches: false });
    const rows = await t.dataSource.query(
      `SELECT action, correlation_id, changes, reason FROM audit_event WHERE entity_id IN ($1, $2) AND action IN ('signature-broken', 'update') ORDER BY seq`,
      [visitSig.id, edss.id],
    );
    expect(rows.map((r: { action: string }) => r.action)).toEqual(['signature-broken', 'update']);
    expect(rows[0].correlation_id).toBe(rows[1].correlation_id);
    expect(after.brokenCorrelationId).toBe(rows[1].correlation_id);
    expect(rows[0].changes.status).toEqual({ old: 'valid', new: 'broken' });
    // Broken stays broken: changing the value back does not revive a signature (sign again instead).
    await api(t, inv).patch(`/api/v1/participants/${p.id}/edss/${edss.id}`, {
      score: 2.5,
      version: changed.body.version,
      reason: 'Back to the original score',
    });
    expect((await signatures()).find((s) => s.id === visitSig.id)!.state).toBe('broken');
  });

  it('a new record dated in a signed window breaks the visit signature; a failed write breaks nothing', async () => {
    const sig = (await api(t, inv).post(url(), { scope: 'visit', plannedVisitId: visit.id, password: PASSWORD })).body;
    const bad = await api(t, inv).post(`/api/v1/participants/${p.id}/edss`, { date: '2026-04-15', score: 11 });
    expect(bad.status).toBe(400);
    expect((await signatures()).find((s) => s.id === sig.id)!.state).toBe('valid');
    expect(
      (
        await api(t, inv).post(`/api/v1/participants/${p.id}/mri`, {
          date: '2026-04-15',
          newOrEnlargingT2Count: 0,
          gadoliniumEnhancingCount: 0,
        })
      ).status,
    ).toBe(201);
    expect((await signatures()).find((s) => s.id === sig.id)).toMatchObject({
      state: 'broken',
      brokenByChange: expect.stringMatching(/^create mri_scan /),
    });
  });

  it('signing waits for an eCRF write in flight on the participant (its row lock) and signs the data it committed', async () => {
    const fresh = await enrolledParticipant(t, w);
    const writer = new Client({ connectionString: t.databaseUrl });
    await writer.connect();
    try {
      // What an eCRF writer holds until COMMIT: a share lock on the participant row, its new record not yet visible.
      await writer.query('BEGIN');
      await writer.query('SELECT 1 FROM participant WHERE id = $1 FOR SHARE', [fresh.id]);
      await writer.query(
        `INSERT INTO edss_assessment (study_id, site_id, participant_id, date, score, version) SELECT study_id, site_id, id, '2026-04-15', 3.0, 1 FROM participant WHERE id = $1`,
        [fresh.id],
      );
      const signing = api(t, inv)
        .post(`/api/v1/participants/${fresh.id}/signatures`, { scope: 'casebook', password: PASSWORD })
        .then((r) => r);
      // Deterministic, not timed: wait until the signing transaction is seen blocked on that row lock.
      for (let i = 0; ; i++) {
        const [blocked] = await t.dataSource.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query ILIKE '%FROM participant p%FOR UPDATE OF p%'`,
        );
        if (blocked.n > 0) break;
        if (i > 600) throw new Error('the signing transaction never waited for the writer');
        await new Promise((r) => setTimeout(r, 50));
      }
      await writer.query('COMMIT');
      const signed = await signing;
      expect(signed.status).toBe(201);
      expect(signed.body).toMatchObject({ recordCount: 1, state: 'valid', currentHashMatches: true });
    } finally {
      await writer.end();
    }
  });

  it('a signature row inserted by any path marks its participant (database trigger), so later changes look for it', async () => {
    const fresh = await enrolledParticipant(t, w);
    await t.dataSource.query(
      `INSERT INTO e_signature (study_id, site_id, participant_id, scope, signer_id, printed_name, meaning, data_hash, record_count, status, version)
       SELECT study_id, site_id, id, 'casebook', $2, 'Dr. Anna de Vries', 'I approve the data of this casebook', repeat('0', 64), 0, 'valid', 1 FROM participant WHERE id = $1`,
      [fresh.id, inv.id],
    );
    const [{ last_signed_at }] = await t.dataSource.query('SELECT last_signed_at FROM participant WHERE id = $1', [fresh.id]);
    expect(last_signed_at).not.toBeNull();
    const edss = await api(t, inv).post(`/api/v1/participants/${fresh.id}/edss`, { date: '2026-04-15', score: 2 });
    expect(edss.status).toBe(201);
    const [{ status }] = await t.dataSource.query('SELECT status FROM e_signature WHERE participant_id = $1', [fresh.id]);
    expect(status).toBe('broken');
  });

  it('re-verification detects signed data altered outside the application', async () => {
    const sig = (await api(t, inv).post(url(), { scope: 'casebook', password: PASSWORD })).body;
    await t.dataSource.query(`UPDATE trough_sample SET concentration_ug_per_ml = 99 WHERE id = $1`, [trough.id]);
    const seen = (await signatures()).find((s) => s.id === sig.id)!;
    expect(seen).toMatchObject({ state: 'broken', currentHashMatches: false, brokenAt: null });
    expect(seen.message).toContain('no longer match');
  });
});
