import { randomBytes, randomUUID } from 'node:crypto';
import request from 'supertest';
import { StudyRole } from '@eid/core';
import { TokenService } from '@eid/identity';
import { Clock } from '@eid/trial';
import { TestApp } from './test-app';

/** "Today" of every trial e2e file: edit checks compare against it (Clock is pinned, never the wall clock). */
export const TODAY = '2026-06-15';

export interface TrialUser {
  id: string;
  token: string;
}

export interface TrialWorld {
  studyId: string;
  siteA: { id: string; code: string };
  siteB: { id: string; code: string };
  /** Investigator at site A, investigator at site B, study-level monitor / data manager / statistician, admin without role. */
  invA: TrialUser;
  invB: TrialUser;
  monitor: TrialUser;
  dataManager: TrialUser;
  statistician: TrialUser;
  admin: TrialUser;
}

/** A user with memberships and a live session, and an access token signed by the app itself (no password round trip). */
async function makeUser(
  t: TestApp,
  label: string,
  grants: Array<{ studyId: string; role: StudyRole; siteId: string | null }>,
  isAdmin = false,
): Promise<TrialUser> {
  const id = randomUUID();
  await t.dataSource.query(`INSERT INTO app_user (id, email, display_name, is_admin, version) VALUES ($1, $2, $3, $4, 1)`, [
    id,
    `${label}-${id.slice(0, 8)}@example.org`,
    label,
    isAdmin,
  ]);
  for (const g of grants)
    await t.dataSource.query(`INSERT INTO membership (user_id, study_id, role, site_id) VALUES ($1, $2, $3, $4)`, [
      id,
      g.studyId,
      g.role,
      g.siteId,
    ]);
  const family = randomUUID();
  await t.dataSource.query(
    `INSERT INTO refresh_token (user_id, family_id, token_hash, expires_at) VALUES ($1, $2, $3, now() + interval '1 day')`,
    [id, family, randomBytes(32).toString('hex')],
  );
  const token = await t.app.get(TokenService).signAccess(id, family, ['pwd']);
  return { id, token };
}

/** One active PDNMS study with two sites (AMS, RTM) and one user per role. */
export async function createTrialWorld(t: TestApp, opts: { protocolId?: string; protocolVersion?: string } = {}): Promise<TrialWorld> {
  t.app.get(Clock).pin(TODAY);
  const suffix = randomBytes(3).toString('hex').toUpperCase();
  const [{ id: studyId }] = await t.dataSource.query(
    `INSERT INTO study (code, title, protocol_id, protocol_version, status, version) VALUES ($1, 'PDNMS e2e', $2, $3, 'active', 1) RETURNING id`,
    [`PDN-${suffix}`, opts.protocolId ?? 'pdnms', opts.protocolVersion ?? '1'],
  );
  const site = async (code: string) => {
    const [{ id }] = await t.dataSource.query(
      `INSERT INTO site (code, name, country, timezone, version) VALUES ($1, $2, 'NL', 'Europe/Amsterdam', 1) RETURNING id`,
      [code, `${code} hospital`],
    );
    await t.dataSource.query(`INSERT INTO study_site (study_id, site_id) VALUES ($1, $2)`, [studyId, id]);
    return { id: id as string, code };
  };
  const siteA = await site(`A${suffix}`);
  const siteB = await site(`B${suffix}`);
  return {
    studyId,
    siteA,
    siteB,
    invA: await makeUser(t, 'inv-a', [{ studyId, role: 'investigator', siteId: siteA.id }]),
    invB: await makeUser(t, 'inv-b', [{ studyId, role: 'investigator', siteId: siteB.id }]),
    monitor: await makeUser(t, 'monitor', [{ studyId, role: 'monitor', siteId: null }]),
    dataManager: await makeUser(t, 'dm', [{ studyId, role: 'data-manager', siteId: null }]),
    statistician: await makeUser(t, 'stat', [{ studyId, role: 'statistician', siteId: null }]),
    admin: await makeUser(t, 'admin', [], true),
  };
}

/** supertest with the user's bearer token. */
export function api(t: TestApp, user: TrialUser) {
  const auth = (r: request.Test) => r.set('Authorization', `Bearer ${user.token}`);
  return {
    get: (url: string) => auth(t.http().get(url)),
    post: (url: string, body: object = {}) => auth(t.http().post(url).send(body)),
    patch: (url: string, body: object = {}) => auth(t.http().patch(url).send(body)),
    delete: (url: string, body: object = {}) => auth(t.http().delete(url).send(body)),
  };
}

/** A screening that meets PDNMS E1–E8 on 2026-01-05. */
export function eligibleScreening(
  siteId: string,
  screeningNumber: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    siteId,
    screeningNumber,
    screeningDate: '2026-01-05',
    birthYear: 1984,
    sex: 'female',
    msType: 'RRMS',
    diagnosticCriteria: 'McDonald 2010',
    natalizumabStartDate: '2022-03-14',
    infusionsBeforeScreening: 48,
    weightKg: 68.5,
    mriPossible: true,
    otherImmunomodulatoryMedication: false,
    evidence: {
      relapses: [],
      mri: [{ date: '2025-11-20', newOrEnlargingT2Count: 0, gadoliniumEnhancingCount: 0 }],
      edss: [{ date: '2026-01-05', score: 2.5 }],
      screeningTrough: { sampledOn: '2026-01-05', concentrationUgPerMl: 21.4 },
      infusions: [
        { date: '2025-12-08', doseMg: 300 },
        { date: '2026-01-05', doseMg: 300 },
      ],
    },
    ...overrides,
  };
}

