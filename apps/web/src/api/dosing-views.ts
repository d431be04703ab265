import type { PkModelSummary, PkPrediction, PkTargets } from './pk-views';

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

export interface DosingView {
  participantId: string;
  asOf: string;
  protocol: { id: string; version: string; title: string; caveat?: string };
  proposal: Proposal;
  pk: PkPrediction | null;
  pkModels: PkModelSummary[];
  pkTargets: PkTargets;
}
