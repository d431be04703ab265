import { randomBytes, randomUUID } from 'node:crypto';
import { dateShiftDays, shiftIso } from '@eid/trial';
import { visibleVariables } from './pseudonymisation';
import { DatasetTable } from './variable';

describe('pseudonymisation', () => {
  const secret = randomBytes(32);

  it('shifts one participant consistently, by a non-zero number of days within ±182', () => {
    const id = randomUUID();
    const d = dateShiftDays(secret, id);
    expect(dateShiftDays(secret, id)).toBe(d);
    expect(d).not.toBe(0);
    expect(Math.abs(d)).toBeLessThanOrEqual(182);
  });

  it('gives different participants different shifts and depends on the secret', () => {
    const shifts = new Set(Array.from({ length: 50 }, () => dateShiftDays(secret, randomUUID())));
    expect(shifts.size).toBeGreaterThan(30);
    const id = randomUUID();
    const other = Array.from({ length: 10 }, () => dateShiftDays(randomBytes(32), id));
    expect(new Set(other).size).toBeGreaterThan(1);
  });

  it('keeps intervals within a participant exact', () => {
    const a = shiftIso('2026-02-02', -40);
    const b = shiftIso('2026-03-16', -40);
    expect((Date.parse(b) - Date.parse(a)) / 86_400_000).toBe(42);
    expect(shiftIso('2026-03-29T01:30:00Z', 1)).toBe('2026-03-30T01:30:00Z');
  });

  it('drops identifying and free-text variables unless the level is none', () => {
    const t: DatasetTable = {
      name: 'x',
      label: 'x',
      kind: 'record',
      from: '',
      orderBy: '',
      participantIdSql: 'p.id',
      variables: [
        { name: 'participant_code', label: '', type: 'text', sql: '' },
        { name: 'screening_number', label: '', type: 'text', sql: '', identifying: true },
        { name: 'notes', label: '', type: 'text', sql: '', freeText: true },
      ],
    };
    expect(visibleVariables(t, 'pseudonymised').map((v) => v.name)).toEqual(['participant_code']);
    expect(visibleVariables(t, 'none')).toHaveLength(3);
  });
});
