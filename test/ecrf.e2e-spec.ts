import { randomUUID } from 'node:crypto';
import { createTestApp, TestApp } from './support/test-app';
import { api, auditCount, createTrialWorld, enrolledParticipant, TrialWorld } from './support/trial-fixtures';

/**
 * Every eCRF form through the same contract (issue #5 "Must show"): valid create/read/list, each edit check
 * (400 naming the field with its code, nothing written, no audit row), stale version → 409 with the current
 * record, other site → 404, change without reason → 400, SDV reset on change, frozen → refused, locked → refused.
 */
interface Setup {
  infusionId: string;
  visitId: string;
}

interface FormCase {
  path: string;
  table: string;
  valid: (s: Setup, n: number) => Record<string, unknown>;
  change: Record<string, unknown>;
  checks: Array<{ name: string; body: (s: Setup) => Record<string, unknown>; field: string; code: string }>;
}

const dateChecks = (field: string, base: (s: Setup) => Record<string, unknown>): FormCase['checks'] => [
  { name: 'date in the future', body: (s) => ({ ...base(s), [field]: '2026-06-16' }), field, code: 'DATE_IN_FUTURE' },
  { name: 'date before consent', body: (s) => ({ ...base(s), [field]: '2026-01-11' }), field, code: 'DATE_BEFORE_CONSENT' },
  { name: 'not a calendar date', body: (s) => ({ ...base(s), [field]: '2026-02-30' }), field, code: 'INVALID_DATE' },
];

const infusion = (_s: Setup, n = 0) => ({ date: `2026-02-${String(2 + n).padStart(2, '0')}`, doseMg: 300, lotNumber: 'NTZ24A117' });
const trough = (s: Setup, n = 0) => ({
  sampledOn: '2026-03-01',
  sampledTime: '08:45',
  concentrationUgPerMl: 18.35 + n,
  assay: 'ELISA',
  precedesInfusionId: s.infusionId,
});
const jcv = (_s: Setup) => ({ date: '2026-02-02', status: 'positive', index: 1.23, assay: 'STRATIFY' });
const relapse = (_s: Setup) => ({
  onsetDate: '2026-04-03',
  functionalSystems: ['visual'],
  steroidTreatment: true,
  confirmedByNeurologist: true,
});
const mri = (_s: Setup) => ({ date: '2026-04-14', newOrEnlargingT2Count: 0, gadoliniumEnhancingCount: 0, comparedWithDate: '2025-11-20' });
const edss = (_s: Setup) => ({ date: '2026-04-14', score: 2.5, functionalSystemScores: { pyramidal: 2 } });
const ae = (_s: Setup) => ({
  term: 'Urinary tract infection',
  onsetDate: '2026-03-10',
  resolutionDate: '2026-03-17',
  severity: 'moderate',
  relatedness: 'unlikely',
  actionTaken: 'none',
  outcome: 'recovered',
});
const visit = (s: Setup) => ({ plannedVisitId: s.visitId, date: '2026-04-12', notes: 'Stable' });

