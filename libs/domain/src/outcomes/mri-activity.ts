import { DateWindow, inWindow, IsoDate } from '../dates';
import { MriRecord } from '../history';

/**
 * MRI activity, docs/science/outcomes.md §3. "Any MRI activity" (platform default) = ≥ 1 Gd+ lesion or ≥ 1
 * new/enlarging T2 lesion on a scan. N/NET2 is relative to the reference (previous) scan [memory: standard].
 * A count that is absent was not assessed — it is never read as 0, so a scan without counts cannot
 * prove "no activity" (NEDA-3 §4, past-year §6 need the MRI evidence to exist).
 * Combined unique active lesions (NCT01405820) need lesion-level data and are not computed from counts.
 */
export type ScanActivity = 'ACTIVE' | 'INACTIVE' | 'NOT_ASSESSED';

export interface ScanAssessment {
  date: IsoDate;
  activity: ScanActivity;
  gadoliniumEnhancing: number | undefined;
  newOrEnlargingT2: number | undefined;
}

export function assessScan(scan: MriRecord): ScanAssessment {
  const gd = scan.gadoliniumEnhancing;
  const t2 = scan.newOrEnlargingT2;
  let activity: ScanActivity;
  if ((gd ?? 0) >= 1 || (t2 ?? 0) >= 1) activity = 'ACTIVE';
  else if (gd !== undefined && t2 !== undefined) activity = 'INACTIVE';
  else activity = 'NOT_ASSESSED';
  return { date: scan.date, activity, gadoliniumEnhancing: gd, newOrEnlargingT2: t2 };
}

export interface MriActivitySummary {
  window: DateWindow;
  /** Scans dated in the window (inclusive). */
  scans: number;
  /** Scans with both counts recorded. */
  assessedScans: number;
  activeScans: ScanAssessment[];
  gadoliniumEnhancingLesions: number;
  newOrEnlargingT2Lesions: number;
  anyActivity: boolean;
}

/** One pass over the scans, window inclusive on both ends. */
export function mriActivity(mri: readonly MriRecord[] | undefined, window: DateWindow): MriActivitySummary {
  const summary: MriActivitySummary = {
    window,
    scans: 0,
    assessedScans: 0,
    activeScans: [],
    gadoliniumEnhancingLesions: 0,
    newOrEnlargingT2Lesions: 0,
    anyActivity: false,
  };
  for (const scan of mri ?? []) {
    if (!inWindow(scan.date, window)) continue;
    const a = assessScan(scan);
    summary.scans++;
    if (a.gadoliniumEnhancing !== undefined && a.newOrEnlargingT2 !== undefined) summary.assessedScans++;
    summary.gadoliniumEnhancingLesions += a.gadoliniumEnhancing ?? 0;
    summary.newOrEnlargingT2Lesions += a.newOrEnlargingT2 ?? 0;
    if (a.activity === 'ACTIVE') summary.activeScans.push(a);
  }
  summary.anyActivity = summary.activeScans.length > 0;
  return summary;
}
