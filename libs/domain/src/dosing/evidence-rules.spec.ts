import { ParticipantHistory } from '../history';
import { decideInterval } from './interval-decision';
import { builtIn } from './test-helpers';

/*
 * Issue 13 rules of evidence, hand-worked from docs/science/protocols.md (PDNMS-v1: start 4 weeks, P1–P5, two
 * troughs > 15.0) and the protocol file's A7 tolerance −3/+3 days [unconfirmed placeholder].
 * Calendar: Q4W 2025-01-06 → 02-03 → 03-03 → 03-31 (28-day steps); April has 30 days, May 31.
 */
const pdnms = builtIn('pdnms');
const Q4W = ['2025-01-06', '2025-02-03', '2025-03-03', '2025-03-31'];
const inf = (...dates: string[]) => dates.map((date) => ({ date, doseMg: 300 }));

interface Case {
  name: string;
  history: ParticipantHistory;
  asOf: string;
  expect: { decision: string; rule: string; current: number; next: number; due: string | null };
  inclusionDate?: string;
}

const run = (c: Case) => decideInterval(pdnms, c.history, c.asOf, c.inclusionDate ? { inclusionDate: c.inclusionDate } : {});
const outcome = (c: Case) => {
  const d = run(c);
  return { decision: d.decision, rule: d.rule, current: d.currentIntervalWeeks, next: d.nextIntervalWeeks, due: d.nextInfusionDue };
};

// A7 boundaries: trough 03-31 (20, gap 28 d, on schedule) and a second trough on the next infusion day D.
// On schedule → 2 troughs > 15 → P4 EXTEND 5, due D + 35 d. Outside → D's trough does not count → P3, due D + 28 d.
const boundary = (d: string): ParticipantHistory => ({
  infusions: inf(...Q4W, d),
  troughs: [
    { date: '2025-03-31', ugPerMl: 20 },
    { date: d, ugPerMl: 21 },
  ],
});
const scheduleCases: Case[] = [
  {
    name: 'due day 04-28 (03-31 + 28 d, offset 0) → on schedule → EXTEND; due 04-28 + 35 = 06-02',
    history: boundary('2025-04-28'),
    asOf: '2025-04-28',
    expect: { decision: 'EXTEND', rule: 'P4', current: 4, next: 5, due: '2025-06-02' },
  },
  {
    name: '3 days early 04-25 (offset −3 = tolerance) → on schedule → EXTEND; due 04-25 + 35 = 05-30 (the floored-weeks rule made this 3 weeks)',
    history: boundary('2025-04-25'),
    asOf: '2025-04-25',
    expect: { decision: 'EXTEND', rule: 'P4', current: 4, next: 5, due: '2025-05-30' },
  },
  {
    name: '4 days early 04-24 (tolerance + 1) → deviation, trough does not count → P3; due 04-24 + 28 = 05-22',
    history: boundary('2025-04-24'),
    asOf: '2025-04-24',
    expect: { decision: 'KEEP_AWAIT_TROUGH', rule: 'P3', current: 4, next: 4, due: '2025-05-22' },
  },
  {
    name: '3 days late 05-01 (offset +3 = tolerance) → on schedule → EXTEND; due 05-01 + 35 = 06-05',
    history: boundary('2025-05-01'),
    asOf: '2025-05-01',
    expect: { decision: 'EXTEND', rule: 'P4', current: 4, next: 5, due: '2025-06-05' },
  },
  {
    name: '4 days late 05-02 (tolerance + 1) → deviation → P3; due 05-02 + 28 = 05-30',
    history: boundary('2025-05-02'),
    asOf: '2025-05-02',
    expect: { decision: 'KEEP_AWAIT_TROUGH', rule: 'P3', current: 4, next: 4, due: '2025-05-30' },
  },
  {
    // 02-03 → 03-31 = 56 d = 28 + 28: late by 28; the interval stays 4; only the 02-03 trough (gap 28) counts.
    name: 'missed infusion (03-03 not given): 56-day gap is a late deviation, interval stays 4, its trough does not count → P3; due 03-31 + 28 = 04-28',
    history: {
      infusions: [...inf('2025-01-06', '2025-02-03'), { date: '2025-03-03', administered: false }, ...inf('2025-03-31')],
      troughs: [
        { date: '2025-02-03', ugPerMl: 20 },
        { date: '2025-03-31', ugPerMl: 21 },
      ],
    },
    asOf: '2025-03-31',
    expect: { decision: 'KEEP_AWAIT_TROUGH', rule: 'P3', current: 4, next: 4, due: '2025-04-28' },
  },
  {
    // Today's visit: trough drawn 04-28, infusion not yet entered. Gap 03-31 → 04-28 = 28 d → on schedule; with
    // 03-31 (20): two troughs > 15 → EXTEND; last given infusion is still 03-31 → due 03-31 + 35 = 05-05.
    name: "trough entered before that day's infusion: the gap runs to the sample date (28 d) → counts → EXTEND; due from the last given infusion 03-31 + 35 = 05-05",
    history: {
      infusions: inf(...Q4W),
      troughs: [
        { date: '2025-03-31', ugPerMl: 20 },
        { date: '2025-04-28', ugPerMl: 21 },
      ],
    },
    asOf: '2025-04-28',
    expect: { decision: 'EXTEND', rule: 'P4', current: 4, next: 5, due: '2025-05-05' },
  },
  {
    // A9(a): screening trough 03-03 (gap 28 d after 02-03) counts; first study infusion 04-02 = 03-03 + 30 d (+2,
    // within +3) → its trough counts too → EXTEND 5; due 04-02 + 35 = 05-07.
    name: 'A9(a): screening trough counts when the first study infusion is 2 days late (within A7) → EXTEND; due 04-02 + 35 = 05-07',
    history: {
      infusions: inf('2025-01-06', '2025-02-03', '2025-03-03', '2025-04-02'),
      troughs: [
        { date: '2025-03-03', ugPerMl: 20 },
        { date: '2025-04-02', ugPerMl: 19 },
      ],
    },
    asOf: '2025-04-02',
    inclusionDate: '2025-03-03',
    expect: { decision: 'EXTEND', rule: 'P4', current: 4, next: 5, due: '2025-05-07' },
  },
];

