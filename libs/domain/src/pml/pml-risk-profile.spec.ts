import { addDays } from '../dates';
import { ParticipantHistory } from '../history';
import { pmlRiskProfile } from './pml-risk-profile';

/** Q4W from 2023-01-15: 28-day series built with the scaffold's addDays. */
function q4w(start: string, n: number) {
  return Array.from({ length: n }, (_, k) => ({ date: addDays(start, 28 * k) }));
}

describe('pmlRiskProfile — one object with metrics, exposure, JCV, prior IS and a table-tagged risk', () => {
  const asOf = '2025-08-31';
  const base: ParticipantHistory = {
    participant: { priorImmunosuppressant: false },
    infusions: q4w('2023-01-15', 35), // 35 given infusions (959 days to asOf / 28 → k = 0..34), last 2025-08-24
    jcv: [{ date: '2025-06-01', status: 'positive', index: 1.6 }],
  };

  it('§4d default table, infusions unit: 35 infusions, index 1.6 (> 1.5) → 25–36: 3 [memory], flagged unconfirmed', () => {
    const p = pmlRiskProfile(base, asOf);
    expect(p.exposure.infusions).toBe(35);
    expect(p.jcv).toMatchObject({ status: 'positive', indexBand: 'GT_1_5', stale: false });
    expect(p.priorImmunosuppressant).toBe('no');
    expect(p.risk).toMatchObject({
      kind: 'ESTIMATE',
      tableId: 'SMPC_HO_2017',
      valuePer1000: 3,
      status: 'memory',
      flags: ['UNCONFIRMED_VERIFY_AGAINST_SMPC'],
    });
    expect(p.warnings.some((w) => w.includes('[memory]'))).toBe(true);
  });

  it('§3 SID at 28 days: ADI 28 → SID, k = 15..34 fall in W18 from 2024-02-29 → 20 > 15 → eidByCount false', () => {
    const p = pmlRiskProfile(base, asOf);
    expect(p.eid.adi18mDays).toBe(28);
    expect(p.eid.dosingClassByAdi).toBe('SID');
    expect(p.eid.infusionCount18m).toBe(20);
    expect(p.eid.eidByCount).toBe(false);
    expect(p.eid.historyShorterThanWindow).toBe(false);
  });

  it('§4e months option: first infusion 2023-01-15 → 31 completed months at 2025-08-31 → UpToDate 25–48, index > 1.5 ≈ 8.8', () => {
    const p = pmlRiskProfile(base, asOf, { exposureUnit: 'months', tableId: 'UPTODATE_55637' });
    expect(p.exposure.monthsOnTreatment).toBe(31);
    expect(p.risk).toMatchObject({ kind: 'ESTIMATE', tableId: 'UPTODATE_55637', exposureUnit: 'months', exposure: 31, valuePer1000: 8.8 });
  });

  it('§4e stale JCV (> 6 months) is flagged in warnings, still used', () => {
    const p = pmlRiskProfile({ ...base, jcv: [{ date: '2024-12-01', status: 'positive', index: 1.6 }] }, asOf);
    expect(p.jcv.stale).toBe(true);
    expect(p.warnings.some((w) => w.includes('older than 6 months'))).toBe(true);
  });

  it('§4e outside the table: 80 infusions → OUTSIDE_TABLE, no number', () => {
    const p = pmlRiskProfile({ ...base, infusions: q4w('2019-06-01', 80) }, asOf);
    expect(p.risk).toMatchObject({ kind: 'OUTSIDE_TABLE', reason: 'EXPOSURE_BEYOND_TABLE', tableId: 'SMPC_HO_2017' });
  });

  it('linear in history size: one history of 50,000 infusions is profiled quickly (a quadratic pass would not finish)', () => {
    const history: ParticipantHistory = { ...base, infusions: q4w('1900-01-01', 50_000) };
    const start = process.hrtime.bigint();
    const p = pmlRiskProfile(history, '2030-01-01');
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    expect(p.exposure.infusions).toBeGreaterThan(1000);
    expect(ms).toBeLessThan(1500);
  });
});
