import { ParticipantHistory } from '../history';
import { decideInterval } from './interval-decision';
import { describeDecision } from './describe-decision';
import { builtIn, variant } from './test-helpers';
import extendEx from '../../../../protocols/examples/extend.json';
import awaitEx from '../../../../protocols/examples/await-trough.json';
import activityEx from '../../../../protocols/examples/activity.json';
import keepEx from '../../../../protocols/examples/keep-at-15.json';
import maxEx from '../../../../protocols/examples/max-reached.json';
import pmlEx from '../../../../protocols/examples/pml-suspended.json';

// Dates: Q4W from 2025-01-06 → 02-03, 03-03, 03-31 (28-day steps); 03-31 + 35 d = 05-05; 05-05 + 35 d = 06-09.
const Q4W = ['2025-01-06', '2025-02-03', '2025-03-03', '2025-03-31'];
const inf = (...dates: string[]) => dates.map((date) => ({ date, doseMg: 300 }));
const h = (x: Partial<ParticipantHistory>): ParticipantHistory => ({ infusions: inf(...Q4W), ...x });

const pdnms = builtIn('pdnms');

interface Case {
  name: string;
  history: ParticipantHistory;
  asOf: string;
  decision: string;
  rule: string;
  current: number;
  next: number;
  due: string | null;
}

