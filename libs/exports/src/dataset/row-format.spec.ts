import { randomBytes } from 'node:crypto';
import { DateShifter, dateShiftDays, shiftIso } from '@eid/trial';
import { columnsOf, rowFormatter } from './row-format';
import { Variable, YES_NO } from './variable';

const vars: Variable[] = [
  { name: 'date', label: 'Date', type: 'date', sql: '' },
  { name: 'dose_mg', label: 'Dose', type: 'integer', unit: 'mg', sql: '' },
  { name: 'index', label: 'Index', type: 'float', sql: '' },
  { name: 'administered', label: 'Administered', type: 'boolean', sql: '', codeList: YES_NO },
];

describe('rowFormatter', () => {
  it('converts numbers, adds labels and keeps nulls aligned', () => {
    const f = rowFormatter(vars, null);
    expect(f(['2026-02-02', 300, '1.25', 1, 'pid'])).toEqual(['2026-02-02', 300, 1.25, 1, 'Yes']);
    expect(f([null, null, null, null, 'pid'])).toEqual([null, null, null, null, null]);
    expect(columnsOf(vars).map((c) => c.name)).toEqual(['date', 'dose_mg', 'index', 'administered', 'administered_label']);
  });

  it('shifts dates by the participant offset', () => {
    const secret = randomBytes(32);
    const f = rowFormatter(vars, new DateShifter(secret));
    const [date] = f(['2026-02-02', 300, null, 0, 'participant-1']);
    expect(date).toBe(shiftIso('2026-02-02', dateShiftDays(secret, 'participant-1')));
  });
});
