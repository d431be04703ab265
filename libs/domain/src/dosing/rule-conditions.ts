import { IsoDate } from '../dates';
import { AdverseEventRecord } from '../history';
import { resolveNum } from '../protocol/parse-protocol';
import { Comparison, Condition, IntervalAction, Protocol } from '../protocol/protocol.types';
import { ActivityReview } from './activity-review';
import { DecisionReason } from './interval-decision.types';
import { IntervalState } from './interval-state';
import { describePmlSuspicion } from './safety-stop';
import { onStartInterval, stratumOf } from './stratified-start';
import { describeNotCounting, formatTrough, Trough, TroughEvidence } from './trough-evidence';

/** Everything a rule may look at, computed once per decideInterval call (no quadratic re-walks). */
export interface RuleContext {
  protocol: Protocol;
  asOf: IsoDate;
  state: IntervalState;
  maxWeeks: number;
  minWeeks: number;
  evidence: TroughEvidence;
  activity: ActivityReview;
  pml: AdverseEventRecord[];
}

export interface CondResult {
  matched: boolean;
  reasons: DecisionReason[];
}

function compare(value: number | null, op: Comparison, threshold: number): boolean {
  // "< LLOQ" (null) is a trough below every threshold (docs/science/protocols.md rules of evidence).
  if (value === null) return op === '<' || op === '<=';
  switch (op) {
    case '>':
      return value > threshold;
    case '>=':
      return value >= threshold;
    case '<':
      return value < threshold;
    case '<=':
      return value <= threshold;
  }
}

function notCountingNote(ctx: RuleContext): string {
  const n = ctx.evidence.notCounting;
  if (!n.length) return '';
  // Only the latest few are spelled out: the excluded ones can be ~all of a 5-year history.
  const shown = n.slice(-3).map(describeNotCounting).join('; ');
  return `; ${n.length} trough(s) do not count${n.length > 3 ? ' (latest 3)' : ''}: ${shown}`;
}

