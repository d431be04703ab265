import { DateWindow, inWindow, IsoDate, monthsBackWindow } from '../dates';
import { ParticipantHistory } from '../history';
import { mriActivity } from './mri-activity';
import { classifyRelapses, RelapseClassificationOptions } from './relapse-classification';

/**
 * "No disease activity in the past year", outcomes.md §6 (PDNMS entry criterion; NCT03516526 exclusion
 * [confirmed]). Window = [inclusion − 12 calendar months (clamped to month end), inclusion], inclusive
 * [platform convention]: a relapse on the window start is inside. At least one MRI in the window is
 * required, else INSUFFICIENT_DATA [platform convention, unconfirmed in source].
 */
export type PastYearResult = 'NO_ACTIVITY' | 'ACTIVITY' | 'INSUFFICIENT_DATA';

export const PAST_YEAR_MONTHS = 12;

export interface PastYearActivity {
  result: PastYearResult;
  window: DateWindow;
  relapseOnsets: IsoDate[];
  activeScanDates: IsoDate[];
  assessedScans: number;
  reasons: string[];
}

export function noDiseaseActivityPastYear(
  history: Pick<ParticipantHistory, 'relapses' | 'mri'>,
  inclusion: IsoDate,
  options: { relapseOptions?: RelapseClassificationOptions; months?: number } = {},
): PastYearActivity {
  return diseaseActivityInWindow(history, monthsBackWindow(inclusion, options.months ?? PAST_YEAR_MONTHS), options);
}

/**
 * Disease activity (protocols.md conventions: a protocol-defined relapse, a Gd+ lesion or a new/enlarging
 * T2 lesion) in an inclusive window. Callers asking "since the last interval decision" pass
 * [decision date, asOf]: activity dated on the decision day is inside (platform choice — the decision
 * may not have known of it; protocols.md is silent).
 */
export function diseaseActivityInWindow(
  history: Pick<ParticipantHistory, 'relapses' | 'mri'>,
  window: DateWindow,
  options: { relapseOptions?: RelapseClassificationOptions } = {},
): PastYearActivity {
  const relapseOnsets = classifyRelapses(history.relapses ?? [], options.relapseOptions)
    .filter((c) => c.counted && inWindow(c.record.onset, window))
    .map((c) => c.record.onset);
  const mri = mriActivity(history.mri, window);
  const activeScanDates = mri.activeScans.map((s) => s.date);
  const reasons: string[] = [];
  if (relapseOnsets.length) reasons.push(`relapse onset ${relapseOnsets.join(', ')}`);
  if (activeScanDates.length) reasons.push(`MRI activity on ${activeScanDates.join(', ')}`);
  let result: PastYearResult;
  if (reasons.length) result = 'ACTIVITY';
  else if (mri.assessedScans === 0) {
    result = 'INSUFFICIENT_DATA';
    reasons.push(`no assessed MRI in [${window.from}, ${window.to}]`);
  } else result = 'NO_ACTIVITY';
  return { result, window, relapseOnsets, activeScanDates, assessedScans: mri.assessedScans, reasons };
}
