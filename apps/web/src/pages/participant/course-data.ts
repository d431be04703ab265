import type { TimelineView } from '../../api/views';
import type { CourseData } from '../../components/charts/course-plot';

/** The timeline endpoint's records → what the course plot draws (soft-deleted records are left out). */
export function courseDataOf(t: TimelineView, thresholds: CourseData['thresholds']): CourseData {
  const live = <T extends { deletedAt: string | null }>(rows: T[]) => rows.filter((r) => !r.deletedAt);
  const infusions = live(t.infusions)
    .filter((i) => i.administered !== false)
    .sort((a, b) => a.date.localeCompare(b.date));
  // The interval in force between two infusions is drawn from the earlier one: a step line of weeks.
  const intervalSteps = infusions
    .slice(1)
    .map((inf, i) => ({ date: infusions[i].date, weeks: inf.intervalWeeks ?? 0 }))
    .filter((s) => s.weeks > 0);
  if (infusions.length > 1 && intervalSteps.length)
    intervalSteps.push({ date: infusions.at(-1)!.date, weeks: intervalSteps.at(-1)!.weeks });
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
