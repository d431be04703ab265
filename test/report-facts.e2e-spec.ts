import { Client } from 'pg';
import { ReportFactsCatchUp } from '@eid/reporting';
import { api, createTrialWorld, enrolledParticipant, TrialWorld } from './support/trial-fixtures';
import { createTestApp, TestApp } from './support/test-app';

/**
 * The report facts (migration ReportFacts) are maintained incrementally: writers' triggers mark what changed, a
 * catch-up recomputes it. What they must equal once caught up: the facts rebuilt from scratch out of the source
 * rows. Every test here changes data through the API or plain SQL, catches up, and compares the maintained facts with
 * a rebuild (done in a transaction that is rolled back, so the real facts are never touched by the check).
 */
const FACTS: Record<string, string> = {
  report_participant_facts: 'participant_id',
  report_span_facts: 'participant_id, lo',
  report_trough_facts: 'trough_sample_id',
  report_trough_histogram: 'study_id, site_id, band, concentration_ug_per_ml',
};

async function snapshot(c: { query: (sql: string) => Promise<{ rows: unknown[] } | unknown[]> }): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const [table, key] of Object.entries(FACTS)) {
    // A histogram count that went back to 0 stays as a row; a rebuild never writes one.
    const r = await c.query(
      `SELECT to_jsonb(f) AS row FROM ${table} f ${table === 'report_trough_histogram' ? 'WHERE n <> 0' : ''} ORDER BY ${key}`,
    );
    out[table] = (Array.isArray(r) ? r : r.rows).map((x) => (x as { row: unknown }).row);
  }
  return out;
}

async function rebuilt(t: TestApp): Promise<Record<string, unknown[]>> {
  const c = new Client({ connectionString: t.databaseUrl });
  await c.connect();
  try {
    await c.query('BEGIN');
    for (const table of Object.keys(FACTS)) await c.query(`DELETE FROM ${table}`);
    await c.query(`SELECT report_facts_refresh(array_agg(id), NULL) FROM participant`);
    return await snapshot(c);
  } finally {
    await c.query('ROLLBACK');
    await c.end();
  }
}