const cases: Case[] = [
  {
    name: 'protocols.md P4, A2(a): exactly 15.0 is not > 15.0 → KEEP (P5)',
    history: h({
      troughs: [
        { date: '2025-03-03', ugPerMl: 18.0 },
        { date: '2025-03-31', ugPerMl: 15.0 },
      ],
    }),
    asOf: '2025-03-31',
    decision: 'KEEP',
    rule: 'P5',
    current: 4,
    next: 4,
    due: '2025-04-28',
  },
  {
    name: 'protocols.md P4, A1(a): two troughs 18.2 and 15.1 at 4 weeks both > 15.0 → EXTEND to 5; A7 due = 03-31 + 35 d',
    history: h({
      troughs: [
        { date: '2025-03-03', ugPerMl: 18.2 },
        { date: '2025-03-31', ugPerMl: 15.1 },
      ],
    }),
    asOf: '2025-03-31',
    decision: 'EXTEND',
    rule: 'P4',
    current: 4,
    next: 5,
    due: '2025-05-05',
  },
  {
    name: 'protocols.md rules of evidence: "< LLOQ" is a trough and counts as ≤ 15.0 → KEEP (P5)',
    history: h({
      troughs: [
        { date: '2025-03-03', ugPerMl: 20.0 },
        { date: '2025-03-31', belowLloq: true },
      ],
    }),
    asOf: '2025-03-31',
    decision: 'KEEP',
    rule: 'P5',
    current: 4,
    next: 4,
    due: '2025-04-28',
  },
  {
    name: 'protocols.md rules of evidence: a sample without a result is not a trough → only 1 trough → KEEP_AWAIT_TROUGH (P3)',
    history: h({ troughs: [{ date: '2025-03-03', ugPerMl: 20.0 }, { date: '2025-03-31' }] }),
    asOf: '2025-03-31',
    decision: 'KEEP_AWAIT_TROUGH',
    rule: 'P3',
    current: 4,
    next: 4,
    due: '2025-04-28',
  },
  {
    name: 'protocols.md rules of evidence: sample without result skipped, the two earlier troughs (19, 20) at 4 weeks are the latest two → EXTEND',
    history: h({ troughs: [{ date: '2025-02-03', ugPerMl: 19 }, { date: '2025-03-03', ugPerMl: 20.0 }, { date: '2025-03-31' }] }),
    asOf: '2025-03-31',
    decision: 'EXTEND',
    rule: 'P4',
    current: 4,
    next: 5,
    due: '2025-05-05',
  },
  {
    name: 'protocols.md A5(a): count restarts after extension (decision 03-31 → 5 wk); one trough at 5 wk → KEEP_AWAIT_TROUGH',
    history: h({
      infusions: inf(...Q4W, '2025-05-05'),
      troughs: [
        { date: '2025-03-03', ugPerMl: 20 },
        { date: '2025-03-31', ugPerMl: 21 },
        { date: '2025-05-05', ugPerMl: 22 },
      ],
      decisions: [{ date: '2025-03-31', intervalWeeks: 5 }],
    }),
    asOf: '2025-05-05',
    decision: 'KEEP_AWAIT_TROUGH',
    rule: 'P3',
    current: 5,
    next: 5,
    due: '2025-06-09',
  },
  {
    // EV-INTERVAL: no decision → start interval 4 weeks; 03-31 → 05-05 is 35 d = 28 + 7, late by 7 > A7 +3 → a
    // schedule deviation, not a 5-week interval; its trough (22) does not count. 20 and 21 (28-d gaps) > 15 → P4.
    name: 'EV-INTERVAL: no decisions → the 5-week gap is a deviation, never a new interval; 20, 21 at 4 weeks → EXTEND 5; due 05-05 + 35 d',
    history: h({
      infusions: inf(...Q4W, '2025-05-05'),
      troughs: [
        { date: '2025-03-03', ugPerMl: 20 },
        { date: '2025-03-31', ugPerMl: 21 },
        { date: '2025-05-05', ugPerMl: 22 },
      ],
    }),
    asOf: '2025-05-05',
    decision: 'EXTEND',
    rule: 'P4',
    current: 4,
    next: 5,
    due: '2025-06-09',
  },
  {
    name: 'protocols.md P4: second trough at 5 weeks after the change → EXTEND to 6; due 06-09 + 42 d = 07-21',
    history: h({
      infusions: inf(...Q4W, '2025-05-05', '2025-06-09'),
      troughs: [
        { date: '2025-05-05', ugPerMl: 22 },
        { date: '2025-06-09', ugPerMl: 19 },
      ],
      decisions: [
        { date: '2025-03-31', intervalWeeks: 5 },
        { date: '2025-05-05', intervalWeeks: 5 },
      ],
    }),
    asOf: '2025-06-09',
    decision: 'EXTEND',
    rule: 'P4',
    current: 5,
    next: 6,
    due: '2025-07-21',
  },
  {
    name: 'protocols.md P2, A6: current interval 8 = maximum → KEEP_MAX_REACHED even with high troughs',
    history: {
      infusions: inf('2025-01-06', '2025-03-03', '2025-04-28'),
      troughs: [
        { date: '2025-03-03', ugPerMl: 30 },
        { date: '2025-04-28', ugPerMl: 28 },
      ],
      decisions: [{ date: '2025-01-06', intervalWeeks: 8 }],
    },
    asOf: '2025-04-28',
    decision: 'KEEP_MAX_REACHED',
    rule: 'P2',
    current: 8,
    next: 8,
    due: '2025-06-23',
  },
  {
    name: 'protocols.md P1, A4(a): relapse on the day of the last decision (03-31) counts as "since the last decision" → ACTIVITY_REVIEW, 4 weeks',
    history: h({
      infusions: inf(...Q4W, '2025-05-05'),
      troughs: [{ date: '2025-05-05', ugPerMl: 22 }],
      relapses: [{ onset: '2025-03-31' }],
      decisions: [{ date: '2025-03-31', intervalWeeks: 5 }],
    }),
    asOf: '2025-05-05',
    decision: 'ACTIVITY_REVIEW',
    rule: 'P1',
    current: 5,
    next: 4,
    due: '2025-06-02',
  },
  {
    // EV-ACTIVITY: the 03-31 decision (5 weeks, no "rule") did not answer the 03-30 relapse (it is not the
    // revert interval 4 and not rule P1) → P1; due 05-05 + 4 × 7 = 06-02.
    name: 'EV-ACTIVITY: relapse the day before a decision that did not answer it (5 weeks, no rule) → ACTIVITY_REVIEW',
    history: h({
      infusions: inf(...Q4W, '2025-05-05'),
      troughs: [{ date: '2025-05-05', ugPerMl: 22 }],
      relapses: [{ onset: '2025-03-30' }],
      decisions: [{ date: '2025-03-31', intervalWeeks: 5 }],
    }),
    asOf: '2025-05-05',
    decision: 'ACTIVITY_REVIEW',
    rule: 'P1',
    current: 5,
    next: 4,
    due: '2025-06-02',
  },
  {
    name: 'protocols.md P1 wins over P4: new T2 lesion since the last infusion beats two troughs > 15',
    history: h({
      troughs: [
        { date: '2025-03-03', ugPerMl: 30 },
        { date: '2025-03-31', ugPerMl: 30 },
      ],
      mri: [{ date: '2025-03-10', newOrEnlargingT2: 1, gadoliniumEnhancing: 0 }],
    }),
    asOf: '2025-03-31',
    decision: 'ACTIVITY_REVIEW',
    rule: 'P1',
    current: 4,
    next: 4,
    due: '2025-04-28',
  },
  {
    name: 'outcomes.md §1 R2: a pseudo-relapse with fever is not activity → P4 EXTEND',
    history: h({
      troughs: [
        { date: '2025-03-03', ugPerMl: 30 },
        { date: '2025-03-31', ugPerMl: 30 },
      ],
      relapses: [{ onset: '2025-03-10', feverOrInfection: true }],
    }),
    asOf: '2025-03-31',
    decision: 'EXTEND',
    rule: 'P4',
    current: 4,
    next: 5,
    due: '2025-05-05',
  },
  {
    name: 'task brief: data dated after asOf is ignored (later trough, infusion, relapse)',
    history: h({
      infusions: inf(...Q4W, '2025-04-28'),
      troughs: [
        { date: '2025-03-03', ugPerMl: 18.0 },
        { date: '2025-03-31', ugPerMl: 15.0 },
        { date: '2025-04-28', ugPerMl: 40 },
      ],
      relapses: [{ onset: '2025-04-01' }],
    }),
    asOf: '2025-03-31',
    decision: 'KEEP',
    rule: 'P5',
    current: 4,
    next: 4,
    due: '2025-04-28',
  },
  {
    name: 'protocols.md "trough at interval w": sample on an infusion day belongs to the previous infusion (4 wk), not 0 wk',
    history: h({
      infusions: inf('2025-02-03', '2025-03-03', '2025-03-31'),
      troughs: [
        { date: '2025-03-03', ugPerMl: 16 },
        { date: '2025-03-31', ugPerMl: 17 },
      ],
    }),
    asOf: '2025-03-31',
    decision: 'EXTEND',
    rule: 'P4',
    current: 4,
    next: 5,
    due: '2025-05-05',
  },
  {
    // EV-INTERVAL: 01-06 → 03-17 = 70 d = 28 + 42: a missed infusion is a late deviation; the interval stays the
    // start 4 weeks; no trough → P3; due 03-17 + 28 d = 04-14.
    name: 'EV-INTERVAL: a 10-week gap (missed infusion) never changes the interval → 4 weeks, P3; due 03-17 + 28 d',
    history: { infusions: inf('2025-01-06', '2025-03-17') },
    asOf: '2025-03-17',
    decision: 'KEEP_AWAIT_TROUGH',
    rule: 'P3',
    current: 4,
    next: 4,
    due: '2025-04-14',
  },
  {
    name: 'task brief: no infusions → KEEP with a clear reason, no due date',
    history: { infusions: [] },
    asOf: '2025-03-31',
    decision: 'KEEP',
    rule: 'engine:no-infusions',
    current: 4,
    next: 4,
    due: null,
  },
  {
    name: 'history.ts: a planned infusion not administered is not an infusion → 1 given infusion, P3',
    history: {
      infusions: [{ date: '2025-03-03' }, { date: '2025-03-31', administered: false }],
      troughs: [{ date: '2025-03-31', ugPerMl: 30 }],
    },
    asOf: '2025-03-31',
    decision: 'KEEP_AWAIT_TROUGH',
    rule: 'P3',
    current: 4,
    next: 4,
    due: '2025-03-31',
  },
];

