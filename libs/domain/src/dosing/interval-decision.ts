import { addDays, assertIsoDate, IsoDate } from '../dates';
import { ParticipantHistory } from '../history';
import { resolveNum } from '../protocol/parse-protocol';
import { Comparison, Condition, IntervalAction, Protocol } from '../protocol/protocol.types';
import { activityBetween } from './disease-activity';
import { DecideOptions, DecisionReason, IntervalDecision } from './interval-decision.types';
import { deriveIntervalState, IntervalState, sortedDecisions, sortedInfusionDates } from './interval-state';
import { classifyTroughs, formatTrough, Trough, TroughEvidence } from './trough-evidence';

/** Everything a rule may look at, computed once per call (no quadratic re-walks). */
interface Context {
  protocol: Protocol;
  asOf: IsoDate;
  state: IntervalState;
  maxWeeks: number;
  minWeeks: number;
  activityFrom: IsoDate | null;
  activityFromWhat: string;
  history: ParticipantHistory;
  evidence: TroughEvidence;
  activityCache?: ReturnType<typeof activityBetween>;
}

interface CondResult {
  matched: boolean;
  reasons: DecisionReason[];
}

/**
 * The one interpreter for every protocol file (trough table, target-trough table, fixed arms):
 * rules are evaluated top row first and the first match wins (protocols.md). Data dated after
 * `asOf` is ignored; the library never reads the clock.
 */
export function decideInterval(
  protocol: Protocol,
  history: ParticipantHistory,
  asOf: IsoDate,
  options: DecideOptions = {},
): IntervalDecision {
  assertIsoDate(asOf, 'asOf');
  const d = protocol.dosing;
  const ref = { id: protocol.id, version: protocol.version };
  const infusionDates = sortedInfusionDates(history.infusions ?? [], asOf);
  const startWeeks = d.startIntervalWeeks.value;

  if (infusionDates.length === 0) {
    return {
      decision: 'KEEP',
      currentIntervalWeeks: startWeeks,
      nextIntervalWeeks: startWeeks,
      nextInfusionDue: null,
      nextInfusionWindow: null,
      protocol: ref,
      rule: 'engine:no-infusions',
      investigatorReview: false,
      asOf,
      intervalSource: 'no-infusions',
      reasons: [
        {
          clause: 'engine:no-infusions',
          text: `No administered infusion on or before ${asOf}: nothing to decide; the protocol start interval of ${startWeeks} weeks applies to the first infusion.`,
          data: { asOf, startIntervalWeeks: startWeeks },
        },
      ],
    };
  }

  const decisions = sortedDecisions(history.decisions, asOf);
  const state = deriveIntervalState(infusionDates, decisions, startWeeks);
  const reasons: DecisionReason[] = [intervalReason(state, infusionDates)];

  // "Since the last interval decision" (P1/T1): the latest recorded decision strictly before
  // asOf, else the latest infusion strictly before asOf (each infusion visit is a decision point).
  // Inclusive of that day: a same-day event cannot be shown to have been known when that decision
  // was taken (dates have no time), so it counts — safety first [derived, platform choice].
  let activityFrom: IsoDate | null = null;
  let activityFromWhat = 'the start of the history';
  for (let i = decisions.length - 1; i >= 0; i--)
    if (decisions[i].date < asOf) {
      activityFrom = decisions[i].date;
      activityFromWhat = `the last recorded interval decision (${activityFrom})`;
      break;
    }
  if (activityFrom === null)
    for (let i = infusionDates.length - 1; i >= 0; i--)
      if (infusionDates[i] < asOf) {
        activityFrom = infusionDates[i];
        activityFromWhat = `the previous infusion visit (${activityFrom})`;
        break;
      }

  // A9(b): the screening trough is any trough dated on/before study start.
  let excludeOnOrBefore: IsoDate | null = null;
  if (!d.evidence.screeningTroughCounts.value) {
    excludeOnOrBefore = options.inclusionDate ?? decisions[0]?.date ?? null;
    reasons.push({
      clause: d.evidence.screeningTroughCounts.id,
      text:
        excludeOnOrBefore === null
          ? 'The screening trough does not count (A9 b), but no inclusion date or recorded decision identifies it; no trough was excluded.'
          : `The screening trough does not count (A9 b): troughs on or before ${excludeOnOrBefore} are ignored.`,
      data: { excludeOnOrBefore },
    });
  }

  const ctx: Context = {
    protocol,
    asOf,
    state,
    maxWeeks: d.maxIntervalWeeks.value,
    minWeeks: d.minIntervalWeeks.value,
    activityFrom,
    activityFromWhat,
    history,
    evidence: classifyTroughs({
      troughs: history.troughs ?? [],
      infusionDates,
      asOf,
      scope: d.evidence.troughScope.value,
      currentWeeks: state.currentWeeks,
      changedOn: state.changedOn,
      belowLloqIsTrough: d.evidence.belowLloqIsTrough.value,
      excludeOnOrBefore,
    }),
  };
  if (ctx.evidence.withoutResult.length)
    reasons.push({
      clause: 'EV-NO-RESULT',
      text: `${ctx.evidence.withoutResult.length} sample(s) without a result (${ctx.evidence.withoutResult.join(', ')}) are not troughs and do not count.`,
      data: { dates: ctx.evidence.withoutResult },
    });

  for (const rule of d.rules) {
    if (rule.enabled === false) continue;
    const r = evaluate(rule.when, ctx);
    const prefixed = r.reasons.map((x) => ({ ...x, clause: x.clause || rule.id }));
    reasons.push(...prefixed);
    if (!r.matched) continue;

    const raw = applyAction(rule.next, ctx);
    const next = Math.min(ctx.maxWeeks, Math.max(ctx.minWeeks, raw));
    reasons.push({
      clause: rule.id,
      text: `Rule ${rule.id} applies: ${rule.text ?? rule.decision} [${rule.status}; ${rule.source}]`,
      data: { decision: rule.decision, currentIntervalWeeks: state.currentWeeks, nextIntervalWeeks: next },
    });
    if (next !== raw)
      reasons.push({
        clause: next === ctx.maxWeeks ? d.maxIntervalWeeks.id : d.minIntervalWeeks.id,
        text: `Next interval ${raw} weeks is outside the protocol bounds ${ctx.minWeeks}–${ctx.maxWeeks} weeks; clamped to ${next}.`,
        data: { raw, min: ctx.minWeeks, max: ctx.maxWeeks },
      });
    const last = infusionDates[infusionDates.length - 1];
    const due = addDays(last, next * 7);
    const tol = protocol.visits.infusionTolerance;
    reasons.push({
      clause: tol.id,
      text: `Next infusion due ${due} = last infusion ${last} + ${next} × 7 days; tolerance −${tol.daysBefore}/+${tol.daysAfter} days [${tol.status}].`,
      data: { lastInfusion: last, nextIntervalWeeks: next, due },
    });
    return {
      decision: rule.decision,
      currentIntervalWeeks: state.currentWeeks,
      nextIntervalWeeks: next,
      nextInfusionDue: due,
      nextInfusionWindow: { from: addDays(due, -tol.daysBefore), to: addDays(due, tol.daysAfter) },
      protocol: ref,
      rule: rule.id,
      investigatorReview: rule.investigatorReview === true,
      asOf,
      intervalSource: state.source,
      reasons,
    };
  }
  // parseProtocol guarantees a catch-all last rule; reaching here means an unparsed protocol.
  throw new Error(`protocol ${protocol.id}@${protocol.version}: no rule matched (the last enabled rule must be "always")`);
}

