import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditChainVerifier } from '@eid/audit-api';
import { findProtocol } from '@eid/domain';
import { TokenService, UsersAdminService } from '@eid/identity';
import { ensureSynthStudy, generateParticipant, SynthLoader, type SynthOptions, type SynthParticipant } from '@eid/synth';
import { Clock } from '@eid/trial';
import { createTestApp, TestApp } from './support/test-app';
import { StudiesAdminService } from '@eid/study';

const TABLES = [
  'participant',
  'planned_visit',
  'planned_infusion',
  'infusion',
  'trough_sample',
  'jcv_test',
  'relapse',
  'mri_scan',
  'edss_assessment',
  'clinic_visit',
  'adverse_event',
];
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/**
 * The bulk loader claims to write exactly the rows the API's services write for the same facts. One synthetic
 * trial, two studies: one filled by SynthLoader, one by posting the same generated participants through the
 * HTTP API (screening, enrolment, every eCRF record). Every column of every table must be populated the same
 * way — ids and timestamps only compared for presence, the study code in codes normalised — and so must the
 * audit rows; both chains must verify.
 */
describe('synth: bulk rows = service rows (e2e)', () => {
  const base: SynthOptions = { studyCode: 'EQB', participants: 3, years: 1, sites: 1, seed: 75, start: '2025-01-06' };
  let t: TestApp;
  let bulkStudy: string;
  let serviceStudy: string;

  beforeAll(async () => {
    t = await createTestApp();
    t.app.get(Clock).pin('2026-06-15');
    const services = { dataSource: t.dataSource, users: t.app.get(UsersAdminService), studies: t.app.get(StudiesAdminService) };
    const bulk = await ensureSynthStudy(services, base);
    await new SynthLoader(await t.ownerDataSource()).load(base, bulk);
    bulkStudy = bulk.studyId;

    const o = { ...base, studyCode: 'EQS' };
    const svc = await ensureSynthStudy(services, o);
    serviceStudy = svc.studyId;
    const site = svc.sites[0];
    const token = await tokenFor(t, site.investigatorUserId);
    const protocol = findProtocol('pdnms', '1')!;
    for (let i = 0; i < o.participants; i++) await enterThroughApi(t, token, svc.studyId, site.id, generateParticipant(protocol, o, i));
  }, 600_000);
  afterAll(async () => t?.close());

  it.each(TABLES)('%s: same rows, same columns populated the same way', async (table) => {
    const bulk = await normalisedRows(t.dataSource, table, bulkStudy);
    const service = await normalisedRows(t.dataSource, table, serviceStudy);
    expect(bulk.length).toBeGreaterThan(0);
    expect(bulk).toEqual(service);
  });

  it('audit rows: the same events with the same changes and reasons; both chains verify', async () => {
    const audit = async (studyId: string) =>
      (
        (await t.dataSource.query(
          `SELECT action, entity_type, actor_role, (actor_user_id IS NOT NULL) AS has_actor, (site_id IS NOT NULL) AS has_site, changes, reason
           FROM audit_event WHERE study_id = $1 AND participant_id IS NOT NULL AND entity_type <> 'dosing_decision'`,
          [studyId],
        )) as object[]
      )
        .map((r) => normalise(JSON.stringify(r)))
        .sort();
    const bulk = await audit(bulkStudy);
    expect(bulk.length).toBeGreaterThan(3 * 10);
    expect(bulk).toEqual(await audit(serviceStudy));
    for (const s of [bulkStudy, serviceStudy])
      expect(await t.app.get(AuditChainVerifier).verify(s)).toMatchObject({ intact: true, firstBrokenLink: null });
  }, 120_000);
});

/** Study codes and every uuid replaced, so rows of the two studies compare by content. */
function normalise(s: string): string {
  return s.replace(UUID, '<uuid>').replace(/EQ[BS]S01/g, '<site>');
}

async function normalisedRows(ds: DataSource, table: string, studyId: string): Promise<string[]> {
  const cols = (await ds.query(
    `SELECT column_name, data_type FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position`,
    [table],
  )) as Array<{ column_name: string; data_type: string }>;
  // Ids and instants differ by nature: compared for presence only.
  const select = cols.map((c) =>
    c.data_type === 'uuid' || c.data_type.startsWith('timestamp')
      ? `("${c.column_name}" IS NOT NULL) AS "${c.column_name}"`
      : `"${c.column_name}"`,
  );
  const rows = (await ds.query(`SELECT ${select.join(', ')} FROM "${table}" WHERE study_id = $1`, [studyId])) as object[];
  return rows.map((r) => normalise(JSON.stringify(r))).sort();
}

async function tokenFor(t: TestApp, userId: string): Promise<string> {
  const family = randomUUID();
  await t.dataSource.query(
    `INSERT INTO refresh_token (user_id, family_id, token_hash, expires_at) VALUES ($1, $2, $3, now() + interval '1 day')`,
    [userId, family, randomBytes(32).toString('hex')],
  );
  return t.app.get(TokenService).signAccess(userId, family, ['pwd']);
}

/** What an investigator would type: screening, enrolment, then every record of the participant's course. */
async function enterThroughApi(t: TestApp, token: string, studyId: string, siteId: string, p: SynthParticipant): Promise<void> {
  const post = async (url: string, body: object, status = 201) => {
    const r = await t.http().post(url).set('Authorization', `Bearer ${token}`).send(body);
    if (r.status !== status) throw new Error(`${url}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const s = await post(`/api/v1/studies/${studyId}/screenings`, { ...p.screening, siteId });
  const pid = s.participant.id as string;
  await post(`/api/v1/participants/${pid}/enrolment`, { consentDate: p.consentDate, version: s.participant.version }, 200);
  const visits = (await t.dataSource.query(`SELECT id, number FROM planned_visit WHERE participant_id = $1`, [pid])) as Array<{
    id: string;
    number: number;
  }>;
  const visitId = new Map(p.plannedVisits.map((v) => [v.id, visits.find((x) => x.number === v.number)?.id]));
  const strip = <R extends { id: string; plannedVisitId: string | null }>(r: R) => {
    const { id: _id, plannedVisitId, ...rest } = r;
    return { ...rest, ...(plannedVisitId ? { plannedVisitId: visitId.get(plannedVisitId) } : {}) };
  };
  const infusionId = new Map<string, string>();
  for (const r of p.infusions) infusionId.set(r.id, (await post(`/api/v1/participants/${pid}/infusions`, strip(r))).id);
  for (const r of p.troughs)
    await post(`/api/v1/participants/${pid}/troughs`, { ...strip(r), precedesInfusionId: infusionId.get(r.precedesInfusionId) });
  for (const r of p.jcv) await post(`/api/v1/participants/${pid}/jcv`, strip(r));
  for (const r of p.relapses) await post(`/api/v1/participants/${pid}/relapses`, strip(r));
  for (const r of p.mri) await post(`/api/v1/participants/${pid}/mri`, strip(r));
  for (const r of p.edss) await post(`/api/v1/participants/${pid}/edss`, strip(r));
  // Derived fields (window flag, seriousness) are the service's to compute: not typed in.
  for (const { windowFlag: _w, ...r } of p.clinicVisits) await post(`/api/v1/participants/${pid}/clinic-visits`, strip(r));
  for (const { serious: _s, expeditedReview: _e, ...r } of p.adverseEvents)
    await post(`/api/v1/participants/${pid}/adverse-events`, strip(r));
}