// EV-INTERVAL: the interval in force with and without decisions.
const intervalCases: Case[] = [
  {
    name: 'no decision → protocol start interval 4 (never the 5-week gap 03-31 → 05-05)',
    history: { infusions: inf(...Q4W, '2025-05-05') },
    asOf: '2025-05-05',
    expect: { decision: 'KEEP_AWAIT_TROUGH', rule: 'P3', current: 4, next: 4, due: '2025-06-02' },
  },
  {
    name: 'decision 03-31 → 5 weeks: in force 5; 05-05 = 03-31 + 35 on schedule; due 05-05 + 35 = 06-09',
    history: { infusions: inf(...Q4W, '2025-05-05'), decisions: [{ date: '2025-03-31', intervalWeeks: 5 }] },
    asOf: '2025-05-05',
    expect: { decision: 'KEEP_AWAIT_TROUGH', rule: 'P3', current: 5, next: 5, due: '2025-06-09' },
  },
  {
    name: 'override back to 4 on 05-05 after 5: in force 4; due 05-05 + 28 = 06-02',
    history: {
      infusions: inf(...Q4W, '2025-05-05'),
      decisions: [
        { date: '2025-03-31', intervalWeeks: 5 },
        { date: '2025-05-05', intervalWeeks: 4 },
      ],
    },
    asOf: '2025-05-05',
    expect: { decision: 'KEEP_AWAIT_TROUGH', rule: 'P3', current: 4, next: 4, due: '2025-06-02' },
  },
];