describe('decideInterval — PDNMS-v1 platform default (protocols.md §(a))', () => {
  it.each(cases)('$name', (c) => {
    const d = decideInterval(pdnms, c.history, c.asOf);
    expect({
      decision: d.decision,
      rule: d.rule,
      current: d.currentIntervalWeeks,
      next: d.nextIntervalWeeks,
      due: d.nextInfusionDue,
    }).toEqual({
      decision: c.decision,
      rule: c.rule,
      current: c.current,
      next: c.next,
      due: c.due,
    });
    expect(d.protocol).toEqual({ id: 'pdnms', version: '1' });
    expect(d.reasons.length).toBeGreaterThan(0);
    for (const r of d.reasons) expect(r.clause).not.toBe('');
  });

  it('protocols.md P1: ACTIVITY_REVIEW raises investigator review and the reason names the event', () => {
    const d = decideInterval(pdnms, h({ relapses: [{ onset: '2025-03-31' }] }), '2025-03-31');
    expect(d.investigatorReview).toBe(true);
    const p1 = d.reasons.find((r) => r.clause === 'P1' && /relapse/.test(r.text));
    // Activity is looked at from the first given infusion of the history (01-06) to as-of.
    expect(p1?.data).toMatchObject({ from: '2025-01-06', to: '2025-03-31' });
  });

  it('protocols.md P4 reason carries threshold 15 and comparison ">"', () => {
    const d = decideInterval(
      pdnms,
      h({
        troughs: [
          { date: '2025-03-03', ugPerMl: 18.2 },
          { date: '2025-03-31', ugPerMl: 15.1 },
        ],
      }),
      '2025-03-31',
    );
    expect(d.reasons.find((r) => r.clause === 'P4' && r.threshold !== undefined)).toMatchObject({ threshold: 15, comparison: '>' });
    expect(describeDecision(d)).toMatch(/EXTEND \(rule P4\)[\s\S]*4 → 5 weeks[\s\S]*2025-05-05/);
  });
});

