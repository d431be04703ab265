/**
 * Advisory trough prediction for a participant (docs/science/pk-model.md §3c MAP individualisation, §7 default model,
 * issue 15 candidate table). Pure: the caller passes `asOf`; nothing reads the clock; posterior draws use a
 * fixed seed.
 *
 * Conventions (platform, documented here, in the model files and the README):
 * - Time: day resolution. An infusion starts at the start of its date and lasts the model's infusion
 *   duration (1 h, label); a trough dated on an infusion day is that infusion's pre-dose sample.
 * - Doses: infusions with `administered !== false`, `doseMg` default from the model file (300 mg).
 * - Troughs: a result (`ugPerMl`) or `belowLloq: true` is required; samples on or before the first
 *   administered infusion have no preceding infusion and are not troughs (docs/science/natalizumab.md §6), so they
 *   are excluded. `belowLloq` troughs are left-censored at `ugPerMl` (the LLOQ) or, without a number,
 *   at the model's default LLOQ; a reported value ≤ 0 is treated the same way (log scale).
 * - Validity (model file `validity`, docs/science/pk-model.md §7): candidate intervals beyond the model's maximum are
 *   refused (RangeError); troughs drawn longer than `maxWeeksSinceLastInfusion` after the previous infusion
 *   are left out of the fit (wash-out tail the model does not describe) and counted; a prediction made that
 *   long after the last infusion is flagged.
 * - Uncertainty and recommendation: candidate-table.ts (importance resampling of Laplace draws). The recommended
 *   interval is the longest whose P(steady-state trough ≥ target) reaches `minProbability`
 *   (default DEFAULT_MIN_PROBABILITY); if even the minimum misses, the minimum with `targetNotMetAtMinimum`.
 */
import { IsoDate, assertIsoDate, fromEpochDay, toEpochDay } from '../dates';
import { fittedCourse, projectedCourse } from './course-projection';
import { ParticipantHistory } from '../history';
import { PkDose } from './one-compartment';
import { MapFitResult, PkObservation, mapFit } from './map-fit';
import { covariateAdjustedValues, createPkEngine } from './pk-engine';
import { TroughCandidate, candidateTable, recommendInterval } from './candidate-table';
import { POSTERIOR_SAMPLES, POSTERIOR_SEED, PROPOSALS } from './posterior-samples';
import { fromInternalUnits } from './pk-model-definition';
import { DEFAULT_PK_MODEL_ID, getPkModel, listPkModels } from './pk-registry';

export const PK_ADVISORY = 'Predictions are advisory; the protocol rule decides.' as const;

/**
 * Default probability the recommended interval's steady-state trough must reach (P(trough ≥ target) ≥ 0.9):
 * a platform choice on the safe side [unconfirmed — no source gives one]; a protocol overrides it with its
 * `pkMinProbability` parameter.
 */
export const DEFAULT_MIN_PROBABILITY = 0.9;
export type { TroughCandidate } from './candidate-table';

export interface PredictTroughsOptions {
  modelId?: string;
  minIntervalWeeks?: number;
  maxIntervalWeeks: number;
  targetUgPerMl?: number;
  /** Probability P(steady-state trough ≥ target) the recommendation must reach; default DEFAULT_MIN_PROBABILITY. */
  minProbability?: number;
  /** Also return the course: fitted curve and the projection for this candidate interval (weeks, within min..max). */
  courseIntervalWeeks?: number;
  asOf?: IsoDate;
}

export interface TroughFitPoint {
  date: IsoDate;
  /** Measured value; for a below-LLOQ trough, the LLOQ used as the censoring limit. */
  observedUgPerMl: number;
  predictedUgPerMl: number;
  belowLloq?: true;
}

