/**
 * Shadow MIPD (issue 15 item 8): every recorded decision also stores what the PK model would have recommended;
 * once troughs at the new interval have arrived, the interval prediction error of the protocol's proposal and of
 * the model's recommendation is measured against an a-posteriori reference interval.
 *
 * Definitions (platform [derived] from van den Berg et al. 2025's "mean prediction error of the chosen interval",
 * docs/science/pk-model.md §1; the paper's exact reference procedure is not in the team's sources [unconfirmed]):
 * - reference interval of a decision = the interval the same model recommends at the same target from ALL the
 *   participant's troughs up to the report day (the new-interval troughs included), by the point rule of
 *   docs/science/pk-model.md §3d (longest interval whose steady-state trough is ≥ target at the posterior median, P ≥ 0.5);
 * - evaluable = at least one trough drawn at the new interval: dated after the decision, its preceding infusion on
 *   or after the last infusion before the decision (where the chosen interval starts, A7), and the whole weeks
 *   between them equal to the chosen interval (the platform's trough attribution);
 * - prediction error PE = (interval − reference) / reference × 100 %; the report gives the mean PE (signed, as
 *   the paper) and the mean |PE|, per participant and pooled, for the protocol and for the model.
 */
import { IsoDate, toEpochDay } from '../dates';
import { ParticipantHistory } from '../history';
import { predictTroughs } from './predict-troughs';

export interface ShadowDecision {
  decisionId: string;
  decidedOn: IsoDate;
  /** The protocol's proposal at the decision. */
  protocolIntervalWeeks: number;
  /** The interval the investigator chose (confirmed or overridden): the new interval. */
  chosenIntervalWeeks: number;
  /** The model's recommendation stored with the decision (null: no target under the protocol). */
  modelIntervalWeeks: number | null;
  modelId: string | null;
  targetUgPerMl: number | null;
}

export interface ShadowEvaluation {
  decisionId: string;
  decidedOn: IsoDate;
  evaluable: boolean;
  /** Why a decision is not evaluated (no target stored, no trough at the new interval yet). */
  reason: string | null;
  referenceIntervalWeeks: number | null;
  protocolIntervalWeeks: number;
  modelIntervalWeeks: number | null;
  protocolErrorPct: number | null;
  modelErrorPct: number | null;
}

export function intervalPredictionErrorPct(intervalWeeks: number, referenceWeeks: number): number {
  return ((intervalWeeks - referenceWeeks) / referenceWeeks) * 100;
}

/** True when a trough was drawn at the interval chosen by the decision (see the header). */
export function hasTroughAtNewInterval(history: ParticipantHistory, decidedOn: IsoDate, chosenWeeks: number, asOf: IsoDate): boolean {
  const infusions = history.infusions
    .filter((i) => i.administered !== false && i.date <= asOf)
    .map((i) => i.date)
    .sort();
  const start = infusions.filter((d) => d <= decidedOn).at(-1);
  if (start === undefined) return false;
  return (history.troughs ?? []).some((t) => {
    if (t.date <= decidedOn || t.date > asOf) return false;
    if (typeof t.ugPerMl !== 'number' && t.belowLloq !== true) return false;
    const previous = infusions.filter((d) => d < t.date).at(-1);
    return previous !== undefined && previous >= start && Math.floor((toEpochDay(t.date) - toEpochDay(previous)) / 7) === chosenWeeks;
  });
}

export function evaluateShadowDecisions(
  history: ParticipantHistory,
  decisions: readonly ShadowDecision[],
  bounds: { minIntervalWeeks: number; maxIntervalWeeks: number },
  asOf: IsoDate,
): ShadowEvaluation[] {
  const references = new Map<string, number>(); // one a-posteriori fit per model + target
  return decisions.map((d) => {
    const base = {
      decisionId: d.decisionId,
      decidedOn: d.decidedOn,
      protocolIntervalWeeks: d.protocolIntervalWeeks,
      modelIntervalWeeks: d.modelIntervalWeeks,
    };
    const none = (reason: string): ShadowEvaluation => ({
      ...base,
      evaluable: false,
      reason,
      referenceIntervalWeeks: null,
      protocolErrorPct: null,
      modelErrorPct: null,
    });
    if (d.targetUgPerMl === null || d.modelId === null || d.modelIntervalWeeks === null)
      return none('no model recommendation stored (the protocol defines no PK target)');
    if (!hasTroughAtNewInterval(history, d.decidedOn, d.chosenIntervalWeeks, asOf)) return none('no trough at the new interval yet');
    const key = `${d.modelId}|${d.targetUgPerMl}`;
    let reference = references.get(key);
    if (reference === undefined) {
      reference = predictTroughs(history, {
        modelId: d.modelId,
        ...bounds,
        targetUgPerMl: d.targetUgPerMl,
        minProbability: 0.5,
        asOf,
      }).recommendedIntervalWeeks!;
      references.set(key, reference);
    }
    return {
      ...base,
      evaluable: true,
      reason: null,
      referenceIntervalWeeks: reference,
      protocolErrorPct: intervalPredictionErrorPct(d.protocolIntervalWeeks, reference),
      modelErrorPct: intervalPredictionErrorPct(d.modelIntervalWeeks, reference),
    };
  });
}

export interface ShadowSummary {
  evaluable: number;
  protocolMeanErrorPct: number | null;
  protocolMeanAbsErrorPct: number | null;
  modelMeanErrorPct: number | null;
  modelMeanAbsErrorPct: number | null;
}

export function summariseShadow(evaluations: readonly ShadowEvaluation[]): ShadowSummary {
  const e = evaluations.filter((x) => x.evaluable);
  const mean = (xs: number[]) => (xs.length ? xs.reduce((s, v) => s + v, 0) / xs.length : null);
  const p = e.map((x) => x.protocolErrorPct!);
  const m = e.map((x) => x.modelErrorPct!);
  return {
    evaluable: e.length,
    protocolMeanErrorPct: mean(p),
    protocolMeanAbsErrorPct: mean(p.map(Math.abs)),
    modelMeanErrorPct: mean(m),
    modelMeanAbsErrorPct: mean(m.map(Math.abs)),
  };
}
