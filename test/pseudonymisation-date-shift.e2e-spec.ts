import { createHmac } from 'node:crypto';
import JSZip from 'jszip';
import { asBuffer } from './support/binary-download';
import { createTestApp, TestApp } from './support/test-app';
import { api, createTrialWorld, enrolledParticipant, TrialUser, TrialWorld } from './support/trial-fixtures';

/**
 * Issue 16 item 2, the study-level date-shift policy (docs/security.md "Pseudonymisation"): with
 * `pseudonymisationDateShift` on, every date a statistician reads through the API is shifted by the participant's
 * offset — the same offset as in the date-shifted export — and no unshifted pseudonymised export or "as of today"
 * view is given to them (403). Off: the statistician reads real dates.
 */
jest.setTimeout(180_000);

const DAY_MS = 86_400_000;

/** The expected offset, computed here from the stored key as docs/security.md states it (not by the code under test). */
async function expectedShift(t: TestApp, studyId: string, participantId: string): Promise<number> {
  const [{ secret }] = await t.dataSource.query('SELECT secret FROM export_secret WHERE study_id = $1', [studyId]);
  const n = createHmac('sha256', secret as Buffer)
    .update(participantId)
    .digest()
    .readUInt32BE(0);
  const s = (n % 364) - 182; // −182 … 181
  return s >= 0 ? s + 1 : s; // never 0: −182 … −1, 1 … 182
}

const plusDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
const daysBetween = (a: string, b: string) => (Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS;

async function waitFor(t: TestApp, w: TrialWorld, user: TrialUser, id: string) {
  for (let i = 0; i < 600; i++) {
    const r = await api(t, user).get(`/api/v1/studies/${w.studyId}/exports/${id}`);
    if (['completed', 'failed', 'expired'].includes(r.body.status)) return r.body;
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error('export did not finish');
}

/** One CSV table of a finished pseudonymised CSV export (simple values here: no quoted commas). */
async function exportedTable(
  t: TestApp,
  w: TrialWorld,
  user: TrialUser,
  level: string,
  table: string,
): Promise<Array<Record<string, string>>> {
  const r = await api(t, user).post(`/api/v1/studies/${w.studyId}/exports`, { format: 'csv', shape: 'long', pseudonymisation: level });
  expect(r.status).toBe(202);
  expect((await waitFor(t, w, user, r.body.id)).status).toBe('completed');
  const file = await asBuffer(api(t, user).get(`/api/v1/studies/${w.studyId}/exports/${r.body.id}/file`));
  const zip = await JSZip.loadAsync(file.body as Buffer);
  const name = Object.keys(zip.files).find((n) => n.endsWith(`/${table}.csv`) || n === `${table}.csv`)!;
  const [header, ...lines] = (await zip.file(name)!.async('string'))
    .replace(/^\uFEFF/, '')
    .split('\r\n')
    .filter(Boolean);
  const cols = header.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i], v])));
}

