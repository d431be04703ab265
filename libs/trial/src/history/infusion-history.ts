import { InfusionRecord } from '@eid/domain';

/** An infusion as the eCRF stores it (the columns the history reads). */
export interface StoredInfusion {
  date: string;
  doseMg?: number | null;
  administered: boolean;
}

/**
 * The infusion history of a participant: the pre-study infusions of the screening evidence, except on a date the
 * study itself recorded (the eCRF row wins, also when it says "not administered"), then the study's infusions, by
 * date. One definition for the dosing engine's history and the monitor's schedule deviations.
 */
export function infusionHistory(
  screening: ReadonlyArray<{ date: string; doseMg?: number }> | null | undefined,
  study: readonly StoredInfusion[],
): InfusionRecord[] {
  const studyDates = new Set(study.map((i) => i.date));
  const prior = (screening ?? []).filter((i) => !studyDates.has(i.date)).map((i) => ({ date: i.date, doseMg: i.doseMg }));
  return [...prior, ...study.map((i) => ({ date: i.date, doseMg: i.doseMg ?? undefined, administered: i.administered }))].sort((a, b) =>
    a.date < b.date ? -1 : a.date > b.date ? 1 : 0,
  );
}
