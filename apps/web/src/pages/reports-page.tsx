import { Alert, Card, Group, Loader, SimpleGrid, Stack, Table, Tabs, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { describeError } from '../api/errors';
import { useActiveRole } from '../auth/auth-context';
import { EChart } from '../components/charts/echart';
import { ReportFilter, ReportFilters } from './reports-filters';
import { PmlRiskReportPanel } from './reports-pml-risk';
import { useDiseaseActivityReport, useDosingReport } from './reports/use-reports';

const BANDS = ['4', '5', '6', '7', '>=8'];
const pct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${Math.round(v * 1000) / 10} %`);

/** Study reports (aggregated in SQL by the API): dosing and disease activity, by interval band and site. */
export function ReportsPage() {
  const { studyId } = useActiveRole();
  const [filter, setFilter] = useState<ReportFilter>({});
  const dosing = useDosingReport(studyId, filter);
  const activity = useDiseaseActivityReport(studyId, filter);

  const d = dosing.data;
  const byMonth = {
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0 },
    grid: { left: 48, right: 16, top: 24, bottom: 64 },
    xAxis: { type: 'category', data: d?.intervalsByMonth.map((m) => m.month) ?? [] },
    yAxis: { type: 'value', name: 'participants', minInterval: 1 },
    series: BANDS.map((b) => ({
      name: `${b} wk`,
      type: 'bar',
      stack: 'interval',
      data: d?.intervalsByMonth.map((m) => m.bands[b] ?? 0) ?? [],
    })),
  };
  const troughs = {
    tooltip: { trigger: 'axis' },
    grid: { left: 56, right: 16, top: 24, bottom: 32 },
    xAxis: { type: 'category', data: d?.troughsByInterval.map((t) => `${t.band} wk (n=${t.n})`) ?? [] },
    yAxis: { type: 'value', name: 'trough (µg/mL)' },
    series: [
      {
        name: 'Q1 (µg/mL)',
        type: 'bar',
        stack: 'iqr',
        itemStyle: { color: 'transparent' },
        data: d?.troughsByInterval.map((t) => t.q1 ?? 0) ?? [],
      },
      {
        name: 'Q1–Q3 (µg/mL)',
        type: 'bar',
        stack: 'iqr',
        itemStyle: { color: '#96f2d7' },
        data: d?.troughsByInterval.map((t) => (t.q3 ?? 0) - (t.q1 ?? 0)) ?? [],
      },
      {
        name: 'Median (µg/mL)',
        type: 'scatter',
        symbol: 'rect',
        symbolSize: [28, 3],
        itemStyle: { color: '#087f5b' },
        data: d?.troughsByInterval.map((t) => t.median) ?? [],
      },
    ],
  };

  return (
    <Stack>
      <Title order={2}>Reports</Title>
      <ReportFilters value={filter} onChange={setFilter} />
      <Tabs defaultValue="dosing">
        <Tabs.List>
          <Tabs.Tab value="dosing">Dosing</Tabs.Tab>
          <Tabs.Tab value="activity">Disease activity</Tabs.Tab>
          <Tabs.Tab value="pml-risk">PML risk</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="pml-risk" pt="md">
          <PmlRiskReportPanel studyId={studyId} filter={filter} />
        </Tabs.Panel>
        <Tabs.Panel value="dosing" pt="md">
          {dosing.isPending && <Loader aria-label="Loading dosing report" />}
          {dosing.isError && <Alert color="red">{describeError(dosing.error)}</Alert>}
          {d && (
            <Stack>
              <Text size="sm" c="dimmed">
                {d.participants} participants, {d.period.from} … {d.period.to}
              </Text>
              <SimpleGrid cols={{ base: 2, md: 4 }}>
                <Stat label="Reached ≥ 6 weeks" value={`${d.reachedSixWeeks.participants} (${pct(d.reachedSixWeeks.proportion)})`} />
                <Stat label="Infusions saved vs Q4W" value={`${d.infusions.saved} of ${d.infusions.standardQ4w}`} />
                <Stat label="Drug saved" value={`${d.infusions.drugSavedMg.toLocaleString('en')} mg`} />
                <Stat label="Decisions confirmed / overridden" value={`${d.decisions.confirmed} / ${d.decisions.overridden}`} />
              </SimpleGrid>
              <Card withBorder>
                <Title order={3} size="h5">
                  Intervals in force per month
                </Title>
                <EChart option={byMonth} height={300} ariaLabel="Number of participants per dosing interval band, by month" />
              </Card>
              <Card withBorder>
                <Title order={3} size="h5">
                  Troughs per interval (median and interquartile range)
                </Title>
                <EChart
                  option={troughs}
                  height={280}
                  ariaLabel={`Trough medians per interval: ${d.troughsByInterval.map((t) => `${t.band} weeks ${t.median ?? '—'} µg/mL`).join(', ')}`}
                />
              </Card>
            </Stack>
          )}
        </Tabs.Panel>
        <Tabs.Panel value="activity" pt="md">
          {activity.isPending && <Loader aria-label="Loading disease-activity report" />}
          {activity.isError && <Alert color="red">{describeError(activity.error)}</Alert>}
          {activity.data && (
            <Table striped withTableBorder data-testid="activity-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Group</Table.Th>
                  <Table.Th>Participants</Table.Th>
                  <Table.Th>Patient-years</Table.Th>
                  <Table.Th>Relapses</Table.Th>
                  <Table.Th>ARR pooled (/yr)</Table.Th>
                  <Table.Th>ARR mean per participant (/yr)</Table.Th>
                  <Table.Th>MRI activity</Table.Th>
                  <Table.Th>Confirmed progression</Table.Th>
                  <Table.Th>NEDA-3</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {activity.data.groups.map((g) => (
                  <Table.Tr key={`${g.group}-${g.key}`}>
                    <Table.Td>
                      {g.group === 'overall' ? 'All' : g.group === 'interval-band' ? `${g.key} wk` : `${g.group} ${g.key}`}
                    </Table.Td>
                    <Table.Td>{g.participants}</Table.Td>
                    <Table.Td>{g.patientYears.toFixed(1)} y</Table.Td>
                    <Table.Td>{g.relapses}</Table.Td>
                    <Table.Td>{g.arrPooled ?? '—'}</Table.Td>
                    <Table.Td>{g.arrMeanPerParticipant ?? '—'}</Table.Td>
                    <Table.Td>{pct(g.mriActivityProportion)}</Table.Td>
                    <Table.Td>{g.confirmedProgression}</Table.Td>
                    <Table.Td>
                      {pct(g.neda3Proportion)}
                      {g.insufficientData ? <Text span size="xs" c="dimmed">{` (${g.insufficientData} insufficient data)`}</Text> : null}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <Card withBorder padding="sm">
      <Group justify="space-between" wrap="nowrap">
        <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
          {label}
        </Text>
      </Group>
      <Text fw={600}>{value}</Text>
    </Card>
  );
}