// EV-OCCASION: one date = one occasion, lowest value; both entry orders give the same result.
const sameDay = (x: ParticipantHistory['troughs']): ParticipantHistory => ({ infusions: inf(...Q4W), troughs: x });
const occasionCases: Case[] = [
  {
    name: '03-31: 18 then 16 (no other trough) → one occasion, 1 trough → P3 (one visit cannot extend)',
    history: sameDay([
      { date: '2025-03-31', ugPerMl: 18 },
      { date: '2025-03-31', ugPerMl: 16 },
    ]),
    asOf: '2025-03-31',
    expect: { decision: 'KEEP_AWAIT_TROUGH', rule: 'P3', current: 4, next: 4, due: '2025-04-28' },
  },
  {
    name: '03-31: 16 then 18 (reverse order) → same: P3',
    history: sameDay([
      { date: '2025-03-31', ugPerMl: 16 },
      { date: '2025-03-31', ugPerMl: 18 },
    ]),
    asOf: '2025-03-31',
    expect: { decision: 'KEEP_AWAIT_TROUGH', rule: 'P3', current: 4, next: 4, due: '2025-04-28' },
  },
  {
    name: '03-03: 20; 03-31: 18 and 14 → lowest 14 ≤ 15 → P5 KEEP',
    history: sameDay([
      { date: '2025-03-03', ugPerMl: 20 },
      { date: '2025-03-31', ugPerMl: 18 },
      { date: '2025-03-31', ugPerMl: 14 },
    ]),
    asOf: '2025-03-31',
    expect: { decision: 'KEEP', rule: 'P5', current: 4, next: 4, due: '2025-04-28' },
  },
  {
    name: '03-03: 20; 03-31: 14 and 18 (reverse) → lowest 14 → P5 KEEP',
    history: sameDay([
      { date: '2025-03-03', ugPerMl: 20 },
      { date: '2025-03-31', ugPerMl: 14 },
      { date: '2025-03-31', ugPerMl: 18 },
    ]),
    asOf: '2025-03-31',
    expect: { decision: 'KEEP', rule: 'P5', current: 4, next: 4, due: '2025-04-28' },
  },
  {
    name: '03-03: 20; 03-31: 25 and "< LLOQ" → < LLOQ is the lowest → P5 KEEP',
    history: sameDay([
      { date: '2025-03-03', ugPerMl: 20 },
      { date: '2025-03-31', ugPerMl: 25 },
      { date: '2025-03-31', belowLloq: true },
    ]),
    asOf: '2025-03-31',
    expect: { decision: 'KEEP', rule: 'P5', current: 4, next: 4, due: '2025-04-28' },
  },
  {
    name: '03-03: 20; 03-31: no result and 21 → one occasion with a result → 2 troughs > 15 → EXTEND; due 03-31 + 35 = 05-05',
    history: sameDay([{ date: '2025-03-03', ugPerMl: 20 }, { date: '2025-03-31' }, { date: '2025-03-31', ugPerMl: 21 }]),
    asOf: '2025-03-31',
    expect: { decision: 'EXTEND', rule: 'P4', current: 4, next: 5, due: '2025-05-05' },
  },
];