describe('Study date-shift policy: statistician API reads and exports shifted alike (real PostgreSQL)', () => {
  let t: TestApp;
  let w: TrialWorld;
  let pA: { id: string; code: string };
  let studyVersion: number;

  const setPolicy = async (on: boolean) => {
    const r = await api(t, w.admin).patch(`/api/v1/admin/studies/${w.studyId}`, {
      pseudonymisationDateShift: on,
      version: studyVersion,
      reason: 'Statistical analysis plan: dates shifted per participant',
    });
    expect(r.status).toBe(200);
    expect(r.body.pseudonymisationDateShift).toBe(on);
    studyVersion = r.body.version;
  };

  beforeAll(async () => {
    t = await createTestApp();
    w = await createTrialWorld(t);
    studyVersion = (await t.dataSource.query('SELECT version FROM study WHERE id = $1', [w.studyId]))[0].version;
    pA = await enrolledParticipant(t, w);
    for (const date of ['2026-02-02', '2026-03-02']) {
      expect((await api(t, w.invA).post(`/api/v1/participants/${pA.id}/infusions`, { date, doseMg: 300 })).status).toBe(201);
    }
  });
  afterAll(async () => t.close());

  it('off (the default): the statistician reads the real dates and may take an unshifted pseudonymised export', async () => {
    const list = await api(t, w.statistician).get(`/api/v1/participants/${pA.id}/infusions`);
    expect(list.status).toBe(200);
    expect(list.body.items.map((i: { date: string }) => i.date)).toEqual(['2026-02-02', '2026-03-02']);
    const p = await api(t, w.statistician).get(`/api/v1/participants/${pA.id}`);
    const asInv = await api(t, w.invA).get(`/api/v1/participants/${pA.id}`);
    expect(p.body.consentDate).toBe('2026-01-12');
    expect(p.body.enrolmentDate).toBe(asInv.body.enrolmentDate);
    expect((await api(t, w.statistician).get(`/api/v1/participants/${pA.id}/schedule`)).status).toBe(200);
    const rows = await exportedTable(t, w, w.statistician, 'pseudonymised', 'infusion');
    expect(rows.filter((r) => r.participant_code === pA.code).map((r) => r.date)).toEqual(['2026-02-02', '2026-03-02']);
  });

  it('only an administrator sets the policy; a bad value is 400 naming the field; the change is audited', async () => {
    const stat = await api(t, w.statistician).patch(`/api/v1/admin/studies/${w.studyId}`, {
      pseudonymisationDateShift: true,
      version: studyVersion,
      reason: 'x',
    });
    expect(stat.status).toBe(403);
    const bad = await api(t, w.admin).patch(`/api/v1/admin/studies/${w.studyId}`, {
      pseudonymisationDateShift: 'yes',
      version: studyVersion,
      reason: 'x',
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.details)).toContain('pseudonymisationDateShift');
    await setPolicy(true);
    const [audit] = await t.dataSource.query(
      `SELECT changes, reason FROM audit_event WHERE entity_type = 'study' AND entity_id = $1 AND changes ? 'pseudonymisationDateShift'`,
      [w.studyId],
    );
    expect(audit).toEqual({
      changes: { pseudonymisationDateShift: { old: false, new: true } },
      reason: 'Statistical analysis plan: dates shifted per participant',
    });
  });

  it('on: every date the statistician reads of a participant is shifted by one offset, never the real date; intervals stay exact', async () => {
    const d = await expectedShift(t, w.studyId, pA.id);
    expect(d).not.toBe(0);
    const list = await api(t, w.statistician).get(`/api/v1/participants/${pA.id}/infusions`);
    expect(list.body.items.map((i: { date: string }) => i.date)).toEqual([plusDays('2026-02-02', d), plusDays('2026-03-02', d)]);
    expect(list.body.items.map((i: { date: string }) => i.date)).not.toContain('2026-02-02');
    const one = await api(t, w.statistician).get(`/api/v1/participants/${pA.id}/infusions/${list.body.items[0].id}`);
    expect(one.body.date).toBe(plusDays('2026-02-02', d));
    const p = await api(t, w.statistician).get(`/api/v1/participants/${pA.id}`);
    const real = (await api(t, w.invA).get(`/api/v1/participants/${pA.id}`)).body;
    expect(real.consentDate).toBe('2026-01-12'); // identified readers are unaffected
    expect(p.body.consentDate).toBe(plusDays('2026-01-12', d));
    expect(p.body.screeningDate).toBe(plusDays(real.screeningDate, d));
    expect(Date.parse(p.body.createdAt) - Date.parse(real.createdAt)).toBe(d * DAY_MS);
    // The timeline: the same offset, and the interval between the two infusions (28 days) unchanged.
    const tl = await api(t, w.statistician).get(`/api/v1/participants/${pA.id}/timeline`);
    expect(tl.status).toBe(200);
    expect(tl.body.infusions.map((i: { date: string }) => i.date)).toEqual([plusDays('2026-02-02', d), plusDays('2026-03-02', d)]);
    expect(tl.body.infusions[1].intervalDays).toBe(28);
    expect(tl.body.participant.enrolmentDate).toBe(plusDays(real.enrolmentDate, d));
    expect(tl.body.schedule.asOf).toBeNull(); // the real today beside shifted dates would give the offset away
    const firstVisit = (await api(t, w.invA).get(`/api/v1/participants/${pA.id}/timeline`)).body.schedule.visits[0];
    expect(tl.body.schedule.visits[0].targetDate).toBe(plusDays(firstVisit.targetDate, d));
  });

  it('on: the date-shifted export uses the same offset as the API; the unshifted one is refused (403)', async () => {
    const d = await expectedShift(t, w.studyId, pA.id);
    const refused = await api(t, w.statistician).post(`/api/v1/studies/${w.studyId}/exports`, {
      format: 'csv',
      shape: 'long',
      pseudonymisation: 'pseudonymised',
    });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('DATE_SHIFT_REQUIRED');
    const rows = await exportedTable(t, w, w.statistician, 'pseudonymised-date-shifted', 'infusion');
    const exported = rows.filter((r) => r.participant_code === pA.code).map((r) => r.date);
    const read = (await api(t, w.statistician).get(`/api/v1/participants/${pA.id}/infusions`)).body.items.map(
      (i: { date: string }) => i.date,
    );
    expect(exported).toEqual(read);
    expect(exported).toEqual([plusDays('2026-02-02', d), plusDays('2026-03-02', d)]);
    expect(daysBetween('2026-02-02', exported[0])).toBe(d);
  });

  it('on: filters and cursors work in shifted dates and never carry the real one', async () => {
    const d = await expectedShift(t, w.studyId, pA.id);
    const second = plusDays('2026-03-02', d);
    const filtered = await api(t, w.statistician).get(`/api/v1/participants/${pA.id}/infusions?from=${second}&to=${second}`);
    expect(filtered.body.items.map((i: { date: string }) => i.date)).toEqual([second]);
    const page1 = await api(t, w.statistician).get(`/api/v1/participants/${pA.id}/infusions?limit=1`);
    expect(page1.body.items.map((i: { date: string }) => i.date)).toEqual([plusDays('2026-02-02', d)]);
    expect(Buffer.from(page1.body.nextCursor, 'base64url').toString('utf8')).not.toContain('2026-02-02');
    const page2 = await api(t, w.statistician).get(`/api/v1/participants/${pA.id}/infusions?limit=1&cursor=${page1.body.nextCursor}`);
    expect(page2.body.items.map((i: { date: string }) => i.date)).toEqual([second]);
  });

  it('on: the participants list pages in shifted dates; its cursor never carries a real screening date', async () => {
    const other = await enrolledParticipant(t, w);
    const ids = [pA.id, other.id];
    const real = await t.dataSource.query('SELECT screening_date::text AS d FROM participant WHERE study_id = $1', [w.studyId]);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await api(t, w.statistician).get(
        `/api/v1/participants?studyId=${w.studyId}&limit=1${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((p: { id: string }) => p.id));
      cursor = page.body.nextCursor;
      if (cursor) for (const r of real) expect(Buffer.from(cursor, 'base64url').toString('utf8')).not.toContain(r.d);
    } while (cursor);
    // Every participant once: the keyset works on the stored dates behind the shifted cursor.
    expect(seen.filter((id) => ids.includes(id)).sort()).toEqual([...ids].sort());
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('on: views computed as of the real today are refused to the statistician (403), not to identified readers', async () => {
    const schedule = await api(t, w.statistician).get(`/api/v1/participants/${pA.id}/schedule`);
    expect(schedule.status).toBe(403);
    expect(schedule.body.code).toBe('DATE_SHIFTED_READER');
    expect((await api(t, w.statistician).get(`/api/v1/studies/${w.studyId}/overdue`)).status).toBe(403);
    expect((await api(t, w.statistician).get(`/api/v1/participants/${pA.id}/dosing`)).status).toBe(403);
    expect((await api(t, w.invA).get(`/api/v1/participants/${pA.id}/schedule`)).status).toBe(200);
    expect((await api(t, w.statistician).get(`/api/v1/queries?olderThanDays=3`)).status).toBe(403);
    // A site investigator of the same study reads identified data: the policy does not concern them.
    expect((await api(t, w.invA).get(`/api/v1/studies/${w.studyId}/overdue`)).status).toBe(200);
    expect((await api(t, w.invA).get(`/api/v1/queries?olderThanDays=3`)).status).toBe(200);
    expect((await api(t, w.monitor).get(`/api/v1/studies/${w.studyId}/overdue`)).status).toBe(200);
  });

  it('on: the PML-suspicion list, dosing decisions and data queries are shifted by the same offset', async () => {
    const d = await expectedShift(t, w.studyId, pA.id);
    const ae = await api(t, w.invA).post(`/api/v1/participants/${pA.id}/adverse-events`, {
      term: 'Suspected PML',
      onsetDate: '2026-03-10',
      severity: 'severe',
      relatedness: 'possible',
      actionTaken: 'none',
      outcome: 'not-recovered',
      pmlSuspected: true,
    });
    expect(ae.status).toBe(201);
    const pml = await api(t, w.statistician).get(`/api/v1/studies/${w.studyId}/pml-suspicions`);
    expect(pml.body.items.map((a: { onsetDate: string }) => a.onsetDate)).toEqual([plusDays('2026-03-10', d)]);
    const [row] = await t.dataSource.query('SELECT study_id, site_id FROM participant WHERE id = $1', [pA.id]);
    await t.dataSource.query(
      `INSERT INTO dosing_decision (study_id, site_id, participant_id, action, decided_on, protocol_id, protocol_version, proposed_decision,
         proposed_interval_weeks, current_interval_weeks, interval_weeks, next_infusion_due, proposal, inputs, decided_by)
       VALUES ($1, $2, $3, 'override', '2026-03-02', 'pdnms', '1', 'EXTEND', 5, 4, 4, '2026-03-30', '{}', '{}', $4)`,
      [row.study_id, row.site_id, pA.id, w.invA.id],
    );
    const decisions = await api(t, w.statistician).get(`/api/v1/participants/${pA.id}/dosing/decisions`);
    expect(decisions.body.items[0]).toMatchObject({ decidedOn: plusDays('2026-03-02', d), nextInfusionDue: plusDays('2026-03-30', d) });
    const raised = await api(t, w.monitor).post(`/api/v1/participants/${pA.id}/queries`, {
      entityType: 'adverse_event',
      recordId: ae.body.id,
      field: 'onsetDate',
      text: 'Please confirm the onset date',
    });
    expect(raised.status).toBe(201);
    const q = await api(t, w.statistician).get(`/api/v1/queries/${raised.body.id}`);
    expect(Date.parse(q.body.createdAt) - Date.parse(raised.body.createdAt)).toBe(d * DAY_MS);
    expect(q.body.ageDays).toBeNull();
    expect((await api(t, w.monitor).get(`/api/v1/queries/${raised.body.id}`)).body.createdAt).toBe(raised.body.createdAt);
  });

  it('off again: the statistician reads the real dates again', async () => {
    await setPolicy(false);
    const list = await api(t, w.statistician).get(`/api/v1/participants/${pA.id}/infusions`);
    expect(list.body.items.map((i: { date: string }) => i.date)).toEqual(['2026-02-02', '2026-03-02']);
  });
});
