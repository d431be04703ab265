import { EvidenceStatus } from './evidence-status';

/** Source-table ids, docs/science/pml-risk.md §4e: every risk number is returned with one of these. */
export type RiskTableId = 'BLOOMGREN_2012' | 'UPTODATE_55637' | 'SMPC_HO_2017';

/** How the printed number reads: "0.56", "≈ 1.2", "≤ 0.09", "< 0.07". */
export type RiskQualifier = 'exact' | 'approx' | 'atMost' | 'lessThan';

/**
 * Row keys across the three tables. Which keys a table has depends on how it splits the population
 * (docs/science/pml-risk.md §4b–4d); the look-up never maps a patient to a row the table does not print.
 */
export type RiskRowKey =
  | 'NEGATIVE'
  | 'NEGATIVE_NO_PRIOR_IS'
  | 'NEGATIVE_PRIOR_IS'
  | 'POSITIVE_NO_PRIOR_IS'
  | 'POSITIVE_NO_PRIOR_IS_INDEX_UNKNOWN'
  | 'POSITIVE_NO_PRIOR_IS_INDEX_LE_0_9'
  | 'POSITIVE_NO_PRIOR_IS_INDEX_GT_0_9_LE_1_5'
  | 'POSITIVE_NO_PRIOR_IS_INDEX_LE_1_5'
  | 'POSITIVE_NO_PRIOR_IS_INDEX_GT_1_5'
  | 'POSITIVE_PRIOR_IS';

export type RiskCellFlag =
  /** §4c: "prior IS, ≤ 24 months ≈ 6" is far above Bloomgren's 1.6 — possible transcription; not for decisions. */
  | 'CLINICAL_REVIEW_POSSIBLE_TRANSCRIPTION'
  /** §4d: SmPC figure as remembered — verify every cell against the current SmPC section 4.4 before use. */
  | 'UNCONFIRMED_VERIFY_AGAINST_SMPC'
  /** §4c: printed as "after 24 months" in the compilation. */
  | 'PRINTED_AS_AFTER_24_MONTHS';

export interface RiskCell {
  valuePer1000: number;
  qualifier: RiskQualifier;
  ci95Per1000?: readonly [number, number];
  status: EvidenceStatus;
  /** Status of the CI when it differs from the point value's. */
  ciStatus?: EvidenceStatus;
  flags?: readonly RiskCellFlag[];
}

/** Inclusive on both ends (§4e: 24 → "≤ 24" / "13–24"; 25 → "25–48" / "25–36"). */
export interface ExposureBand {
  label: string;
  min: number;
  max: number;
}

export interface RiskRow {
  key: RiskRowKey;
  label: string;
  /** One entry per band; null = the table prints no value ("—"). */
  cells: readonly (RiskCell | null)[];
  /** A cell valid for any exposure (§4e: anti-JCV negative in 4d "regardless of duration band"). */
  anyExposure?: RiskCell;
}

export interface RiskTable {
  id: RiskTableId;
  title: string;
  source: string;
  /** Status of the table as a whole, docs/science/pml-risk.md §4b–4d. */
  status: EvidenceStatus;
  measure: string;
  /** What the printed duration axis counts (the look-up applies the caller's chosen unit to these edges, §4e). */
  durationAxis: string;
  /** How anti-JCV-positive patients without prior IS are split by index. */
  indexSplit: 'none' | 'at1_5' | 'at0_9and1_5';
  /** Whether the anti-JCV-negative row is split by prior immunosuppressant use. */
  negativeSplitByPriorIs: boolean;
  bands: readonly ExposureBand[];
  rows: readonly RiskRow[];
}
