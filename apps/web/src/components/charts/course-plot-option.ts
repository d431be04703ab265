import type { EChartsCoreOption } from 'echarts/core';
import { adverseEventText, type CourseData, decisionText, jcvText, troughEnds, troughText } from './course-data-types';

/*
 * Colours chosen for ≥ 3:1 against white (WCAG 2.2 1.4.11, graphics); every mark also differs by shape and
 * carries a legend name or a text label, so no meaning rests on colour alone (1.4.1).
 */
const COLORS = {
  trough: '#0b7285',
  screening: '#1864ab',
  interval: '#d9480f',
  infusion: '#495057',
  confirmed: '#2b8a3e',
  overridden: '#862e9c',
  superseded: '#495057',
  relapse: '#c92a2a',
  mri: '#5f3dc4',
  edss: '#2b8a3e',
  threshold: '#e67700',
  pml: '#c92a2a',
  sae: '#d9480f',
  ae: '#495057',
  jcv: '#1864ab',
  pk: '#d9480f',
};

const PK_BAND_LOWER = 'pk-band-lower';

/** A point with the sentence its tooltip shows. */
const pt = (date: string, y: number, tip: string) => ({ value: [date, y], tip });

/** Rows of the lower panel (EDSS axis 0–10): one height per kind of event so marks of one day do not overlap. */
const ROW = { relapse: 9, mri: 7.5, pml: 6, sae: 4.5, ae: 3, jcv: 1.5 };