let counter = 0;

/** Screen and enrol an eligible participant at the investigator's site; returns the enrolled participant. */
export async function enrolledParticipant(
  t: TestApp,
  w: TrialWorld,
  inv: TrialUser = w.invA,
  siteId = w.siteA.id,
): Promise<{ id: string; code: string; version: number; siteId: string }> {
  const s = await api(t, inv).post(
    `/api/v1/studies/${w.studyId}/screenings`,
    eligibleScreening(siteId, `SCR-${++counter}-${randomBytes(2).toString('hex')}`),
  );
  if (s.status !== 201) throw new Error(`screening failed: ${s.status} ${JSON.stringify(s.body)}`);
  const e = await api(t, inv).post(`/api/v1/participants/${s.body.participant.id}/enrolment`, {
    consentDate: '2026-01-12',
    version: s.body.participant.version,
  });
  if (e.status !== 200) throw new Error(`enrolment failed: ${e.status} ${JSON.stringify(e.body)}`);
  return e.body;
}

export async function auditCount(t: TestApp, where: { entityId?: string; participantId?: string } = {}): Promise<number> {
  const [{ n }] = await t.dataSource.query(
    `SELECT count(*)::int AS n FROM audit_event WHERE ($1::text IS NULL OR entity_id = $1) AND ($2::uuid IS NULL OR participant_id = $2)`,
    [where.entityId ?? null, where.participantId ?? null],
  );
  return n;
}

type Ids = { own: string; other: string };
const matrixCache = new WeakMap<object, Promise<{ participantId: Ids; visitId: Ids; recordId: Ids }>>();

/**
 * Rows for the access matrix (test/access-matrix.e2e-spec.ts): one enrolled participant per site, a planned
 * visit each, and one record in EVERY eCRF form table under the same id per site — so a single `:recordId`
 * value exists for every form route. Inserted directly: the matrix tests access, not the forms.
 */
export function trialMatrixIds(t: TestApp, w: { studyId: string; ownSiteId: string; otherSiteId: string }) {
  if (!matrixCache.has(w)) matrixCache.set(w, buildMatrixIds(t, w));
  return matrixCache.get(w)!;
}

async function buildMatrixIds(t: TestApp, w: { studyId: string; ownSiteId: string; otherSiteId: string }) {
  const one = async (siteId: string, tag: string) => {
    const [{ id }] = await t.dataSource.query(
      `INSERT INTO participant (study_id, site_id, code, screening_number, screening_date, birth_year, sex, ms_type, natalizumab_start_date,
         infusions_before_screening, status, screening_evidence, eligibility, consent_date, enrolment_date, version)
       VALUES ($1, $2, $3, $4, '2026-01-05', 1984, 'female', 'RRMS', '2022-03-14', 48, 'enrolled', '{}', '{"eligible":"eligible"}', '2026-01-12', '2026-01-12', 1) RETURNING id`,
      [w.studyId, siteId, `MX${tag}-0001`, `MX-${tag}-${randomBytes(3).toString('hex')}`],
    );
    const [{ id: visitId }] = await t.dataSource.query(
      `INSERT INTO planned_visit (study_id, site_id, participant_id, kind, number, target_date, window_from, window_to, version)
       VALUES ($1, $2, $3, 'clinic+mri', 1, '2026-04-12', '2026-03-29', '2026-04-26', 1) RETURNING id`,
      [w.studyId, siteId, id],
    );
    const recordId = randomUUID();
    const base = `id, study_id, site_id, participant_id, version`;
    const vals = `$1, $2, $3, $4, 1`;
    const args = [recordId, w.studyId, siteId, id];
    await t.dataSource.query(`INSERT INTO infusion (${base}, date, dose_mg) VALUES (${vals}, '2026-02-02', 300)`, args);
    await t.dataSource.query(
      `INSERT INTO trough_sample (${base}, sampled_on, concentration_ug_per_ml) VALUES (${vals}, '2026-03-01', 18.5)`,
      args,
    );
    await t.dataSource.query(`INSERT INTO jcv_test (${base}, date, status) VALUES (${vals}, '2026-02-02', 'negative')`, args);
    await t.dataSource.query(`INSERT INTO relapse (${base}, onset_date) VALUES (${vals}, '2026-04-03')`, args);
    await t.dataSource.query(
      `INSERT INTO mri_scan (${base}, date, new_or_enlarging_t2_count, gadolinium_enhancing_count) VALUES (${vals}, '2026-04-14', 0, 0)`,
      args,
    );
    await t.dataSource.query(`INSERT INTO edss_assessment (${base}, date, score) VALUES (${vals}, '2026-04-14', 2.5)`, args);
    await t.dataSource.query(
      `INSERT INTO adverse_event (${base}, term, onset_date, severity, relatedness, action_taken, outcome) VALUES (${vals}, 'Headache', '2026-03-10', 'mild', 'unlikely', 'none', 'recovered')`,
      args,
    );
    await t.dataSource.query(
      `INSERT INTO clinic_visit (${base}, planned_visit_id, date, window_flag) VALUES (${vals}, $5, '2026-04-12', 'in-window')`,
      [...args, visitId],
    );
    return { participantId: id as string, visitId: visitId as string, recordId };
  };
  const own = await one(w.ownSiteId, 'O');
  const other = await one(w.otherSiteId, 'X');
  return {
    participantId: { own: own.participantId, other: other.participantId },
    visitId: { own: own.visitId, other: other.visitId },
    recordId: { own: own.recordId, other: other.recordId },
  };
}
