import type { EChartsCoreOption } from 'echarts/core';
import { useMemo } from 'react';
import { EChart } from '../../components/charts/echart';
import type { PkPrediction } from './use-dosing';

/**
 * The PK course for one candidate interval: observed troughs, the fitted curve (MAP) through the real infusions,
 * and from the last infusion the projected median with its 95 % band (true concentration; measured troughs
 * scatter more — see the table's prediction intervals) for three intervals of the chosen length.
 */
export function PkCourseChart({ pk, target }: { pk: PkPrediction; target: number | null }) {
  const option = useMemo(() => buildOption(pk, target), [pk, target]);
  const course = pk.course;
  if (!course) return null;
  const label =
    `PK course: ${pk.fit.length} observed troughs, fitted curve, and the projection for ${course.projection.intervalWeeks}-week intervals from the last infusion ` +
    `(median ${course.projection.points.at(-1)?.median.toFixed(1) ?? '—'} µg/mL at the end).`;
  return <EChart option={option} height={300} ariaLabel={label} testId="pk-course-chart" />;
}

function buildOption(pk: PkPrediction, target: number | null): EChartsCoreOption {
  const course = pk.course;
  if (!course) return {};
  const pts = course.projection.points;
  // Band as a stacked area: the lower bound (transparent), then the band's width on top of it.
  return {
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? `${v.toFixed(2)} µg/mL` : String(v ?? '')) },
    legend: { top: 0 },
    grid: { left: 56, right: 24, top: 36, bottom: 56 },
    xAxis: { type: 'time' },
    yAxis: { type: 'value', name: 'µg/mL', min: 0 },
    dataZoom: [{ type: 'inside' }, { type: 'slider', height: 16, bottom: 8 }],
    series: [
      {
        name: 'Fitted (MAP)',
        type: 'line',
        symbol: 'none',
        data: course.fitted.map((p) => [p.date, p.ugPerMl]),
        lineStyle: { width: 1, color: '#868e96' },
        itemStyle: { color: '#868e96' },
      },
      {
        name: 'Observed trough',
        type: 'scatter',
        data: pk.fit.filter((f) => !f.belowLloq).map((f) => [f.date, f.observedUgPerMl]),
        itemStyle: { color: '#0c8599' },
      },
      {
        name: 'Below LLOQ',
        type: 'scatter',
        symbol: 'emptyCircle',
        data: pk.fit.filter((f) => f.belowLloq).map((f) => [f.date, f.observedUgPerMl]),
        itemStyle: { color: '#0c8599' },
      },
      {
        name: 'band-lower',
        type: 'line',
        stack: 'band',
        symbol: 'none',
        data: pts.map((p) => [p.date, p.lower]),
        lineStyle: { opacity: 0 },
        tooltip: { show: false },
      },
      {
        name: `95 % band (${course.projection.intervalWeeks} wk)`,
        type: 'line',
        stack: 'band',
        symbol: 'none',
        data: pts.map((p) => [p.date, p.upper - p.lower]),
        lineStyle: { opacity: 0 },
        areaStyle: { color: 'rgba(232, 89, 12, 0.2)' },
        itemStyle: { color: 'rgba(232, 89, 12, 0.4)' },
        tooltip: { show: false },
      },
      {
        name: `Projected median (${course.projection.intervalWeeks} wk)`,
        type: 'line',
        symbol: 'none',
        data: pts.map((p) => [p.date, p.median]),
        lineStyle: { color: '#e8590c', width: 2 },
        itemStyle: { color: '#e8590c' },
        markLine:
          target === null
            ? undefined
            : {
                symbol: 'none',
                silent: true,
                lineStyle: { type: 'dashed', color: '#f08c00' },
                label: { formatter: `target ${target} µg/mL` },
                data: [{ yAxis: target }],
              },
      },
    ],
  };
}