describe('decideInterval — ambiguity options switched in the protocol file', () => {
  const base = h({ infusions: inf(...Q4W, '2025-05-05'), decisions: [{ date: '2025-03-31', intervalWeeks: 5 }] });

  it('protocols.md P1b / A3(b) enabled: latest trough 9.9 < 10.0 at 5 weeks → SHORTEN to 4', () => {
    const p = variant('pdnms', (doc) => (doc.dosing.rules.find((r: { id: string }) => r.id === 'P1b').enabled = true));
    const d = decideInterval(p, { ...base, troughs: [{ date: '2025-05-05', ugPerMl: 9.9 }] }, '2025-05-05');
    expect([d.decision, d.rule, d.nextIntervalWeeks, d.nextInfusionDue]).toEqual(['SHORTEN', 'P1b', 4, '2025-06-02']);
  });

  it('protocols.md A3(b) "never below 4 weeks": at 4 weeks a trough of 9.9 does not shorten → P3', () => {
    const p = variant('pdnms', (doc) => (doc.dosing.rules.find((r: { id: string }) => r.id === 'P1b').enabled = true));
    const d = decideInterval(p, h({ troughs: [{ date: '2025-03-31', ugPerMl: 9.9 }] }), '2025-03-31');
    expect([d.decision, d.nextIntervalWeeks]).toEqual(['KEEP_AWAIT_TROUGH', 4]);
  });

  it('protocols.md A3(a) default: P1b disabled, 9.9 at 5 weeks does not shorten → P3', () => {
    const d = decideInterval(pdnms, { ...base, troughs: [{ date: '2025-05-05', ugPerMl: 9.9 }] }, '2025-05-05');
    expect(d.decision).toBe('KEEP_AWAIT_TROUGH');
  });

  it('protocols.md A1(b): one trough > 15 is enough → EXTEND', () => {
    const p = variant('pdnms', (doc) => (doc.dosing.parameters.troughsRequired.value = 1));
    const d = decideInterval(p, { ...base, troughs: [{ date: '2025-05-05', ugPerMl: 16 }] }, '2025-05-05');
    expect([d.decision, d.nextIntervalWeeks]).toEqual(['EXTEND', 6]);
  });

  it('protocols.md A2(b): ≥ 15.0 — two troughs of exactly 15.0 → EXTEND', () => {
    const p = variant('pdnms', (doc) => (doc.dosing.rules.find((r: { id: string }) => r.id === 'P4').when.op = '>='));
    const d = decideInterval(
      p,
      h({
        troughs: [
          { date: '2025-03-03', ugPerMl: 15.0 },
          { date: '2025-03-31', ugPerMl: 15.0 },
        ],
      }),
      '2025-03-31',
    );
    expect(d.decision).toBe('EXTEND');
  });

  it('protocols.md A4(b): revert to the previous interval (5 → 6 → activity → 5)', () => {
    const p = variant('pdnms', (doc) => (doc.dosing.rules.find((r: { id: string }) => r.id === 'P1').next = { op: 'previous' }));
    const hist = h({
      infusions: inf(...Q4W, '2025-05-05', '2025-06-09', '2025-07-21'),
      decisions: [
        { date: '2025-03-31', intervalWeeks: 5 },
        { date: '2025-06-09', intervalWeeks: 6 },
      ],
      relapses: [{ onset: '2025-07-01' }],
    });
    const d = decideInterval(p, hist, '2025-07-21');
    expect([d.decision, d.currentIntervalWeeks, d.nextIntervalWeeks]).toEqual(['ACTIVITY_REVIEW', 6, 5]);
  });

  it('protocols.md A5(b): any two most recent troughs count after a change → EXTEND at 5 weeks', () => {
    const p = variant('pdnms', (doc) => (doc.dosing.evidence.troughScope.value = 'anyRecent'));
    const d = decideInterval(
      p,
      {
        ...base,
        troughs: [
          { date: '2025-03-31', ugPerMl: 21 },
          { date: '2025-05-05', ugPerMl: 22 },
        ],
      },
      '2025-05-05',
    );
    expect([d.decision, d.nextIntervalWeeks]).toEqual(['EXTEND', 6]);
  });

  describe('protocols.md A9: screening trough (inclusion 03-31 = first decision, 4 weeks)', () => {
    const hist = h({
      infusions: inf('2025-03-03', '2025-03-31', '2025-04-28'),
      troughs: [
        { date: '2025-03-31', ugPerMl: 20 },
        { date: '2025-04-28', ugPerMl: 19 },
      ],
      decisions: [{ date: '2025-03-31', intervalWeeks: 4 }],
    });
    it('A9(a) default: the screening trough is a trough at the current 4-week interval → EXTEND', () => {
      expect(decideInterval(pdnms, hist, '2025-04-28').decision).toBe('EXTEND');
    });
    it('A9(b): screening trough excluded → 1 trough → KEEP_AWAIT_TROUGH', () => {
      const p = variant('pdnms', (doc) => (doc.dosing.evidence.screeningTroughCounts.value = false));
      expect(decideInterval(p, hist, '2025-04-28').decision).toBe('KEEP_AWAIT_TROUGH');
    });
  });
});

