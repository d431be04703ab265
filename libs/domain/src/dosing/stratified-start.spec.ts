import { decideInterval } from './interval-decision';
import { findProtocol } from '../protocol';

/**
 * protocols/next-ms-v1.json (stratified-start shape; cut-offs unconfirmed placeholders): S.strata ≥ 34 µg/mL →
 * 6 weeks, ≥ 18 → 5 weeks, below → 4; lowest of the latest two troughs at the 4-week start interval
 * (S.startTroughs = 2, NCT04225312). Four Q4W infusions, troughs pre-dose on the third and fourth.
 */
const protocol = findProtocol('stratified-start-next-ms-style', '1')!;
const infusions = ['2025-01-06', '2025-02-03', '2025-03-03', '2025-03-31'].map((date) => ({ date }));
const decide = (troughs: { date: string; ugPerMl?: number; belowLloq?: boolean }[], asOf = '2025-03-31') =>
  decideInterval(protocol, { infusions, troughs }, asOf);

describe('stratified start (next-ms-v1.json, NEXT-MS-style shape)', () => {
  it('is never labelled the NEXT-MS protocol and marks its cut-offs unconfirmed', () => {
    expect(protocol.title).not.toMatch(/^NEXT-MS/);
    expect(protocol.caveat).toMatch(/NOT the NEXT-MS protocol/);
    expect(protocol.dosing.strata!.status).toBe('unconfirmed');
    expect(protocol.dosing.strata!.rows.every((r) => r.status === 'unconfirmed')).toBe(true);
  });

  it.each([
    ['40 and 36: lowest 36 ≥ 34 → 6 weeks (S1)', 40, 36, 'EXTEND', 'S1', 6],
    ['40 and exactly 34: the cut-off is inclusive → 6 weeks', 40, 34, 'EXTEND', 'S1', 6],
    ['40 and 33.9: below 34, ≥ 18 → 5 weeks', 40, 33.9, 'EXTEND', 'S1', 5],
    ['exactly 18 and 30: lowest 18 ≥ 18 → 5 weeks', 18, 30, 'EXTEND', 'S1', 5],
    ['19 and 17.9: below every cut-off → keep 4 weeks (S2)', 19, 17.9, 'KEEP', 'S2', 4],
  ])('%s', (_, a, b, decision, rule, weeks) => {
    const d = decide([
      { date: '2025-03-03', ugPerMl: a },
      { date: '2025-03-31', ugPerMl: b },
    ]);
    expect(d).toMatchObject({ decision, rule, nextIntervalWeeks: weeks });
  });

  it('a < LLOQ start trough is below every cut-off → 4 weeks', () => {
    expect(
      decide([
        { date: '2025-03-03', ugPerMl: 40 },
        { date: '2025-03-31', belowLloq: true },
      ]),
    ).toMatchObject({ decision: 'KEEP', rule: 'S2', nextIntervalWeeks: 4 });
  });

  it('one start trough only: wait for the second (S0), even when it is high', () => {
    expect(decide([{ date: '2025-03-03', ugPerMl: 50 }], '2025-03-03')).toMatchObject({
      decision: 'KEEP_AWAIT_TROUGH',
      rule: 'S0',
      nextIntervalWeeks: 4,
    });
  });

  it('after the start (interval changed to 5 weeks) the stepwise rows apply, not the strata', () => {
    const inf = [...infusions, { date: '2025-05-05' }];
    const d = decideInterval(
      protocol,
      {
        infusions: inf,
        troughs: [
          { date: '2025-03-03', ugPerMl: 40 },
          { date: '2025-03-31', ugPerMl: 20 },
          { date: '2025-05-05', ugPerMl: 16 },
        ],
        decisions: [{ date: '2025-03-31', intervalWeeks: 5 }],
      },
      '2025-05-05',
    );
    expect(['S0', 'S1', 'S2']).not.toContain(d.rule);
  });
});