export interface PkFitQuality {
  /** Troughs used in the fit (quantified + below LLOQ). */
  n: number;
  nBelowLloq: number;
  /** Samples not usable as troughs (no preceding infusion). */
  nExcluded: number;
  /** Troughs left out because they were drawn beyond the model's validity after their infusion (wash-out tail). */
  nOutsideValidity: number;
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

export interface PkValidity {
  /** The model's limit on candidate intervals (weeks); larger intervals are refused. */
  maxIntervalWeeks: number | null;
  /** Whole weeks from the last administered infusion to the as-of day; null without infusions. */
  weeksSinceLastInfusion: number | null;
  /** True when the as-of day is beyond the model's validity after the last infusion (wash-out). */
  washout: boolean;
  /** Why the model is limited (model file `validity.status`), and any flag raised for this prediction. */
  messages: string[];
}

export interface PkCourse {
  /** Concentration at the MAP parameters through the real infusions up to the as-of day. */
  fitted: { date: IsoDate; ugPerMl: number }[];
  /** From the last infusion, three intervals of `intervalWeeks`: median and 95 % band of the true concentration. */
  projection: { intervalWeeks: number; points: { date: IsoDate; median: number; lower: number; upper: number }[] };
}

export interface TroughPrediction {
  model: {
    id: string;
    version: string;
    label: string;
    validationStatus: string;
    /** Covariates the source reports but the platform does not apply (e.g. body weight: attachment unconfirmed). */
    covariatesNotApplied: { name: string; status: string }[];
  };
  /** Target used (µg/mL) and the probability the recommendation must reach; null when no target. */
  target: { ugPerMl: number; minProbability: number } | null;
  /** How the intervals and probabilities were computed. */
  posterior: {
    method: 'importance-resampling-of-laplace-draws';
    samples: number;
    proposals: number;
    /** Kish effective sample size of the importance weights (low values: the probabilities are less precise). */
    effectiveSampleSize: number;
    seed: number;
  };
  validity: PkValidity;
  fit: TroughFitPoint[];
  fitQuality: PkFitQuality;
  candidates: TroughCandidate[];
  /** null when no target was given. */
  recommendedIntervalWeeks: number | null;
  /** §3d flag: even the minimum interval misses the target (the minimum is returned). */
  targetNotMetAtMinimum: boolean;
  rationale: string;
  advisory: typeof PK_ADVISORY;
  /** Only when `courseIntervalWeeks` was asked for. */
  course?: PkCourse;
}

const HOURS_PER_DAY = 24;

function validateOptions(options: PredictTroughsOptions, modelMax: number | null): { min: number; max: number } {
  const min = options.minIntervalWeeks ?? 4;
  const max = options.maxIntervalWeeks;
  if (!Number.isInteger(min) || !Number.isInteger(max) || min < 1 || max < min || max > 52) {
    throw new RangeError(`interval weeks must be whole numbers with 1 ≤ min ≤ max ≤ 52, got ${min}..${max}`);
  }
  if (modelMax !== null && max > modelMax) {
    throw new RangeError(`maxIntervalWeeks ${max} is beyond the model's validity (${modelMax} weeks; docs/science/pk-model.md §7)`);
  }
  if (options.targetUgPerMl !== undefined && !(options.targetUgPerMl > 0)) {
    throw new RangeError('targetUgPerMl must be > 0');
  }
  const pMin = options.minProbability;
  if (pMin !== undefined && !(pMin > 0 && pMin < 1)) throw new RangeError('minProbability must be in (0, 1)');
  const cw = options.courseIntervalWeeks;
  if (cw !== undefined && !(Number.isInteger(cw) && cw >= min && cw <= max))
    throw new RangeError(`courseIntervalWeeks must be a candidate interval ${min}..${max}, got ${cw}`);
  if (options.asOf !== undefined) assertIsoDate(options.asOf, 'asOf');
  return { min, max };
}

export function predictTroughs(history: ParticipantHistory, options: PredictTroughsOptions): TroughPrediction {
  const modelId = options.modelId ?? DEFAULT_PK_MODEL_ID;
  const model = getPkModel(modelId);
  if (!model) {
    throw new RangeError(
      `unknown PK model ${modelId}; known: ${listPkModels()
        .map((m) => m.id)
        .join(', ')}`,
    );
  }
  const { min, max } = validateOptions(options, model.validity?.maxIntervalWeeks ?? null);
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
  let nOutsideValidity = 0;
  const validDays = model.validity ? model.validity.maxWeeksSinceLastInfusion * 7 : Infinity;
  for (const t of [...(history.troughs ?? [])].filter((t) => inScope(t.date)).sort((a, b) => (a.date < b.date ? -1 : 1))) {
    const hasValue = typeof t.ugPerMl === 'number' && Number.isFinite(t.ugPerMl);
    if (!hasValue && t.belowLloq !== true) continue; // sample without a result: not a trough
    const day = toEpochDay(t.date);
    if (!infusions.length || day <= day0) {
      nExcluded++;
      continue;
    }
    const previousDay = infusions.filter((i) => i.day < day).at(-1)?.day ?? day0;
    if (day - previousDay > validDays) {
      nOutsideValidity++;
      continue;
    }
    const censored = t.belowLloq === true || !(t.ugPerMl! > 0);
    const value = censored ? (hasValue && t.ugPerMl! > 0 ? t.ugPerMl! : lloqDefault) : t.ugPerMl!;
    usable.push({ date: t.date, obs: { timeH: (day - day0) * HOURS_PER_DAY, ugPerMl: value, belowLloq: censored } });
  }

  const weightKg = history.participant?.weightKg;
  const base = covariateAdjustedValues(model, { weightKg });
  const fit: MapFitResult = mapFit(
    engine,
    base,
    doses,
    usable.map((u) => u.obs),
  );

  const weeks = Array.from({ length: max - min + 1 }, (_, i) => min + i);
  const doseMg = infusions.length ? infusions[infusions.length - 1].doseMg : model.dosing.defaultDoseMg;
  const target = options.targetUgPerMl;
  const minProbability = options.minProbability ?? DEFAULT_MIN_PROBABILITY;
  const observations = usable.map((u) => u.obs);
  const { candidates, effectiveSampleSize, draws } = candidateTable({ engine, base, fit, observations, doses, doseMg, weeks, target });
  let recommended: number | null = null;
  let targetNotMetAtMinimum = false;
  if (target !== undefined) {
    const r = recommendInterval(candidates, minProbability);
    recommended = r.intervalWeeks;
    targetNotMetAtMinimum = r.targetNotMetAtMinimum;
  }
  let course: PkCourse | undefined;
  if (options.courseIntervalWeeks !== undefined) {
    const dateOf = (timeH: number) => fromEpochDay(day0 + Math.floor(timeH / HOURS_PER_DAY + 1e-9));
    const untilH =
      (asOf !== undefined ? toEpochDay(asOf) - day0 : infusions.length ? infusions[infusions.length - 1].day - day0 : 0) * HOURS_PER_DAY;
    course = {
      fitted: fittedCourse(engine, fit, doses, untilH).map((p) => ({ date: dateOf(p.timeH), ugPerMl: p.ugPerMl })),
      projection: {
        intervalWeeks: options.courseIntervalWeeks,
        points: projectedCourse(engine, base, fit, draws, doses, options.courseIntervalWeeks, 3).map((p) => ({
          date: dateOf(p.timeH),
          median: p.median,
          lower: p.lower,
          upper: p.upper,
        })),
      },
    };
  }
  const validity = validityOf(model.validity, infusions.length ? infusions[infusions.length - 1].day : null, asOf, nOutsideValidity);

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
    nOutsideValidity,
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
    model: {
      id: model.id,
      version: model.version,
      label: model.label,
      validationStatus: model.validationStatus,
      covariatesNotApplied: (model.covariatesNotApplied ?? []).map((c) => ({ name: c.name, status: c.status })),
    },
    target: target === undefined ? null : { ugPerMl: target, minProbability },
    posterior: {
      method: 'importance-resampling-of-laplace-draws',
      samples: POSTERIOR_SAMPLES,
      proposals: PROPOSALS,
      effectiveSampleSize: Math.round(effectiveSampleSize),
      seed: POSTERIOR_SEED,
    },
    validity,
    fit: fitPoints,
    fitQuality,
    candidates,
    recommendedIntervalWeeks: recommended,
    targetNotMetAtMinimum,
    rationale: rationaleText(model.label, fitQuality, candidates, target, minProbability, recommended, targetNotMetAtMinimum, min, max),
    advisory: PK_ADVISORY,
    ...(course ? { course } : {}),
  };
}