export function buildCourseOption(d: CourseData, scale: 'linear' | 'log'): EChartsCoreOption {
  const lloq = d.lloqUgPerMl ?? 0.5;
  const y = (t: { ugPerMl: number | null; belowLloq: boolean }) => (t.belowLloq || t.ugPerMl === null ? lloq : t.ugPerMl);
  const measured = d.troughs.filter((t) => !t.belowLloq && t.ugPerMl !== null);
  const band = d.pkBand?.points ?? [];
  const allDates = [
    ...d.troughs,
    ...d.infusions,
    ...d.edss,
    ...d.mri,
    ...d.relapses,
    ...d.intervalSteps,
    ...d.decisions,
    ...d.adverseEvents,
    ...d.jcv,
    ...band,
    ...(d.screeningTrough ? [d.screeningTrough] : []),
  ]
    .map((x) => x.date)
    .sort();
  const lastDate = allDates.at(-1);
  // Both panels share one time range, so a relapse sits exactly below the troughs of the same week.
  const range = allDates.length ? { min: allDates[0], max: lastDate } : {};
  const steps = d.intervalSteps.map((s) => [s.date, s.weeks]);
  if (steps.length && lastDate && lastDate > (steps.at(-1)![0] as string)) steps.push([lastDate, steps.at(-1)![1]]);
  const activeMri = d.mri.filter((m) => m.newT2 > 0 || m.gdEnhancing > 0);
  const quietMri = d.mri.filter((m) => m.newT2 === 0 && m.gdEnhancing === 0);
  const maxTrough = Math.max(
    40,
    ...measured.map((p) => p.ugPerMl!),
    ...d.thresholds.map((t) => t.ugPerMl),
    // The band's trough ends, not its post-infusion peaks (~100 µg/mL), set the scale: the plot is about troughs.
    ...troughEnds(band).map((p) => p.upper),
    d.screeningTrough?.ugPerMl ?? 0,
  );
  const decisions = (kind: 'confirm' | 'override' | 'superseded') =>
    d.decisions
      .filter((x) => (kind === 'superseded' ? x.superseded : !x.superseded && x.action === kind))
      .map((x) => pt(x.date, x.weeks, `Decision ${x.date}: ${decisionText(x)}${x.reason ? ` — reason: ${x.reason}` : ''}`));
  const aes = (kind: 'pml' | 'sae' | 'ae') =>
    d.adverseEvents
      .filter((a) => (kind === 'pml' ? a.pml : kind === 'sae' ? a.serious && !a.pml : !a.serious && !a.pml))
      .map((a) => pt(a.date, ROW[kind], `Adverse event ${a.date}: ${adverseEventText(a)}`));
  const flagLabel = (text: string, color: string) => ({ show: true, formatter: text, position: 'right', color, fontWeight: 'bold' });
  const upperScatter = { type: 'scatter', xAxisIndex: 0, yAxisIndex: 0 };
  const intervalScatter = { type: 'scatter', xAxisIndex: 0, yAxisIndex: 1 };
  const lowerScatter = { type: 'scatter', xAxisIndex: 1, yAxisIndex: 2 };

  const series: object[] = [
    {
      name: 'Trough (µg/mL)',
      type: 'line',
      xAxisIndex: 0,
      yAxisIndex: 0,
      data: measured.map((t) => pt(t.date, t.ugPerMl!, `Trough ${t.date}: ${troughText(t)}`)),
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
      ...upperScatter,
      name: 'Below LLOQ',
      data: d.troughs.filter((t) => t.belowLloq).map((t) => pt(t.date, lloq, `Trough ${t.date}: below LLOQ (drawn at ${lloq} µg/mL)`)),
      symbol: 'emptyCircle',
      symbolSize: 9,
      itemStyle: { color: COLORS.trough },
    },
    {
      ...upperScatter,
      name: 'Screening trough',
      data: d.screeningTrough
        ? [pt(d.screeningTrough.date, y(d.screeningTrough), `Screening trough ${d.screeningTrough.date}: ${troughText(d.screeningTrough)}`)]
        : [],
      symbol: 'diamond',
      symbolSize: 13,
      itemStyle: { color: COLORS.screening },
      label: flagLabel('screening', COLORS.screening),
    },
    ...pkSeries(d),
    {
      ...intervalScatter,
      name: 'Infusion',
      data: d.infusions.map((i) => pt(i.date, 0.3, `Infusion ${i.date}: given`)),
      symbol: 'triangle',
      symbolSize: 8,
      itemStyle: { color: COLORS.infusion },
    },
    {
      name: 'Interval in force (weeks)',
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
      ...intervalScatter,
      name: 'Decision confirmed',
      data: decisions('confirm'),
      symbol: 'circle',
      symbolSize: 12,
      itemStyle: { color: COLORS.confirmed, borderColor: '#fff', borderWidth: 1 },
    },
    {
      ...intervalScatter,
      name: 'Decision overridden',
      data: decisions('override'),
      symbol: 'rect',
      symbolSize: 12,
      itemStyle: { color: COLORS.overridden, borderColor: '#fff', borderWidth: 1 },
      label: flagLabel('override', COLORS.overridden),
    },
    {
      ...intervalScatter,
      name: 'Decision superseded',
      data: decisions('superseded'),
      symbol: 'emptyCircle',
      symbolSize: 12,
      itemStyle: { color: COLORS.superseded },
      label: flagLabel('superseded', COLORS.superseded),
    },
    {
      name: 'EDSS',
      type: 'line',
      step: 'end',
      xAxisIndex: 1,
      yAxisIndex: 2,
      data: d.edss.map((e) => pt(e.date, e.score, `EDSS ${e.date}: ${e.score}`)),
      symbolSize: 6,
      itemStyle: { color: COLORS.edss },
    },
    {
      ...lowerScatter,
      name: 'Relapse',
      data: d.relapses.map((r) => pt(r.date, ROW.relapse, `Relapse, onset ${r.date}`)),
      symbol: 'pin',
      symbolSize: 22,
      itemStyle: { color: COLORS.relapse },
    },
    {
      ...lowerScatter,
      name: 'MRI active',
      data: activeMri.map((m) => pt(m.date, ROW.mri, `MRI ${m.date}: ${m.newT2} new/enlarging T2, ${m.gdEnhancing} Gd-enhancing`)),
      symbol: 'diamond',
      symbolSize: 12,
      itemStyle: { color: COLORS.mri },
    },
    {
      ...lowerScatter,
      name: 'MRI quiet',
      data: quietMri.map((m) => pt(m.date, ROW.mri, `MRI ${m.date}: no new activity`)),
      symbol: 'emptyDiamond',
      symbolSize: 10,
      itemStyle: { color: COLORS.mri },
    },
    {
      ...lowerScatter,
      name: 'AE with PML suspicion',
      data: aes('pml'),
      symbol: 'triangle',
      symbolSize: 16,
      itemStyle: { color: COLORS.pml },
      label: flagLabel('PML', COLORS.pml),
    },
    {
      ...lowerScatter,
      name: 'Serious AE (SAE)',
      data: aes('sae'),
      symbol: 'rect',
      symbolSize: 12,
      itemStyle: { color: COLORS.sae },
      label: flagLabel('SAE', COLORS.sae),
    },
    {
      ...lowerScatter,
      name: 'Adverse event',
      data: aes('ae'),
      symbol: 'emptyCircle',
      symbolSize: 9,
      itemStyle: { color: COLORS.ae },
    },
    {
      ...lowerScatter,
      name: 'Anti-JCV (index)',
      data: d.jcv.map((j) => ({ ...pt(j.date, ROW.jcv, `Anti-JCV ${j.date}: ${jcvText(j)}`), status: j.status, index: j.index })),
      symbol: 'roundRect',
      symbolSize: 10,
      itemStyle: { color: COLORS.jcv },
      label: {
        show: true,
        position: 'right',
        color: COLORS.jcv,
        formatter: (p: { data: { status: string; index: number | null } }) =>
          `JCV ${p.data.status === 'positive' ? '+' : p.data.status === 'negative' ? '−' : '?'}${p.data.index === null ? '' : ` ${p.data.index}`}`,
      },
    },
  ];
  return {
    tooltip: {
      trigger: 'item',
      formatter: (p: { data?: { tip?: string }; seriesName?: string; value?: unknown }) =>
        p.data?.tip ?? `${p.seriesName ?? ''}: ${Array.isArray(p.value) ? String(p.value[1]) : String(p.value ?? '')}`,
    },
    // Only what is drawn: no legend entry for an empty kind, nor for the band's transparent lower bound (a drawing device).
    legend: {
      top: 0,
      type: 'scroll',
      data: (series as { name: string; data: unknown[] }[]).filter((x) => x.data.length > 0 && x.name !== PK_BAND_LOWER).map((x) => x.name),
    },
    grid: [
      { left: 56, right: 56, top: 48, height: '46%' },
      { left: 56, right: 56, top: '66%', height: '24%' },
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
    series,
  };
}

/** The selected candidate's projection: the band as a stacked area (lower bound transparent, then the width), and its median. */
function pkSeries(d: CourseData): object[] {
  if (!d.pkBand) return [];
  const { intervalWeeks, points } = d.pkBand;
  const line = { type: 'line', xAxisIndex: 0, yAxisIndex: 0, symbol: 'none', stack: 'pk-band', lineStyle: { opacity: 0 } };
  return [
    { ...line, name: PK_BAND_LOWER, data: points.map((p) => [p.date, p.lower]), tooltip: { show: false } },
    {
      ...line,
      name: `PK 95 % band (${intervalWeeks} wk)`,
      data: points.map((p) => [p.date, p.upper - p.lower]),
      areaStyle: { color: 'rgba(217, 72, 15, 0.18)' },
      itemStyle: { color: 'rgba(217, 72, 15, 0.45)' },
      tooltip: { show: false },
    },
    {
      type: 'line',
      xAxisIndex: 0,
      yAxisIndex: 0,
      name: `PK median (${intervalWeeks} wk)`,
      symbol: 'none',
      data: points.map((p) => [p.date, p.median]),
      lineStyle: { color: COLORS.pk, width: 2, type: 'dashed' },
      itemStyle: { color: COLORS.pk },
    },
  ];
}
