import { SegmentedControl, Stack, Text } from '@mantine/core';
import type { EChartsCoreOption } from 'echarts/core';
import { useMemo, useState } from 'react';
import { EChart } from './echart';

/** What the course plot draws, already in calendar dates (YYYY-MM-DD) and the protocol's units. */
export interface CourseData {
  troughs: { date: string; ugPerMl: number | null; belowLloq: boolean }[];
  infusions: { date: string }[];
  /** The dosing interval in force from each date on (confirmed decisions), drawn as a step line. */
  intervalSteps: { date: string; weeks: number }[];
  relapses: { date: string }[];
  mri: { date: string; newT2: number; gdEnhancing: number }[];
  edss: { date: string; score: number }[];
  /** Protocol trough thresholds, e.g. the extension and shortening limits with their clause ids. */
  thresholds: { label: string; ugPerMl: number }[];
  lloqUgPerMl?: number;
}

const COLORS = {
  trough: '#0c8599',
  interval: '#e8590c',
  infusion: '#868e96',
  relapse: '#c92a2a',
  mri: '#7048e8',
  edss: '#2f9e44',
  threshold: '#f08c00',
};

/**
 * The participant's course on one time axis: troughs (µg/mL) against the protocol thresholds, infusions,
 * the dosing interval as a step line (weeks, second axis), and below it disease activity — relapses, MRI
 * activity and EDSS — so a reviewer sees at a glance whether extension coincided with activity.
 */
export function CoursePlot({ data }: { data: CourseData }) {
  const [scale, setScale] = useState<'linear' | 'log'>('linear');
  const option = useMemo(() => buildOption(data, scale), [data, scale]);
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
      <EChart option={option} height={460} ariaLabel={describe(data)} testId="course-plot" />
      <Text size="xs" c="dimmed">
        Troughs in µg/mL; below-LLOQ results drawn at the LLOQ as hollow marks. Interval in weeks (right axis). EDSS score 0–10; relapses
        and active MRI scans marked on the lower panel.
      </Text>
    </Stack>
  );
}

function describe(d: CourseData): string {
  const last = d.troughs.filter((t) => t.ugPerMl !== null).at(-1);
  return `Course plot: ${d.troughs.length} troughs${last ? `, latest ${last.ugPerMl} µg/mL on ${last.date}` : ''}, ${d.infusions.length} infusions, ${d.relapses.length} relapses, ${d.mri.length} MRI scans, ${d.edss.length} EDSS assessments.`;
}