function validityOf(
  spec: { maxIntervalWeeks: number; maxWeeksSinceLastInfusion: number; status: string } | undefined,
  lastInfusionDay: number | null,
  asOf: IsoDate | undefined,
  nOutsideValidity: number,
): PkValidity {
  const weeksSince = lastInfusionDay !== null && asOf !== undefined ? Math.floor((toEpochDay(asOf) - lastInfusionDay) / 7) : null;
  const washout =
    spec !== undefined &&
    lastInfusionDay !== null &&
    asOf !== undefined &&
    toEpochDay(asOf) - lastInfusionDay > spec.maxWeeksSinceLastInfusion * 7;
  const messages = spec ? [spec.status] : [];
  if (washout) {
    messages.push(
      `The last infusion was ${weeksSince} weeks before ${asOf}, beyond the model's ${spec!.maxWeeksSinceLastInfusion} weeks: the model does not describe wash-out; the first-trough column is not a forecast of today's level.`,
    );
  }
  if (nOutsideValidity > 0) {
    messages.push(
      `${nOutsideValidity} trough(s) drawn more than ${spec!.maxWeeksSinceLastInfusion} weeks after their infusion were left out of the fit (wash-out tail).`,
    );
  }
  return { maxIntervalWeeks: spec?.maxIntervalWeeks ?? null, weeksSinceLastInfusion: weeksSince, washout, messages };
}

