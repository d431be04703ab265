import type { TimelineView } from '../../api/views';
import type { CourseData } from '../../components/charts/course-plot';

/** The timeline endpoint's records → what the course plot draws (soft-deleted records are left out). */
export function courseDataOf(t: TimelineView, thresholds: CourseData['thresholds'], startIntervalWeeks: number | null): CourseData {
  const live = <T extends { deletedAt: string | null }>(rows: T[]) => rows.filter((r) => !r.deletedAt);
  const infusions = live(t.infusions)
    .filter((i) => i.administered !== false)
    .sort((a, b) => a.date.localeCompare(b.date));
  const intervalSteps = intervalInForceSteps(t, startIntervalWeeks, infusions.at(-1)?.date);
  return {
    troughs: live(t.troughs).map((x) => ({ date: x.sampledOn, ugPerMl: x.concentrationUgPerMl, belowLloq: x.belowLloq })),
    infusions: infusions.map((i) => ({ date: i.date })),
    intervalSteps,
    relapses: live(t.relapses).map((r) => ({ date: r.onsetDate })),
    mri: live(t.mri).map((m) => ({ date: m.date, newT2: m.newOrEnlargingT2Count, gdEnhancing: m.gadoliniumEnhancingCount })),
    edss: live(t.edss)
      .map((e) => ({ date: e.date, score: e.score }))
      .sort((a, b) => a.date.localeCompare(b.date)),
    thresholds,
  };
}

/**
 * The interval in force as a step line (issue 13 item 1): the protocol's start interval from the first infusion,
 * then each confirmed or overridden decision that was not superseded, from its date — never inferred from infusion
 * gaps, so an override shows. The timeline's decisions are the table's rows (snake_case columns).
 */
function intervalInForceSteps(t: TimelineView, startWeeks: number | null, lastInfusion: string | undefined): CourseData['intervalSteps'] {
  const rows = t.decisions as unknown as Array<Record<string, unknown>>;
  const decided = rows
    .filter((d) => !d.superseded_at && (d.action === 'confirm' || d.action === 'override'))
    .map((d) => ({ date: String(d.decided_on), weeks: Number(d.interval_weeks) }))
    .filter((d) => d.weeks > 0)
    .sort((a, b) => a.date.localeCompare(b.date));
  const first = t.infusions
    .filter((i) => !i.deletedAt && i.administered !== false)
    .map((i) => i.date)
    .sort()[0];
  const steps = [...(first && startWeeks ? [{ date: first, weeks: startWeeks }] : []), ...decided];
  const end = [lastInfusion, steps.at(-1)?.date].filter(Boolean).sort().at(-1);
  if (steps.length && end && end > steps.at(-1)!.date) steps.push({ date: end, weeks: steps.at(-1)!.weeks });
  return steps;
}
