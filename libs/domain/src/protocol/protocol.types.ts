/**
 * Protocol-as-data model (docs/science/protocols.md: "the protocol file must name its choice").
 * The JSON files in /protocols are the single source of thresholds, steps, bounds,
 * evidence rules, visit cadence and entry criteria; code only interprets them.
 */

/** Evidence status of a clause, as in the docs/science/natalizumab.md status legend. */
export type ClauseStatus = 'confirmed' | 'memory' | 'derived' | 'unconfirmed';

/** Every clause of a protocol file carries an id, where it comes from and how sure we are. */
export interface Clause {
  id: string;
  source: string;
  status: ClauseStatus;
  text?: string;
}

export interface NumericParameter extends Clause {
  value: number;
  unit: string;
}

/** A number in a rule: a literal or a reference to `dosing.parameters[param]`. */
export type NumRef = number | { param: string };

export type Comparison = '>' | '>=' | '<' | '<=';

export type Condition =
  /** An open adverse event with PML suspicion (onset ≤ as-of, not resolved by as-of). */
  | { type: 'pmlSuspicion' }
  /** Disease activity (relapse / Gd+ / new-enlarging T2) since the previous decision point. */
  | { type: 'diseaseActivity' }
  /** Current interval ≥ the protocol maximum. */
  | { type: 'atMaxInterval' }
  | { type: 'belowMaxInterval' }
  /** Current interval > the protocol minimum (so a SHORTEN row can actually shorten). */
  | { type: 'aboveMinInterval' }
  /** Fewer than `count` troughs that count as evidence at the current interval. */
  | { type: 'fewerTroughsThan'; count: NumRef }
  /** The `count` most recent counting troughs all satisfy `value <op> threshold`. */
  | { type: 'latestTroughs'; count: NumRef; op: Comparison; threshold: NumRef }
  /**
   * Stratified start (docs/science/protocols.md (b)): still on the start interval (never changed) and at least `count` counting
   * troughs there — the moment the first personalised interval is chosen from `dosing.strata`; `stratum` says
   * whether this row is for a stratum longer than the start interval (EXTEND), the start interval itself (KEEP), or
   * matches while the start troughs are still incomplete ('awaiting': KEEP_AWAIT_TROUGH, no stepwise change yet).
   */
  | { type: 'stratifiedStart'; count: NumRef; stratum: 'awaiting' | 'longer' | 'start' }
  | { type: 'all'; of: Condition[] }
  | { type: 'always' };

export type IntervalAction =
  | { op: 'keep' }
  | { op: 'add'; weeks: NumRef }
  | { op: 'subtract'; weeks: NumRef }
  | { op: 'set'; weeks: NumRef }
  /** Revert to the interval before the last change (A4 option b). */
  | { op: 'previous' }
  /** The first personalised interval from `dosing.strata` (stratified start). */
  | { op: 'fromStrata' };

export const DECISION_CODES = ['SUSPEND', 'EXTEND', 'KEEP', 'KEEP_AWAIT_TROUGH', 'KEEP_MAX_REACHED', 'ACTIVITY_REVIEW', 'SHORTEN'] as const;
export type DecisionCode = (typeof DECISION_CODES)[number];

export interface DecisionRule extends Clause {
  /** Absent = enabled. Option rows (PDNMS P1b, ambiguity A3) are present but disabled by default. */
  enabled?: boolean;
  when: Condition;
  decision: DecisionCode;
  next: IntervalAction;
  /** Set when the rule also asks for an investigator review (P1). */
  investigatorReview?: boolean;
}

export type TroughScope = 'currentIntervalSinceChange' | 'anyRecent';