const FORMS: FormCase[] = [
  {
    path: 'infusions',
    table: 'infusion',
    valid: infusion,
    change: { lotNumber: 'NTZ24B001' },
    checks: [
      ...dateChecks('date', infusion),
      { name: 'dose out of range', body: (s) => ({ ...infusion(s, 20), doseMg: 5000 }), field: 'doseMg', code: 'VALUE_OUT_OF_RANGE' },
      { name: 'administered without dose', body: (s) => ({ date: infusion(s, 21).date }), field: 'doseMg', code: 'DOSE_REQUIRED' },
      {
        name: 'not administered without reason',
        body: (s) => ({ date: infusion(s, 22).date, administered: false }),
        field: 'notAdministeredReason',
        code: 'NOT_ADMINISTERED_REASON_REQUIRED',
      },
      { name: 'unknown field', body: (s) => ({ ...infusion(s, 23), intervalWeeks: 5 }), field: 'intervalWeeks', code: 'UNKNOWN_FIELD' },
    ],
  },
  {
    path: 'troughs',
    table: 'trough_sample',
    valid: trough,
    change: { concentrationUgPerMl: 19.5 },
    checks: [
      ...dateChecks('sampledOn', trough),
      {
        name: 'concentration above 500',
        body: (s) => ({ ...trough(s), concentrationUgPerMl: 600 }),
        field: 'concentrationUgPerMl',
        code: 'VALUE_OUT_OF_RANGE',
      },
      {
        name: 'concentration below 0',
        body: (s) => ({ ...trough(s), concentrationUgPerMl: -1 }),
        field: 'concentrationUgPerMl',
        code: 'VALUE_OUT_OF_RANGE',
      },
      {
        name: 'three decimals',
        body: (s) => ({ ...trough(s), concentrationUgPerMl: 12.345 }),
        field: 'concentrationUgPerMl',
        code: 'VALUE_OUT_OF_RANGE',
      },
      {
        name: 'sampled after the infusion it precedes',
        body: (s) => ({ ...trough(s), sampledOn: '2026-03-03' }),
        field: 'sampledOn',
        code: 'TROUGH_AFTER_INFUSION',
      },
      {
        name: 'below LLOQ with a value',
        body: (s) => ({ ...trough(s), belowLloq: true }),
        field: 'concentrationUgPerMl',
        code: 'LLOQ_WITH_VALUE',
      },
      {
        name: 'unknown infusion',
        body: (s) => ({ ...trough(s), precedesInfusionId: randomUUID() }),
        field: 'precedesInfusionId',
        code: 'UNKNOWN_INFUSION',
      },
      { name: 'bad time', body: (s) => ({ ...trough(s), sampledTime: '25:00' }), field: 'sampledTime', code: 'INVALID_TIME' },
    ],
  },
  {
    path: 'jcv',
    table: 'jcv_test',
    valid: jcv,
    change: { index: 1.5 },
    checks: [
      ...dateChecks('date', jcv),
      { name: 'negative index', body: (s) => ({ ...jcv(s), index: -0.1 }), field: 'index', code: 'VALUE_OUT_OF_RANGE' },
      { name: 'unknown status', body: (s) => ({ ...jcv(s), status: 'maybe' }), field: 'status', code: 'IS_IN' },
    ],
  },
  {
    path: 'relapses',
    table: 'relapse',
    valid: relapse,
    change: { symptoms: 'Blurred vision right eye' },
    checks: [
      ...dateChecks('onsetDate', relapse),
      {
        name: 'unknown functional system',
        body: (s) => ({ ...relapse(s), functionalSystems: ['elbow'] }),
        field: 'functionalSystems',
        code: 'IS_IN',
      },
    ],
  },
  {
    path: 'mri',
    table: 'mri_scan',
    valid: mri,
    change: { newOrEnlargingT2Count: 1 },
    checks: [
      ...dateChecks('date', mri),
      {
        name: 'negative count',
        body: (s) => ({ ...mri(s), gadoliniumEnhancingCount: -1 }),
        field: 'gadoliniumEnhancingCount',
        code: 'VALUE_OUT_OF_RANGE',
      },
      {
        name: 'reference scan not before',
        body: (s) => ({ ...mri(s), comparedWithDate: '2026-04-20' }),
        field: 'comparedWithDate',
        code: 'COMPARISON_NOT_BEFORE_SCAN',
      },
    ],
  },
  {
    path: 'edss',
    table: 'edss_assessment',
    valid: edss,
    change: { score: 3 },
    checks: [
      ...dateChecks('date', edss),
      { name: 'score above 10', body: (s) => ({ ...edss(s), score: 10.5 }), field: 'score', code: 'VALUE_OUT_OF_RANGE' },
      { name: 'not a half step', body: (s) => ({ ...edss(s), score: 2.25 }), field: 'score', code: 'EDSS_NOT_A_STEP' },
      { name: '0.5 is not a score', body: (s) => ({ ...edss(s), score: 0.5 }), field: 'score', code: 'EDSS_NOT_A_STEP' },
      {
        name: 'FS score out of range',
        body: (s) => ({ ...edss(s), functionalSystemScores: { pyramidal: 9 } }),
        field: 'functionalSystemScores.pyramidal',
        code: 'VALUE_OUT_OF_RANGE',
      },
    ],
  },
  {
    path: 'adverse-events',
    table: 'adverse_event',
    valid: ae,
    change: { severity: 'mild' },
    checks: [
      ...dateChecks('onsetDate', ae),
      {
        name: 'onset after resolution',
        body: (s) => ({ ...ae(s), resolutionDate: '2026-03-01' }),
        field: 'resolutionDate',
        code: 'ONSET_AFTER_RESOLUTION',
      },
      {
        name: 'unknown seriousness criterion',
        body: (s) => ({ ...ae(s), seriousnessCriteria: ['SCARY'] }),
        field: 'seriousnessCriteria',
        code: 'IS_IN',
      },
    ],
  },
  {
    path: 'clinic-visits',
    table: 'clinic_visit',
    valid: visit,
    change: { notes: 'Stable; fatigue' },
    checks: [
      ...dateChecks('date', visit),
      {
        name: 'unknown planned visit',
        body: (s) => ({ ...visit(s), plannedVisitId: randomUUID() }),
        field: 'plannedVisitId',
        code: 'UNKNOWN_PLANNED_VISIT',
      },
    ],
  },
];

