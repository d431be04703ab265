/**
 * Stratified start (docs/science/protocols.md (b), NEXT-MS-style; cut-offs [unconfirmed]): while the participant
 * is still on the start interval, the first personalised interval is chosen once from the lowest of the first
 * `strata.troughs` counting troughs at that interval (lowest: the safe side), by the protocol's cut-off table —
 * the first row, highest cut-off first, whose `atLeastUgPerMl` the value reaches (a "< LLOQ" trough is below every
 * cut-off); below every row the start interval stays. Afterwards the protocol's stepwise rows apply.
 */
import { Protocol, StrataSpec } from '../protocol/protocol.types';
import { Trough } from './trough-evidence';

export interface Stratum {
  /** The lowest of the troughs used (null = below LLOQ). */
  basisUgPerMl: number | null;
  weeks: number;
  /** The row chosen; null = below every cut-off (start interval). */
  row: StrataSpec['rows'][number] | null;
  troughs: Trough[];
}

/** True while the interval in force is the start interval and has never changed. */
export function onStartInterval(protocol: Protocol, currentWeeks: number, changedOn: string | null): boolean {
  return changedOn === null && currentWeeks === protocol.dosing.startIntervalWeeks.value;
}

export function stratumOf(protocol: Protocol, counting: readonly Trough[]): Stratum {
  const strata = protocol.dosing.strata;
  if (!strata) throw new Error(`protocol ${protocol.id}@${protocol.version}: fromStrata without dosing.strata (the parser refuses this)`);
  const troughs = counting.slice(-strata.troughs); // the latest troughs at the start interval
  const values = troughs.map((t) => t.ugPerMl);
  const basis = values.some((v) => v === null) ? null : Math.min(...(values as number[]));
  const rows = [...strata.rows].sort((a, b) => b.atLeastUgPerMl - a.atLeastUgPerMl);
  const row = basis === null ? null : (rows.find((r) => basis >= r.atLeastUgPerMl) ?? null);
  return { basisUgPerMl: basis, weeks: row ? row.weeks : protocol.dosing.startIntervalWeeks.value, row, troughs };
}
