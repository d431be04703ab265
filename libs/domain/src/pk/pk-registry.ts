/**
 * Registry of PK model data files. Adding a model for an existing structure = drop a JSON file in
 * `models/` and list it in MODEL_FILES below (one import line; no engine change).
 * Files are imported (bundled by tsc via resolveJsonModule), never read from disk: the domain library
 * does no I/O (STYLE.md).
 */
import oneCmtLinear from './models/natalizumab-1cmt-linear-illustrative.v1.json';
import twoCmtMm from './models/natalizumab-2cmt-mm-label-calibrated.v1.json';
import vandenBerg2025 from './models/natalizumab-2cmt-mm-vandenberg2025.v1.json';
import { PkModelDefinition, parsePkModelDefinition } from './pk-model-definition';

const MODEL_FILES: unknown[] = [vandenBerg2025, twoCmtMm, oneCmtLinear];

/**
 * Default: the published Amsterdam model (van den Berg et al. 2025; confirmed, secondary source — pk-model.md §7).
 * The label-calibrated model over-predicts troughs against it at 6–8 weeks (1.2×, 1.8×, 4×: unsafe side) and
 * stays selectable as a labelled comparison; the linear one-compartment model stays for tests (§5).
 */
export const DEFAULT_PK_MODEL_ID = 'natalizumab-2cmt-mm-vandenberg2025';

export interface PkModelSummary {
  id: string;
  version: string;
  label: string;
  structure: PkModelDefinition['structure'];
  validationStatus: string;
  /** Covariates the source reports but the platform does not apply (e.g. body weight, attachment unconfirmed). */
  covariatesNotApplied: { name: string; status: string }[];
  isDefault: boolean;
}

const MODELS: ReadonlyMap<string, PkModelDefinition> = (() => {
  const map = new Map<string, PkModelDefinition>();
  for (const file of MODEL_FILES) {
    const model = deepFreeze(parsePkModelDefinition(file));
    if (map.has(model.id)) throw new RangeError(`duplicate PK model id ${model.id}`);
    map.set(model.id, model);
  }
  if (!map.has(DEFAULT_PK_MODEL_ID)) throw new RangeError(`default PK model ${DEFAULT_PK_MODEL_ID} missing`);
  return map;
})();

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

export function listPkModels(): PkModelSummary[] {
  return [...MODELS.values()].map((m) => ({
    id: m.id,
    version: m.version,
    label: m.label,
    structure: m.structure,
    validationStatus: m.validationStatus,
    covariatesNotApplied: (m.covariatesNotApplied ?? []).map((c) => ({ name: c.name, status: c.status })),
    isDefault: m.id === DEFAULT_PK_MODEL_ID,
  }));
}

/** The model definition (frozen), or undefined for an unknown id. */
export function getPkModel(id: string): PkModelDefinition | undefined {
  return MODELS.get(id);
}
