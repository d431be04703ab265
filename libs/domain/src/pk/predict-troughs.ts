/**
 * Advisory trough prediction for a participant (pk-model.md §3c individualisation + §3d interval
 * choice). Pure: the caller passes `asOf`; nothing reads the clock.
 *
 * Conventions (platform, documented here and in the model files):
 * - Time: day resolution. An infusion starts at the start of its date and lasts the model's infusion
 *   duration (1 h, label); a trough dated on an infusion day is that infusion's pre-dose sample.
 * - Doses: infusions with `administered !== false`, `doseMg` default from the model file (300 mg).
 * - Troughs: a result (`ugPerMl`) or `belowLloq: true` is required; samples on or before the first
 *   administered infusion have no preceding infusion and are not troughs (natalizumab.md §6), so they
 *   are excluded. `belowLloq` troughs are left-censored at `ugPerMl` (the LLOQ) or, without a number,
 *   at the model's default LLOQ; a reported value ≤ 0 is treated the same way (log scale).
 * - Uncertainty: approximate 95 % interval of the predicted (true) trough from the Laplace posterior of
 *   η, propagated by the delta method on the log scale. It excludes assay/residual error.
 * - Interval choice (§3d): longest whole-week interval in [min, max] whose UNROUNDED predicted
 *   steady-state trough ≥ target; if even the minimum misses, the minimum with `targetNotMetAtMinimum`.
 */
import { IsoDate, assertIsoDate, toEpochDay } from '../dates';
import { ParticipantHistory } from '../history';
import { PkDose } from './one-compartment';
import { MapFitResult, PkObservation, mapFit } from './map-fit';
import { PkEngine, covariateAdjustedValues, createPkEngine, individualValues } from './pk-engine';
import { fromInternalUnits } from './pk-model-definition';
import { DEFAULT_PK_MODEL_ID, getPkModel, listPkModels } from './pk-registry';

export const PK_ADVISORY = 'Predictions are advisory; the protocol rule decides.' as const;

export interface PredictTroughsOptions {
  modelId?: string;
  minIntervalWeeks?: number;
  maxIntervalWeeks: number;
  targetUgPerMl?: number;
  asOf?: IsoDate;
}

export interface TroughFitPoint {
  date: IsoDate;
  /** Measured value; for a below-LLOQ trough, the LLOQ used as the censoring limit. */
  observedUgPerMl: number;
  predictedUgPerMl: number;
  belowLloq?: true;
}

export interface TroughCandidate {
  intervalWeeks: number;
  steadyStateTroughUgPerMl: number;
  /** Trough at the actual last infusion + this interval; null without any administered infusion. */
  firstTroughAfterSwitchUgPerMl: number | null;
  /** Approximate 95 % interval of `steadyStateTroughUgPerMl` (parameter uncertainty only). */
  lower: number;
  upper: number;
}

export interface PkFitQuality {
  /** Troughs used in the fit (quantified + below LLOQ). */
  n: number;
  nBelowLloq: number;
  /** Samples not usable as troughs (no preceding infusion). */
  nExcluded: number;
  /** Root-mean-square error over quantified troughs (µg/mL); null when there are none. */
  rmseUgPerMl: number | null;
  /** MAP objective (−2 log posterior up to a constant). */
  ofv: number;
  converged: boolean;
  iterations: number;
  /** True when there were no troughs: the prediction is the model's (covariate-adjusted) typical value. */
  typicalValuesOnly: boolean;
  weightKg: number | null;
  randomEffects: { parameter: string; eta: number; standardError: number }[];
  /** Individual parameters in the units of the model file. */
  individualParameters: Record<string, { value: number; unit: string }>;
}

export interface TroughPrediction {
  model: { id: string; version: string; label: string; validationStatus: string };
  fit: TroughFitPoint[];
  fitQuality: PkFitQuality;
  candidates: TroughCandidate[];
  /** null when no target was given. */
  recommendedIntervalWeeks: number | null;
  /** §3d flag: even the minimum interval misses the target (the minimum is returned). */
  targetNotMetAtMinimum: boolean;
  rationale: string;
  advisory: typeof PK_ADVISORY;
}

const HOURS_PER_DAY = 24;
const HOURS_PER_WEEK = 168;
const Z95 = 1.959963984540054;
const DELTA_ETA = 1e-3;

