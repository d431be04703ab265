import { addDays, daysBetween, type IsoDate } from '@eid/domain';
import { Random } from './random';
import type { SynthOptions, SynthParticipant } from './synthetic-trial.types';

/**
 * Outcome edge cases the reports must get right (issue 14: "the synthetic trial never produces two relapses within
 * 30 days, an unconfirmed relapse or a scan on a window boundary"), at plausible rates [illustrative, platform
 * choice — not from a source]. Drawn from their own random stream, so every other record of the trial is the same
 * as before these patterns existed.
 */
export const OUTCOME_PATTERN_RATES = {
  /** A further attack soon after a relapse (incomplete recovery, new symptoms): per relapse. */
  followUpAttack: 0.3,
  /** Days from the relapse to that attack: < 30 (same relapse), exactly 30 (a new one), 31, and a 20-day chain step. */
  followUpGapDays: [14, 20, 29, 30, 31],
  /** Relapses the neurologist did not confirm (no objective sign): per relapse. */
  unconfirmed: 0.15,
  /** Transient episodes (< 24 h, docs/science/outcomes.md §1 R1) and febrile pseudo-relapses (R2): per participant-year. */
  transientPerYear: 0.04,
  pseudoPerYear: 0.04,
  /** A baseline MRI on the enrolment day (the first day of a whole-trial window). */
  enrolmentDayScan: 0.2,
};

export function addOutcomePatterns(p: SynthParticipant, o: SynthOptions, index: number, end: IsoDate, id: (key: string) => string): void {
  const rnd = Random.forKey(o.seed, `outcome-patterns:${index}`);
  const r = OUTCOME_PATTERN_RATES;
  const extra: SynthParticipant['relapses'] = [];
  const attack = (key: string, onsetDate: IsoDate, fields: Partial<SynthParticipant['relapses'][number]>) => {
    if (onsetDate > end || p.relapses.some((x) => x.onsetDate === onsetDate) || extra.some((x) => x.onsetDate === onsetDate)) return;
    extra.push({
      id: id(`relapse:${key}`),
      plannedVisitId: null,
      onsetDate,
      functionalSystems: ['sensory'],
      symptoms: 'Neurological symptoms (synthetic edge case)',
      steroidTreatment: false,
      confirmedByNeurologist: true,
      durationHours: rnd.int(48, 480),
      feverOrInfection: false,
      ...fields,
    });
  };
  for (const rel of p.relapses) {
    rel.durationHours = rnd.int(48, 480);
    rel.feverOrInfection = false;
    if (rnd.chance(r.unconfirmed)) rel.confirmedByNeurologist = false;
    // Up to two steps, so that chains (day 0, 20, 40) occur.
    let from = rel.onsetDate;
    for (let step = 0; step < 2 && rnd.chance(r.followUpAttack); step++) {
      from = addDays(from, rnd.pick(r.followUpGapDays));
      attack(`follow-up:${rel.onsetDate}:${step}`, from, {});
    }
  }
  const days = daysBetween(p.consentDate, end);
  const when = () => addDays(p.consentDate, rnd.int(1, Math.max(1, days - 1)));
  for (let k = 0, n = rnd.poisson((r.transientPerYear * days) / 365.25); k < n; k++)
    attack(`transient:${k}`, when(), { durationHours: rnd.int(2, 20), symptoms: 'Transient symptoms < 24 h (synthetic)' });
  for (let k = 0, n = rnd.poisson((r.pseudoPerYear * days) / 365.25); k < n; k++)
    attack(`pseudo:${k}`, when(), { feverOrInfection: true, symptoms: 'Worsening with fever (synthetic)' });
  p.relapses.push(...extra);
  p.relapses.sort((a, b) => (a.onsetDate < b.onsetDate ? -1 : a.onsetDate > b.onsetDate ? 1 : 0));
  if (rnd.chance(r.enrolmentDayScan) && !p.mri.some((m) => m.date === p.consentDate)) {
    // Compared with the screening scan; the next scan of the series is then compared with this one.
    const next = p.mri[0];
    p.mri.unshift({
      id: id('mri:enrolment-day'),
      plannedVisitId: null,
      date: p.consentDate,
      newOrEnlargingT2Count: rnd.chance(0.1) ? 1 : 0,
      gadoliniumEnhancingCount: 0,
      comparedWithDate: next?.comparedWithDate ?? null,
    });
    if (next) next.comparedWithDate = p.consentDate;
  }
}
