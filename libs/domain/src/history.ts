import { IsoDate } from './dates';

/**
 * A participant's clinical history, as the CLI history file and the API both carry it
 * (README "Dosing protocols" → history format). Units are in the names.
 */
export interface ParticipantProfile {
  weightKg?: number;
  priorImmunosuppressant?: boolean;
  /** Year of birth is the only identifying datum the platform keeps. */
  birthYear?: number;
  diagnosis?: string;
  diagnosticCriteria?: string;
  firstNatalizumabDate?: IsoDate;
  mriPossible?: boolean;
  otherImmunomodulatoryMedication?: boolean;
}

export interface InfusionRecord {
  date: IsoDate;
  doseMg?: number;
  /** false = planned but not given (documented reason elsewhere); absent = given. */
  administered?: boolean;
}

/**
 * A trough sample. `ugPerMl` absent and `belowLloq` not true → sample without a result,
 * which is not a trough (docs/science/protocols.md rules of evidence).
 */
export interface TroughRecord {
  date: IsoDate;
  ugPerMl?: number;
  belowLloq?: boolean;
}

export type JcvStatus = 'positive' | 'negative' | 'indeterminate';

export interface JcvRecord {
  date: IsoDate;
  status: JcvStatus;
  index?: number;
}

export interface RelapseRecord {
  /** Record id (API); a decision "saw" this activity when the id is in its `seenActivityIds`. */
  id?: string;
  onset: IsoDate;
  /** docs/science/outcomes.md §1 classification inputs; absent → treated as a protocol-defined relapse. */
  confirmedByNeurologist?: boolean;
  objectiveChange?: boolean;
  feverOrInfection?: boolean;
  durationHours?: number;
}

export interface MriRecord {
  /** Record id (API), as for relapses. */
  id?: string;
  date: IsoDate;
  newOrEnlargingT2?: number;
  gadoliniumEnhancing?: number;
}

export interface EdssRecord {
  date: IsoDate;
  score: number;
}

/**
 * A confirmed or overridden interval decision: its interval is the interval in force from its date on
 * (docs/science/protocols.md "since it was last changed").
 */
export interface DecisionRecord {
  date: IsoDate;
  intervalWeeks: number;
  /**
   * The protocol rule the decision answered (history file: optional `"rule"`). A decision with the protocol's
   * disease-activity rule (P1, T1, F1) answers the activity dated on or before it.
   */
  rule?: string;
  /**
   * API only: ids of the relapse and MRI records the decision's proposal was computed from. When present, a
   * decision answers exactly these activity records (and nothing entered after it, whatever its date).
   */
  seenActivityIds?: readonly string[];
}

/**
 * An adverse event as far as dosing cares: an open PML suspicion withholds natalizumab
 * (docs/science/natalizumab.md: withhold at the first sign or symptom suggestive of PML [memory]).
 */
export interface AdverseEventRecord {
  id?: string;
  onset: IsoDate;
  pmlSuspected?: boolean;
  /** Resolution date; absent/null = still open. */
  resolvedOn?: IsoDate | null;
  term?: string;
}

export interface ParticipantHistory {
  participant?: ParticipantProfile;
  infusions: InfusionRecord[];
  troughs?: TroughRecord[];
  jcv?: JcvRecord[];
  relapses?: RelapseRecord[];
  mri?: MriRecord[];
  edss?: EdssRecord[];
  decisions?: DecisionRecord[];
  adverseEvents?: AdverseEventRecord[];
}