// EV-ACTIVITY: answered only by a decision on/after its date that saw it. Base: Q4W + 04-28, trough 04-28 (22).
// Without activity: 1 trough → P3, due 04-28 + 28 = 05-26 (interval 4). P1 → revert 4, due 05-26 as well.
const act = (decisions: ParticipantHistory['decisions'], more: Partial<ParticipantHistory>): ParticipantHistory => ({
  infusions: inf(...Q4W, '2025-04-28'),
  troughs: [{ date: '2025-04-28', ugPerMl: 22 }],
  decisions,
  ...more,
});
const P3_4 = { decision: 'KEEP_AWAIT_TROUGH', rule: 'P3', current: 4, next: 4, due: '2025-05-26' };
const P1_4 = { decision: 'ACTIVITY_REVIEW', rule: 'P1', current: 4, next: 4, due: '2025-05-26' };
const activityCases: Case[] = [
  {
    name: 'file: relapse 03-30, decision 03-31 with "rule": "P1" → answered → P3',
    history: act([{ date: '2025-03-31', intervalWeeks: 4, rule: 'P1' }], { relapses: [{ onset: '2025-03-30' }] }),
    asOf: '2025-04-28',
    expect: P3_4,
  },
  {
    name: 'file: relapse on the decision date 03-31, decision "rule": "P1" → answered → P3',
    history: act([{ date: '2025-03-31', intervalWeeks: 4, rule: 'P1' }], { relapses: [{ onset: '2025-03-31' }] }),
    asOf: '2025-04-28',
    expect: P3_4,
  },
  {
    name: 'file: relapse 04-01, after the P1 decision of 03-31 → unanswered → P1',
    history: act([{ date: '2025-03-31', intervalWeeks: 4, rule: 'P1' }], { relapses: [{ onset: '2025-04-01' }] }),
    asOf: '2025-04-28',
    expect: P1_4,
  },
  {
    name: 'file: relapse 03-30, decision 03-31 set the revert interval 4 (no rule) → answered → P3',
    history: act([{ date: '2025-03-31', intervalWeeks: 4 }], { relapses: [{ onset: '2025-03-30' }] }),
    asOf: '2025-04-28',
    expect: P3_4,
  },
  {
    // Decision 03-31 → 5 (extension, no rule): does not answer; P1 → 4; current 5; 04-28 + 28 = 05-26.
    name: 'file: Gd+ MRI 03-20 before an extension decision 03-31 (5 weeks, no rule) → unanswered → P1, current 5 → 4',
    history: act([{ date: '2025-03-31', intervalWeeks: 5 }], { mri: [{ date: '2025-03-20', gadoliniumEnhancing: 1 }] }),
    asOf: '2025-04-28',
    expect: { decision: 'ACTIVITY_REVIEW', rule: 'P1', current: 5, next: 4, due: '2025-05-26' },
  },
  {
    // API: the extension decision saw relapse r1 (in its stored inputs) → answered; interval 5 from 03-31; 04-28 is
    // 28 d after 03-31 against 35 → 7 days early → its trough does not count → P3 at 5; due 04-28 + 35 = 06-02.
    name: "API: relapse r1 03-30 in the extension decision's seen ids → answered → P3 at 5 weeks (04-28 trough 7 days early, not counted)",
    history: act([{ date: '2025-03-31', intervalWeeks: 5, seenActivityIds: ['r1'] }], { relapses: [{ id: 'r1', onset: '2025-03-30' }] }),
    asOf: '2025-04-28',
    expect: { decision: 'KEEP_AWAIT_TROUGH', rule: 'P3', current: 5, next: 5, due: '2025-06-02' },
  },
  {
    name: 'API: relapse r2 dated 03-30 but entered after the extension decision (not in its seen ids) → P1 whatever its date',
    history: act([{ date: '2025-03-31', intervalWeeks: 5, seenActivityIds: ['r1'] }], {
      relapses: [
        { id: 'r1', onset: '2025-03-01', confirmedByNeurologist: true, feverOrInfection: true },
        { id: 'r2', onset: '2025-03-30' },
      ],
    }),
    asOf: '2025-04-28',
    expect: { decision: 'ACTIVITY_REVIEW', rule: 'P1', current: 5, next: 4, due: '2025-05-26' },
  },
  {
    name: 'API: seen ids take precedence over "rule": an MRI m1 not in the P1 decision\'s ids is unanswered → P1',
    history: act([{ date: '2025-03-31', intervalWeeks: 4, rule: 'P1', seenActivityIds: ['r1'] }], {
      relapses: [{ id: 'r1', onset: '2025-03-30' }],
      mri: [{ id: 'm1', date: '2025-03-29', newOrEnlargingT2: 1 }],
    }),
    asOf: '2025-04-28',
    expect: P1_4,
  },
  {
    name: "relapse 2024-12-01 before the first given infusion 2025-01-06 (E6's concern, not P1) → P3",
    history: act([], { relapses: [{ onset: '2024-12-01' }] }),
    asOf: '2025-04-28',
    expect: P3_4,
  },
];

