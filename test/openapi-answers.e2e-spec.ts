import { OpenAPIObject } from '@nestjs/swagger';
import { buildOpenApiDocument } from '../apps/api/src/openapi-document';
import { AnswerChecker, answerChecker } from './support/openapi-schema';
import { PASSWORD, signer } from './support/signer';
import { createTestApp, TestApp } from './support/test-app';
import { api, createTrialWorld, enrolledParticipant, TrialUser, TrialWorld } from './support/trial-fixtures';

jest.setTimeout(120_000);

const P = '/api/v1/participants/{participantId}';

/** One valid record of each eCRF form (values as in test/ecrf.e2e-spec.ts; consent 2026-01-12, today 2026-06-15). */
const RECORDS: Array<[path: string, body: (visitId: string) => Record<string, unknown>]> = [
  ['infusions', () => ({ date: '2026-02-02', doseMg: 300 })],
  // No assay, lab, time or infusion: optional fields left out come back as null.
  ['troughs', () => ({ sampledOn: '2026-03-01', concentrationUgPerMl: 18.35 })],
  ['jcv', () => ({ date: '2026-02-02', status: 'positive', index: 1.23, assay: 'STRATIFY' })],
  ['relapses', () => ({ onsetDate: '2026-04-03', functionalSystems: ['visual'], steroidTreatment: true, confirmedByNeurologist: true })],
  ['mri', () => ({ date: '2026-04-14', newOrEnlargingT2Count: 0, gadoliniumEnhancingCount: 0, comparedWithDate: '2025-11-20' })],
  ['edss', () => ({ date: '2026-04-14', score: 2.5 })],
  [
    'adverse-events',
    () => ({
      term: 'Urinary tract infection',
      onsetDate: '2026-03-10',
      severity: 'moderate',
      relatedness: 'unlikely',
      actionTaken: 'none',
      outcome: 'recovered',
    }),
  ],
  ['clinic-visits', (visitId) => ({ plannedVisitId: visitId, date: '2026-04-12', notes: 'Stable' })],
];

/**
 * Issue 18 item 3: real answers validated with ajv against the schemas the OpenAPI document declares for their
 * operations — every eCRF record type, the timeline, and the decisions, signatures and participants lists — as an
 * investigator and as a pseudonymised reader (statistician: staff ids and free text come back as null). A field
 * the answer lacks but the schema requires, or one the schema does not declare, fails (test/support/openapi-schema.ts).
 */
