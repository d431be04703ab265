import { DateWindow, IsoDate } from '../dates';
import { Comparison, DecisionCode, ProtocolRef } from '../protocol/protocol.types';
import { ActivityEvent } from './disease-activity';
import { ScheduleDeviation } from './schedule-adherence';
import { NotCountingWhy } from './trough-evidence';

export interface DecisionReason {
  /** Protocol clause id (rule, parameter or evidence clause) or `engine:*` for engine facts. */
  clause: string;
  text: string;
  data: Record<string, unknown>;
  threshold?: number;
  comparison?: Comparison;
}

/** A trough as the proposal lists it (counting or not, with why). */
export interface TroughSummary {
  date: IsoDate;
  ugPerMl: number | null;
  intervalWeeks: number;
  /** Results recorded that day (> 1 = same-day duplicate; the lowest is used). */
  results: number;
}

/**
 * Version of the engine's rules of evidence (how the evidence is read: interval in force, A7 schedule, trough
 * attribution, one occasion per date, answered activity, P0). Every proposal carries it, so a stored decision's
 * snapshot says under which reading it was proposed; stored decisions are never recomputed (README "Dosing
 * protocols" → how a rule change is versioned). Bump it whenever the reading of the evidence changes.
 */
export const DOSING_RULES_VERSION = '2';

export interface IntervalDecision {
  /** DOSING_RULES_VERSION at the time of the proposal. */
  rulesVersion: string;
  decision: DecisionCode;
  currentIntervalWeeks: number;
  nextIntervalWeeks: number;
  /** Last infusion + next interval × 7 days (A7); null when no infusion was given yet or dosing is suspended. */
  nextInfusionDue: IsoDate | null;
  /** A7 tolerance around the due date — the tolerance is [unconfirmed] in every bundled file. */
  nextInfusionWindow: DateWindow | null;
  protocol: ProtocolRef;
  /** Id of the rule row that fired (or `engine:no-infusions`). */
  rule: string;
  investigatorReview: boolean;
  asOf: IsoDate;
  /** Where the interval in force comes from (EV-INTERVAL): never from infusion gaps. */
  intervalSource: 'decisions' | 'protocol-start' | 'no-infusions';
  reasons: DecisionReason[];
  /** Gaps between given infusions outside the A7 tolerance (for the monitor). */
  scheduleDeviations: ScheduleDeviation[];
  /** Troughs that count at the interval in force, oldest first. */
  countingTroughs: TroughSummary[];
  /** Troughs that do not count towards the trough rules, and why. */
  notCountingTroughs: (TroughSummary & { why: NotCountingWhy })[];
  /** Dates with more than one trough result (one occasion; data-quality flag). */
  duplicateTroughDates: IsoDate[];
  /** Disease activity not answered by a decision that saw it. */
  unansweredActivity: ActivityEvent[];
  /** Open PML suspicions (rule P0); non-empty ⇔ decision SUSPEND. */
  pmlSuspicions: { id?: string; onset: IsoDate; term?: string }[];
}

export interface DecideOptions {
  /** Study inclusion date; with A9(b) troughs on/before it are screening samples and do not count. */
  inclusionDate?: IsoDate;
}

/** What the investigator did with a proposal: confirmed it, or overrode it with a reason (stored on each dosing decision). */
export const DOSING_DECISION_ACTIONS = ['confirm', 'override'] as const;
export type DosingDecisionAction = (typeof DOSING_DECISION_ACTIONS)[number];
