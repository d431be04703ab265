import { randomUUID } from 'node:crypto';
import { createTestApp, TestApp } from './support/test-app';
import { api, createTrialWorld, enrolledParticipant, TrialWorld } from './support/trial-fixtures';

/**
 * Data queries (issue #5): raise on a field → answer → close / re-open, each transition audited in the same
 * transaction; a correction through the form (with its reason) answers the query; site scoping (404 on every
 * route for another site's investigator); only monitors / data managers raise and close; counts.
 */
jest.setTimeout(120_000);

describe('Data queries (real PostgreSQL)', () => {
  let t: TestApp;
  let w: TrialWorld;
  let p: { id: string; code: string };
  let trough: { id: string; version: number };

  const auditActions = async (queryId: string) =>
    (await t.dataSource.query(`SELECT action, reason, changes FROM audit_event WHERE entity_id = $1 ORDER BY seq`, [queryId])) as Array<{
      action: string;
      reason: string;
      changes: Record<string, { old: unknown; new: unknown }>;
    }>;
  const raise = (field = 'concentrationUgPerMl', user = w.monitor) =>
    api(t, user).post(`/api/v1/participants/${p.id}/queries`, {
      entityType: 'trough_sample',
      recordId: trough.id,
      field,
      text: 'Source shows 13.85 µg/mL; please check.',
    });

  beforeAll(async () => {
    t = await createTestApp();
    w = await createTrialWorld(t);
    p = await enrolledParticipant(t, w);
    const res = await api(t, w.invA).post(`/api/v1/participants/${p.id}/troughs`, {
      sampledOn: '2026-03-01',
      concentrationUgPerMl: 18.35,
      assay: 'ELISA',
    });
    expect(res.status).toBe(201);
    trough = res.body;
  });
  afterAll(() => t.close());

  it('lifecycle: raise → answer → re-open → answer → close, a thread of messages, each transition audited', async () => {
    const raised = await raise();
    expect(raised.status).toBe(201);
    expect(raised.body).toMatchObject({
      status: 'open',
      field: 'concentrationUgPerMl',
      recordId: trough.id,
      participantCode: p.code,
      version: 1,
      siteId: w.siteA.id,
    });
    const id = raised.body.id;

    const answered = await api(t, w.invA).post(`/api/v1/queries/${id}/messages`, {
      version: 1,
      text: 'Checked: the value is right, the source copy was an older draft.',
    });
    expect(answered.status).toBe(200);
    expect(answered.body.status).toBe('answered');

    const stale = await api(t, w.monitor).post(`/api/v1/queries/${id}/reopen`, { version: 1, text: 'Please attach the lab report.' });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('STALE_VERSION');
    expect(stale.body.details.current).toMatchObject({ id, status: 'answered' });

    expect((await api(t, w.monitor).post(`/api/v1/queries/${id}/reopen`, { version: answered.body.version })).status).toBe(400);
    const reopened = await api(t, w.monitor).post(`/api/v1/queries/${id}/reopen`, {
      version: answered.body.version,
      text: 'Please attach the lab report.',
    });
    expect(reopened.status).toBe(200);
    expect(reopened.body).toMatchObject({ status: 'open', reopenCount: 1 });

    const again = await api(t, w.invA).post(`/api/v1/queries/${id}/messages`, {
      version: reopened.body.version,
      text: 'Lab report filed in the ISF.',
    });
    expect(again.body.status).toBe('answered');
    const closed = await api(t, w.dataManager).post(`/api/v1/queries/${id}/close`, { version: again.body.version, text: 'Verified.' });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'closed', closedBy: w.dataManager.id });
    expect((await api(t, w.invA).post(`/api/v1/queries/${id}/messages`, { version: closed.body.version, text: 'late' })).body.code).toBe(
      'QUERY_CLOSED',
    );

    const read = await api(t, w.invA).get(`/api/v1/queries/${id}`);
    expect(read.status).toBe(200);
    expect(read.body.messages.map((m: { kind: string }) => m.kind)).toEqual(['raise', 'answer', 'reopen', 'answer', 'close']);
    const audits = await auditActions(id);
    expect(audits.map((a) => a.action)).toEqual(['query-raise', 'query-answer', 'query-reopen', 'query-answer', 'query-close']);
    expect(audits[0].changes.status).toEqual({ old: null, new: 'open' });
    expect(audits[2]).toMatchObject({ reason: 'Please attach the lab report.', changes: { status: { old: 'answered', new: 'open' } } });
  });

  it('the investigator answers by correcting the data through the form (reason required); the query is answered, audited', async () => {
    const q = (await raise()).body;
    const cur = (await api(t, w.invA).get(`/api/v1/participants/${p.id}/troughs/${trough.id}`)).body;
    expect(
      (
        await api(t, w.invA).patch(`/api/v1/participants/${p.id}/troughs/${trough.id}`, {
          concentrationUgPerMl: 13.85,
          version: cur.version,
        })
      ).status,
    ).toBe(400);
    expect((await api(t, w.invA).get(`/api/v1/queries/${q.id}`)).body.status).toBe('open');
    const fixed = await api(t, w.invA).patch(`/api/v1/participants/${p.id}/troughs/${trough.id}`, {
      concentrationUgPerMl: 13.85,
      version: cur.version,
      reason: 'Transcription error, corrected from lab report',
    });
    expect(fixed.status).toBe(200);
    const after = (await api(t, w.monitor).get(`/api/v1/queries/${q.id}`)).body;
    expect(after.status).toBe('answered');
    expect(after.messages[1]).toMatchObject({ kind: 'correction', authorId: w.invA.id });
    expect(after.messages[1].text).toContain('18.35 → 13.85');
    expect(after.messages[1].text).toContain('Transcription error');
    const audits = await auditActions(q.id);
    expect(audits.map((a) => a.action)).toEqual(['query-raise', 'query-answer']);
    // Same transaction as the record's own update row: one correlation id.
    const corr = await t.dataSource.query(
      `SELECT DISTINCT correlation_id FROM audit_event WHERE (entity_id = $1 AND action = 'query-answer') OR (entity_id = $2 AND action = 'update' AND reason LIKE 'Transcription%')`,
      [q.id, trough.id],
    );
    expect(corr).toHaveLength(1);
    // A change of another field leaves a query on this field alone.
    const other = (await raise('assay')).body;
    const cur2 = (await api(t, w.invA).get(`/api/v1/participants/${p.id}/troughs/${trough.id}`)).body;
    await api(t, w.invA).patch(`/api/v1/participants/${p.id}/troughs/${trough.id}`, {
      lab: 'Sanquin',
      version: cur2.version,
      reason: 'Lab name added',
    });
    expect((await api(t, w.invA).get(`/api/v1/queries/${other.id}`)).body.status).toBe('open');
  });

  it('bad input: unknown field, unknown entity type → 400 naming the field; unknown or other participant record → 404; nothing written', async () => {
    const before = (await t.dataSource.query(`SELECT count(*)::int AS n FROM data_query`))[0].n;
    const r1 = await api(t, w.monitor).post(`/api/v1/participants/${p.id}/queries`, {
      entityType: 'trough_sample',
      recordId: trough.id,
      field: 'intervalWeeks',
      text: 'x',
    });
    expect(r1.status).toBe(400);
    expect(r1.body.details).toEqual([expect.objectContaining({ field: 'field', code: 'UNKNOWN_FIELD' })]);
    const r2 = await api(t, w.monitor).post(`/api/v1/participants/${p.id}/queries`, {
      entityType: 'participant_secret',
      recordId: trough.id,
      field: 'x',
      text: 'x',
    });
    expect(r2.status).toBe(400);
    expect(r2.body.details).toEqual([expect.objectContaining({ field: 'entityType', code: 'UNKNOWN_ENTITY_TYPE' })]);
    expect(
      (
        await api(t, w.monitor).post(`/api/v1/participants/${p.id}/queries`, {
          entityType: 'infusion',
          recordId: trough.id,
          field: 'date',
          text: 'x',
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await api(t, w.monitor).post(`/api/v1/participants/${p.id}/queries`, {
          entityType: 'trough_sample',
          recordId: randomUUID(),
          field: 'assay',
          text: 'x',
        })
      ).status,
    ).toBe(404);
    const p2 = await enrolledParticipant(t, w);
    expect(
      (
        await api(t, w.monitor).post(`/api/v1/participants/${p2.id}/queries`, {
          entityType: 'trough_sample',
          recordId: trough.id,
          field: 'assay',
          text: 'x',
        })
      ).status,
    ).toBe(404);
    expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM data_query`))[0].n).toBe(before);
  });

  it('statistician and investigators cannot raise (403); investigators cannot close or re-open (403); monitors cannot answer (403)', async () => {
    expect((await raise('assay', w.statistician)).status).toBe(403);
    expect((await raise('assay', w.invA)).status).toBe(403);
    const q = (await raise('sampledOn')).body;
    expect((await api(t, w.invA).post(`/api/v1/queries/${q.id}/close`, { version: 1 })).status).toBe(403);
    expect((await api(t, w.invA).post(`/api/v1/queries/${q.id}/reopen`, { version: 1, text: 'x' })).status).toBe(403);
    expect((await api(t, w.monitor).post(`/api/v1/queries/${q.id}/messages`, { version: 1, text: 'x' })).status).toBe(403);
    expect((await api(t, w.statistician).get(`/api/v1/queries/${q.id}`)).status).toBe(200);
  });

  it("another site's investigator gets 404 on every route, and never sees the query in lists", async () => {
    const q = (await raise('lab')).body;
    const b = api(t, w.invB);
    expect(
      (await b.post(`/api/v1/participants/${p.id}/queries`, { entityType: 'trough_sample', recordId: trough.id, field: 'lab', text: 'x' }))
        .status,
    ).toBe(404);
    expect((await b.get(`/api/v1/participants/${p.id}/queries`)).status).toBe(404);
    expect((await b.get(`/api/v1/queries/${q.id}`)).status).toBe(404);
    expect((await b.post(`/api/v1/queries/${q.id}/messages`, { version: 1, text: 'x' })).status).toBe(404);
    expect((await b.post(`/api/v1/queries/${q.id}/close`, { version: 1 })).status).toBe(404);
    expect((await b.post(`/api/v1/queries/${q.id}/reopen`, { version: 1, text: 'x' })).status).toBe(404);
    expect((await b.get(`/api/v1/queries/${randomUUID()}`)).status).toBe(404);
    const inbox = await b.get(`/api/v1/queries?study=${w.studyId}`);
    expect(inbox.status).toBe(200);
    expect(inbox.body.items).toEqual([]);
    const summary = await b.get(`/api/v1/studies/${w.studyId}/queries/summary`);
    expect(summary.body.study).toEqual({ open: 0, answered: 0, closed: 0 });
    expect(summary.body.participants.items).toEqual([]);
  });

  it('inbox: filters by status, site and age, oldest first, cursor pagination', async () => {
    const all: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { status: number; body: { items: Array<{ id: string; status: string; createdAt: string }>; nextCursor: string | null } } =
        await api(t, w.monitor).get(`/api/v1/queries?study=${w.studyId}&status=open&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      res.body.items.forEach((i) => expect(i.status).toBe('open'));
      all.push(...res.body.items.map((i) => i.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM data_query WHERE study_id = $1 AND status = 'open'`, [
      w.studyId,
    ]);
    expect(all).toHaveLength(n);
    expect(new Set(all).size).toBe(n);
    expect((await api(t, w.invA).get(`/api/v1/queries?site=${w.siteB.id}`)).body.items).toEqual([]);
    expect((await api(t, w.monitor).get(`/api/v1/queries?olderThanDays=1`)).body.items).toEqual([]);
    expect((await api(t, w.monitor).get(`/api/v1/queries?cursor=garbage`)).status).toBe(400);
  });

  it('counts per participant, site and study', async () => {
    const [{ open, answered, closed }] = await t.dataSource.query(
      `SELECT count(*) FILTER (WHERE status='open')::int AS open, count(*) FILTER (WHERE status='answered')::int AS answered, count(*) FILTER (WHERE status='closed')::int AS closed FROM data_query WHERE study_id = $1`,
      [w.studyId],
    );
    const res = await api(t, w.monitor).get(`/api/v1/studies/${w.studyId}/queries/summary`);
    expect(res.status).toBe(200);
    expect(res.body.study).toEqual({ open, answered, closed });
    expect(res.body.sites).toEqual([expect.objectContaining({ siteId: w.siteA.id, siteCode: w.siteA.code, open, answered, closed })]);
    expect(res.body.participants.items).toEqual([expect.objectContaining({ id: p.id, code: p.code, open, answered })]);
    expect((await api(t, w.invA).get(`/api/v1/studies/${w.studyId}/queries/summary`)).body.study.open).toBe(open);
    const list = await api(t, w.invA).get(`/api/v1/participants/${p.id}/queries?status=open`);
    expect(list.body.items).toHaveLength(open);
  });
});
