import { RiskCell, RiskCellFlag, RiskTable, RiskTableId } from './risk-table.types';

/**
 * Published PML risk tables, transcribed from docs/science/pml-risk.md §4b–4d with the statuses the
 * notes give. Values are per 1000 patients. Nothing here is interpolated or extrapolated.
 */

const mem = (valuePer1000: number, ci95Per1000?: readonly [number, number]): RiskCell => ({
  valuePer1000,
  qualifier: 'exact',
  ...(ci95Per1000 ? { ci95Per1000 } : {}),
  status: 'memory',
});

/** §4b — [memory], except the anti-JCV-negative ceiling (< 0.09 per 1000) [confirmed via an AJNR review table]. */
export const BLOOMGREN_2012: RiskTable = {
  id: 'BLOOMGREN_2012',
  title: 'PML incidence by anti-JCV status, prior immunosuppressant use and treatment duration',
  source: 'Bloomgren G, Richman S, Hotermans C, et al. N Engl J Med 2012;366:1870–1880 (doi:10.1056/NEJMoa1107829 [memory])',
  status: 'memory',
  measure: 'PML incidence per 1000 patients (95 % CI)',
  durationAxis: 'months of treatment (1–24, 25–48)',
  indexSplit: 'none',
  negativeSplitByPriorIs: false,
  bands: [
    { label: '1–24', min: 1, max: 24 },
    { label: '25–48', min: 25, max: 48 },
  ],
  rows: [
    {
      key: 'NEGATIVE',
      label: 'anti-JCV negative, any prior IS',
      cells: [
        // Ceiling confirmed (AJNR review prints "< 0.09"); the CI 0–0.48 is [memory].
        { valuePer1000: 0.09, qualifier: 'atMost', ci95Per1000: [0, 0.48], status: 'confirmed', ciStatus: 'memory' },
        { valuePer1000: 0.09, qualifier: 'atMost', status: 'confirmed' },
      ],
    },
    { key: 'POSITIVE_NO_PRIOR_IS', label: 'anti-JCV positive, no prior IS', cells: [mem(0.56, [0.36, 0.83]), mem(4.6, [3.7, 5.6])] },
    { key: 'POSITIVE_PRIOR_IS', label: 'anti-JCV positive, prior IS', cells: [mem(1.6, [0.91, 2.6]), mem(11.1, [8.3, 14.5])] },
  ],
};

const utd = (valuePer1000: number, ...flags: RiskCellFlag[]): RiskCell => ({
  valuePer1000,
  qualifier: 'approx',
  status: 'confirmed',
  ...(flags.length ? { flags } : {}),
});

/**
 * §4c — [confirmed as printed in the secondary compilation] UpToDate graphic 55637 (v8), compiling
 * Berger & Fox J Neurovirol 2016; Kuesters et al. AAN 2015 poster; Plavina et al. Ann Neurol 2014;76:802–812;
 * Fox & Rudick Neurology 2012;78:436. "—" cells are null: no value, never carried over.
 */
export const UPTODATE_55637: RiskTable = {
  id: 'UPTODATE_55637',
  title: 'Calculated risk of natalizumab-related PML by known risk factors (index-stratified)',
  source:
    'UpToDate graphic 55637 (v8.0), compiling Plavina 2014 (Ann Neurol 76:802–812), Kuesters 2015 (AAN poster), Berger & Fox 2016 (J Neurovirol), Fox & Rudick 2012 (Neurology 78:436)',
  status: 'confirmed',
  measure: 'estimated PML risk per 1000 patients (≈, as printed)',
  durationAxis: 'months of treatment (≤ 24, 25–48, 49–72)',
  indexSplit: 'at1_5',
  negativeSplitByPriorIs: true,
  bands: [
    { label: '≤ 24', min: 1, max: 24 },
    { label: '25–48', min: 25, max: 48 },
    { label: '49–72', min: 49, max: 72 },
  ],
  rows: [
    {
      key: 'NEGATIVE_NO_PRIOR_IS',
      label: 'anti-JCV negative, no prior IS',
      cells: [utd(0.02), utd(0.2, 'PRINTED_AS_AFTER_24_MONTHS'), null],
    },
    { key: 'NEGATIVE_PRIOR_IS', label: 'anti-JCV negative, prior IS', cells: [utd(0.06), utd(0.9, 'PRINTED_AS_AFTER_24_MONTHS'), null] },
    { key: 'POSITIVE_NO_PRIOR_IS_INDEX_UNKNOWN', label: 'anti-JCV positive, no prior IS, index unknown', cells: [utd(1), utd(3), utd(6)] },
    {
      key: 'POSITIVE_NO_PRIOR_IS_INDEX_LE_1_5',
      label: 'anti-JCV positive, no prior IS, index ≤ 1.5',
      cells: [utd(0.2), utd(1.1), utd(1.4)],
    },
    {
      key: 'POSITIVE_NO_PRIOR_IS_INDEX_GT_1_5',
      label: 'anti-JCV positive, no prior IS, index > 1.5',
      cells: [utd(1.2), utd(8.8), utd(10.1)],
    },
    {
      key: 'POSITIVE_PRIOR_IS',
      label: 'anti-JCV positive, prior IS',
      // §4c flag: ≈ 6 vs Bloomgren 1.6 — possibly a transcription in the compilation.
      cells: [utd(6, 'CLINICAL_REVIEW_POSSIBLE_TRANSCRIPTION'), utd(12), utd(13)],
    },
  ],
};