function validateOptions(options: PredictTroughsOptions): { min: number; max: number } {
  const min = options.minIntervalWeeks ?? 4;
  const max = options.maxIntervalWeeks;
  if (!Number.isInteger(min) || !Number.isInteger(max) || min < 1 || max < min || max > 52) {
    throw new RangeError(`interval weeks must be whole numbers with 1 ≤ min ≤ max ≤ 52, got ${min}..${max}`);
  }
  if (options.targetUgPerMl !== undefined && !(options.targetUgPerMl > 0)) {
    throw new RangeError('targetUgPerMl must be > 0');
  }
  if (options.asOf !== undefined) assertIsoDate(options.asOf, 'asOf');
  return { min, max };
}

/** Quantities predicted for a parameter vector: steady-state troughs and first troughs per candidate. */
function candidateQuantities(
  engine: PkEngine,
  params: Record<string, number>,
  doses: readonly PkDose[],
  doseMg: number,
  weeks: readonly number[],
): { ss: number[]; first: (number | null)[] } {
  const ss = weeks.map((w) => engine.steadyState(params, doseMg, w * HOURS_PER_WEEK).troughUgPerMl);
  if (doses.length === 0) return { ss, first: weeks.map(() => null) };
  const last = doses[doses.length - 1].timeH;
  const first = engine.concentrations(params, doses, weeks.map((w) => last + w * HOURS_PER_WEEK));
  return { ss, first };
}

export function predictTroughs(history: ParticipantHistory, options: PredictTroughsOptions): TroughPrediction {
  const { min, max } = validateOptions(options);
  const modelId = options.modelId ?? DEFAULT_PK_MODEL_ID;
  const model = getPkModel(modelId);
  if (!model) {
    throw new RangeError(`unknown PK model ${modelId}; known: ${listPkModels().map((m) => m.id).join(', ')}`);
  }
  const engine = createPkEngine(model);
  const asOf = options.asOf;
  const inScope = (date: IsoDate): boolean => asOf === undefined || date <= asOf;

  // Doses on the real dates (§3c: not the steady-state shortcut).
  const infusions = history.infusions
    .filter((i) => i.administered !== false && inScope(i.date))
    .map((i) => ({ day: toEpochDay(i.date), doseMg: i.doseMg ?? model.dosing.defaultDoseMg }))
    .sort((a, b) => a.day - b.day);
  const day0 = infusions.length ? infusions[0].day : 0;
  const doses: PkDose[] = infusions.map((i) => ({
    timeH: (i.day - day0) * HOURS_PER_DAY,
    doseMg: i.doseMg,
    durationH: model.dosing.infusionDurationH,
  }));

  const lloqDefault = model.belowLloq.defaultLloqUgPerMl;
  const usable: { date: IsoDate; obs: PkObservation }[] = [];
  let nExcluded = 0;
  for (const t of [...(history.troughs ?? [])].filter((t) => inScope(t.date)).sort((a, b) => (a.date < b.date ? -1 : 1))) {
    const hasValue = typeof t.ugPerMl === 'number' && Number.isFinite(t.ugPerMl);
    if (!hasValue && t.belowLloq !== true) continue; // sample without a result: not a trough
    const day = toEpochDay(t.date);
    if (!infusions.length || day <= day0) {
      nExcluded++;
      continue;
    }
    const censored = t.belowLloq === true || !(t.ugPerMl! > 0);
    const value = censored ? (hasValue && t.ugPerMl! > 0 ? t.ugPerMl! : lloqDefault) : t.ugPerMl!;
    usable.push({ date: t.date, obs: { timeH: (day - day0) * HOURS_PER_DAY, ugPerMl: value, belowLloq: censored } });
  }

  const weightKg = history.participant?.weightKg;
  const base = covariateAdjustedValues(model, { weightKg });
  const fit: MapFitResult = mapFit(engine, base, doses, usable.map((u) => u.obs));

  // Candidate table with delta-method intervals on the log scale.
  const weeks = Array.from({ length: max - min + 1 }, (_, i) => min + i);
  const doseMg = infusions.length ? infusions[infusions.length - 1].doseMg : model.dosing.defaultDoseMg;
  const at = (eta: number[]) => candidateQuantities(engine, individualValues(model, base, eta), doses, doseMg, weeks);
  const centre = at(fit.eta);
  const shifted = fit.eta.map((_, m) => at(fit.eta.map((e, k) => (k === m ? e + DELTA_ETA : e))));
  const candidates: TroughCandidate[] = weeks.map((w, i) => {
    const g = centre.ss[i];
    const grad = shifted.map((s) => (Math.log(s.ss[i]) - Math.log(g)) / DELTA_ETA);
    let variance = 0;
    grad.forEach((ga, a) => grad.forEach((gb, b) => (variance += ga * fit.etaCovariance[a][b] * gb)));
    const sd = Math.sqrt(Math.max(variance, 0));
    return {
      intervalWeeks: w,
      steadyStateTroughUgPerMl: g,
      firstTroughAfterSwitchUgPerMl: centre.first[i],
      lower: g * Math.exp(-Z95 * sd),
      upper: g * Math.exp(Z95 * sd),
    };
  });

  // §3d: longest interval meeting the target on the unrounded prediction; never beyond max.
  const target = options.targetUgPerMl;
  let recommended: number | null = null;
  let targetNotMetAtMinimum = false;
  if (target !== undefined) {
    const meeting = candidates.filter((c) => c.steadyStateTroughUgPerMl >= target);
    recommended = meeting.length ? meeting[meeting.length - 1].intervalWeeks : min;
    targetNotMetAtMinimum = meeting.length === 0;
  }

  const fitPoints: TroughFitPoint[] = usable.map((u, j) => ({
    date: u.date,
    observedUgPerMl: u.obs.ugPerMl,
    predictedUgPerMl: fit.predictedUgPerMl[j],
    ...(u.obs.belowLloq ? { belowLloq: true as const } : {}),
  }));
  const quantified = fitPoints.filter((f) => !f.belowLloq);
  const rmse = quantified.length
    ? Math.sqrt(quantified.reduce((s, f) => s + (f.observedUgPerMl - f.predictedUgPerMl) ** 2, 0) / quantified.length)
    : null;
  const individualParameters: Record<string, { value: number; unit: string }> = {};
  for (const [name, spec] of Object.entries(model.parameters)) {
    individualParameters[name] = { value: fromInternalUnits(spec, fit.parameters[name]), unit: spec.unit };
  }
  const fitQuality: PkFitQuality = {
    n: fitPoints.length,
    nBelowLloq: fitPoints.length - quantified.length,
    nExcluded,
    rmseUgPerMl: rmse,
    ofv: fit.ofv,
    converged: fit.converged,
    iterations: fit.iterations,
    typicalValuesOnly: fitPoints.length === 0,
    weightKg: weightKg !== undefined && weightKg > 0 ? weightKg : null,
    randomEffects: model.betweenSubjectVariability.map((v, m) => ({
      parameter: v.parameter,
      eta: fit.eta[m],
      standardError: Math.sqrt(Math.max(fit.etaCovariance[m][m], 0)),
    })),
    individualParameters,
  };

  return {
    model: { id: model.id, version: model.version, label: model.label, validationStatus: model.validationStatus },
    fit: fitPoints,
    fitQuality,
    candidates,
    recommendedIntervalWeeks: recommended,
    targetNotMetAtMinimum,
    rationale: rationaleText(model.label, fitQuality, candidates, target, recommended, targetNotMetAtMinimum, min, max),
    advisory: PK_ADVISORY,
  };
}

