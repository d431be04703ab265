import { IsoDate } from '../dates';
import { AdverseEventRecord, ParticipantHistory } from '../history';

/**
 * Open PML suspicions as of a day: adverse events flagged `pmlSuspected` with onset ≤ asOf and not resolved
 * on or before asOf. Any one suspends dosing (rule P0; docs/science/natalizumab.md "Suspected PML": withhold
 * at the first sign or symptom suggestive of PML [memory]).
 */
export function openPmlSuspicions(history: Pick<ParticipantHistory, 'adverseEvents'>, asOf: IsoDate): AdverseEventRecord[] {
  return (history.adverseEvents ?? [])
    .filter((a) => a.pmlSuspected === true && a.onset <= asOf && (a.resolvedOn == null || a.resolvedOn > asOf))
    .sort((a, b) => (a.onset < b.onset ? -1 : a.onset > b.onset ? 1 : 0));
}

export function describePmlSuspicion(a: AdverseEventRecord): string {
  return `adverse event${a.term ? ` "${a.term}"` : ''} with PML suspicion, onset ${a.onset}, not resolved`;
}
