import type { CourseData } from '../../components/charts/course-plot';
import type { PkPrediction } from './use-dosing';
import type { DosingDecisionDto, TimelineDto } from './use-participant-data';

/** The answers the course plot is drawn from (soft-deleted records are left out). */
export interface CourseSources {
  timeline: TimelineDto;
  /** GET …/dosing/decisions, any order. */
  decisions: DosingDecisionDto[];
  thresholds: CourseData['thresholds'];
  startIntervalWeeks: number | null;
  /** The PK prediction of the candidate selected in the dosing tab's table (its course), when one is selected. */
  pk: PkPrediction | null;
}

const live = <T extends { deletedAt?: string | null }>(rows: T[]) => rows.filter((r) => !r.deletedAt);

/** The timeline, the decisions and the selected PK candidate → what the course plot draws. */
export function courseDataOf({ timeline: t, decisions, thresholds, startIntervalWeeks, pk }: CourseSources): CourseData {
  const infusions = live(t.infusions)
    .filter((i) => i.administered !== false)
    .sort((a, b) => a.date.localeCompare(b.date));
  const st = t.screeningTrough;
  const projection = pk?.course?.projection;
  return {
    troughs: live(t.troughs).map((x) => ({ date: x.sampledOn, ugPerMl: x.concentrationUgPerMl ?? null, belowLloq: x.belowLloq === true })),
    screeningTrough: st ? { date: st.sampledOn, ugPerMl: st.concentrationUgPerMl, belowLloq: st.belowLloq } : null,
    infusions: infusions.map((i) => ({ date: i.date })),
    intervalSteps: intervalInForceSteps(decisions, infusions[0]?.date, infusions.at(-1)?.date, startIntervalWeeks),
    decisions: [...decisions]
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
      .map((d) => ({
        date: d.decidedOn,
        action: d.action,
        superseded: d.supersededAt !== null,
        proposed: d.proposedDecision,
        fromWeeks: d.currentIntervalWeeks,
        weeks: d.intervalWeeks,
        by: d.decidedByName ?? null,
        reason: d.reason,
      })),
    adverseEvents: live(t.adverseEvents).map((a) => ({
      date: a.onsetDate,
      term: a.term,
      serious: a.serious,
      pml: a.pmlSuspected === true,
    })),
    jcv: live(t.jcv).map((j) => ({ date: j.date, status: j.status, index: j.index ?? null })),
    relapses: live(t.relapses).map((r) => ({ date: r.onsetDate })),
    mri: live(t.mri).map((m) => ({ date: m.date, newT2: m.newOrEnlargingT2Count, gdEnhancing: m.gadoliniumEnhancingCount })),
    edss: live(t.edss)
      .map((e) => ({ date: e.date, score: e.score }))
      .sort((a, b) => a.date.localeCompare(b.date)),
    pkBand: projection ? { intervalWeeks: projection.intervalWeeks, points: projection.points } : null,
    thresholds,
  };
}

/**
 * The interval in force as a step line (issue 13 item 1): the protocol's start interval from the first infusion,
 * then each confirmed or overridden decision that was not superseded, from its date — never inferred from infusion
 * gaps, so an override shows.
 */
export function intervalInForceSteps(
  decisions: DosingDecisionDto[],
  firstInfusion: string | undefined,
  lastInfusion: string | undefined,
  startWeeks: number | null,
): CourseData['intervalSteps'] {
  const decided = decisions
    .filter((d) => d.supersededAt === null && d.intervalWeeks > 0)
    .map((d) => ({ date: d.decidedOn, weeks: d.intervalWeeks }))
    .sort((a, b) => a.date.localeCompare(b.date));
  const steps = [...(firstInfusion && startWeeks ? [{ date: firstInfusion, weeks: startWeeks }] : []), ...decided];
  const end = [lastInfusion, steps.at(-1)?.date].filter(Boolean).sort().at(-1);
  if (steps.length && end && end > steps.at(-1)!.date) steps.push({ date: end, weeks: steps.at(-1)!.weeks });
  return steps;
}
