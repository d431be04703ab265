import { IsoDate } from '../dates';
import { MriRecord, RelapseRecord } from '../history';
import { relapseEventRule } from '../outcomes/relapse-classification';

/**
 * Disease activity = a protocol-defined relapse, a new Gd-enhancing lesion or a new/enlarging
 * T2 lesion (docs/science/protocols.md conventions; docs/science/outcomes.md §1, §3). Shared by the interval engine (P1/T1)
 * and the entry criteria (E6).
 */
export type ActivityKind = 'relapse' | 'gadolinium' | 't2';

export interface ActivityEvent {
  kind: ActivityKind;
  date: IsoDate;
  detail: string;
  /** The relapse/MRI record's id when the history carries one (API). */
  recordId?: string;
}

/**
 * docs/science/outcomes.md §1 rows R1–R3, by the one definition in outcomes/relapse-classification.ts: R1 (< 24 h) and
 * R2 (fever/infection) are never relapses; R3 (no objective sign / not confirmed) counts only when the protocol
 * says so. R4 merging does not matter here: any one relapse is activity.
 */
export function isCountedRelapse(r: RelapseRecord, countUnconfirmed: boolean): boolean {
  return relapseEventRule(r, { countUnconfirmed }).counts;
}

/** Activity events with `from ≤ date ≤ to` (inclusive both ends); `from` null = open start. */
export function activityBetween(
  relapses: readonly RelapseRecord[] | undefined,
  mri: readonly MriRecord[] | undefined,
  from: IsoDate | null,
  to: IsoDate,
  kinds: readonly ActivityKind[],
  countUnconfirmed: boolean,
): ActivityEvent[] {
  const inside = (d: IsoDate) => (from === null || d >= from) && d <= to;
  const out: ActivityEvent[] = [];
  if (kinds.includes('relapse'))
    for (const r of relapses ?? [])
      if (inside(r.onset) && isCountedRelapse(r, countUnconfirmed))
        out.push({ kind: 'relapse', date: r.onset, detail: `relapse with onset ${r.onset}`, recordId: r.id });
  for (const m of mri ?? []) {
    if (!inside(m.date)) continue;
    if (kinds.includes('gadolinium') && (m.gadoliniumEnhancing ?? 0) > 0)
      out.push({
        kind: 'gadolinium',
        date: m.date,
        detail: `${m.gadoliniumEnhancing} Gd-enhancing lesion(s) on MRI ${m.date}`,
        recordId: m.id,
      });
    if (kinds.includes('t2') && (m.newOrEnlargingT2 ?? 0) > 0)
      out.push({ kind: 't2', date: m.date, detail: `${m.newOrEnlargingT2} new/enlarging T2 lesion(s) on MRI ${m.date}`, recordId: m.id });
  }
  // Total order (date, kind, detail): two scans on one day must not make the reasons depend on input order.
  const key = (e: ActivityEvent) => `${e.date}|${e.kind}|${e.detail}`;
  out.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  return out;
}
