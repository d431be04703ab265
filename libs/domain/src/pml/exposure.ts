import { addMonths, IsoDate } from '../dates';
import { ParticipantHistory } from '../history';
import { firstEverInfusion, isGivenBy } from './eid-metrics';

/**
 * Cumulative natalizumab exposure, the duration axis of the PML tables (docs/science/pml-risk.md §4, §4e).
 * Default unit in look-ups is the number of infusions received (Ho 2017 estimated risk per 12 infusions);
 * months since the first infusion is the option.
 */
export interface CumulativeExposure {
  /** Given infusions on record on or before asOf. */
  infusions: number;
  firstInfusion: IsoDate | undefined;
  /** Completed calendar months from the first infusion to asOf (clamped month arithmetic); 0 if none. */
  monthsOnTreatment: number;
  /**
   * true when `participant.firstNatalizumabDate` is earlier than the first infusion on record:
   * infusions given elsewhere are missing, so `infusions` under-counts exposure.
   */
  infusionRecordsIncomplete: boolean;
}

/** Completed calendar months from `from` to `to` (addMonths clamps; 31 Jan + 1 month = 28/29 Feb). */
export function completedMonths(from: IsoDate, to: IsoDate): number {
  if (to < from) return 0;
  const [fy, fm] = [Number(from.slice(0, 4)), Number(from.slice(5, 7))];
  const [ty, tm] = [Number(to.slice(0, 4)), Number(to.slice(5, 7))];
  let months = (ty - fy) * 12 + (tm - fm);
  if (addMonths(from, months) > to) months--;
  return Math.max(0, months);
}

export function cumulativeExposure(history: Pick<ParticipantHistory, 'infusions' | 'participant'>, asOf: IsoDate): CumulativeExposure {
  let infusions = 0;
  let firstRecorded: IsoDate | undefined;
  for (const infusion of history.infusions) {
    if (!isGivenBy(infusion, asOf)) continue;
    infusions++;
    if (firstRecorded === undefined || infusion.date < firstRecorded) firstRecorded = infusion.date;
  }
  const first = firstEverInfusion(history, asOf);
  return {
    infusions,
    firstInfusion: first,
    monthsOnTreatment: first === undefined ? 0 : completedMonths(first, asOf),
    infusionRecordsIncomplete: first !== undefined && first !== firstRecorded,
  };
}

/** docs/science/pml-risk.md §4: prior immunosuppressant use is a risk factor; unknown is kept distinct from "no". */
export type PriorImmunosuppressant = 'yes' | 'no' | 'unknown';

export function priorImmunosuppressant(history: Pick<ParticipantHistory, 'participant'>): PriorImmunosuppressant {
  const value = history.participant?.priorImmunosuppressant;
  return value === true ? 'yes' : value === false ? 'no' : 'unknown';
}
