import { addDays, assertIsoDate, IsoDate } from '../dates';
import { ParticipantHistory } from '../history';
import { Protocol } from '../protocol/protocol.types';
import { activityRuleId, reviewActivity } from './activity-review';
import { DecideOptions, DecisionReason, DOSING_RULES_VERSION, IntervalDecision, TroughSummary } from './interval-decision.types';
import { deriveIntervalState, IntervalState, sortedDecisions, sortedInfusionDates } from './interval-state';
import { applyAction, evaluate, RuleContext } from './rule-conditions';
import { openPmlSuspicions } from './safety-stop';
import { describeGap, ScheduleDeviation, scheduleDeviations } from './schedule-adherence';
import { classifyTroughs, Trough } from './trough-evidence';

const summary = (t: Trough): TroughSummary => ({ date: t.date, ugPerMl: t.ugPerMl, intervalWeeks: t.intervalWeeks, results: t.results });

/**
 * The one interpreter for every protocol file (trough table, target-trough table, fixed arms):
 * rules are evaluated top row first and the first match wins (docs/science/protocols.md); row P0 (open PML
 * suspicion → SUSPEND) is always first. Data dated after `asOf` is ignored; the library never reads the clock.
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
  const pml = openPmlSuspicions(history, asOf);
  const empty = { scheduleDeviations: [], countingTroughs: [], notCountingTroughs: [], duplicateTroughDates: [], unansweredActivity: [] };

  if (infusionDates.length === 0 && pml.length === 0) {
    return {
      rulesVersion: DOSING_RULES_VERSION,
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
      ...empty,
      pmlSuspicions: [],
    };
  }

  const decisions = sortedDecisions(history.decisions, asOf);
  const state = deriveIntervalState(decisions, startWeeks, activityRuleId(protocol));
  const last: IsoDate | null = infusionDates[infusionDates.length - 1] ?? null;
  const tol = protocol.visits.infusionTolerance;
  const reasons: DecisionReason[] = [intervalReason(protocol, state, last)];

  const deviations = scheduleDeviations(infusionDates, decisions, startWeeks, tol); // = historyScheduleDeviations
  if (deviations.length) reasons.push(deviationReason(protocol, deviations));

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

  const ctx: RuleContext = {
    protocol,
    asOf,
    state,
    maxWeeks: d.maxIntervalWeeks.value,
    minWeeks: d.minIntervalWeeks.value,
    pml,
    activity: reviewActivity(protocol, history, decisions, asOf, options.inclusionDate ?? infusionDates[0] ?? null),
    evidence: classifyTroughs({
      troughs: history.troughs ?? [],
      infusionDates,
      decisions,
      startWeeks,
      tolerance: tol,
      asOf,
      scope: d.evidence.troughScope.value,
      currentWeeks: state.currentWeeks,
      changedOn: state.changedOn,
      belowLloqIsTrough: d.evidence.belowLloqIsTrough.value,
      excludeOnOrBefore,
    }),
  };
  const ev = ctx.evidence;
  if (ev.withoutResult.length)
    reasons.push({
      clause: 'EV-NO-RESULT',
      text: `${ev.withoutResult.length} sampling date(s) without a result (${ev.withoutResult.join(', ')}) are not troughs and do not count.`,
      data: { dates: ev.withoutResult },
    });
  if (ev.duplicateDates.length)
    reasons.push({
      clause: d.evidence.samplingOccasion.id,
      text: `Several trough results on ${ev.duplicateDates.join(', ')}: one sampling occasion per date, the lowest result is used (data-quality flag) [${d.evidence.samplingOccasion.status}].`,
      data: { dates: ev.duplicateDates },
    });

  for (const rule of d.rules) {
    if (rule.enabled === false) continue;
    const r = evaluate(rule.when, ctx);
    reasons.push(...r.reasons.map((x) => ({ ...x, clause: x.clause || rule.id })));
    if (!r.matched) continue;

    const suspend = rule.decision === 'SUSPEND';
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
        text: `The rule's next interval ${raw} weeks is outside the protocol bounds ${ctx.minWeeks}–${ctx.maxWeeks} weeks; the proposal is ${next} weeks.`,
        data: { raw, min: ctx.minWeeks, max: ctx.maxWeeks },
      });
    const due = suspend || last === null ? null : addDays(last, next * 7);
    if (due && last)
      reasons.push({
        clause: tol.id,
        text: `Next infusion due ${due} = last infusion ${last} + ${next} × 7 days; tolerance −${tol.daysBefore}/+${tol.daysAfter} days [${tol.status}].`,
        data: { lastInfusion: last, nextIntervalWeeks: next, due },
      });
    return {
      rulesVersion: DOSING_RULES_VERSION,
      decision: rule.decision,
      currentIntervalWeeks: state.currentWeeks,
      nextIntervalWeeks: next,
      nextInfusionDue: due,
      nextInfusionWindow: due ? { from: addDays(due, -tol.daysBefore), to: addDays(due, tol.daysAfter) } : null,
      protocol: ref,
      rule: rule.id,
      investigatorReview: rule.investigatorReview === true,
      asOf,
      intervalSource: last === null ? 'no-infusions' : state.source,
      reasons,
      scheduleDeviations: deviations,
      countingTroughs: ev.counting.map(summary),
      notCountingTroughs: ev.notCounting.map((n) => ({ ...summary(n.trough), why: n.why })),
      duplicateTroughDates: ev.duplicateDates,
      unansweredActivity: ctx.activity.unanswered,
      pmlSuspicions: pml.map((a) => ({ id: a.id, onset: a.onset, term: a.term })),
    };
  }
  // parseProtocol guarantees a catch-all last rule; reaching here means an unparsed protocol.
  throw new Error(`protocol ${protocol.id}@${protocol.version}: no rule matched (the last enabled rule must be "always")`);
}

function intervalReason(protocol: Protocol, state: IntervalState, lastInfusion: IsoDate | null): DecisionReason {
  const clause = protocol.dosing.evidence.intervalInForce;
  const how =
    state.source === 'decisions'
      ? 'the interval of the last confirmed or overridden decision'
      : 'the protocol start interval (no decision recorded yet)';
  const since = state.changedOn ? `; last changed on ${state.changedOn}` : '; unchanged since the start of the history';
  return {
    clause: clause.id,
    text: `Interval in force ${state.currentWeeks} weeks: ${how}${since}; never inferred from infusion gaps [${clause.status}].`,
    data: { ...state, lastInfusion },
  };
}

function deviationReason(protocol: Protocol, deviations: ScheduleDeviation[]): DecisionReason {
  const tol = protocol.visits.infusionTolerance;
  const shown = deviations.slice(-3).map(describeGap).join('; ');
  return {
    clause: protocol.dosing.evidence.troughOnSchedule.id,
    text: `${deviations.length} schedule deviation(s) outside the A7 tolerance −${tol.daysBefore}/+${tol.daysAfter} days [${tol.status}]${deviations.length > 3 ? ' (latest 3)' : ''}: ${shown}. A deviation never changes the interval in force; a trough after it does not count.`,
    data: { deviations: deviations.slice(-20) },
  };
}

/**
 * The schedule deviations of a history as of a day — exactly the engine's `scheduleDeviations` above (the same
 * inputs: administered infusions and decisions dated on/before asOf, the protocol start interval, the A7 tolerance),
 * for the monitor's list (GET /studies/:id/schedule-deviations). Unlike the proposal, it is not emptied while dosing
 * is suspended (rule P0): a past deviation stays a deviation.
 */
export function historyScheduleDeviations(protocol: Protocol, history: ParticipantHistory, asOf: IsoDate): ScheduleDeviation[] {
  assertIsoDate(asOf, 'asOf');
  return scheduleDeviations(
    sortedInfusionDates(history.infusions ?? [], asOf),
    sortedDecisions(history.decisions, asOf),
    protocol.dosing.startIntervalWeeks.value,
    protocol.visits.infusionTolerance,
  );
}
