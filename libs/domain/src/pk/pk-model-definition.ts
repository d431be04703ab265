/**
 * The shape of a PK model data file (`models/*.json`) and its validation.
 *
 * Why data files: STYLE.md "code interprets protocols; it does not hard-code numbers" — the same holds
 * for PK models. A published model that arrives later (e.g. Muralidharan 2017 or van den Berg 2025,
 * docs/science/pk-model.md §1, values [unconfirmed] today) becomes a new JSON file for an existing `structure`;
 * the engine does not change.
 *
 * Units in files are the ones the sources use (mL/h, L, mg/h, mg/L); they are converted once here
 * to the internal units of docs/science/pk-model.md §2 (L/h, L, mg/h, mg/L = µg/mL, h).
 */

/** Structures the engine can interpret (docs/science/pk-model.md §2 and §6). */
export type PkStructure = 'one-compartment-linear-iv' | 'two-compartment-linear-mm-iv';

export const REQUIRED_PARAMETERS: Record<PkStructure, readonly string[]> = {
  'one-compartment-linear-iv': ['CL', 'V'],
  'two-compartment-linear-mm-iv': ['CL', 'Vc', 'Vp', 'Q', 'Vmax', 'Km'],
};

export interface PkParameterSpec {
  value: number;
  unit: string;
  /** confirmed / memory / derived / unconfirmed / calibrated / assumption / illustrative — with source. */
  status: string;
  source?: string;
}

/** Log-normal between-subject variability: P_i = P_typ · e^η, η ~ N(0, ω²) (docs/science/pk-model.md §3c). */
export interface PkVariabilitySpec {
  parameter: string;
  omega: number;
  status: string;
}

/**
 * Residual error. `exponential` = log-additive, OFV term (ln y − ln ŷ)²/σ² exactly as docs/science/pk-model.md §3c;
 * `proportional` = sd σ·ŷ; `combined` = sd √(σ²ŷ² + additive²) (µg/mL).
 */
export interface PkResidualErrorSpec {
  model: 'exponential' | 'proportional' | 'combined';
  sigma: number;
  additiveUgPerMl?: number;
  status: string;
}

/** Power covariate: P_i = P_typ · (x / reference)^exponent for each listed parameter. */
export interface PkCovariateSpec {
  name: string;
  /** Field of `ParticipantProfile` holding the covariate. */
  field: 'weightKg';
  reference: number;
  unit: string;
  effects: { parameter: string; form: 'power'; exponent: number }[];
  status: string;
}

export interface PkSolverSpec {
  method: 'rk4-dose-aligned';
  /** Step while an infusion runs (docs/science/pk-model.md §6 reference values use 0.1 h). */
  infusionStepH: number;
  /** Step between infusions (no input; smooth decay — see two-compartment-mm.ts for the accuracy check). */
  maxStepH: number;
}

/** A covariate the source reports but whose attachment is unconfirmed: listed, shown, NOT applied. */
export interface PkCovariateNotApplied {
  name: string;
  status: string;
}

/**
 * Where the model may be used (docs/science/pk-model.md §7: the Michaelis–Menten term does not describe the ng/mL tail).
 * Candidate intervals above `maxIntervalWeeks` are refused; a prediction made more than
 * `maxWeeksSinceLastInfusion` after the last infusion is flagged (wash-out), and troughs drawn later than that
 * after their infusion are left out of the fit.
 */
export interface PkValiditySpec {
  maxIntervalWeeks: number;
  maxWeeksSinceLastInfusion: number;
  status: string;
}

export interface PkModelDefinition {
  id: string;
  version: string;
  label: string;
  drug: string;
  structure: PkStructure;
  dosing: { defaultDoseMg: number; infusionDurationH: number };
  parameters: Record<string, PkParameterSpec>;
  betweenSubjectVariability: PkVariabilitySpec[];
  residualError: PkResidualErrorSpec;
  covariates: PkCovariateSpec[];
  covariatesNotApplied?: PkCovariateNotApplied[];
  belowLloq: { method: 'censored'; defaultLloqUgPerMl: number; status: string };
  solver?: PkSolverSpec;
  validity?: PkValiditySpec;
  source: string[];
  validationStatus: string;
  notes?: string[];
}

