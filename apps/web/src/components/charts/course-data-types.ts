/** What the course plot draws, already in calendar dates (YYYY-MM-DD) and the protocol's units. */
export interface CourseData {
  troughs: { date: string; ugPerMl: number | null; belowLloq: boolean }[];
  /** The screening trough of the screening evidence (A9 lets it count towards the first extension). */
  screeningTrough: { date: string; ugPerMl: number | null; belowLloq: boolean } | null;
  infusions: { date: string }[];
  /** The dosing interval in force from each date on (confirmed decisions), drawn as a step line. */
  intervalSteps: { date: string; weeks: number }[];
  /** Every recorded decision, superseded ones included (marked). */
  decisions: {
    date: string;
    action: 'confirm' | 'override';
    superseded: boolean;
    /** What the protocol proposed; null when withheld from a pseudonymised reader. */
    proposed: string | null;
    fromWeeks: number;
    weeks: number;
    by: string | null;
    reason: string | null;
  }[];
  /** `term` is free text: null when withheld from a pseudonymised reader. */
  adverseEvents: { date: string; term: string | null; serious: boolean; pml: boolean }[];
  /** Anti-JCV serology: the index is unitless (docs/science/pml-risk.md §4a). */
  jcv: { date: string; status: string; index: number | null }[];
  relapses: { date: string }[];
  mri: { date: string; newT2: number; gdEnhancing: number }[];
  edss: { date: string; score: number }[];
  /** The PK projection of the candidate selected in the PK table: median and 95 % band of the true concentration. */
  pkBand: { intervalWeeks: number; points: { date: string; median: number; lower: number; upper: number }[] } | null;
  /** Protocol trough thresholds of enabled rules, e.g. the extension limit with its clause id. */
  thresholds: { label: string; ugPerMl: number }[];
  lloqUgPerMl?: number;
}

export type CourseDecision = CourseData['decisions'][number];

/** A decision in words, for the tooltip, the data table and the plot's summary. */
export function decisionText(d: CourseDecision): string {
  const proposed = d.proposed ?? 'the proposal';
  const what = d.action === 'override' ? `overridden (proposal ${d.proposed ?? 'withheld'})` : `confirmed ${proposed}`;
  return `${what}: ${d.fromWeeks} → ${d.weeks} weeks${d.superseded ? ', superseded' : ''}${d.by ? `, by ${d.by}` : ''}`;
}

/** An adverse event in words: the PML and SAE flags spelled out, never colour alone (WCAG 1.4.1). */
export function adverseEventText(a: CourseData['adverseEvents'][number]): string {
  const flags = [a.pml ? 'PML suspected' : null, a.serious ? 'serious (SAE)' : null].filter(Boolean).join(', ');
  return `${a.term ?? 'adverse event'}${flags ? ` — ${flags}` : ''}`;
}

export function jcvText(j: CourseData['jcv'][number]): string {
  return `anti-JCV ${j.status}${j.index === null ? '' : `, index ${j.index} (unitless)`}`;
}

export function troughText(t: { ugPerMl: number | null; belowLloq: boolean }): string {
  return t.belowLloq || t.ugPerMl === null ? 'below LLOQ' : `${t.ugPerMl} µg/mL`;
}

/** The band points just before each infusion of the projection: where the concentration turns up again. */
export function troughEnds<T extends { date: string; median: number }>(points: T[]): T[] {
  return points.filter((p, i) => i + 1 < points.length && points[i + 1].median > p.median && (i === 0 || points[i - 1].median >= p.median));
}
