import { createTestApp, TestApp } from './support/test-app';
import { api, createTrialWorld, enrolledParticipant, TrialWorld } from './support/trial-fixtures';

/**
 * Issue 16 item 11: nothing a site user sees reveals other sites' activity. The audit trail's `seq` is one
 * platform-wide write order: between two of site A's events, the gap would count site B's writes. Site-limited
 * readers get no seq and an opaque (sealed) page cursor; study-wide readers keep seq.
 */
jest.setTimeout(120_000);

describe('No cross-site signals in the audit trail (real PostgreSQL)', () => {
  let t: TestApp;
  let w: TrialWorld;
  beforeAll(async () => {
    t = await createTestApp();
    w = await createTrialWorld(t);
    await enrolledParticipant(t, w, w.invA, w.siteA.id);
    await enrolledParticipant(t, w, w.invB, w.siteB.id); // site B's activity between...
    await enrolledParticipant(t, w, w.invA, w.siteA.id); // ...site A's
  });
  afterAll(async () => t.close());

  const list = (who: TrialWorld['invA'], query: Record<string, string | number> = {}) =>
    api(t, who).get(
      `/api/v1/audit?${new URLSearchParams({ study: w.studyId, ...Object.fromEntries(Object.entries(query).map(([k, v]) => [k, String(v)])) })}`,
    );

  it('an investigator at A sees only A rows, without seq, with an opaque cursor that pages through them all', async () => {
    const all: Array<{ id: string; seq: string | null; siteId: string }> = [];
    let cursor: string | null = null;
    do {
      const res = await list(w.invA, { limit: 2, ...(cursor ? { cursor } : {}) });
      expect(res.status).toBe(200);
      all.push(...res.body.items);
      cursor = res.body.nextCursor;
      if (cursor) expect(cursor).not.toMatch(/^\d+$/); // sealed, not the seq
    } while (cursor);
    expect(all.length).toBeGreaterThan(2);
    expect(new Set(all.map((e) => e.siteId))).toEqual(new Set([w.siteA.id]));
    expect(all.every((e) => e.seq === null)).toBe(true);
    expect(new Set(all.map((e) => e.id)).size).toBe(all.length); // no row twice across pages
    const [{ n }] = await t.dataSource.query('SELECT count(*)::int AS n FROM audit_event WHERE study_id = $1 AND site_id = $2', [
      w.studyId,
      w.siteA.id,
    ]);
    expect(all.length).toBe(n);
  });

  it('a monitor (study-wide) still sees seq', async () => {
    const res = await list(w.monitor, { limit: 5 });
    expect(res.status).toBe(200);
    expect(res.body.items.every((e: { seq: string | null }) => typeof e.seq === 'string')).toBe(true);
  });

  it('a forged or tampered cursor is a 400 naming the field', async () => {
    const first = await list(w.invA, { limit: 1 });
    const cursor: string = first.body.nextCursor;
    const tampered = cursor.slice(0, -2) + (cursor.endsWith('AA') ? 'BB' : 'AA');
    for (const bad of [tampered, '12345', 'A'.repeat(40)]) {
      const res = await list(w.invA, { cursor: bad });
      expect(res.status).toBe(400);
      expect(res.body.details[0]).toMatchObject({ field: 'cursor', code: 'INVALID_CURSOR' });
    }
  });
});
