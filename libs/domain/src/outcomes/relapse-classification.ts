import { daysBetween, IsoDate } from '../dates';
import { RelapseRecord } from '../history';
import { sortedByDate } from './sorted-by-date';

/**
 * Relapse decision table, outcomes.md §1 (platform default), rows evaluated top-down, first match wins.
 * Definition [confirmed: AFFIRM via Biogen HCP site]: new/recurrent symptoms, no fever/infection,
 * ≥ 24 h, with new signs on the neurologist's examination. Separation ≥ 30 days between onsets
 * [memory: McDonald 2001 onwards].
 */
export type RelapseClass = 'NOT_RELAPSE' | 'PSEUDO_RELAPSE' | 'UNCONFIRMED_RELAPSE' | 'SAME_RELAPSE' | 'RELAPSE';
export type RelapseRule = 'R1' | 'R2' | 'R3' | 'R4' | 'R5';

export const RELAPSE_MIN_DURATION_HOURS = 24;
/** Onsets < 30 days apart are one relapse; exactly 30 → separate (outcomes.md §1 boundary). */
export const RELAPSE_SEPARATION_DAYS = 30;

export interface RelapseClassificationOptions {
  /** R3 "the protocol requires" an objective sign. Default true: the AFFIRM definition requires new signs. */
  requireObjectiveSign?: boolean;
  /** R3 "counted only if the protocol says so". Default false. */
  countUnconfirmed?: boolean;
}

export interface ClassifiedRelapse {
  record: RelapseRecord;
  /** Position in the input array. */
  inputIndex: number;
  classification: RelapseClass;
  rule: RelapseRule;
  /** true when the event adds one to a relapse count (RELAPSE, or UNCONFIRMED_RELAPSE when counted). */
  counted: boolean;
  /** R4: onset of the counted relapse this event was merged into. */
  mergedIntoOnset?: IsoDate;
}

/**
 * Classify every event of a history, in onset order (same-day events keep input order).
 * Inputs absent in a record are read as "meets the definition" (history.ts: absent → treated as a
 * protocol-defined relapse). R4 compares with the onset of the previous *counted* relapse, not with
 * the previous event, so a chain of events 20 days apart does not extend one relapse indefinitely.
 */
export function classifyRelapses(relapses: readonly RelapseRecord[], options: RelapseClassificationOptions = {}): ClassifiedRelapse[] {
  const requireObjectiveSign = options.requireObjectiveSign ?? true;
  const countUnconfirmed = options.countUnconfirmed ?? false;
  const out: ClassifiedRelapse[] = [];
  let lastCountedOnset: IsoDate | undefined;

  for (const { item: record, index } of sortedByDate(relapses, (r) => r.onset)) {
    const base = { record, inputIndex: index };
    if (record.durationHours !== undefined && record.durationHours < RELAPSE_MIN_DURATION_HOURS) {
      out.push({ ...base, classification: 'NOT_RELAPSE', rule: 'R1', counted: false });
      continue;
    }
    if (record.feverOrInfection === true) {
      out.push({ ...base, classification: 'PSEUDO_RELAPSE', rule: 'R2', counted: false });
      continue;
    }
    // R3: "no objective new sign on examination" — an explicit false on either input.
    const noObjectiveSign = record.objectiveChange === false || record.confirmedByNeurologist === false;
    if (noObjectiveSign && requireObjectiveSign && !countUnconfirmed) {
      out.push({ ...base, classification: 'UNCONFIRMED_RELAPSE', rule: 'R3', counted: false });
      continue;
    }
    if (lastCountedOnset !== undefined && daysBetween(lastCountedOnset, record.onset) < RELAPSE_SEPARATION_DAYS) {
      out.push({ ...base, classification: 'SAME_RELAPSE', rule: 'R4', counted: false, mergedIntoOnset: lastCountedOnset });
      continue;
    }
    lastCountedOnset = record.onset;
    // An unconfirmed event the protocol counts is still labelled as such (R3), but it is counted and
    // anchors R4 like any counted relapse.
    if (noObjectiveSign && requireObjectiveSign) {
      out.push({ ...base, classification: 'UNCONFIRMED_RELAPSE', rule: 'R3', counted: true });
    } else {
      out.push({ ...base, classification: 'RELAPSE', rule: 'R5', counted: true });
    }
  }
  return out;
}

/** Onsets of counted relapses, ascending. */
export function countedRelapseOnsets(relapses: readonly RelapseRecord[], options: RelapseClassificationOptions = {}): IsoDate[] {
  return classifyRelapses(relapses, options)
    .filter((c) => c.counted)
    .map((c) => c.record.onset);
}