function buildOption(d: CourseData, scale: 'linear' | 'log'): EChartsCoreOption {
  const lloq = d.lloqUgPerMl ?? 0.5;
  const measured = d.troughs.filter((t) => !t.belowLloq && t.ugPerMl !== null).map((t) => [t.date, t.ugPerMl]);
  const belowLloq = d.troughs.filter((t) => t.belowLloq).map((t) => [t.date, lloq]);
  const allDates = [...d.troughs, ...d.infusions, ...d.edss, ...d.mri, ...d.relapses, ...d.intervalSteps].map((x) => x.date).sort();
  const lastDate = allDates.at(-1);
  // Both panels share one time range, so a relapse sits exactly below the troughs of the same week.
  const range = allDates.length ? { min: allDates[0], max: lastDate } : {};
  const steps = d.intervalSteps.map((s) => [s.date, s.weeks]);
  if (steps.length && lastDate && lastDate > (steps.at(-1)![0] as string)) steps.push([lastDate, steps.at(-1)![1]]);
  const activeMri = d.mri.filter((m) => m.newT2 > 0 || m.gdEnhancing > 0);
  const quietMri = d.mri.filter((m) => m.newT2 === 0 && m.gdEnhancing === 0);
  const maxTrough = Math.max(40, ...measured.map((p) => Number(p[1])), ...d.thresholds.map((t) => t.ugPerMl));

  return {
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'line' },
      valueFormatter: (v: unknown) => (typeof v === 'number' ? String(v) : String(v ?? '')),
    },
    legend: { top: 0, type: 'scroll' },
    axisPointer: { link: [{ xAxisIndex: 'all' }] },
    grid: [
      { left: 56, right: 56, top: 40, height: '52%' },
      { left: 56, right: 56, top: '72%', height: '18%' },
    ],
    xAxis: [
      { type: 'time', gridIndex: 0, axisLabel: { show: false }, ...range },
      { type: 'time', gridIndex: 1, ...range },
    ],
    yAxis: [
      scale === 'log'
        ? { type: 'log', gridIndex: 0, name: 'Trough (µg/mL)', logBase: 10, min: Math.min(lloq, 0.5), max: Math.ceil(maxTrough * 1.2) }
        : { type: 'value', gridIndex: 0, name: 'Trough (µg/mL)', min: 0, max: Math.ceil((maxTrough * 1.1) / 10) * 10 },
      {
        type: 'value',
        gridIndex: 0,
        name: 'Interval (weeks)',
        position: 'right',
        min: 0,
        max: 10,
        interval: 2,
        splitLine: { show: false },
      },
      { type: 'value', gridIndex: 1, name: 'EDSS', min: 0, max: 10, interval: 5 },
    ],
    dataZoom: [
      { type: 'inside', xAxisIndex: [0, 1] },
      { type: 'slider', xAxisIndex: [0, 1], bottom: 4, height: 18 },
    ],
    series: [
      {
        name: 'Trough (µg/mL)',
        type: 'line',
        xAxisIndex: 0,
        yAxisIndex: 0,
        data: measured,
        symbolSize: 7,
        itemStyle: { color: COLORS.trough },
        markLine: {
          symbol: 'none',
          silent: true,
          lineStyle: { color: COLORS.threshold, type: 'dashed' },
          label: { formatter: '{b}: {c} µg/mL', position: 'insideEndTop' },
          data: d.thresholds.map((t) => ({ name: t.label, yAxis: t.ugPerMl })),
        },
      },
      {
        name: 'Below LLOQ',
        type: 'scatter',
        xAxisIndex: 0,
        yAxisIndex: 0,
        data: belowLloq,
        symbol: 'emptyCircle',
        symbolSize: 9,
        itemStyle: { color: COLORS.trough },
      },
      {
        name: 'Infusion',
        type: 'scatter',
        xAxisIndex: 0,
        yAxisIndex: 1,
        data: d.infusions.map((i) => [i.date, 0.3]),
        symbol: 'triangle',
        symbolSize: 8,
        itemStyle: { color: COLORS.infusion },
        tooltip: { valueFormatter: () => 'given' },
      },
      {
        name: 'Interval (weeks)',
        type: 'line',
        step: 'end',
        xAxisIndex: 0,
        yAxisIndex: 1,
        data: steps,
        symbol: 'none',
        lineStyle: { width: 2, color: COLORS.interval },
        itemStyle: { color: COLORS.interval },
      },
      {
        name: 'EDSS',
        type: 'line',
        step: 'end',
        xAxisIndex: 1,
        yAxisIndex: 2,
        data: d.edss.map((e) => [e.date, e.score]),
        symbolSize: 6,
        itemStyle: { color: COLORS.edss },
      },
      {
        name: 'Relapse',
        type: 'scatter',
        xAxisIndex: 1,
        yAxisIndex: 2,
        data: d.relapses.map((r) => [r.date, 9]),
        symbol: 'pin',
        symbolSize: 22,
        itemStyle: { color: COLORS.relapse },
      },
      {
        name: 'MRI active',
        type: 'scatter',
        xAxisIndex: 1,
        yAxisIndex: 2,
        data: activeMri.map((m) => ({ value: [m.date, 7.5], newT2: m.newT2, gd: m.gdEnhancing })),
        symbol: 'diamond',
        symbolSize: 12,
        itemStyle: { color: COLORS.mri },
      },
      {
        name: 'MRI quiet',
        type: 'scatter',
        xAxisIndex: 1,
        yAxisIndex: 2,
        data: quietMri.map((m) => [m.date, 7.5]),
        symbol: 'emptyDiamond',
        symbolSize: 10,
        itemStyle: { color: COLORS.mri },
      },
    ],
  };
}
