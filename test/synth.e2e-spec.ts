import { DataSource } from 'typeorm';
import { AuditChainVerifier } from '@eid/audit-api';
import { UsersAdminService } from '@eid/identity';
import { ensureSynthStudy, SynthLoader, type SynthOptions } from '@eid/synth';
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
  'dosing_decision',
];
// Who and when differ between loads (accounts get fresh ids, the clock moves); everything else must not.
const VOLATILE = new Set(['created_at', 'updated_at', 'created_by', 'updated_by', 'decided_by']);

async function rowsOf(ds: DataSource, table: string): Promise<string[]> {
  const cols = (
    (await ds.query(`SELECT column_name FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position`, [
      table,
    ])) as Array<{ column_name: string }>
  )
    .map((c) => c.column_name)
    .filter((c) => !VOLATILE.has(c) && c !== 'site_id' && c !== 'study_id');
  const rows = (await ds.query(`SELECT ${cols.map((c) => `"${c}"`).join(', ')} FROM "${table}"`)) as object[];
  return rows.map((r) => JSON.stringify(r)).sort();
}

/** The synthetic trial: same seed → same rows (deterministic ids), and an audit chain that verifies. */
describe('synth (e2e)', () => {
  const o: SynthOptions = { studyCode: 'SYN-E2E', participants: 12, years: 2, sites: 2, seed: 4242, start: '2023-01-02' };
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    a = await createTestApp();
    b = await createTestApp();
  }, 120_000);
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  const load = async (t: TestApp) => {
    const study = await ensureSynthStudy(
      { dataSource: t.dataSource, users: t.app.get(UsersAdminService), studies: t.app.get(StudiesAdminService) },
      o,
    );
    const result = await new SynthLoader(await t.ownerDataSource()).load(o, study);
    return { study, result };
  };

  it('two loads of one seed give identical row sets, and every audit chain verifies', async () => {
    const first = await load(a);
    const second = await load(b);
    expect(first.result.rows).toEqual(second.result.rows);
    expect(first.result.rows.participant).toBe(12);
    expect(first.result.rows.infusion).toBeGreaterThan(12 * 10);
    expect(first.result.rows.dosing_decision).toBeGreaterThan(0);
    for (const table of TABLES) expect(await rowsOf(b.dataSource, table)).toEqual(await rowsOf(a.dataSource, table));

    for (const [t, s] of [
      [a, first.study],
      [b, second.study],
    ] as const) {
      const report = await t.app.get(AuditChainVerifier).verify(s.studyId);
      expect(report).toMatchObject({ intact: true, firstBrokenLink: null });
      // One audit row per participant screening + enrolment, per eCRF record and per dosing decision.
      const [{ n }] = await t.dataSource.query(
        `SELECT count(*)::int AS n FROM audit_event WHERE study_id = $1 AND correlation_id = $2 AND participant_id IS NOT NULL`,
        [s.studyId, s.correlationId],
      );
      const records = TABLES.filter((x) => !x.startsWith('planned') && x !== 'participant').reduce(
        (acc, x) => acc + (first.result.rows[x] ?? 0),
        0,
      );
      expect(n).toBe(12 * 2 + records);
    }
  }, 300_000);

  it('a different seed gives a different trial', async () => {
    const other = { ...o, studyCode: 'SYN-E2E-2', seed: 4243 };
    const study = await ensureSynthStudy(
      { dataSource: a.dataSource, users: a.app.get(UsersAdminService), studies: a.app.get(StudiesAdminService) },
      other,
    );
    await new SynthLoader(await a.ownerDataSource()).load(other, study);
    const [x, y] = (await a.dataSource.query(
      `SELECT s.code, string_agg(i.date::text, ',' ORDER BY p.screening_number, i.date) AS dates FROM infusion i JOIN participant p ON p.id = i.participant_id JOIN study s ON s.id = p.study_id GROUP BY s.code ORDER BY s.code`,
    )) as Array<{ dates: string }>;
    expect(x.dates).not.toEqual(y.dates);
  }, 300_000);
});