// Superseding same-day decision (issue 13 item 5): 03-31 EXTEND → 5 recorded, then relapse r1 (onset 03-31) entered.
const supersedeBase: ParticipantHistory = {
  infusions: inf(...Q4W),
  troughs: [
    { date: '2025-03-03', ugPerMl: 18.2 },
    { date: '2025-03-31', ugPerMl: 15.1 },
  ],
  relapses: [{ id: 'r1', onset: '2025-03-31' }],
};
const supersedeCases: Case[] = [
  {
    // The extension decision saw no activity → r1 unanswered → P1: revert to 4; current 5; due 03-31 + 28 = 04-28.
    name: "before superseding: the morning's EXTEND (5, saw nothing) + relapse entered later → ACTIVITY_REVIEW 5 → 4",
    history: { ...supersedeBase, decisions: [{ date: '2025-03-31', intervalWeeks: 5, rule: 'P4', seenActivityIds: [] }] },
    asOf: '2025-03-31',
    expect: { decision: 'ACTIVITY_REVIEW', rule: 'P1', current: 5, next: 4, due: '2025-04-28' },
  },
  {
    // The superseded EXTEND is no longer in the history; the P1 decision saw r1 and restarts the count on 03-31:
    // troughs 03-03 and 03-31 are on or before it → 0 count → P3 at 4; due 04-28.
    name: 'after superseding with ACTIVITY_REVIEW (4, rule P1, saw r1): answered, count restarts → P3, no re-extension the same day',
    history: { ...supersedeBase, decisions: [{ date: '2025-03-31', intervalWeeks: 4, rule: 'P1', seenActivityIds: ['r1'] }] },
    asOf: '2025-03-31',
    expect: { decision: 'KEEP_AWAIT_TROUGH', rule: 'P3', current: 4, next: 4, due: '2025-04-28' },
  },
];

// P0 (docs/science/natalizumab.md "Suspected PML": withhold at the first sign [memory]). Base: the extend example
// (18.2 and 15.1 at 4 weeks → EXTEND 5, due 05-05) with an adverse event.
const pml = (ae: NonNullable<ParticipantHistory['adverseEvents']>[number], more: Partial<ParticipantHistory> = {}): ParticipantHistory => ({
  infusions: inf(...Q4W),
  troughs: [
    { date: '2025-03-03', ugPerMl: 18.2 },
    { date: '2025-03-31', ugPerMl: 15.1 },
  ],
  adverseEvents: [ae],
  ...more,
});
const SUSPEND = { decision: 'SUSPEND', rule: 'P0', current: 4, next: 4, due: null };
const EXTEND5 = { decision: 'EXTEND', rule: 'P4', current: 4, next: 5, due: '2025-05-05' };
const pmlCases: Case[] = [
  {
    name: 'open PML suspicion (onset 03-20) → SUSPEND, no due date, even with two troughs > 15',
    history: pml({ onset: '2025-03-20', pmlSuspected: true }),
    asOf: '2025-03-31',
    expect: SUSPEND,
  },
  {
    name: 'PML suspicion raised on the as-of day → SUSPEND',
    history: pml({ onset: '2025-03-31', pmlSuspected: true }),
    asOf: '2025-03-31',
    expect: SUSPEND,
  },
  {
    name: 'resolved 03-30 (before as-of) → not open → EXTEND',
    history: pml({ onset: '2025-03-20', pmlSuspected: true, resolvedOn: '2025-03-30' }),
    asOf: '2025-03-31',
    expect: EXTEND5,
  },
  {
    name: 'resolved on the as-of day → not open → EXTEND',
    history: pml({ onset: '2025-03-20', pmlSuspected: true, resolvedOn: '2025-03-31' }),
    asOf: '2025-03-31',
    expect: EXTEND5,
  },
  {
    name: 'resolved the day after as-of → still open on as-of → SUSPEND',
    history: pml({ onset: '2025-03-20', pmlSuspected: true, resolvedOn: '2025-04-01' }),
    asOf: '2025-03-31',
    expect: SUSPEND,
  },
  {
    name: 'onset after as-of → ignored → EXTEND',
    history: pml({ onset: '2025-04-01', pmlSuspected: true }),
    asOf: '2025-03-31',
    expect: EXTEND5,
  },
  {
    name: 'open AE without PML suspicion → EXTEND',
    history: pml({ onset: '2025-03-20', pmlSuspected: false }),
    asOf: '2025-03-31',
    expect: EXTEND5,
  },
  {
    name: 'P0 above P1: open PML suspicion and a relapse → SUSPEND',
    history: pml({ onset: '2025-03-20', pmlSuspected: true }, { relapses: [{ onset: '2025-03-25' }] }),
    asOf: '2025-03-31',
    expect: SUSPEND,
  },
  {
    name: 'no infusion yet and an open PML suspicion → SUSPEND (not "nothing to decide")',
    history: { infusions: [], adverseEvents: [{ onset: '2025-03-20', pmlSuspected: true }] },
    asOf: '2025-03-31',
    expect: SUSPEND,
  },
];

