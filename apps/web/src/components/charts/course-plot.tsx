import { SegmentedControl, Stack, Table, Text } from '@mantine/core';
import { useMemo, useState } from 'react';
import { adverseEventText, type CourseData, decisionText, jcvText, troughEnds, troughText } from './course-data-types';
import { buildCourseOption } from './course-plot-option';
import { EChart } from './echart';

export type { CourseData } from './course-data-types';

/**
 * The participant's course on one time axis: troughs (µg/mL) against the thresholds of enabled rules, the screening
 * trough, the selected PK candidate's prediction band, infusions, the interval in force (weeks, second axis) with
 * each decision marked, and below it disease activity, adverse events (PML and SAE flagged) and anti-JCV results —
 * so a reviewer sees at a glance whether extension coincided with activity. The same data follow as a table
 * (WCAG 1.1.1: a chart is a picture; its content must also be available as text).
 */
export function CoursePlot({ data }: { data: CourseData }) {
  const [scale, setScale] = useState<'linear' | 'log'>('linear');
  const option = useMemo(() => buildCourseOption(data, scale), [data, scale]);
  return (
    <Stack gap="xs">
      <SegmentedControl
        aria-label="Trough axis scale"
        size="xs"
        w={220}
        value={scale}
        onChange={(v) => setScale(v as 'linear' | 'log')}
        data={[
          { value: 'linear', label: 'Linear scale' },
          { value: 'log', label: 'Log scale' },
        ]}
      />
      <EChart option={option} height={520} ariaLabel={describeCourse(data)} testId="course-plot" />
      <Text size="xs" c="dimmed">
        Troughs in µg/mL; below-LLOQ results drawn at the LLOQ as hollow marks; the screening trough as a diamond. Interval in force in
        weeks (right axis) with each decision marked: filled circle confirmed, square overridden, hollow circle superseded. Lower panel:
        EDSS score 0–10, relapses, MRI, adverse events (triangle &quot;PML&quot; = PML suspected, square &quot;SAE&quot; = serious) and
        anti-JCV results (index, unitless).
        {data.pkBand
          ? ` Dashed: the PK model's median for ${data.pkBand.intervalWeeks}-week intervals from the last infusion, shaded its 95 % band (post-infusion peaks may run above the axis; the table lists the predicted troughs).`
          : ' Choose a candidate interval in the PK table of the Dosing tab to draw its prediction band.'}
      </Text>
      <details data-testid="course-data">
        <summary>
          <Text span size="sm">
            The plot&apos;s data as a table
          </Text>
        </summary>
        <CourseTable data={data} />
      </details>
    </Stack>
  );
}

/** One line of the table: every mark of the plot, by date. */
interface Row {
  date: string;
  kind: string;
  detail: string;
}

export function courseRows(d: CourseData): Row[] {
  const rows: Row[] = [
    ...(d.screeningTrough ? [{ date: d.screeningTrough.date, kind: 'Screening trough', detail: troughText(d.screeningTrough) }] : []),
    ...d.troughs.map((t) => ({ date: t.date, kind: 'Trough', detail: troughText(t) })),
    ...d.infusions.map((i) => ({ date: i.date, kind: 'Infusion', detail: 'given' })),
    // The step line's points where the interval changes (its closing point repeats the weeks in force).
    ...d.intervalSteps
      .filter((s, i, all) => i === 0 || s.weeks !== all[i - 1].weeks)
      .map((s) => ({ date: s.date, kind: 'Interval in force', detail: `${s.weeks} weeks from this date` })),
    ...d.decisions.map((x) => ({
      date: x.date,
      kind: 'Dosing decision',
      detail: `${decisionText(x)}${x.reason ? ` — reason: ${x.reason}` : ''}`,
    })),
    ...d.adverseEvents.map((a) => ({ date: a.date, kind: 'Adverse event', detail: adverseEventText(a) })),
    ...d.jcv.map((j) => ({ date: j.date, kind: 'Anti-JCV', detail: jcvText(j) })),
    ...d.relapses.map((r) => ({ date: r.date, kind: 'Relapse', detail: 'onset' })),
    ...d.mri.map((m) => ({ date: m.date, kind: 'MRI', detail: `${m.newT2} new/enlarging T2, ${m.gdEnhancing} Gd-enhancing lesions` })),
    ...d.edss.map((e) => ({ date: e.date, kind: 'EDSS', detail: `score ${e.score}` })),
  ];
  // The band at each predicted trough (just before each projected infusion) and at its end; the projection's first
  // point is the last real infusion's pre-dose level, the same for every candidate, so it is not listed.
  if (d.pkBand) {
    const [first, last] = [d.pkBand.points[0], d.pkBand.points.at(-1)];
    for (const p of [...troughEnds(d.pkBand.points).filter((x) => x.date > first.date), ...(last ? [last] : [])])
      rows.push({
        date: p.date,
        kind: `PK prediction (${d.pkBand.intervalWeeks}-week intervals)`,
        detail: `median ${p.median.toFixed(1)} µg/mL, 95 % band ${p.lower.toFixed(1)}–${p.upper.toFixed(1)} µg/mL`,
      });
  }
  return rows.sort((a, b) => a.date.localeCompare(b.date));
}

function CourseTable({ data }: { data: CourseData }) {
  const rows = courseRows(data);
  return (
    <Table withTableBorder striped mt="xs" data-testid="course-table">
      <Table.Caption>Every mark of the course plot, by date</Table.Caption>
      <Table.Thead>
        <Table.Tr>
          <Table.Th w={120}>Date</Table.Th>
          <Table.Th w={220}>What</Table.Th>
          <Table.Th>Value</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((r, i) => (
          <Table.Tr key={`${r.date}-${r.kind}-${i}`}>
            <Table.Td>{r.date}</Table.Td>
            <Table.Td>{r.kind}</Table.Td>
            <Table.Td>{r.detail}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** The plot in one sentence for screen readers: counts, the latest trough, the interval in force and the latest decision. */
export function describeCourse(d: CourseData): string {
  const last = d.troughs.filter((t) => t.ugPerMl !== null).at(-1);
  const step = d.intervalSteps.at(-1);
  const decision = d.decisions.filter((x) => !x.superseded).at(-1);
  const flagged = d.adverseEvents.filter((a) => a.pml || a.serious).length;
  return [
    `Course plot: ${d.troughs.length} troughs${last ? `, latest ${last.ugPerMl} µg/mL on ${last.date}` : ''}`,
    d.screeningTrough ? `screening trough ${troughText(d.screeningTrough)} on ${d.screeningTrough.date}` : null,
    `${d.infusions.length} infusions`,
    step ? `interval in force ${step.weeks} weeks` : null,
    decision ? `latest decision ${decision.date}: ${decisionText(decision)}` : `no dosing decision`,
    `${d.adverseEvents.length} adverse events (${flagged} with PML suspicion or serious)`,
    `${d.jcv.length} anti-JCV results`,
    `${d.relapses.length} relapses, ${d.mri.length} MRI scans, ${d.edss.length} EDSS assessments`,
    d.pkBand ? `PK prediction band for ${d.pkBand.intervalWeeks}-week intervals` : null,
  ]
    .filter(Boolean)
    .join('; ')
    .concat('.');
}
