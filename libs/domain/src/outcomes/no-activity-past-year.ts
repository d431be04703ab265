import { DateWindow, inWindow, IsoDate, monthsBackWindow } from '../dates';
import { ActivityEvent, ActivityKind, activityBetween } from '../dosing/disease-activity';
import { MriRecord, ParticipantHistory } from '../history';

/**
 * The one definition of "no disease activity in the past 12 months" (docs/science/outcomes.md §6, the PDNMS
 * entry criterion; NCT03516526 exclusion [confirmed]). Eligibility E6 (and the fixed-arm files' relapse-only
 * variant) and every other caller use it (issue 13 item 10).
 *
 * - Window = [reference − 12 calendar months (clamped to month end), reference], both ends inclusive
 *   (docs/science/protocols.md "Calendar windows" [platform convention]): an event on the window's first day or on
 *   the reference day is inside; the day before the first day is outside.
 * - Activity = a counted relapse, a Gd-enhancing lesion or a new/enlarging T2 lesion — the same events as the
 *   interval engine's P1 (dosing/disease-activity.ts, so the relapse rules R1–R3 and the protocol's
 *   unconfirmed-relapse parameter apply alike). Any one → ACTIVITY.
 * - Evidence must exist: an MRI without the lesion count a requested kind needs is *unknown*, never "no
 *   activity" — one such scan in the window makes the answer INSUFFICIENT_DATA (it might have shown activity).
 *   With `requireMri` (default true), at least one assessed MRI in the window is needed, else INSUFFICIENT_DATA
 *   (docs/science/outcomes.md §6 [platform convention, unconfirmed in source]).
 */
export type PastYearResult = 'NO_ACTIVITY' | 'ACTIVITY' | 'INSUFFICIENT_DATA';

export const PAST_YEAR_MONTHS = 12;
export const ALL_ACTIVITY_KINDS: readonly ActivityKind[] = ['relapse', 'gadolinium', 't2'];

export interface ActivityWindowOptions {
  /** Which events count (E6: all three; the fixed-arm files' relapse-only criterion: ['relapse']). */
  kinds?: readonly ActivityKind[];
  /** At least one assessed MRI must lie in the window (default true, docs/science/outcomes.md §6). */
  requireMri?: boolean;
  /** docs/science/outcomes.md §1 R3: unconfirmed relapses count only if the protocol says so (default false). */
  countUnconfirmedRelapses?: boolean;
}

export interface PastYearActivity {
  result: PastYearResult;
  window: DateWindow;
  events: ActivityEvent[];
  relapseOnsets: IsoDate[];
  activeScanDates: IsoDate[];
  /** Scans in the window with every lesion count the requested kinds need. */
  assessedScans: number;
  /** Scans in the window lacking a needed count: unknown, never read as 0. */
  unassessedScanDates: IsoDate[];
  reasons: string[];
}

export function noDiseaseActivityPastYear(
  history: Pick<ParticipantHistory, 'relapses' | 'mri'>,
  reference: IsoDate,
  options: ActivityWindowOptions & { months?: number } = {},
): PastYearActivity {
  return diseaseActivityInWindow(history, monthsBackWindow(reference, options.months ?? PAST_YEAR_MONTHS), options);
}

const needs = (kinds: readonly ActivityKind[]) => ({ gd: kinds.includes('gadolinium'), t2: kinds.includes('t2') });

/** A scan has the counts the requested kinds need (an absent count is not 0: docs/science/outcomes.md §3, mri-activity.ts). */
function assessedFor(scan: MriRecord, kinds: readonly ActivityKind[]): boolean {
  const n = needs(kinds);
  return (!n.gd || scan.gadoliniumEnhancing != null) && (!n.t2 || scan.newOrEnlargingT2 != null);
}

/** The same rule for any inclusive window (the past-year form above is this with [reference − 12 months, reference]). */
export function diseaseActivityInWindow(
  history: Pick<ParticipantHistory, 'relapses' | 'mri'>,
  window: DateWindow,
  options: ActivityWindowOptions = {},
): PastYearActivity {
  const kinds = options.kinds ?? ALL_ACTIVITY_KINDS;
  const requireMri = options.requireMri ?? true;
  const events = activityBetween(history.relapses, history.mri, window.from, window.to, kinds, options.countUnconfirmedRelapses ?? false);
  const relapseOnsets = events.filter((e) => e.kind === 'relapse').map((e) => e.date);
  const activeScanDates = [...new Set(events.filter((e) => e.kind !== 'relapse').map((e) => e.date))];
  const scans = (history.mri ?? []).filter((s) => inWindow(s.date, window));
  const assessedScans = scans.filter((s) => assessedFor(s, kinds)).length;
  const asksMri = needs(kinds).gd || needs(kinds).t2;
  const unassessedScanDates = asksMri
    ? scans
        .filter((s) => !assessedFor(s, kinds))
        .map((s) => s.date)
        .sort()
    : [];
  const where = `[${window.from}, ${window.to}]`;

  let result: PastYearResult;
  const reasons = events.map((e) => e.detail);
  if (events.length) result = 'ACTIVITY';
  else if (unassessedScanDates.length) {
    result = 'INSUFFICIENT_DATA';
    reasons.push(`MRI ${unassessedScanDates.join(', ')} without lesion counts in ${where}: unknown, not "no activity"`);
  } else if (requireMri && (asksMri ? assessedScans : scans.length) === 0) {
    result = 'INSUFFICIENT_DATA';
    reasons.push(`no assessed MRI in ${where}`);
  } else result = 'NO_ACTIVITY';
  return { result, window, events, relapseOnsets, activeScanDates, assessedScans, unassessedScanDates, reasons };
}