/** Factor to the internal unit of each dimension (docs/science/pk-model.md §2: L/h, L, mg/h, mg/L). */
const UNIT_FACTORS: Record<string, number> = {
  'L/h': 1,
  'mL/h': 1e-3,
  'L/day': 1 / 24,
  L: 1,
  mL: 1e-3,
  'mg/h': 1,
  'mg/day': 1 / 24,
  'mg/L': 1,
  'ug/mL': 1,
  'µg/mL': 1,
  h: 1,
};

/** Parameter values in internal units, keyed by parameter name. */
export type PkParameterValues = Record<string, number>;

export function toInternalUnits(spec: PkParameterSpec): number {
  const factor = UNIT_FACTORS[spec.unit];
  if (factor === undefined) throw new RangeError(`unknown unit ${spec.unit}`);
  return spec.value * factor;
}

/** Internal value back in the file's unit (for reporting, e.g. CL in mL/h as the sources quote it). */
export function fromInternalUnits(spec: PkParameterSpec, internalValue: number): number {
  return internalValue / toInternalUnits({ ...spec, value: 1 });
}

export function typicalValues(model: PkModelDefinition): PkParameterValues {
  const out: PkParameterValues = {};
  for (const [name, spec] of Object.entries(model.parameters)) out[name] = toInternalUnits(spec);
  return out;
}

function fail(id: string, message: string): never {
  throw new RangeError(`PK model ${id}: ${message}`);
}

const positive = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x) && x > 0;

/** Validates a parsed JSON model file; throws a RangeError naming the first problem. */
export function parsePkModelDefinition(json: unknown): PkModelDefinition {
  const m = json as PkModelDefinition;
  const id = typeof m?.id === 'string' && m.id ? m.id : fail('?', 'id missing');
  if (!/^\d+\.\d+\.\d+$/.test(String(m.version))) fail(id, 'version must be semver x.y.z');
  if (!m.label || !m.validationStatus) fail(id, 'label and validationStatus are required');
  const required = REQUIRED_PARAMETERS[m.structure];
  if (!required) fail(id, `unknown structure ${String(m.structure)}`);
  if (!positive(m.dosing?.defaultDoseMg) || !positive(m.dosing?.infusionDurationH)) fail(id, 'dosing invalid');
  for (const name of required) {
    const p = m.parameters?.[name];
    if (!p || !positive(p.value) || !p.status) fail(id, `parameter ${name} missing, non-positive or without status`);
    if (UNIT_FACTORS[p.unit] === undefined) fail(id, `parameter ${name}: unknown unit ${p.unit}`);
  }
  for (const v of m.betweenSubjectVariability ?? []) {
    if (!required.includes(v.parameter) || !positive(v.omega)) fail(id, `variability on ${v.parameter} invalid`);
  }
  const r = m.residualError;
  if (!r || !['exponential', 'proportional', 'combined'].includes(r.model) || !positive(r.sigma)) fail(id, 'residualError invalid');
  if (r.model === 'combined' && !positive(r.additiveUgPerMl)) fail(id, 'combined error needs additiveUgPerMl');
  for (const c of m.covariates ?? []) {
    if (c.field !== 'weightKg' || !positive(c.reference)) fail(id, `covariate ${c.name} invalid`);
    for (const e of c.effects) {
      if (!required.includes(e.parameter) || e.form !== 'power' || typeof e.exponent !== 'number') {
        fail(id, `covariate effect on ${e.parameter} invalid`);
      }
    }
  }
  if (m.belowLloq?.method !== 'censored' || !positive(m.belowLloq.defaultLloqUgPerMl)) fail(id, 'belowLloq invalid');
  if (m.structure === 'two-compartment-linear-mm-iv') {
    const s = m.solver;
    if (!s || s.method !== 'rk4-dose-aligned' || !positive(s.infusionStepH) || !positive(s.maxStepH)) fail(id, 'solver invalid');
    if (s.infusionStepH > 0.1) fail(id, 'infusionStepH must be ≤ 0.1 h (docs/science/pk-model.md §6)');
  }
  for (const c of m.covariatesNotApplied ?? []) if (!c.name || !c.status) fail(id, 'covariatesNotApplied entries need name and status');
  const v = m.validity;
  if (v && (!positive(v.maxIntervalWeeks) || !positive(v.maxWeeksSinceLastInfusion) || !v.status)) fail(id, 'validity invalid');
  if (!Array.isArray(m.source) || m.source.length === 0) fail(id, 'source required');
  return {
    ...m,
    betweenSubjectVariability: m.betweenSubjectVariability ?? [],
    covariates: m.covariates ?? [],
    covariatesNotApplied: m.covariatesNotApplied ?? [],
  };
}