export interface EvidenceRules {
  /** A5: which troughs count after a change. */
  troughScope: Clause & { value: TroughScope };
  /** A9: does a trough dated on/before study start (the screening trough) count? */
  screeningTroughCounts: Clause & { value: boolean };
  /** "< LLOQ" is a trough below every threshold (docs/science/protocols.md rules of evidence). */
  belowLloqIsTrough: Clause & { value: boolean };
  /** Unconfirmed relapses (docs/science/outcomes.md R3) count as activity only if the protocol says so. */
  countUnconfirmedRelapses: Clause & { value: boolean };
  /** The interval in force = the last confirmed/overridden decision's, else the start interval; never inferred from gaps. */
  intervalInForce: Clause & { value: 'lastDecisionOrStart' };
  /** A trough counts only when the gap it closes is within the A7 tolerance of the interval in force. */
  troughOnSchedule: Clause & { value: 'withinInfusionTolerance' };
  /** Several results on one date are one sampling occasion; the lowest is used. */
  samplingOccasion: Clause & { value: 'lowestPerDate' };
  /** Disease activity is answered only by a decision that saw it. */
  activityAnswered: Clause & { value: 'seenByDecision' };
}

export interface AmbiguityChoice {
  choice: string;
  text: string;
  status: string;
}

export interface DosingSpec {
  kind: 'trough-table' | 'target-trough' | 'stratified-start' | 'fixed';
  doseMg: NumericParameter;
  startIntervalWeeks: NumericParameter;
  minIntervalWeeks: NumericParameter;
  maxIntervalWeeks: NumericParameter;
  parameters: Record<string, NumericParameter>;
  evidence: EvidenceRules;
  /** Top row first, first match wins. */
  rules: DecisionRule[];
  /** Model-informed dosing settings (issue 15); absent = no PK target (PDNMS). */
  pk?: PkDosingSpec;
  /** Stratified-start cut-off table (docs/science/protocols.md (b)); required by a `fromStrata` action. */
  strata?: StrataSpec;
}

/** Cut-offs choosing the first personalised interval from the lowest of the first `troughs` start-interval troughs. */
export interface StrataSpec extends Clause {
  troughs: number;
  basis: 'lowest';
  /** Highest cut-off first; a value reaching none of them keeps the start interval. */
  rows: { atLeastUgPerMl: number; weeks: number; status: ClauseStatus }[];
}

/** The trough targets an investigator may choose for the PK recommendation, and the probability it must reach. */
export interface PkDosingSpec {
  targets?: Clause & { values: number[]; default: number; unit: 'ug/mL' };
  minProbability?: Clause & { value: number };
}

export interface VisitSpec {
  /** Clinic visit with relapse assessment + EDSS and MRI (PDNMS: every 3 months, confirmed). */
  cadence: Clause & { everyMonths: number; includes: string[] };
  /** Window around each planned visit in days; inclusive ends. */
  window: Clause & { daysBefore: number; daysAfter: number };
  /** Follow-up length in months (planned visits up to and including this month). */
  durationMonths: Clause & { value: number };
  /** A7: tolerance for the actual infusion date around previous + interval × 7. */
  infusionTolerance: Clause & { daysBefore: number; daysAfter: number };
}

export type CriterionCheck =
  | { type: 'diagnosis'; diagnoses: string[]; acceptedCriteria?: string[] }
  | { type: 'ageAtInclusion'; minYears?: number; maxYears?: number }
  | { type: 'natalizumabDuration'; minMonths: number }
  | { type: 'baselineEdss'; min: number; max: number }
  | { type: 'screeningTrough'; op: Comparison; threshold: number }
  | {
      type: 'noActivityInWindow';
      months: number;
      kinds: ('relapse' | 'gadolinium' | 't2')[];
      requireMri: boolean;
    }
  | { type: 'screeningMri'; maxGadolinium: number; withinMonths: number }
  | { type: 'noMissedDoses'; months: number; maxGapDays: number }
  | { type: 'minInfusions'; count: number }
  | { type: 'profileFlag'; field: 'mriPossible' | 'otherImmunomodulatoryMedication'; required: boolean };

export interface EntryCriterion extends Clause {
  label: string;
  check: CriterionCheck;
}

export interface Protocol {
  id: string;
  version: string;
  title: string;
  /** Free-text caveat shown with every run (e.g. "not NEXT-MS until verified"). */
  caveat?: string;
  sources: { id: string; citation: string }[];
  ambiguities: Record<string, AmbiguityChoice>;
  dosing: DosingSpec;
  visits: VisitSpec;
  eligibility: { criteria: EntryCriterion[] };
}

export interface ProtocolRef {
  id: string;
  version: string;
}
