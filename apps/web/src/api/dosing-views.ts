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
  decision: 'SUSPEND' | 'EXTEND' | 'KEEP' | 'KEEP_AWAIT_TROUGH' | 'KEEP_MAX_REACHED' | 'ACTIVITY_REVIEW' | 'SHORTEN';
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
  /** Gaps between given infusions outside the A7 tolerance (issue 13). */
  scheduleDeviations: { from: string; to: string; due: string; offsetDays: number; kind: 'early' | 'late'; intervalWeeks: number }[];
  notCountingTroughs: { date: string; ugPerMl: number | null; intervalWeeks: number; results: number; why: string }[];
  duplicateTroughDates: string[];
  unansweredActivity: { kind: string; date: string; detail: string; recordId?: string }[];
  /** Open PML suspicions: non-empty exactly when the decision is SUSPEND (rule P0). */
  pmlSuspicions: { id?: string; onset: string; term?: string }[];
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
