import { DateWindow, IsoDate } from '../dates';
import { EdssRecord, InfusionRecord, MriRecord, ParticipantProfile, RelapseRecord, TroughRecord } from '../history';
import { ClauseStatus, ProtocolRef } from '../protocol/protocol.types';

export interface CandidateProfile extends ParticipantProfile {
  /** Exact date of birth if the site has it; otherwise birthYear gives an age range. */
  birthDate?: IsoDate;
}

export interface EligibilityInput {
  participant: CandidateProfile;
  infusions?: InfusionRecord[];
  relapses?: RelapseRecord[];
  mri?: MriRecord[];
  edss?: EdssRecord[];
  /** The natalizumab trough drawn at screening (E5). */
  screeningTrough?: TroughRecord;
}

export type CriterionStatus = 'met' | 'not_met' | 'unknown';

export interface CriterionResult {
  id: string;
  label: string;
  status: CriterionStatus;
  /** Readable sentence with the data used. */
  evidence: string;
  window?: DateWindow;
  source: string;
  /** Evidence status of the criterion itself (confirmed / memory / derived / unconfirmed). */
  clauseStatus: ClauseStatus;
  /** What of the EligibilityInput the criterion reads: what to complete when it is unknown (evidenceReadBy). */
  inputs: EligibilityInputName[];
}

/** Names of the evidence a criterion can read: EligibilityInput's lists and the candidate profile's fields. */
export const ELIGIBILITY_INPUT_NAMES = [
  'diagnosis',
  'diagnosticCriteria',
  'birthYear',
  'firstNatalizumabDate',
  'mriPossible',
  'otherImmunomodulatoryMedication',
  'infusions',
  'relapses',
  'mri',
  'edss',
  'screeningTrough',
] as const;
export type EligibilityInputName = (typeof ELIGIBILITY_INPUT_NAMES)[number];

export interface EligibilityResult {
  eligible: 'eligible' | 'not_eligible' | 'unknown';
  protocol: ProtocolRef;
  inclusionDate: IsoDate;
  criteria: CriterionResult[];
}
