import { decideInterval, historyScheduleDeviations } from './interval-decision';
import { builtIn } from './test-helpers';

/*
 * The monitor's list of schedule deviations (historyScheduleDeviations) is the engine's own: PDNMS-v1, start 4 weeks
 * (28 days), A7 −3/+3 days [unconfirmed placeholder]; each gap is worked by hand in its test.
 */
const pdnms = builtIn('pdnms');
const inf = (...dates: string[]) => dates.map((date) => ({ date, doseMg: 300 }));

describe('historyScheduleDeviations (monitor list) = decideInterval().scheduleDeviations', () => {
  it('±3 days is on schedule, ±4 is a deviation (early and late); same objects as the proposal', () => {
    // 01-06 → 02-06: 31 d = +3 on schedule; 02-06 → 03-10: 32 d = +4 late; 03-10 → 04-04: 25 d = −3 on schedule;
    // 04-04 → 04-28: 24 d = −4 early.
    const history = { infusions: inf('2025-01-06', '2025-02-06', '2025-03-10', '2025-04-04', '2025-04-28') };
    const asOf = '2025-05-01';
    const list = historyScheduleDeviations(pdnms, history, asOf);
    expect(list.map((d) => [d.from, d.to, d.gapDays, d.intervalWeeks, d.offsetDays, d.kind])).toEqual([
      ['2025-02-06', '2025-03-10', 32, 4, 4, 'late'],
      ['2025-04-04', '2025-04-28', 24, 4, -4, 'early'],
    ]);
    expect(list).toEqual(decideInterval(pdnms, history, asOf).scheduleDeviations);
    // Infusions after asOf are not read.
    expect(historyScheduleDeviations(pdnms, history, '2025-04-27')).toEqual(list.slice(0, 1));
  });

  it('uses the interval in force (the last decision dated before the gap end)', () => {
    // Decision on 02-03 to 5 weeks (35 d): 02-03 → 03-10 = 35 d on the due day; 03-10 → 04-07 = 28 d = −7 early.
    const history = {
      infusions: inf('2025-01-06', '2025-02-03', '2025-03-10', '2025-04-07'),
      decisions: [{ date: '2025-02-03', intervalWeeks: 5 }],
    };
    const list = historyScheduleDeviations(pdnms, history, '2025-05-01');
    expect(list.map((d) => [d.from, d.to, d.intervalWeeks, d.offsetDays])).toEqual([['2025-03-10', '2025-04-07', 5, -7]]);
    expect(list).toEqual(decideInterval(pdnms, history, '2025-05-01').scheduleDeviations);
  });
});