function rationaleText(
  label: string,
  q: PkFitQuality,
  candidates: TroughCandidate[],
  target: number | undefined,
  recommended: number | null,
  notMet: boolean,
  min: number,
  max: number,
): string {
  const f2 = (x: number) => x.toFixed(2);
  const parts: string[] = [`Model: ${label}.`];
  parts.push(
    q.typicalValuesOnly
      ? `No usable troughs: typical values${q.weightKg !== null ? ` for ${q.weightKg} kg` : ''} (population prior only, wide interval).`
      : `MAP fit to ${q.n} trough(s)${q.nBelowLloq ? ` (${q.nBelowLloq} below LLOQ, censored)` : ''}` +
          (q.rmseUgPerMl !== null ? `, RMSE ${f2(q.rmseUgPerMl)} µg/mL.` : '.'),
  );
  if (target === undefined || recommended === null) {
    parts.push(`No target given: no interval recommended (candidates ${min}–${max} weeks).`);
  } else {
    const c = candidates.find((x) => x.intervalWeeks === recommended)!;
    parts.push(
      notMet
        ? `Even ${min} weeks is predicted below the target ${target} µg/mL (steady-state trough ${f2(c.steadyStateTroughUgPerMl)}, 95 % interval ${f2(c.lower)}–${f2(c.upper)}): ${min} weeks returned with a flag.`
        : `Longest interval in ${min}–${max} weeks with predicted steady-state trough ≥ ${target} µg/mL: ${recommended} weeks ` +
            `(${f2(c.steadyStateTroughUgPerMl)} µg/mL, 95 % interval ${f2(c.lower)}–${f2(c.upper)}` +
            (c.firstTroughAfterSwitchUgPerMl !== null ? `; first trough after the switch ${f2(c.firstTroughAfterSwitchUgPerMl)} µg/mL` : '') +
            ').',
    );
    if (!notMet && c.lower < target) parts.push('The lower bound of the interval is below the target: measure a trough at the new interval before extending further.');
  }
  return parts.join(' ');
}
