import { parseHistory } from './history-parser';
import extendEx from '../../../../protocols/examples/extend.json';
import awaitEx from '../../../../protocols/examples/await-trough.json';
import activityEx from '../../../../protocols/examples/activity.json';
import keepEx from '../../../../protocols/examples/keep-at-15.json';
import maxEx from '../../../../protocols/examples/max-reached.json';
import pmlEx from '../../../../protocols/examples/pml-suspended.json';

describe('parseHistory (history file format of protocols/examples)', () => {
  it.each([extendEx, awaitEx, activityEx, keepEx, maxEx, pmlEx])('example %# is valid', (ex) => {
    expect(parseHistory(ex)).toMatchObject({ ok: true });
  });

  it('lists every problem with path and reason', () => {
    const r = parseHistory({
      participant: { weightKg: -3, nickname: 'x' },
      infusions: [{ date: '2025-02-30' }, { doseMg: 300 }],
      troughs: [
        { date: '2025-03-03', ugPerMl: 'high' },
        { date: '2025-03-04', ugPerMl: 12, belowLloq: true },
      ],
      edss: [{ date: '2025-01-01', score: 0.5 }], // outcomes.md §5: 0.5 is not a valid EDSS
      mri: [{ date: '2025-01-01', newOrEnlargingT2: 1.5 }],
      jcv: [{ date: '2025-01-01', status: 'maybe' }],
      decisions: [{ date: '2025-01-01', intervalWeeks: 0 }],
      other: 1,
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => p.path).sort()).toEqual(
      [
        '/other',
        '/participant/weightKg',
        '/participant/nickname',
        '/infusions/0/date',
        '/infusions/1/date',
        '/troughs/0/ugPerMl',
        '/troughs/1/belowLloq',
        '/edss/0/score',
        '/mri/0/newOrEnlargingT2',
        '/jcv/0/status',
        '/decisions/0/intervalWeeks',
      ].sort(),
    );
  });

  it('infusions are required; non-object → problem at /', () => {
    expect(parseHistory({})).toEqual({ ok: false, problems: [{ path: '/infusions', reason: expect.any(String) }] });
    expect(parseHistory([])).toMatchObject({ ok: false, problems: [{ path: '/' }] });
  });

  it('issue 13: decisions take an optional "rule"; adverseEvents carry onset, pmlSuspected, resolvedOn', () => {
    const ok = parseHistory({
      infusions: [],
      decisions: [{ date: '2025-03-31', intervalWeeks: 4, rule: 'P1' }],
      adverseEvents: [
        { onset: '2025-03-20', pmlSuspected: true, term: 'New cognitive symptoms' },
        { onset: '2025-01-02', resolvedOn: '2025-01-09' },
      ],
    });
    expect(ok).toMatchObject({ ok: true });
    const bad = parseHistory({
      infusions: [],
      decisions: [{ date: '2025-03-31', intervalWeeks: 4, rule: 1 }],
      adverseEvents: [{ pmlSuspected: 'yes', resolvedOn: '2025-02-30' }],
    });
    expect(bad.ok).toBe(false);
    if (!bad.ok)
      expect(bad.problems.map((p) => p.path).sort()).toEqual([
        '/adverseEvents/0/onset',
        '/adverseEvents/0/pmlSuspected',
        '/adverseEvents/0/resolvedOn',
        '/decisions/0/rule',
      ]);
  });
});
