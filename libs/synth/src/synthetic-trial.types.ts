import type { DecisionCode, IntervalDecision, IsoDate } from '@eid/domain';

export interface SynthOptions {
  studyCode: string;
  participants: number;
  years: number;
  sites: number;
  seed: number;
  /** First day of recruitment; the trial's data end `years` later (default 2021-01-04: deterministic). */
  start: IsoDate;
}

export interface SynthRecordBase {
  id: string;
  plannedVisitId: string | null;
}

export interface SynthInfusion extends SynthRecordBase {
  date: IsoDate;
  doseMg: number;
  lotNumber: string;
  administered: true;
}
export interface SynthTrough extends SynthRecordBase {
  sampledOn: IsoDate;
  concentrationUgPerMl: number;
  belowLloq: false;
  assay: string;
  lab: string;
  precedesInfusionId: string;
}
export interface SynthJcv extends SynthRecordBase {
  date: IsoDate;
  status: 'positive' | 'negative';
  index: number;
  assay: string;
}
export interface SynthRelapse extends SynthRecordBase {
  onsetDate: IsoDate;
  functionalSystems: string[];
  symptoms: string;
  steroidTreatment: boolean;
  confirmedByNeurologist: boolean;
  durationHours?: number | null;
  feverOrInfection?: boolean | null;
}
export interface SynthMri extends SynthRecordBase {
  date: IsoDate;
  newOrEnlargingT2Count: number;
  gadoliniumEnhancingCount: number;
  comparedWithDate: IsoDate | null;
}
export interface SynthEdss extends SynthRecordBase {
  date: IsoDate;
  score: number;
}
export interface SynthClinicVisit extends SynthRecordBase {
  date: IsoDate;
  notes: string;
  windowFlag: 'in-window';
}
export interface SynthAdverseEvent extends SynthRecordBase {
  term: string;
  onsetDate: IsoDate;
  resolutionDate: IsoDate | null;
  severity: 'mild' | 'moderate' | 'severe';
  seriousnessCriteria: string[];
  serious: boolean;
  expeditedReview: boolean;
  relatedness: string;
  actionTaken: string;
  outcome: string;
  pmlSuspected: boolean;
}

/** An interval proposal of the decision engine and what the investigator did with it. */
export interface SynthDecision {
  date: IsoDate;
  decision: DecisionCode;
  rule: string;
  fromWeeks: number;
  proposedWeeks: number;
  /** Confirmed → the proposal is applied; overridden → the investigator kept `fromWeeks`. */
  outcome: 'confirmed' | 'overridden';
  appliedWeeks: number;
  /** dosing_decision row id. */
  id: string;
  /** The engine's full proposal, as DosingDecisionService stores it. */
  proposal: IntervalDecision;
  /** Snapshot of the history the proposal was computed from (the service's `inputs.history`). */
  history: Record<string, unknown>;
  /** Last infusion before the decision + applied interval (A7), as the service computes nextInfusionDue. */
  nextInfusionDue: IsoDate;
  /** An override's reason (the API refuses an override without one); null for a confirmation. */
  reason: string | null;
}

export interface SynthPlannedVisit {
  id: string;
  kind: string;
  number: number;
  targetDate: IsoDate;
  windowFrom: IsoDate;
  windowTo: IsoDate;
}
export interface SynthPlannedInfusion {
  id: string;
  dueDate: IsoDate;
  windowFrom: IsoDate;
  windowTo: IsoDate;
  intervalWeeks: number;
}

export interface SynthParticipant {
  index: number;
  id: string;
  siteIndex: number;
  /** Per-site running number (participant code = site code + number). */
  siteNumber: number;
  /** The screening form exactly as an investigator would post it (minus siteId). */
  screening: Record<string, unknown> & { screeningNumber: string; screeningDate: IsoDate };
  consentDate: IsoDate;
  /** Last infusion given before enrolment (start of the infusion plan). */
  lastInfusionBeforeEnrolment: IsoDate;
  plannedVisits: SynthPlannedVisit[];
  plannedInfusions: SynthPlannedInfusion[];
  infusions: SynthInfusion[];
  troughs: SynthTrough[];
  jcv: SynthJcv[];
  relapses: SynthRelapse[];
  mri: SynthMri[];
  edss: SynthEdss[];
  clinicVisits: SynthClinicVisit[];
  adverseEvents: SynthAdverseEvent[];
  decisions: SynthDecision[];
}