describe('decideInterval — target-trough table (protocols.md §(b) T1–T4, parameters unconfirmed)', () => {
  const tt = builtIn('target-trough');
  // 6-week interval: decision 2025-03-31 → 6; infusion 2025-05-12 = 03-31 + 42 d; trough there is at 6 weeks.
  const at6 = (t: { ugPerMl?: number; belowLloq?: boolean }) =>
    h({
      infusions: inf(...Q4W, '2025-05-12'),
      decisions: [{ date: '2025-03-31', intervalWeeks: 6 }],
      troughs: [{ date: '2025-05-12', ...t }],
    });
  it.each([
    ['T2: 9.0 < target 10 → SHORTEN to 5', at6({ ugPerMl: 9.0 }), 'SHORTEN', 'T2', 5],
    ['T2/T4: exactly 10.0 is not < 10 and not ≥ 15 → KEEP', at6({ ugPerMl: 10.0 }), 'KEEP', 'T4', 6],
    ['T3: exactly 15.0 ≥ extendAbove 15 → EXTEND to 7', at6({ ugPerMl: 15.0 }), 'EXTEND', 'T3', 7],
    ['T2: "< LLOQ" is below the target → SHORTEN', at6({ belowLloq: true }), 'SHORTEN', 'T2', 5],
    ['T4: sample without result → no trough → KEEP', at6({}), 'KEEP', 'T4', 6],
  ])('%s', (_name, hist, decision, rule, next) => {
    const d = decideInterval(tt, hist, '2025-05-12');
    expect([d.decision, d.rule, d.nextIntervalWeeks]).toEqual([decision, rule, next]);
  });
  it('T3 needs current < maxWeeks 8: at 8 weeks a 20.0 trough → KEEP', () => {
    const hist = {
      infusions: inf('2025-01-06', '2025-03-03'),
      troughs: [{ date: '2025-03-03', ugPerMl: 20 }],
      decisions: [{ date: '2025-01-06', intervalWeeks: 8 }],
    };
    expect(decideInterval(tt, hist, '2025-03-03').decision).toBe('KEEP');
  });
  it('T2 "not below minWeeks": at 4 weeks a 3.0 trough → KEEP', () => {
    expect(decideInterval(tt, h({ troughs: [{ date: '2025-03-31', ugPerMl: 3.0 }] }), '2025-03-31').decision).toBe('KEEP');
  });
  it('T1 wins over T3: 30.0 at 6 weeks → EXTEND, but with a Gd+ lesion → ACTIVITY_REVIEW, 4 weeks', () => {
    const d = decideInterval(tt, at6({ ugPerMl: 30 }), '2025-05-12');
    expect(d.decision).toBe('EXTEND'); // T3 without activity
    const withActivity = { ...at6({ ugPerMl: 30 }), mri: [{ date: '2025-05-01', gadoliniumEnhancing: 1 }] };
    expect([
      decideInterval(tt, withActivity, '2025-05-12').decision,
      decideInterval(tt, withActivity, '2025-05-12').nextIntervalWeeks,
    ]).toEqual(['ACTIVITY_REVIEW', 4]);
  });
});

