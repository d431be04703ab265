import { DAYS_PER_YEAR, daysBetween, IsoDate } from '../dates';
import { RelapseRecord } from '../history';
import { countedRelapseOnsets, RelapseClassificationOptions } from './relapse-classification';

/**
 * Annualised relapse rate, docs/science/outcomes.md §2. Two different statistics, kept in two functions:
 * - pooled (default for trial/arm/site): total relapses / total patient-years [confirmed: AFFIRM footnote];
 * - per participant: mean (and median) of each participant's relapses_i / years_i [memory: standard].
 * The mean of per-participant rates is not the pooled rate (it weights short follow-up up).
 */

export interface ArrObservation {
  id?: string;
  relapses?: readonly RelapseRecord[];
  /** Observation start (baseline) and last follow-up; relapses with onset in [baseline, lastFollowUp] count. */
  baseline: IsoDate;
  lastFollowUp: IsoDate;
}

/** docs/science/outcomes.md §2 platform convention: (last follow-up − baseline) in plain days / 365.25. */
export function patientYears(baseline: IsoDate, lastFollowUp: IsoDate): number {
  return Math.max(0, daysBetween(baseline, lastFollowUp)) / DAYS_PER_YEAR;
}

export interface ParticipantArr {
  id?: string;
  relapses: number;
  patientYears: number;
  /** undefined when follow-up is 0 days (rate not defined). */
  arr: number | undefined;
}

/** Counted relapses (§1 table, classified over the whole history) with onset inside the observation period. */
export function participantArr(obs: ArrObservation, options: RelapseClassificationOptions = {}): ParticipantArr {
  let relapses = 0;
  for (const onset of countedRelapseOnsets(obs.relapses ?? [], options)) {
    if (onset >= obs.baseline && onset <= obs.lastFollowUp) relapses++;
  }
  const py = patientYears(obs.baseline, obs.lastFollowUp);
  return { ...(obs.id !== undefined ? { id: obs.id } : {}), relapses, patientYears: py, arr: py > 0 ? relapses / py : undefined };
}

export interface PooledArr {
  method: 'pooled';
  participants: number;
  relapses: number;
  patientYears: number;
  /** undefined when the group has no observed time. */
  arr: number | undefined;
}

export function pooledArr(observations: readonly ArrObservation[], options: RelapseClassificationOptions = {}): PooledArr {
  let relapses = 0;
  let py = 0;
  for (const obs of observations) {
    const p = participantArr(obs, options);
    relapses += p.relapses;
    py += p.patientYears;
  }
  return { method: 'pooled', participants: observations.length, relapses, patientYears: py, arr: py > 0 ? relapses / py : undefined };
}

export interface PerParticipantArr {
  method: 'perParticipantMean';
  /** Participants with a defined rate (follow-up > 0 days). */
  participants: number;
  /** Participants left out because their follow-up was 0 days. */
  excludedZeroFollowUp: number;
  relapses: number;
  patientYears: number;
  meanArr: number | undefined;
  medianArr: number | undefined;
  perParticipant: ParticipantArr[];
}

export function perParticipantArr(observations: readonly ArrObservation[], options: RelapseClassificationOptions = {}): PerParticipantArr {
  const perParticipant = observations.map((obs) => participantArr(obs, options));
  const rates: number[] = [];
  let relapses = 0;
  let py = 0;
  for (const p of perParticipant) {
    relapses += p.relapses;
    py += p.patientYears;
    if (p.arr !== undefined) rates.push(p.arr);
  }
  let meanArr: number | undefined;
  let medianArr: number | undefined;
  if (rates.length > 0) {
    meanArr = rates.reduce((a, b) => a + b, 0) / rates.length;
    const sorted = [...rates].sort((a, b) => a - b); // n log n on one number per participant: report-sized
    const mid = sorted.length >> 1;
    medianArr = sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }
  return {
    method: 'perParticipantMean',
    participants: rates.length,
    excludedZeroFollowUp: perParticipant.length - rates.length,
    relapses,
    patientYears: py,
    meanArr,
    medianArr,
    perParticipant,
  };
}
