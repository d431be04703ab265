// Public API of the PK part of the domain library (docs/science/pk-model.md). Engine internals stay module-private.
export { predictTroughs, PK_ADVISORY } from './predict-troughs';
export type { PredictTroughsOptions, TroughPrediction, TroughCandidate, TroughFitPoint, PkFitQuality } from './predict-troughs';
export { listPkModels, getPkModel, DEFAULT_PK_MODEL_ID } from './pk-registry';
export type { PkModelSummary } from './pk-registry';
export { parsePkModelDefinition } from './pk-model-definition';
export type { PkModelDefinition, PkStructure } from './pk-model-definition';
export {
  endOfInfusionConcentration,
  oneCompartmentConcentration,
  oneCompartmentSteadyStateTrough,
  oneCompartmentSteadyStateCmax,
  nextTrough,
  clearanceFromSteadyStateTrough,
  clearanceFromSteadyStateTroughs,
} from './one-compartment';
export type { OneCompartmentParameters, PkDose } from './one-compartment';
export { twoCompartmentMmConcentrations, twoCompartmentMmSteadyState, REFERENCE_GRID } from './two-compartment-mm';
export type { TwoCompartmentMmParameters, Rk4Grid } from './two-compartment-mm';
export { resolvePkTarget } from './protocol-target';
export type { PkTargetSettings, PkTargetResult } from './protocol-target';
export { DEFAULT_MIN_PROBABILITY } from './predict-troughs';
export { recommendInterval } from './candidate-table';
export type { PkValidity } from './predict-troughs';
export { evaluateShadowDecisions, summariseShadow, intervalPredictionErrorPct, hasTroughAtNewInterval } from './shadow-mipd';
export type { ShadowDecision, ShadowEvaluation, ShadowSummary } from './shadow-mipd';