describe('decideInterval — fixed arms (protocols.md §(c) NOVA arm table)', () => {
  it('Q6W: participant coming from Q4W → KEEP at the fixed 6 weeks; due 03-31 + 42 d = 05-12', () => {
    // EV-INTERVAL: no decision → the arm's start interval 6 is in force; the three 28-day gaps are 14 days early
    // against 42 d (outside −3) → three deviations, listed.
    const d = decideInterval(builtIn('fixed-q6w'), h({ troughs: [{ date: '2025-03-31', ugPerMl: 3 }] }), '2025-03-31');
    expect([d.decision, d.rule, d.currentIntervalWeeks, d.nextIntervalWeeks, d.nextInfusionDue]).toEqual([
      'KEEP',
      'F2',
      6,
      6,
      '2025-05-12',
    ]);
    expect(d.scheduleDeviations.map((x) => [x.to, x.offsetDays, x.kind])).toEqual([
      ['2025-02-03', -14, 'early'],
      ['2025-03-03', -14, 'early'],
      ['2025-03-31', -14, 'early'],
    ]);
  });
  it('Q4W: high troughs never extend → KEEP 4', () => {
    const d = decideInterval(
      builtIn('standard-q4w'),
      h({
        troughs: [
          { date: '2025-03-03', ugPerMl: 40 },
          { date: '2025-03-31', ugPerMl: 40 },
        ],
      }),
      '2025-03-31',
    );
    expect([d.decision, d.nextIntervalWeeks]).toEqual(['KEEP', 4]);
  });
  it('Q6W: activity → ACTIVITY_REVIEW (A4 option c: review, interval unchanged at 6)', () => {
    const d = decideInterval(builtIn('fixed-q6w'), h({ relapses: [{ onset: '2025-03-20' }] }), '2025-03-31');
    expect([d.decision, d.nextIntervalWeeks, d.investigatorReview]).toEqual(['ACTIVITY_REVIEW', 6, true]);
  });
});

describe('protocols/examples/*.json with PDNMS-v1', () => {
  it.each([
    ['extend.json: 18.2 and 15.1 at 4 weeks → EXTEND 5, due 2025-05-05', extendEx, '2025-03-31', 'EXTEND', 5, '2025-05-05'],
    ['await-trough.json: 1 trough at 5 weeks since 03-31 → KEEP_AWAIT_TROUGH', awaitEx, '2025-05-05', 'KEEP_AWAIT_TROUGH', 5, '2025-06-09'],
    [
      'activity.json: new T2 on 04-14 since decision 03-31 → ACTIVITY_REVIEW 4',
      activityEx,
      '2025-05-05',
      'ACTIVITY_REVIEW',
      4,
      '2025-06-02',
    ],
    // P0: the extend.json course with an open PML suspicion from 03-24 → SUSPEND, interval unchanged, nothing due.
    ['pml-suspended.json: open PML suspicion → SUSPEND (P0), no due date', pmlEx, '2025-03-31', 'SUSPEND', 4, null],
    ['keep-at-15.json: 18.0 and exactly 15.0 → KEEP', keepEx, '2025-03-31', 'KEEP', 4, '2025-04-28'],
    ['max-reached.json: 8 weeks → KEEP_MAX_REACHED; due 04-28 + 56 d', maxEx, '2025-04-28', 'KEEP_MAX_REACHED', 8, '2025-06-23'],
  ])('%s', (_n, ex, asOf, decision, next, due) => {
    const d = decideInterval(pdnms, ex as ParticipantHistory, asOf as string);
    expect([d.decision, d.nextIntervalWeeks, d.nextInfusionDue]).toEqual([decision, next, due]);
  });
});
