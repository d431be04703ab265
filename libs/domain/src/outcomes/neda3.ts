import { DateWindow, inWindow } from '../dates';
import { ParticipantHistory } from '../history';
import { CdpOptions, CdpResult, confirmedDisabilityProgression } from './disability-progression';
import { mriActivity, MriActivitySummary } from './mri-activity';
import { classifyRelapses, RelapseClassificationOptions } from './relapse-classification';

/**
 * NEDA-3, docs/science/outcomes.md §4 (Havrdova et al., Lancet Neurol 2009 [confirmed: abstract]): over the period,
 * (1) no relapses, (2) no confirmed disability progression, (3) no Gd+ and no new/enlarging T2 lesions.
 * False as soon as any one component is present; undefined (INSUFFICIENT_DATA) when the period lacks
 * the data to judge a component — never reported as NEDA by default.
 */
export type Neda3Result = 'NEDA' | 'EVIDENCE_OF_ACTIVITY' | 'INSUFFICIENT_DATA';
export type ComponentResult = 'NONE' | 'PRESENT' | 'UNKNOWN';

export interface Neda3Options {
  relapseOptions?: RelapseClassificationOptions;
  cdp?: Pick<CdpOptions, 'confirmationWeeks' | 'allowHalf'>;
  /** Minimum assessed MRI scans in the period (platform default 1, as §6). */
  minAssessedScans?: number;
}

export interface Neda3 {
  result: Neda3Result;
  period: DateWindow;
  components: { relapse: ComponentResult; disability: ComponentResult; mri: ComponentResult };
  /** Why the result is not NEDA: the activity found and/or the data that are missing. */
  reasons: string[];
  relapseOnsets: string[];
  mri: MriActivitySummary;
  cdp: CdpResult;
}

export function neda3(
  history: Pick<ParticipantHistory, 'relapses' | 'mri' | 'edss'>,
  period: DateWindow,
  options: Neda3Options = {},
): Neda3 {
  const reasons: string[] = [];

  // (1) counted relapses with onset in the period (classified over the whole history so §1 R4 merges
  // an event with a relapse that began before the period).
  const classified = classifyRelapses(history.relapses ?? [], options.relapseOptions);
  const relapseOnsets = classified.filter((c) => c.counted && inWindow(c.record.onset, period)).map((c) => c.record.onset);
  const relapse: ComponentResult = relapseOnsets.length > 0 ? 'PRESENT' : 'NONE';
  if (relapse === 'PRESENT') reasons.push(`relapse onset ${relapseOnsets.join(', ')}`);

  // (2) CDP: baseline = latest score on or before the period start; progression onset must fall in the period.
  const cdp = confirmedDisabilityProgression(history.edss, history.relapses, {
    ...options.cdp,
    baselineDate: period.from,
    until: period.to,
    relapseOptions: options.relapseOptions,
    classifiedRelapses: classified,
  });
  let disability: ComponentResult;
  if (cdp.status === 'CONFIRMED' && cdp.onset && inWindow(cdp.onset.date, period)) {
    disability = 'PRESENT';
    reasons.push(`confirmed disability progression from ${cdp.onset.date}`);
  } else if (cdp.status === 'INSUFFICIENT_DATA') {
    disability = 'UNKNOWN';
    reasons.push('no baseline EDSS on or before the period start');
  } else if (cdp.status === 'PENDING') {
    disability = 'UNKNOWN';
    reasons.push(`EDSS increase from ${cdp.onset?.date} awaits confirmation`);
  } else {
    disability = 'NONE';
  }

  // (3) MRI.
  const mri = mriActivity(history.mri, period);
  let mriComponent: ComponentResult;
  if (mri.anyActivity) {
    mriComponent = 'PRESENT';
    reasons.push(`MRI activity on ${mri.activeScans.map((s) => s.date).join(', ')}`);
  } else if (mri.assessedScans < (options.minAssessedScans ?? 1)) {
    mriComponent = 'UNKNOWN';
    reasons.push(`required MRI missing: ${mri.assessedScans} assessed scan(s) in the period`);
  } else {
    mriComponent = 'NONE';
  }

  const components = { relapse, disability, mri: mriComponent };
  const values = Object.values(components);
  const result: Neda3Result = values.includes('PRESENT')
    ? 'EVIDENCE_OF_ACTIVITY'
    : values.includes('UNKNOWN')
      ? 'INSUFFICIENT_DATA'
      : 'NEDA';
  return { result, period, components, reasons, relapseOnsets, mri, cdp };
}
