import { daysBetween, IsoDate } from '../dates';
import { RelapseRecord } from '../history';
import { sortedByDate } from './sorted-by-date';

/**
 * Relapse decision table, docs/science/outcomes.md §1 (platform default), rows evaluated top-down, first match wins.
 * Definition [confirmed: AFFIRM via Biogen HCP site]: new/recurrent symptoms, no fever/infection,
 * ≥ 24 h, with new signs on the neurologist's examination. Separation ≥ 30 days between onsets
 * [memory: McDonald 2001 onwards].
 */
export type RelapseClass = 'NOT_RELAPSE' | 'PSEUDO_RELAPSE' | 'UNCONFIRMED_RELAPSE' | 'SAME_RELAPSE' | 'RELAPSE';
export type RelapseRule = 'R1' | 'R2' | 'R3' | 'R4' | 'R5';

export const RELAPSE_MIN_DURATION_HOURS = 24;
/** Onsets < 30 days apart are one relapse; exactly 30 → separate (docs/science/outcomes.md §1 boundary). */
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

/** What rows R1–R3 say about one event on its own, before R4/R5 compare it with the previous counted relapse. */
export interface RelapseEventRule {
  /** NOT_RELAPSE (R1), PSEUDO_RELAPSE (R2), UNCONFIRMED_RELAPSE (R3) or RELAPSE (passes R1–R3). */
  classification: Exclude<RelapseClass, 'SAME_RELAPSE'>;
  rule: 'R1' | 'R2' | 'R3' | 'R5';
  /** true when the event counts (as a relapse, or as disease activity) under the protocol's R3 parameter. */
  counts: boolean;
}

/**
 * Rows R1–R3 of docs/science/outcomes.md §1 for one event — the single definition used by the classification below, the
 * dosing engine's disease activity (P1) and the entry criteria (E6). Inputs absent in a record are read as
 * "meets the definition" (history.ts: absent → a protocol-defined relapse).
 */
export function relapseEventRule(record: RelapseRecord, options: RelapseClassificationOptions = {}): RelapseEventRule {
  if (record.durationHours !== undefined && record.durationHours < RELAPSE_MIN_DURATION_HOURS)
    return { classification: 'NOT_RELAPSE', rule: 'R1', counts: false };
  if (record.feverOrInfection === true) return { classification: 'PSEUDO_RELAPSE', rule: 'R2', counts: false };
  // R3: "no objective new sign on examination" — an explicit false on either input.
  const noObjectiveSign = record.objectiveChange === false || record.confirmedByNeurologist === false;
  if (noObjectiveSign && (options.requireObjectiveSign ?? true))
    return { classification: 'UNCONFIRMED_RELAPSE', rule: 'R3', counts: options.countUnconfirmed ?? false };
  return { classification: 'RELAPSE', rule: 'R5', counts: true };
}

/**
 * Classify every event of a history, in onset order (same-day events keep input order).
 * R4 compares with the onset of the previous *counted* relapse, not with the previous event, so a chain of
 * events 20 days apart does not extend one relapse indefinitely; onsets exactly 30 days apart are separate (R5).
 * An event that does not count under R1–R3 neither counts nor anchors R4.
 */
export function classifyRelapses(relapses: readonly RelapseRecord[], options: RelapseClassificationOptions = {}): ClassifiedRelapse[] {
  const out: ClassifiedRelapse[] = [];
  let lastCountedOnset: IsoDate | undefined;

  for (const { item: record, index } of sortedByDate(relapses, (r) => r.onset)) {
    const base = { record, inputIndex: index };
    const event = relapseEventRule(record, options);
    if (!event.counts) {
      out.push({ ...base, classification: event.classification, rule: event.rule, counted: false });
      continue;
    }
    if (lastCountedOnset !== undefined && daysBetween(lastCountedOnset, record.onset) < RELAPSE_SEPARATION_DAYS) {
      out.push({ ...base, classification: 'SAME_RELAPSE', rule: 'R4', counted: false, mergedIntoOnset: lastCountedOnset });
      continue;
    }
    lastCountedOnset = record.onset;
    // An unconfirmed event the protocol counts is still labelled as such (R3), but it is counted and
    // anchors R4 like any counted relapse.
    out.push({ ...base, classification: event.classification, rule: event.rule, counted: true });
  }
  return out;
}

/** Onsets of counted relapses, ascending. */
export function countedRelapseOnsets(relapses: readonly RelapseRecord[], options: RelapseClassificationOptions = {}): IsoDate[] {
  return classifyRelapses(relapses, options)
    .filter((c) => c.counted)
    .map((c) => c.record.onset);
}