describe('OpenAPI contract: real answers match their declared schemas', () => {
  let t: TestApp;
  let w: TrialWorld;
  let inv: TrialUser;
  let pid: string;
  let doc: OpenAPIObject;
  let check: AnswerChecker;
  const created = new Map<string, Record<string, unknown>>();

  beforeAll(async () => {
    doc = await buildOpenApiDocument();
    check = answerChecker(doc);
    t = await createTestApp();
    w = await createTrialWorld(t);
    inv = await signer(t, w);
    pid = (await enrolledParticipant(t, w, inv)).id;
    const visitId = (await api(t, inv).get(`/api/v1/participants/${pid}/schedule`)).body.visits[0].id as string;
    for (const [path, body] of RECORDS) {
      const r = await api(t, inv).post(`/api/v1/participants/${pid}/${path}`, body(visitId));
      if (r.status !== 201) throw new Error(`${path}: ${r.status} ${JSON.stringify(r.body)}`);
      created.set(path, r.body);
    }
  });
  afterAll(async () => t?.close());

  it.each(RECORDS.map(([path]) => path))('%s: the create answer, the list and one record read', async (path) => {
    const record = created.get(path)!;
    expect(check.answer('POST', `${P}/${path}`, record)).toEqual([]);
    const list = await api(t, inv).get(`/api/v1/participants/${pid}/${path}`);
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(1);
    expect(check.answer('GET', `${P}/${path}`, list.body)).toEqual([]);
    const one = await api(t, inv).get(`/api/v1/participants/${pid}/${path}/${record.id as string}`);
    expect(check.answer('GET', `${P}/${path}/{recordId}`, one.body)).toEqual([]);
    const pseudonymised = await api(t, w.statistician).get(`/api/v1/participants/${pid}/${path}`);
    expect(pseudonymised.status).toBe(200);
    expect(check.answer('GET', `${P}/${path}`, pseudonymised.body)).toEqual([]);
  });

  it('optional fields left out are sent as null, and the schema requires them (nullable)', () => {
    const trough = created.get('troughs')!;
    expect(trough).toMatchObject({ sampledTime: null, assay: null, lab: null, precedesInfusionId: null });
    const schema = (doc.components!.schemas as Record<string, { required: string[]; properties: Record<string, { nullable?: boolean }> }>)
      .TroughSampleRecord;
    expect(schema.required).toEqual(expect.arrayContaining(['sampledTime', 'assay', 'lab', 'precedesInfusionId', 'belowLloq']));
    expect(schema.properties.lab.nullable).toBe(true);
    // Stored NOT NULL with a default: never sent as null, so not nullable.
    expect(schema.properties.belowLloq.nullable).toBeUndefined();
  });

  it('a dosing decision: its answer, the decisions list and the timeline, identified and pseudonymised', async () => {
    const view = await api(t, inv).get(`/api/v1/participants/${pid}/dosing`);
    const { decision, nextIntervalWeeks, asOf } = view.body.proposal;
    const r = await api(t, inv).post(`/api/v1/participants/${pid}/dosing/decisions`, {
      action: 'confirm',
      basedOnProposal: { decision, nextIntervalWeeks, asOf },
    });
    expect(r.status).toBe(201);
    expect(r.body.decidedByName).toBe('Dr. Anna de Vries');
    expect(check.answer('POST', `${P}/dosing/decisions`, r.body)).toEqual([]);

    for (const reader of [inv, w.statistician]) {
      const list = await api(t, reader).get(`/api/v1/participants/${pid}/dosing/decisions`);
      expect(check.answer('GET', `${P}/dosing/decisions`, list.body)).toEqual([]);
      const timeline = await api(t, reader).get(`/api/v1/participants/${pid}/timeline`);
      expect(timeline.status).toBe(200);
      expect(check.answer('GET', `${P}/timeline`, timeline.body)).toEqual([]);
    }
    const mine = (await api(t, inv).get(`/api/v1/participants/${pid}/timeline`)).body.decisions;
    expect(mine).toEqual([
      expect.objectContaining({
        id: r.body.id,
        action: 'confirm',
        decidedOn: '2026-06-15',
        decidedBy: inv.id,
        decidedByName: 'Dr. Anna de Vries',
        proposedDecision: decision,
        reason: null,
        supersededAt: null,
      }),
    ]);
    // The statistician: the decider and the proposal code withheld, as in the decisions list (column-disclosure.ts).
    const theirs = (await api(t, w.statistician).get(`/api/v1/participants/${pid}/timeline`)).body;
    expect(theirs.decisions).toEqual([
      expect.objectContaining({ id: r.body.id, action: 'confirm', decidedBy: null, decidedByName: null, protocolId: null, reason: null }),
    ]);
    expect(theirs.adverseEvents[0].term).toBeNull();
    const listed = (await api(t, w.statistician).get(`/api/v1/participants/${pid}/dosing/decisions`)).body.items[0];
    expect(listed).toMatchObject({ decidedBy: null, decidedByName: null, proposal: null });
    expect(listed).not.toHaveProperty('inputs');
  });

  it('the signatures list and the participants list', async () => {
    const signed = await api(t, inv).post(`/api/v1/participants/${pid}/signatures`, { scope: 'casebook', password: PASSWORD });
    expect(signed.status).toBe(201);
    expect(check.answer('POST', `${P}/signatures`, signed.body)).toEqual([]);
    const list = await api(t, inv).get(`/api/v1/participants/${pid}/signatures`);
    expect(list.body.items).toHaveLength(1);
    expect(check.answer('GET', `${P}/signatures`, list.body)).toEqual([]);
    for (const reader of [inv, w.statistician]) {
      const participants = await api(t, reader).get(`/api/v1/participants?studyId=${w.studyId}`);
      expect(participants.status).toBe(200);
      expect(participants.body.items.length).toBeGreaterThan(0);
      expect(check.answer('GET', '/api/v1/participants', participants.body)).toEqual([]);
    }
  });

  it('the check can fail: a required field missing and an undeclared one are named, at their depth', async () => {
    const { lab: _lab, ...trough } = created.get('troughs')!;
    expect(check.answer('POST', `${P}/troughs`, { ...trough, extra: 1 })).toEqual(['/lab missing', '/extra not declared']);
    const timeline = (await api(t, inv).get(`/api/v1/participants/${pid}/timeline`)).body;
    const { decidedByName: _n, ...decision } = timeline.decisions[0];
    expect(check.schema('TimelineDto', { ...timeline, decisions: [{ ...decision, raw_column: 'x' }] })).toEqual([
      '/decisions/0/decidedByName missing',
      '/decisions/0/raw_column not declared',
    ]);
    // A null where the schema does not admit one.
    expect(check.schema('TroughSampleRecord', { ...created.get('troughs')!, belowLloq: null })).toEqual(['/belowLloq must be boolean']);
  });
});
