import { DateWindow, IsoDate } from '../dates';
import { Comparison, DecisionCode, ProtocolRef } from '../protocol/protocol.types';

export interface DecisionReason {
  /** Protocol clause id (rule, parameter or evidence clause) or `engine:*` for engine facts. */
  clause: string;
  text: string;
  data: Record<string, unknown>;
  threshold?: number;
  comparison?: Comparison;
}

export interface IntervalDecision {
  decision: DecisionCode;
  currentIntervalWeeks: number;
  nextIntervalWeeks: number;
  /** Last infusion + next interval × 7 days (A7); null when no infusion was given yet. */
  nextInfusionDue: IsoDate | null;
  /** A7 tolerance around the due date — the tolerance is [unconfirmed] in every bundled file. */
  nextInfusionWindow: DateWindow | null;
  protocol: ProtocolRef;
  /** Id of the rule row that fired (or `engine:no-infusions`). */
  rule: string;
  investigatorReview: boolean;
  asOf: IsoDate;
  intervalSource: 'decisions' | 'infusion-gaps' | 'protocol-start' | 'no-infusions';
  reasons: DecisionReason[];
}

export interface DecideOptions {
  /** Study inclusion date; with A9(b) troughs on/before it are screening samples and do not count. */
  inclusionDate?: IsoDate;
}
