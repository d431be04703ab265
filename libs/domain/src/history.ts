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
 * which is not a trough (protocols.md rules of evidence).
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
  onset: IsoDate;
  /** outcomes.md §1 classification inputs; absent → treated as a protocol-defined relapse. */
  confirmedByNeurologist?: boolean;
  objectiveChange?: boolean;
  feverOrInfection?: boolean;
  durationHours?: number;
}

export interface MriRecord {
  date: IsoDate;
  newOrEnlargingT2?: number;
  gadoliniumEnhancing?: number;
}

export interface EdssRecord {
  date: IsoDate;
  score: number;
}

/** A confirmed interval decision (the point from which "since the last decision" counts). */
export interface DecisionRecord {
  date: IsoDate;
  intervalWeeks: number;
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
}