/** Evaluate one condition of a rule row; reasons carry clause '' and are attributed to the row by the caller. */
export function evaluate(c: Condition, ctx: RuleContext): CondResult {
  const p = ctx.protocol;
  const cur = ctx.state.currentWeeks;
  switch (c.type) {
    case 'always':
      return { matched: true, reasons: [] };
    case 'pmlSuspicion': {
      const open = ctx.pml;
      return {
        matched: open.length > 0,
        reasons: [
          {
            clause: '',
            text: open.length
              ? `Dosing suspended: ${open.map(describePmlSuspicion).join('; ')}. No infusion until the suspicion is resolved.`
              : `No open adverse event with PML suspicion on ${ctx.asOf}.`,
            data: { open: open.map((a) => ({ id: a.id, onset: a.onset, term: a.term })) },
          },
        ],
      };
    }
    case 'diseaseActivity': {
      const { unanswered, answered } = ctx.activity;
      const answeredNote = answered.length
        ? ` (${answered.length} earlier event(s) answered by decisions: ${answered.map((a) => `${a.event.date} by ${a.by}`).join(', ')})`
        : '';
      return {
        matched: unanswered.length > 0,
        reasons: [
          {
            clause: '',
            text: unanswered.length
              ? `Disease activity not yet answered by a decision that saw it: ${unanswered.map((e) => e.detail).join('; ')}${answeredNote}.`
              : `No unanswered disease activity (counted relapse, Gd+ or new/enlarging T2 lesion) from ${ctx.activity.from ?? 'the start of the history'} to ${ctx.asOf}${answeredNote}.`,
            data: { from: ctx.activity.from, to: ctx.asOf, unanswered, answered },
          },
        ],
      };
    }
    case 'atMaxInterval':
    case 'belowMaxInterval': {
      const atMax = cur >= ctx.maxWeeks;
      return {
        matched: c.type === 'atMaxInterval' ? atMax : !atMax,
        reasons: [
          {
            clause: '',
            text: atMax
              ? `Interval in force ${cur} weeks has reached the maximum of ${ctx.maxWeeks} weeks.`
              : `Interval in force ${cur} weeks is below the maximum of ${ctx.maxWeeks} weeks.`,
            data: { currentIntervalWeeks: cur, maxIntervalWeeks: ctx.maxWeeks },
            threshold: ctx.maxWeeks,
            comparison: c.type === 'atMaxInterval' ? '>=' : '<',
          },
        ],
      };
    }
    case 'aboveMinInterval': {
      const above = cur > ctx.minWeeks;
      return {
        matched: above,
        reasons: [
          {
            clause: '',
            text: above
              ? `Interval in force ${cur} weeks is above the minimum of ${ctx.minWeeks} weeks.`
              : `Interval in force ${cur} weeks is already the minimum of ${ctx.minWeeks} weeks.`,
            data: { currentIntervalWeeks: cur, minIntervalWeeks: ctx.minWeeks },
            threshold: ctx.minWeeks,
            comparison: '>',
          },
        ],
      };
    }
    case 'fewerTroughsThan': {
      const need = resolveNum(p, c.count);
      const have = ctx.evidence.counting.length;
      return {
        matched: have < need,
        reasons: [
          {
            clause: '',
            text: `${have} trough(s) count at the ${cur}-week interval in force${ctx.state.changedOn ? ` since ${ctx.state.changedOn}` : ''}, drawn on schedule (${need} required)${notCountingNote(ctx)}.`,
            data: { counting: ctx.evidence.counting.map(formatTrough), notCountingCount: ctx.evidence.notCounting.length, required: need },
            threshold: need,
            comparison: '<',
          },
        ],
      };
    }
    case 'stratifiedStart': {
      // Stratified start (stratified-start.ts): on the never-changed start interval with enough troughs there.
      const need = resolveNum(p, c.count);
      const have = ctx.evidence.counting.length;
      const onStart = onStartInterval(p, cur, ctx.state.changedOn);
      const s = onStart && have >= need ? stratumOf(p, ctx.evidence.counting) : null;
      const matched =
        c.stratum === 'awaiting' ? onStart && have < need : s !== null && (c.stratum === 'longer' ? s.weeks > cur : s.weeks === cur);
      return {
        matched,
        reasons: [
          {
            clause: '',
            text: !onStart
              ? `The interval has already changed from the start interval: the stratified start is over.`
              : s === null
                ? `${have} trough(s) at the start interval (${need} needed for the stratified start).`
                : `Stratified start: lowest of ${s!.troughs.map(formatTrough).join('; ')} = ${s!.basisUgPerMl === null ? '< LLOQ' : `${s!.basisUgPerMl} µg/mL`} → ` +
                  (s!.row
                    ? `${s!.weeks} weeks (cut-off ≥ ${s!.row.atLeastUgPerMl} µg/mL [${s!.row.status}])`
                    : `below every cut-off: start interval ${s!.weeks} weeks`) +
                  '.',
            data: s ? { basisUgPerMl: s.basisUgPerMl, weeks: s.weeks, row: s.row } : { counting: have, required: need },
            threshold: need,
            comparison: '>=',
          },
        ],
      };
    }
    case 'latestTroughs': {
      const n = resolveNum(p, c.count);
      const threshold = resolveNum(p, c.threshold);
      const all = ctx.evidence.counting;
      if (all.length < n || n < 1)
        return {
          matched: false,
          reasons: [
            {
              clause: '',
              text: `Only ${all.length} trough(s) count at the ${cur}-week interval in force; ${n} needed to test ${c.op} ${threshold} µg/mL${notCountingNote(ctx)}.`,
              data: { counting: all.map(formatTrough) },
              threshold,
              comparison: c.op,
            },
          ],
        };
      const latest: Trough[] = all.slice(all.length - n);
      const ok = latest.every((t) => compare(t.ugPerMl, c.op, threshold));
      return {
        matched: ok,
        reasons: [
          {
            clause: '',
            text: `Latest ${n} trough(s) at the interval in force: ${latest.map(formatTrough).join('; ')} — ${ok ? 'all' : 'not all'} ${c.op} ${threshold} µg/mL.`,
            data: {
              troughs: latest.map((t) => ({
                date: t.date,
                ugPerMl: t.ugPerMl,
                intervalWeeks: t.intervalWeeks,
                previousInfusion: t.previousInfusion,
              })),
            },
            threshold,
            comparison: c.op,
          },
        ],
      };
    }
    case 'all': {
      const reasons: DecisionReason[] = [];
      for (const sub of c.of) {
        const r = evaluate(sub, ctx);
        reasons.push(...r.reasons);
        if (!r.matched) return { matched: false, reasons };
      }
      return { matched: true, reasons };
    }
  }
}

export function applyAction(a: IntervalAction, ctx: RuleContext): number {
  const p = ctx.protocol;
  const cur = ctx.state.currentWeeks;
  switch (a.op) {
    case 'keep':
      return cur;
    case 'add':
      return cur + resolveNum(p, a.weeks);
    case 'subtract':
      return cur - resolveNum(p, a.weeks);
    case 'set':
      return resolveNum(p, a.weeks);
    case 'previous':
      return ctx.state.previousWeeks ?? p.dosing.startIntervalWeeks.value;
    case 'fromStrata':
      return stratumOf(p, ctx.evidence.counting).weeks;
  }
}
