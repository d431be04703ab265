import { IsoDate, IntervalDecision, ParticipantHistory } from '@eid/domain';

/** What a proposal was computed from, in a form a clinician can check at a glance (GET …/dosing → inputs). */
export interface InputsSummary {
  asOf: IsoDate;
  inclusionDate: IsoDate | null;
  infusions: { count: number; first: IsoDate | null; last: IsoDate | null; notAdministered: number };
  troughs: {
    count: number;
    withoutResult: number;
    belowLloq: number;
    latest: { date: IsoDate; ugPerMl: number | null; belowLloq: boolean } | null;
  };
  relapses: number;
  mriScans: number;
  edssAssessments: number;
  jcvTests: number;
  /** Confirmed/overridden decisions (dosing_decision) the engine counted from. */
  decisions: { date: IsoDate; intervalWeeks: number }[];
  /** Records dated after as-of are ignored by the engine (e.g. data entered with a future date by mistake). */
  ignoredAfterAsOf: number;
}

/** Pure: counts and key dates of the history as of a day (dates after `asOf` are counted as ignored). */
export function summariseInputs(history: ParticipantHistory, asOf: IsoDate, inclusionDate: IsoDate | null): InputsSummary {
  let ignored = 0;
  const upTo = <T>(rows: readonly T[] | undefined, date: (r: T) => IsoDate): T[] => {
    const kept: T[] = [];
    for (const r of rows ?? []) {
      if (date(r) <= asOf) kept.push(r);
      else ignored++;
    }
    return kept;
  };
  const infusions = upTo(history.infusions, (r) => r.date).sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const given = infusions.filter((i) => i.administered !== false);
  const troughs = upTo(history.troughs, (r) => r.date).sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const withResult = troughs.filter((t) => typeof t.ugPerMl === 'number' || t.belowLloq === true);
  const latest = withResult[withResult.length - 1];
  const summary: InputsSummary = {
    asOf,
    inclusionDate,
    infusions: {
      count: given.length,
      first: given[0]?.date ?? null,
      last: given[given.length - 1]?.date ?? null,
      notAdministered: infusions.length - given.length,
    },
    troughs: {
      count: withResult.length,
      withoutResult: troughs.length - withResult.length,
      belowLloq: withResult.filter((t) => typeof t.ugPerMl !== 'number').length,
      latest: latest
        ? {
            date: latest.date,
            ugPerMl: typeof latest.ugPerMl === 'number' ? latest.ugPerMl : null,
            belowLloq: typeof latest.ugPerMl !== 'number',
          }
        : null,
    },
    relapses: upTo(history.relapses, (r) => r.onset).length,
    mriScans: upTo(history.mri, (r) => r.date).length,
    edssAssessments: upTo(history.edss, (r) => r.date).length,
    jcvTests: upTo(history.jcv, (r) => r.date).length,
    decisions: upTo(history.decisions, (r) => r.date).map((d) => ({ date: d.date, intervalWeeks: d.intervalWeeks })),
    ignoredAfterAsOf: 0,
  };
  // Counted while the lists above were filtered, so it is only known here.
  summary.ignoredAfterAsOf = ignored;
  return summary;
}

/** The last administered infusion on or before as-of: the date the next interval counts from (A7). */
export function lastInfusionOf(history: ParticipantHistory, asOf: IsoDate): IsoDate | null {
  let last: IsoDate | null = null;
  for (const i of history.infusions) if (i.administered !== false && i.date <= asOf && (last === null || i.date > last)) last = i.date;
  return last;
}

/** Two proposals are "the same" for the investigator when they decide the same thing with the same interval. */
export function sameProposal(
  a: Pick<IntervalDecision, 'decision' | 'nextIntervalWeeks'>,
  b: Pick<IntervalDecision, 'decision' | 'nextIntervalWeeks'>,
): boolean {
  return a.decision === b.decision && a.nextIntervalWeeks === b.nextIntervalWeeks;
}
