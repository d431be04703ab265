/** The PK part of GET /participants/:id/dosing (libs/domain TroughPrediction; the operation declares no response schema). */
export interface PkCandidate {
  intervalWeeks: number;
  steadyStateTroughUgPerMl: number;
  /** 95 % credible interval of the true steady-state trough. */
  lower: number;
  upper: number;
  steadyStatePredictionLower: number;
  steadyStatePredictionUpper: number;
  firstTroughAfterSwitchUgPerMl: number | null;
  /** 95 % prediction interval of the measured first trough (residual error included). */
  firstTroughLower: number | null;
  firstTroughUpper: number | null;
  probabilityAtOrAboveTarget: number | null;
  firstTroughOnlyWarning: string | null;
}

export interface PkPrediction {
  model: { id: string; version: string; label: string; validationStatus: string; covariatesNotApplied: { name: string; status: string }[] };
  target: { ugPerMl: number; minProbability: number } | null;
  posterior: { method: string; samples: number; proposals: number; effectiveSampleSize: number; seed: number };
  validity: { maxIntervalWeeks: number | null; weeksSinceLastInfusion: number | null; washout: boolean; messages: string[] };
  fit: { date: string; observedUgPerMl: number; predictedUgPerMl: number; belowLloq?: true }[];
  fitQuality: {
    n: number;
    nBelowLloq: number;
    rmseUgPerMl: number | null;
    converged: boolean;
    typicalValuesOnly: boolean;
    iterations: number;
  } | null;
  candidates: PkCandidate[];
  recommendedIntervalWeeks: number | null;
  targetNotMetAtMinimum: boolean;
  rationale: string;
  advisory: string;
  course?: {
    fitted: { date: string; ugPerMl: number }[];
    projection: { intervalWeeks: number; points: { date: string; median: number; lower: number; upper: number }[] };
  };
}

export interface PkTargets {
  minProbability: number;
  allowedTargets: number[];
  defaultTarget: number | null;
  clause: { id: string; status: string } | null;
  minProbabilityClause: { id: string; status: string } | null;
}

export interface PkModelSummary {
  id: string;
  version: string;
  label: string;
  validationStatus: string;
  covariatesNotApplied: { name: string; status: string }[];
  isDefault: boolean;
}