function rationaleText(
  label: string,
  q: PkFitQuality,
  candidates: TroughCandidate[],
  target: number | undefined,
  minProbability: number,
  recommended: number | null,
  notMet: boolean,
  min: number,
  max: number,
): string {
  const f2 = (x: number) => x.toFixed(2);
  const pct = (x: number | null) => (x === null ? '—' : `${Math.round(x * 100)} %`);
  const parts: string[] = [`Model: ${label}.`];
  parts.push(
    q.typicalValuesOnly
      ? `No usable troughs: typical values${q.weightKg !== null ? ` for ${q.weightKg} kg` : ''} (population prior only, wide interval).`
      : `MAP fit to ${q.n} trough(s)${q.nBelowLloq ? ` (${q.nBelowLloq} below LLOQ, censored)` : ''}` +
          (q.rmseUgPerMl !== null ? `, RMSE ${f2(q.rmseUgPerMl)} µg/mL` : '') +
          (q.converged ? '.' : '; the fit did NOT converge — do not rely on this table.'),
  );
  if (target === undefined || recommended === null) {
    parts.push(`No target given: no interval recommended (candidates ${min}–${max} weeks).`);
  } else {
    const c = candidates.find((x) => x.intervalWeeks === recommended)!;
    parts.push(
      notMet
        ? `Even ${min} weeks reaches P(steady-state trough ≥ ${target} µg/mL) of only ${pct(c.probabilityAtOrAboveTarget)} (< ${pct(minProbability)}; steady-state trough ${f2(c.steadyStateTroughUgPerMl)}, 95 % interval ${f2(c.lower)}–${f2(c.upper)}): ${min} weeks returned with a flag.`
        : `Longest interval in ${min}–${max} weeks with P(steady-state trough ≥ ${target} µg/mL) ≥ ${pct(minProbability)}: ${recommended} weeks ` +
            `(P = ${pct(c.probabilityAtOrAboveTarget)}; steady-state trough ${f2(c.steadyStateTroughUgPerMl)} µg/mL, 95 % interval ${f2(c.lower)}–${f2(c.upper)}` +
            (c.firstTroughAfterSwitchUgPerMl !== null
              ? `; first trough after the switch ${f2(c.firstTroughAfterSwitchUgPerMl)} µg/mL`
              : '') +
            ').',
    );
    const warned = candidates.filter((x) => x.firstTroughOnlyWarning !== null).map((x) => x.intervalWeeks);
    if (warned.length) {
      parts.push(
        `At ${warned.join(', ')} weeks the first trough after switching clears the target but the steady state does not: a first trough at a new interval is not evidence for staying there.`,
      );
    }
  }
  return parts.join(' ');
}