describe('report facts (e2e)', () => {
  let t: TestApp;
  let w: TrialWorld;

  beforeAll(async () => {
    t = await createTestApp();
    w = await createTrialWorld(t);
  }, 120_000);

  afterAll(async () => t?.close());

  const caughtUp = async () => {
    await t.app.get(ReportFactsCatchUp).catchUp();
    return snapshot(t.dataSource);
  };
  const facts = async (sql: string, params: unknown[]) => {
    await t.app.get(ReportFactsCatchUp).catchUp();
    return t.dataSource.query(sql, params);
  };

  const post = async (pid: string, form: string, body: object, inv = w.invA) => {
    const r = await api(t, inv).post(`/api/v1/participants/${pid}/${form}`, body);
    if (r.status !== 201) throw new Error(`${form}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body as { id: string; version: number };
  };

  it('after entries, corrections, deletions, verification and a withdrawal, the facts equal a rebuild', async () => {
    const a = await enrolledParticipant(t, w, w.invA, w.siteA.id);
    const b = await enrolledParticipant(t, w, w.invB, w.siteB.id);
    await post(a.id, 'infusions', { date: '2026-02-02', doseMg: 300 });
    await post(a.id, 'infusions', { date: '2026-03-02', doseMg: 300 });
    const third = await post(a.id, 'infusions', { date: '2026-04-13', doseMg: 300 });
    const fourth = await post(a.id, 'infusions', { date: '2026-05-25', doseMg: 300 });
    const tr = await post(a.id, 'troughs', { sampledOn: '2026-04-13', concentrationUgPerMl: 14.5, precedesInfusionId: third.id });
    await post(a.id, 'troughs', { sampledOn: '2026-05-25', concentrationUgPerMl: 9.25, precedesInfusionId: fourth.id });
    await post(a.id, 'edss', { date: '2026-01-12', score: 2.0 });
    await post(a.id, 'edss', { date: '2026-03-01', score: 3.0 });
    await post(a.id, 'edss', { date: '2026-06-01', score: 3.0 });
    await post(a.id, 'relapses', { onsetDate: '2026-02-20' });
    await post(a.id, 'mri', { date: '2026-04-01', newOrEnlargingT2Count: 0, gadoliniumEnhancingCount: 1 });
    await post(b.id, 'infusions', { date: '2026-02-02', doseMg: 300 }, w.invB);
    await post(b.id, 'infusions', { date: '2026-03-02', doseMg: 300 }, w.invB);

    // Hand-derived: A's intervals are 4, 6, 6 weeks → spans 4 from 03-02, 6 from 04-13 (open-ended).
    const [spans] = [await facts(`SELECT lo::text, hi::text, band FROM report_span_facts WHERE participant_id = $1 ORDER BY lo`, [a.id])];
    expect(spans).toEqual([
      { lo: '2026-03-02', hi: '2026-04-12', band: '4' },
      { lo: '2026-04-13', hi: 'infinity', band: '6' },
    ]);
    // EDSS 2.0 → 3.0 (≥ +1.0) on 03-01 is 9 days after the 02-20 relapse onset, so relapse-affected: no confirmed
    // progression from the 01-12 baseline, and the 06-01 score is an increase still awaiting confirmation (pending).
    // From the later baselines (threshold 4.0; none after 06-01) nothing is at or above the threshold.
    // pending_key = k × 10^6 + days since 2000-01-01 of each valid score after baseline k: 2026-06-01 is day 9648.
    // The screening EDSS (fixture: 2.5 on 2026-01-05) is baseline k = 1 (threshold 3.5: every later score is below it),
    // so the eCRF scores are baselines k = 2, 3, 4 and the pending key is 2 × 10^6 + 9648.
    const [fa] = await facts(
      `SELECT baseline_dates::text[] AS b, cdp_first::text[] AS c, pending_key AS k, pending_until AS u, relapse_onsets::text[] AS r FROM report_participant_facts WHERE participant_id = $1`,
      [a.id],
    );
    expect(fa).toEqual({
      b: ['2026-01-05', '2026-01-12', '2026-03-01', '2026-06-01'],
      c: [null, null, null, null],
      k: ['2009648'],
      u: [2147483647],
      r: ['2026-02-20'],
    });

    // Correct the third infusion's date (the 6-week interval becomes 5 + 7), delete a trough, verify a record,
    // and withdraw B before their second infusion.
    const fix = await api(t, w.invA).patch(`/api/v1/participants/${a.id}/infusions/${third.id}`, {
      date: '2026-04-06',
      version: third.version,
      reason: 'transcription error',
    });
    expect(fix.status).toBe(200);
    const del = await api(t, w.invA)
      .delete(`/api/v1/participants/${a.id}/troughs/${tr.id}`)
      .send({ version: tr.version, reason: 'sample haemolysed' });
    expect(del.status).toBe(200);
    const ver = await api(t, w.monitor).post(`/api/v1/participants/${a.id}/infusions/${fourth.id}/verification`, {
      version: fourth.version,
    });
    expect(ver.status).toBe(200);
    const [pb] = await t.dataSource.query(`SELECT version FROM participant WHERE id = $1`, [b.id]);
    const wd = await api(t, w.invB).post(`/api/v1/participants/${b.id}/status`, {
      action: 'withdraw',
      date: '2026-02-20',
      reason: 'moved away',
      version: pb.version,
    });
    expect(wd.status).toBe(200);

    const after = await facts(`SELECT lo::text, hi::text, band FROM report_span_facts WHERE participant_id = $1 ORDER BY lo`, [a.id]);
    expect(after).toEqual([
      { lo: '2026-03-02', hi: '2026-04-05', band: '4' },
      { lo: '2026-04-06', hi: '2026-05-24', band: '5' },
      { lo: '2026-05-25', hi: 'infinity', band: '7' },
    ]);
    // B's only interval starts after the withdrawal: nothing of it lies in B's observation window.
    expect(await facts(`SELECT 1 FROM report_span_facts WHERE participant_id = $1`, [b.id])).toEqual([]);
    const [sdv] = await facts(`SELECT sdv_records, sdv_verified FROM report_participant_facts WHERE participant_id = $1`, [a.id]);
    expect(sdv).toEqual({ sdv_records: 10, sdv_verified: 1 });

    expect(await caughtUp()).toEqual(await rebuilt(t));
  }, 60_000);

  it('trough quartiles: the maintained histogram (period holding every trough) and counting the troughs agree', async () => {
    const p = await enrolledParticipant(t, w, w.invA, w.siteA.id);
    const dates = ['2026-01-19', '2026-03-02', '2026-04-13', '2026-05-25'];
    const values = [31.5, 22.25, 18.0];
    const inf = [];
    for (const d of dates) inf.push(await post(p.id, 'infusions', { date: d, doseMg: 300 }));
    for (let i = 1; i < dates.length; i++)
      await post(p.id, 'troughs', { sampledOn: dates[i], concentrationUgPerMl: values[i - 1], precedesInfusionId: inf[i].id });
    const url = (from: string) => `/api/v1/studies/${w.studyId}/reports/dosing?from=${from}&to=2026-06-15&siteId=${w.siteA.id}`;
    // From the first enrolment: every trough of site A is in the period → histogram. One day later → counted.
    const [first] = await t.dataSource.query(
      `SELECT min(enrolment_date)::text AS d FROM participant WHERE site_id = $1 AND enrolment_date IS NOT NULL`,
      [w.siteA.id],
    );
    const next = new Date(Date.parse(first.d) + 86_400_000).toISOString().slice(0, 10);
    await t.app.get(ReportFactsCatchUp).catchUp();
    const whole = await api(t, w.monitor).get(url(first.d));
    const counted = await api(t, w.monitor).get(url(next));
    expect(whole.status).toBe(200);
    const six = whole.body.troughsByInterval.find((x: { band: string }) => x.band === '6');
    // This participant's three 6-week troughs, plus any earlier 6-week troughs of site A.
    expect(six.n).toBeGreaterThanOrEqual(3);
    expect(counted.body.troughsByInterval).toEqual(whole.body.troughsByInterval);
  });

  it('a catch-up during an open write leaves that write marked, and the next catch-up includes it', async () => {
    const p = await enrolledParticipant(t, w, w.invA, w.siteA.id);
    const first = await post(p.id, 'mri', { date: '2026-02-02', newOrEnlargingT2Count: 0, gadoliniumEnhancingCount: 0 });
    // Copies of that scan on other dates, written by plain SQL: the triggers serve every writer, not only the API.
    const clone = `INSERT INTO mri_scan SELECT (jsonb_populate_record(NULL::mri_scan, to_jsonb(m) || jsonb_build_object('id', gen_random_uuid(), 'date', $2::text))).* FROM mri_scan m WHERE m.id = $1`;
    const mriDates = async () =>
      (
        (await t.dataSource.query(`SELECT mri_dates::text[] AS d FROM report_participant_facts WHERE participant_id = $1`, [
          p.id,
        ])) as Array<{ d: string[] }>
      )[0].d;
    // Caught up first, so no mark of this participant is left for the open writer to lock (a catch-up would then wait
    // for that writer's commit — the other safe order, not the one shown here).
    await t.app.get(ReportFactsCatchUp).catchUp();
    const writer = new Client({ connectionString: t.databaseUrl });
    await writer.connect();
    try {
      await writer.query('BEGIN');
      await writer.query(clone, [first.id, '2026-03-02']);
      // Caught up while the writer is open: its row and its mark are invisible, the facts hold the committed scan.
      await t.app.get(ReportFactsCatchUp).catchUp();
      expect(await mriDates()).toEqual(['2026-02-02']);
      await writer.query('COMMIT');
    } finally {
      await writer.end();
    }
    const [mark] = await t.dataSource.query(`SELECT parts FROM report_facts_pending WHERE participant_id = $1`, [p.id]);
    expect(mark.parts).toEqual(['mri', 'sdv']);
    await t.app.get(ReportFactsCatchUp).catchUp();
    expect(await mriDates()).toEqual(['2026-02-02', '2026-03-02']);
    // Two catch-ups at once (a sweep and a report) take disjoint marks and both succeed.
    await Promise.all([
      post(p.id, 'mri', { date: '2026-04-13', newOrEnlargingT2Count: 1, gadoliniumEnhancingCount: 0 }),
      post(p.id, 'edss', { date: '2026-04-13', score: 2.0 }),
    ]);
    await Promise.all([t.app.get(ReportFactsCatchUp).catchUp(), t.dataSource.query(`SELECT report_facts_catch_up(1000)`)]);
    expect(await caughtUp()).toEqual(await rebuilt(t));
  }, 60_000);

  it('a participant without any data has an empty facts row, and a dosing decision written by SQL is counted', async () => {
    const p = await enrolledParticipant(t, w, w.invA, w.siteA.id);
    const [empty] = await facts(`SELECT infusion_dates, sdv_records FROM report_participant_facts WHERE participant_id = $1`, [p.id]);
    expect(empty).toEqual({ infusion_dates: [], sdv_records: 0 });
    await t.dataSource.query(
      `INSERT INTO dosing_decision (study_id, site_id, participant_id, action, decided_on, protocol_id, protocol_version, proposed_decision, proposed_interval_weeks,
                                    current_interval_weeks, interval_weeks, proposal, inputs, decided_by)
       SELECT study_id, site_id, id, 'override', '2026-03-02', 'pdnms', '1', 'EXTEND', 5, 4, 4, '{}', '{}', $2 FROM participant WHERE id = $1`,
      [p.id, w.invA.id],
    );
    const [d] = await facts(
      `SELECT override_dates::text[] AS o, confirm_dates::text[] AS c FROM report_participant_facts WHERE participant_id = $1`,
      [p.id],
    );
    expect(d).toEqual({ o: ['2026-03-02'], c: [] });
    expect(await caughtUp()).toEqual(await rebuilt(t));
  });
});