describe.each([
  ['A7 schedule tolerance and trough attribution (EV-ON-SCHEDULE)', scheduleCases],
  ['interval in force (EV-INTERVAL)', intervalCases],
  ['one sampling occasion per date (EV-OCCASION)', occasionCases],
  ['activity answered only by a decision that saw it (EV-ACTIVITY)', activityCases],
  ['superseding same-day decision', supersedeCases],
  ['PML safety stop (P0)', pmlCases],
])('decideInterval — issue 13: %s', (_group, cases) => {
  it.each(cases)('$name', (c) => {
    expect(outcome(c)).toEqual(c.expect);
  });
});

describe('decideInterval — issue 13: what the proposal lists', () => {
  it('a deviation is listed with its offset and the trough after it is listed as not counting, with why', () => {
    const d = decideInterval(pdnms, boundary('2025-05-02'), '2025-05-02');
    // 03-31 + 28 = 04-28 due; 05-02 is 4 days late.
    expect(d.scheduleDeviations).toEqual([
      expect.objectContaining({ from: '2025-03-31', to: '2025-05-02', due: '2025-04-28', offsetDays: 4, kind: 'late', intervalWeeks: 4 }),
    ]);
    expect(d.notCountingTroughs).toEqual([{ date: '2025-05-02', ugPerMl: 21, intervalWeeks: 4, results: 1, why: 'off-schedule' }]);
    expect(d.reasons.some((r) => r.clause === 'EV-ON-SCHEDULE' && /4 day\(s\) late/.test(r.text))).toBe(true);
    expect(d.intervalSource).toBe('protocol-start');
  });

  it('same-day duplicates are flagged (data quality) with the lowest value used', () => {
    const d = decideInterval(
      pdnms,
      sameDay([
        { date: '2025-03-03', ugPerMl: 20 },
        { date: '2025-03-31', ugPerMl: 18 },
        { date: '2025-03-31', ugPerMl: 14 },
      ]),
      '2025-03-31',
    );
    expect(d.duplicateTroughDates).toEqual(['2025-03-31']);
    expect(d.countingTroughs.map((t) => [t.date, t.ugPerMl, t.results])).toEqual([
      ['2025-03-03', 20, 1],
      ['2025-03-31', 14, 2],
    ]);
    expect(d.reasons.find((r) => r.clause === 'EV-OCCASION')?.text).toMatch(/lowest/);
  });

  it('SUSPEND names the adverse event, asks for review and has no window', () => {
    const d = decideInterval(
      pdnms,
      pml({ id: 'ae1', onset: '2025-03-20', pmlSuspected: true, term: 'New cognitive symptoms' }),
      '2025-03-31',
    );
    expect(d).toMatchObject({
      investigatorReview: true,
      nextInfusionWindow: null,
      pmlSuspicions: [{ id: 'ae1', onset: '2025-03-20', term: 'New cognitive symptoms' }],
    });
    expect(d.reasons.find((r) => r.clause === 'P0' && /New cognitive symptoms/.test(r.text))).toBeDefined();
  });

  it('unanswered activity is listed with its record id', () => {
    const d = decideInterval(
      pdnms,
      act([{ date: '2025-03-31', intervalWeeks: 5, seenActivityIds: [] }], { relapses: [{ id: 'r9', onset: '2025-03-30' }] }),
      '2025-04-28',
    );
    expect(d.unansweredActivity).toEqual([expect.objectContaining({ kind: 'relapse', date: '2025-03-30', recordId: 'r9' })]);
  });
});
