import { addDays, type IsoDate } from '@eid/domain';
import { Random } from './random';

/**
 * Infusion-timing edge cases the overdue rule must get right (issue 14 item 7; the report facts' late infusions and
 * next infusion due are proven equal to the participant list's rule on the synthetic trial, which proves nothing unless
 * the trial has these patterns): an infusion on its due date (most), at due + the A7 tolerance (on time), at
 * due + tolerance + 1 (late), a longer delay, the same administration entered twice, a dosing decision recorded days
 * after the infusion (the trough result came back late: the interval changes between two infusions), and a PML
 * suspicion open the day before an infusion (dosing withheld until PML was excluded, rule P0). Rates are illustrative,
 * a platform choice — not from a source. Drawn from their own random stream per participant.
 */
export const INFUSION_PATTERN_RATES = {
  /** Per infusion: given on the last day within the A7 tolerance after due. */
  atTolerance: 0.02,
  /** Per infusion: given one day after it (late by one day). */
  tolerancePlusOne: 0.01,
  /** Per infusion: a missed appointment, given 5–21 days after due. */
  longDelay: 0.01,
  longDelayDays: [5, 21] as const,
  /** Per infusion: the administration entered twice on the same date (a duplicate the data manager queries). */
  duplicateRecord: 0.003,
  /** Per interval decision: recorded 1–10 days after the infusion it follows. */
  delayedDecision: 0.3,
  delayedDecisionDays: [1, 10] as const,
  /**
   * Per infusion: a PML suspicion raised from 14 days before due to 10 days after (new symptoms at a delayed visit: the
   * participant was already overdue), PML excluded 7–35 days later; the infusion given that day, or on its due date.
   */
  pmlWorkup: 0.002,
  pmlWorkupOnsetDaysFromDue: [-14, 10] as const,
  pmlWorkupDays: [7, 35] as const,
};

export interface InfusionTiming {
  /** The day the infusion is given (≥ due). */
  date: IsoDate;
  /** Also entered a second time on the same date. */
  duplicate: boolean;
  /** A PML suspicion open from `onset` until `resolved` (the day PML was excluded and dosing resumed). */
  pmlWorkup: { onset: IsoDate; resolved: IsoDate } | null;
}

export class InfusionPatterns {
  private readonly rnd: Random;

  constructor(
    seed: number,
    index: number,
    private readonly toleranceDaysAfter: number,
  ) {
    this.rnd = Random.forKey(seed, `infusion-patterns:${index}`);
  }

  /** When the infusion due on `due` is given. */
  timing(due: IsoDate): InfusionTiming {
    const r = INFUSION_PATTERN_RATES;
    const duplicate = this.rnd.chance(r.duplicateRecord);
    if (this.rnd.chance(r.pmlWorkup)) {
      const onset = addDays(due, this.rnd.int(...r.pmlWorkupOnsetDaysFromDue));
      const resolved = addDays(onset, this.rnd.int(...r.pmlWorkupDays));
      return { date: resolved > due ? resolved : due, duplicate, pmlWorkup: { onset, resolved } };
    }
    const u = this.rnd.next();
    const delay =
      u < r.atTolerance
        ? this.toleranceDaysAfter
        : u < r.atTolerance + r.tolerancePlusOne
          ? this.toleranceDaysAfter + 1
          : u < r.atTolerance + r.tolerancePlusOne + r.longDelay
            ? this.rnd.int(...r.longDelayDays)
            : 0;
    return { date: addDays(due, delay), duplicate, pmlWorkup: null };
  }

  /** Days after the infusion that the interval decision is recorded (0 = the infusion day, before the infusion). */
  decisionDelay(): number {
    return this.rnd.chance(INFUSION_PATTERN_RATES.delayedDecision) ? this.rnd.int(...INFUSION_PATTERN_RATES.delayedDecisionDays) : 0;
  }
}