// Real PostgreSQL under a shared, busy machine: allow for slow commits (the e2e default may not apply per project).
jest.setTimeout(60_000);

describe('eCRF forms: the shared record contract', () => {
  let t: TestApp;
  let w: TrialWorld;

  beforeAll(async () => {
    t = await createTestApp();
    w = await createTrialWorld(t);
  });
  afterAll(() => t.close());

  async function setupFor(participantId: string): Promise<Setup> {
    const inf = await api(t, w.invA).post(`/api/v1/participants/${participantId}/infusions`, { date: '2026-03-02', doseMg: 300 });
    expect(inf.status).toBe(201);
    const sched = await api(t, w.invA).get(`/api/v1/participants/${participantId}/schedule`);
    return { infusionId: inf.body.id, visitId: sched.body.visits[0].id };
  }

  describe.each(FORMS)('$path', (form) => {
    let p: { id: string; version: number };
    let s: Setup;
    const url = () => `/api/v1/participants/${p.id}/${form.path}`;
    const count = async () =>
      (await t.dataSource.query(`SELECT count(*)::int AS n FROM ${form.table} WHERE participant_id = $1`, [p.id]))[0].n as number;

    beforeAll(async () => {
      p = await enrolledParticipant(t, w);
      s = await setupFor(p.id);
    });

    it('creates, reads and lists a valid record, audited', async () => {
      const audits = await auditCount(t, { participantId: p.id });
      const created = await api(t, w.invA).post(url(), form.valid(s, 0));
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        participantId: p.id,
        studyId: w.studyId,
        siteId: w.siteA.id,
        version: 1,
        verifiedAt: null,
        deletedAt: null,
      });
      const read = await api(t, w.invA).get(`${url()}/${created.body.id}`);
      expect(read.status).toBe(200);
      expect(read.body).toMatchObject(Object.fromEntries(Object.entries(form.valid(s, 0)).filter(([k]) => k !== 'functionalSystemScores')));
      const list = await api(t, w.monitor).get(url());
      expect(list.status).toBe(200);
      expect(list.body.items.map((r: { id: string }) => r.id)).toContain(created.body.id);
      expect(await auditCount(t, { participantId: p.id })).toBe(audits + 1);
      const [row] = await t.dataSource.query(`SELECT action, changes FROM audit_event WHERE entity_id = $1`, [created.body.id]);
      expect(row.action).toBe('create');
    });

    it.each(form.checks)('edit check: $name → 400 $field $code, nothing written, no audit row', async (check) => {
      const [rows, audits] = [await count(), await auditCount(t, { participantId: p.id })];
      const res = await api(t, w.invA).post(url(), check.body(s));
      expect(res.status).toBe(400);
      expect(res.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field: check.field, code: check.code })]));
      expect(await count()).toBe(rows);
      expect(await auditCount(t, { participantId: p.id })).toBe(audits);
    });

    it('update needs a reason (400) and the current version (409 with the current record)', async () => {
      const created = (await api(t, w.invA).post(url(), form.valid(s, 1))).body;
      const noReason = await api(t, w.invA).patch(`${url()}/${created.id}`, { ...form.change, version: created.version });
      expect(noReason.status).toBe(400);
      expect(noReason.body.details).toEqual([expect.objectContaining({ field: 'reason', code: 'REASON_REQUIRED' })]);
      const ok = await api(t, w.invA).patch(`${url()}/${created.id}`, {
        ...form.change,
        version: created.version,
        reason: 'Corrected from source',
      });
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({ ...form.change, version: created.version + 1 });
      const audit = await t.dataSource.query(`SELECT changes, reason FROM audit_event WHERE entity_id = $1 AND action = 'update'`, [
        created.id,
      ]);
      expect(audit).toHaveLength(1);
      expect(audit[0].reason).toBe('Corrected from source');
      const [field] = Object.keys(form.change);
      expect(audit[0].changes[field].new).toEqual(form.change[field]);
      const audits = await auditCount(t, { participantId: p.id });
      const stale = await api(t, w.invA).patch(`${url()}/${created.id}`, {
        ...form.change,
        version: created.version,
        reason: 'second edit from an old screen',
      });
      expect(stale.status).toBe(409);
      expect(stale.body.code).toBe('STALE_VERSION');
      expect(stale.body.details.current).toMatchObject({ id: created.id, version: created.version + 1 });
      expect(await auditCount(t, { participantId: p.id })).toBe(audits);
    });

    it('an update that fails an edit check writes nothing', async () => {
      const created = (await api(t, w.invA).post(url(), form.valid(s, 2))).body;
      const check = form.checks[0];
      const res = await api(t, w.invA).patch(`${url()}/${created.id}`, {
        [check.field]: check.body(s)[check.field],
        version: created.version,
        reason: 'x',
      });
      expect(res.status).toBe(400);
      expect(res.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field: check.field, code: check.code })]));
      expect((await api(t, w.invA).get(`${url()}/${created.id}`)).body.version).toBe(created.version);
    });

    it('another site’s investigator gets 404 on list, read, update, delete and verification; statistician cannot write', async () => {
      const created = (await api(t, w.invA).post(url(), form.valid(s, 3))).body;
      const b = api(t, w.invB);
      expect((await b.get(url())).status).toBe(404);
      expect((await b.get(`${url()}/${created.id}`)).status).toBe(404);
      expect((await b.post(url(), form.valid(s, 4))).status).toBe(404);
      expect((await b.patch(`${url()}/${created.id}`, { ...form.change, version: 1, reason: 'x' })).status).toBe(404);
      expect((await b.delete(`${url()}/${created.id}`, { version: 1, reason: 'x' })).status).toBe(404);
      expect((await api(t, w.statistician).post(url(), form.valid(s, 4))).status).toBe(403);
      expect((await api(t, w.invA).get(`${url()}/${randomUUID()}`)).status).toBe(404);
    });

    it('SDV by a monitor; a later change resets it (audited verification-reset)', async () => {
      const created = (await api(t, w.invA).post(url(), form.valid(s, 5))).body;
      expect((await api(t, w.invA).post(`${url()}/${created.id}/verification`, { version: created.version })).status).toBe(403);
      const v = await api(t, w.monitor).post(`${url()}/${created.id}/verification`, { version: created.version });
      expect(v.status).toBe(200);
      expect(v.body.verifiedAt).not.toBeNull();
      expect(v.body.verifiedBy).toBe(w.monitor.id);
      const changed = await api(t, w.invA).patch(`${url()}/${created.id}`, {
        ...form.change,
        version: v.body.version,
        reason: 'Lab re-issued report',
      });
      expect(changed.status).toBe(200);
      expect(changed.body.verifiedAt).toBeNull();
      const actions = (await t.dataSource.query(`SELECT action FROM audit_event WHERE entity_id = $1 ORDER BY seq`, [created.id])).map(
        (r: { action: string }) => r.action,
      );
      expect(actions).toEqual(['create', 'verify', 'verification-reset', 'update']);
    });

    it('soft delete needs a reason; the row stays, hidden from the list unless asked', async () => {
      const created = (await api(t, w.invA).post(url(), form.valid(s, 6))).body;
      expect((await api(t, w.invA).delete(`${url()}/${created.id}`, { version: created.version })).status).toBe(400);
      const del = await api(t, w.invA).delete(`${url()}/${created.id}`, {
        version: created.version,
        reason: 'Entered for the wrong participant',
      });
      expect(del.status).toBe(200);
      expect(del.body.deleteReason).toBe('Entered for the wrong participant');
      expect((await api(t, w.invA).get(`${url()}/${created.id}`)).status).toBe(404);
      const list = await api(t, w.invA).get(`${url()}?includeDeleted=true&limit=200`);
      expect(list.body.items.find((r: { id: string }) => r.id === created.id).deletedAt).not.toBeNull();
      expect((await api(t, w.invA).get(`${url()}?limit=200`)).body.items.find((r: { id: string }) => r.id === created.id)).toBeUndefined();
    });

    it('a frozen participant refuses create/update/delete with PARTICIPANT_FROZEN; reads still work', async () => {
      const created = (await api(t, w.invA).post(url(), form.valid(s, 7))).body;
      const pv = (await api(t, w.invA).get(`/api/v1/participants/${p.id}`)).body.version;
      expect((await api(t, w.invA).post(`/api/v1/participants/${p.id}/freeze`, { version: pv, reason: 'x' })).status).toBe(403);
      const frozen = await api(t, w.dataManager).post(`/api/v1/participants/${p.id}/freeze`, { version: pv, reason: 'Interim data cut' });
      expect(frozen.status).toBe(200);
      const audits = await auditCount(t, { participantId: p.id });
      for (const res of [
        await api(t, w.invA).post(url(), form.valid(s, 8)),
        await api(t, w.invA).patch(`${url()}/${created.id}`, { ...form.change, version: created.version, reason: 'x' }),
        await api(t, w.invA).delete(`${url()}/${created.id}`, { version: created.version, reason: 'x' }),
      ]) {
        expect(res.status).toBe(409);
        expect(res.body.code).toBe('PARTICIPANT_FROZEN');
      }
      expect(await auditCount(t, { participantId: p.id })).toBe(audits);
      expect((await api(t, w.invA).get(`${url()}/${created.id}`)).status).toBe(200);
      const un = await api(t, w.dataManager).post(`/api/v1/participants/${p.id}/unfreeze`, {
        version: frozen.body.version,
        reason: 'Data cut done',
      });
      expect(un.status).toBe(200);
      expect(
        (await api(t, w.invA).patch(`${url()}/${created.id}`, { ...form.change, version: created.version, reason: 'now allowed' })).status,
      ).toBe(200);
    });
  });

  describe('locked study', () => {
    it('refuses every form write with STUDY_LOCKED; reads and lists still work', async () => {
      const p = await enrolledParticipant(t, w);
      const s = await setupFor(p.id);
      const records = await Promise.all(
        FORMS.map(async (f) => (await api(t, w.invA).post(`/api/v1/participants/${p.id}/${f.path}`, f.valid(s, 9))).body),
      );
      expect((await api(t, w.invA).post(`/api/v1/studies/${w.studyId}/lock`, { reason: 'x' })).status).toBe(403);
      expect((await api(t, w.dataManager).post(`/api/v1/studies/${w.studyId}/lock`, {})).status).toBe(400);
      const lock = await api(t, w.dataManager).post(`/api/v1/studies/${w.studyId}/lock`, { reason: 'Database lock after last visit' });
      expect(lock.status).toBe(200);
      expect(lock.body.status).toBe('locked');
      const audits = await auditCount(t, { participantId: p.id });
      for (const [i, f] of FORMS.entries()) {
        const url = `/api/v1/participants/${p.id}/${f.path}`;
        const rec = records[i];
        for (const res of [
          await api(t, w.invA).post(url, f.valid(s, 10)),
          await api(t, w.invA).patch(`${url}/${rec.id}`, { ...f.change, version: rec.version, reason: 'x' }),
          await api(t, w.invA).delete(`${url}/${rec.id}`, { version: rec.version, reason: 'x' }),
          await api(t, w.monitor).post(`${url}/${rec.id}/verification`, { version: rec.version }),
        ]) {
          expect(res.status).toBe(409);
          expect(res.body.code).toBe('STUDY_LOCKED');
        }
        expect((await api(t, w.invA).get(`${url}/${rec.id}`)).status).toBe(200);
        expect((await api(t, w.statistician).get(url)).status).toBe(200);
      }
      expect(await auditCount(t, { participantId: p.id })).toBe(audits);
      const again = await api(t, w.dataManager).post(`/api/v1/studies/${w.studyId}/unfreeze`, { reason: 'reopen' });
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('STUDY_LOCKED');
    });
  });
});
