/** GET /participants/:id/dosing (libs/dosing DosingView; the operation declares no response schema). */
export interface DecisionReason {
  clause: string;
  text: string;
  data: Record<string, unknown>;
  threshold?: number;
  comparison?: string;
}

export interface Proposal {
  decision: 'EXTEND' | 'KEEP' | 'KEEP_AWAIT_TROUGH' | 'KEEP_MAX_REACHED' | 'ACTIVITY_REVIEW' | 'SHORTEN';
  currentIntervalWeeks: number;
  nextIntervalWeeks: number;
  nextInfusionDue: string | null;
  nextInfusionWindow: { from: string; to: string } | null;
  protocol: { id: string; version: string };
  rule: string;
  investigatorReview: boolean;
  asOf: string;
  intervalSource: string;
  reasons: DecisionReason[];
}

export interface PkCandidate {
  intervalWeeks: number;
  steadyStateTroughUgPerMl: number;
  firstTroughAfterSwitchUgPerMl: number;
  lower: number;
  upper: number;
}

export interface DosingView {
  participantId: string;
  asOf: string;
  protocol: { id: string; version: string; title: string; caveat?: string };
  proposal: Proposal;
  pk: {
    model: { id: string; version: string; label: string; validationStatus: string };
    fitQuality: { n: number; rmseUgPerMl: number | null; converged: boolean; typicalValuesOnly: boolean } | null;
    candidates: PkCandidate[];
    recommendedIntervalWeeks: number | null;
    rationale: string;
    advisory: string;
  } | null;
  pkModels: { id: string; version: string; label: string; validationStatus: string; isDefault: boolean }[];
}