function intervalReason(state: IntervalState, infusionDates: readonly IsoDate[]): DecisionReason {
  const how =
    state.source === 'decisions'
      ? 'from the latest recorded interval decision'
      : state.source === 'infusion-gaps'
        ? 'from the whole weeks between the last two infusions'
        : 'the protocol start interval (fewer than two infusions)';
  const since = state.changedOn ? `; last changed on ${state.changedOn}` : '; unchanged since the start of the history';
  return {
    clause: 'engine:current-interval',
    text: `Current interval ${state.currentWeeks} weeks, ${how}${since}.`,
    data: { ...state, lastInfusion: infusionDates[infusionDates.length - 1] },
  };
}

function compare(value: number | null, op: Comparison, threshold: number): boolean {
  // "< LLOQ" (null) is a trough below every threshold (protocols.md rules of evidence).
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

function evaluate(c: Condition, ctx: Context): CondResult {
  const p = ctx.protocol;
  const cur = ctx.state.currentWeeks;
  switch (c.type) {
    case 'always':
      return { matched: true, reasons: [] };
    case 'diseaseActivity': {
      ctx.activityCache ??= activityBetween(
        ctx.history.relapses,
        ctx.history.mri,
        ctx.activityFrom,
        ctx.asOf,
        ['relapse', 'gadolinium', 't2'],
        p.dosing.evidence.countUnconfirmedRelapses.value,
      );
      const ev = ctx.activityCache;
      return {
        matched: ev.length > 0,
        reasons: [
          {
            clause: '',
            text: ev.length
              ? `Disease activity between ${ctx.activityFromWhat} and ${ctx.asOf}: ${ev.map((e) => e.detail).join('; ')}.`
              : `No disease activity (counted relapse, Gd+ or new/enlarging T2 lesion) between ${ctx.activityFromWhat} and ${ctx.asOf}.`,
            data: { from: ctx.activityFrom, to: ctx.asOf, events: ev },
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
              ? `Current interval ${cur} weeks has reached the maximum of ${ctx.maxWeeks} weeks.`
              : `Current interval ${cur} weeks is below the maximum of ${ctx.maxWeeks} weeks.`,
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
              ? `Current interval ${cur} weeks is above the minimum of ${ctx.minWeeks} weeks.`
              : `Current interval ${cur} weeks is already the minimum of ${ctx.minWeeks} weeks.`,
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
            text: `${have} trough(s) count at the current ${cur}-week interval${ctx.state.changedOn ? ` since ${ctx.state.changedOn}` : ''} (${need} required)${ctx.evidence.otherInterval.length ? `; ${ctx.evidence.otherInterval.length} trough(s) at another interval or before the last change do not count` : ''}.`,
            // Only the counting troughs are formatted: the excluded ones can be ~all of a 5-year
            // history, and formatting them on every call dominated the run time.
            data: { counting: ctx.evidence.counting.map(formatTrough), notCountingCount: ctx.evidence.otherInterval.length, required: need },
            threshold: need,
            comparison: '<',
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
              text: `Only ${all.length} trough(s) at the current ${cur}-week interval; ${n} needed to test ${c.op} ${threshold} µg/mL.`,
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
            text: `Latest ${n} trough(s) at the current interval: ${latest.map(formatTrough).join('; ')} — ${ok ? 'all' : 'not all'} ${c.op} ${threshold} µg/mL.`,
            data: { troughs: latest },
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

function applyAction(a: IntervalAction, ctx: Context): number {
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
  }
}
