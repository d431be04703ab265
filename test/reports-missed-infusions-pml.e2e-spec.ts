import { ReportFactsCatchUp } from '@eid/reporting';
import { api, createTrialWorld, enrolledParticipant, TODAY, TrialWorld } from './support/trial-fixtures';
import { createTestApp, TestApp } from './support/test-app';

/**
 * Missed infusions around PML suspicions (rule P0: nothing is due while one is open; migration
 * LateInfusionsAcrossPmlSuspicions). Worked by hand from docs/science/protocols.md A7 and pdnms-v1.json: start interval
 * 4 weeks, A7 tolerance +3 days → overdue from due + 4. Screening's last infusion 2026-01-05 → first due 02-02.
 *
 *  S: 02-02 on the due date. Due 02-02 + 28 = 03-02, within tolerance to 03-05: overdue from 03-06 (the list says so on
 *     03-06…03-09). A PML suspicion is raised on 03-10 (new symptoms at the delayed visit), PML excluded 03-20, infusion
 *     given 03-20 → 1 missed: overdue before the suspicion.
 *     Due 03-20 + 28 = 04-17, tolerance to 04-20. A second suspicion from 04-15 (before due) to 04-30, infusion given
 *     04-30, the day it was resolved → not missed: never overdue, the suspicion was open from before 04-21 until then.
 *     Due 04-30 + 28 = 05-28, given 05-28 (on time). Next due 06-25 > today 06-15.
 */
describe('reports: missed infusions around PML suspicions (e2e)', () => {
  let t: TestApp;
  let w: TrialWorld;

  beforeAll(async () => {
    t = await createTestApp({ RUN_WORKERS: 'false' });
    w = await createTrialWorld(t);
    const sid = (await enrolledParticipant(t, w, w.invA, w.siteA.id)).id;
    const post = async (form: string, body: object) => {
      const r = await api(t, w.invA).post(`/api/v1/participants/${sid}/${form}`, body);
      if (r.status !== 201) throw new Error(`${form}: ${r.status} ${JSON.stringify(r.body)}`);
    };
    for (const [onsetDate, resolutionDate] of [
      ['2026-03-10', '2026-03-20'],
      ['2026-04-15', '2026-04-30'],
    ])
      await post('adverse-events', {
        term: 'New neurological symptoms — PML to be excluded',
        onsetDate,
        resolutionDate,
        severity: 'moderate',
        seriousnessCriteria: [],
        relatedness: 'unlikely',
        actionTaken: 'drug-interrupted',
        outcome: 'recovered',
        pmlSuspected: true,
      });
    for (const date of ['2026-02-02', '2026-03-20', '2026-04-30', '2026-05-28']) await post('infusions', { date, doseMg: 300 });
    await t.app.get(ReportFactsCatchUp).catchUp();
  }, 120_000);

  afterAll(async () => t?.close());

  const missed = async (to: string): Promise<number> => {
    const r = await api(t, w.monitor).get(`/api/v1/studies/${w.studyId}/reports/data-quality?from=2026-01-12&to=${to}`);
    expect(r.status).toBe(200);
    return r.body.overall.missedInfusions as number;
  };

  it('overdue before a suspicion counts from the first overdue day on, also while the suspicion is open and after', async () => {
    // 03-05: last day within tolerance → 0. 03-06: overdue → 1. 03-12: suspicion open, but it was overdue before → 1.
    expect([await missed('2026-03-05'), await missed('2026-03-06'), await missed('2026-03-12'), await missed('2026-03-20')]).toEqual([
      0, 1, 1, 1,
    ]);
  });

  it('an infusion held for a suspicion raised before it was overdue and given the day it was resolved is not missed', async () => {
    // 04-25: the second suspicion open since 04-15 (before the 04-20 tolerance end) → still the first one only; so at 04-30
    // and today (05-28 on its due date, next due 06-25).
    expect([await missed('2026-04-25'), await missed('2026-04-30'), await missed(TODAY)]).toEqual([1, 1, 1]);
  });
});