const smpc = (valuePer1000: number): RiskCell => ({
  valuePer1000,
  qualifier: 'exact',
  status: 'memory',
  flags: ['UNCONFIRMED_VERIFY_AGAINST_SMPC'],
});

/**
 * §4d — SmPC figure as remembered [memory, unconfirmed]; verify every cell against the current SmPC
 * section 4.4 before use. Anti-JCV negative < 0.07 per 1000 is [confirmed] (Ho 2017 abstract).
 */
export const SMPC_HO_2017: RiskTable = {
  id: 'SMPC_HO_2017',
  title: 'Annual PML risk by natalizumab exposure, prior IS and anti-JCV index',
  source:
    'Ho PR, Koendgen H, Campbell N, et al. Lancet Neurol 2017;16(11):925–933 [volume/pages memory] as carried into the EU SmPC section 4.4 [memory]',
  status: 'memory',
  measure: 'annual PML risk per 1000 patients (life-table, per 12 infusions)',
  durationAxis: 'infusions received ≈ months (1–12 … 61–72)',
  indexSplit: 'at0_9and1_5',
  negativeSplitByPriorIs: false,
  bands: [
    { label: '1–12', min: 1, max: 12 },
    { label: '13–24', min: 13, max: 24 },
    { label: '25–36', min: 25, max: 36 },
    { label: '37–48', min: 37, max: 48 },
    { label: '49–60', min: 49, max: 60 },
    { label: '61–72', min: 61, max: 72 },
  ],
  rows: [
    {
      key: 'NEGATIVE',
      label: 'anti-JCV negative',
      cells: [],
      // §4e: the negative row applies regardless of the duration band.
      anyExposure: { valuePer1000: 0.07, qualifier: 'lessThan', status: 'confirmed' },
    },
    {
      key: 'POSITIVE_NO_PRIOR_IS_INDEX_UNKNOWN',
      label: 'anti-JCV positive, no prior IS, no index',
      cells: [0.1, 0.6, 2, 4, 5, 6].map(smpc),
    },
    { key: 'POSITIVE_NO_PRIOR_IS_INDEX_LE_0_9', label: 'index ≤ 0.9', cells: [0.1, 0.1, 0.2, 0.4, 0.5, 0.6].map(smpc) },
    { key: 'POSITIVE_NO_PRIOR_IS_INDEX_GT_0_9_LE_1_5', label: '0.9 < index ≤ 1.5', cells: [0.1, 0.3, 0.8, 2, 2, 3].map(smpc) },
    { key: 'POSITIVE_NO_PRIOR_IS_INDEX_GT_1_5', label: 'index > 1.5', cells: [0.2, 0.9, 3, 7, 8, 10].map(smpc) },
    { key: 'POSITIVE_PRIOR_IS', label: 'anti-JCV positive, prior IS', cells: [0.3, 0.4, 4, 8, 8, 6].map(smpc) },
  ],
};

export const PML_RISK_TABLES: Readonly<Record<RiskTableId, RiskTable>> = {
  BLOOMGREN_2012,
  UPTODATE_55637,
  SMPC_HO_2017,
};
