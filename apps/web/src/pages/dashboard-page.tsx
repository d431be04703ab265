import { Alert, Badge, Card, Group, Loader, Progress, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { Link } from 'react-router-dom';
import { api, call } from '../api/client';
import { describeError } from '../api/errors';
import { useActiveRole } from '../auth/auth-context';
import { EChart } from '../components/charts/echart';
import { siteCodeOf, useStudy } from '../hooks/use-study';
import { SaePanel } from './sae-panel';
import { useDataQualityReport } from './reports/use-reports';
import { ScheduleDeviationsCard } from './schedule-deviations-card';

/**
 * The monitor's view of the study. Safety comes first: PML suspicions are listed at the top (label warning:
 * withhold natalizumab), then enrolment per site, overdue visits/samples/infusions, open queries by age and
 * SDV progress (ICH E6(R3) risk-based monitoring).
 */
export function DashboardPage() {
  const role = useActiveRole();
  const studyId = role.studyId;
  const { data: study } = useStudy();
  const pml = useQuery({
    queryKey: ['dashboard', studyId, 'pml'],
    queryFn: async () =>
      await call(api.GET('/api/v1/studies/{studyId}/pml-suspicions', { params: { path: { studyId }, query: { limit: 50 } } })),
  });
  const participants = useQuery({
    queryKey: ['dashboard', studyId, 'participants'],
    queryFn: async () => await call(api.GET('/api/v1/participants', { params: { query: { studyId, limit: 200 } } })),
  });
  const overdue = useQuery({
    queryKey: ['dashboard', studyId, 'overdue'],
    queryFn: async () => {
      const get = async (kind: 'visits' | 'troughs' | 'infusions') =>
        await call(api.GET('/api/v1/studies/{studyId}/overdue', { params: { path: { studyId }, query: { kind, limit: 10 } } }));
      const [visits, troughs, infusions] = await Promise.all([get('visits'), get('troughs'), get('infusions')]);
      return { visits, troughs, infusions };
    },
  });
  const quality = useDataQualityReport(studyId);

  const enrolment = useMemo(() => {
    const bySite = new Map<string, Record<string, number>>();
    for (const p of participants.data?.items ?? []) {
      const code = siteCodeOf(study, p.siteId);
      const row = bySite.get(code) ?? {};
      row[p.status] = (row[p.status] ?? 0) + 1;
      bySite.set(code, row);
    }
    return [...bySite.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
  }, [participants.data, study]);

  const codes = useMemo(
    () => new Map((participants.data?.items ?? []).map((p) => [p.id, p.code ?? p.screeningNumber])),
    [participants.data],
  );
  const statuses = ['enrolled', 'screening', 'screen-failed', 'completed', 'withdrawn'];
  const enrolmentChart = {
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0 },
    grid: { left: 48, right: 16, top: 32, bottom: 56 },
    xAxis: { type: 'category', data: enrolment.map(([code]) => code) },
    yAxis: { type: 'value', name: 'participants', minInterval: 1 },
    series: statuses.map((s) => ({ name: s, type: 'bar', stack: 'all', data: enrolment.map(([, row]) => row[s] ?? 0) })),
  };
  const ages = ['0-7d', '8-30d', '31-90d', '>90d'];
  const queryChart = {
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0 },
    grid: { left: 48, right: 16, top: 32, bottom: 56 },
    xAxis: { type: 'category', data: (quality.data?.sites ?? []).map((s) => s.siteCode) },
    yAxis: { type: 'value', name: 'open queries', minInterval: 1 },
    series: ages.map((a) => ({
      name: a,
      type: 'bar',
      stack: 'age',
      data: (quality.data?.sites ?? []).map((s) => s.openQueries.byAge[a] ?? 0),
    })),
  };

  return (
    <Stack>
      <Title order={2}>Monitor dashboard</Title>
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <Card
          withBorder
          data-testid="safety-panel"
          style={{ borderColor: pml.data?.items.length ? 'var(--mantine-color-red-6)' : undefined }}
        >
          <Title order={3} size="h4" mb="xs">
            Safety: PML suspicions
          </Title>
          {pml.isPending && <Loader size="sm" aria-label="Loading PML suspicions" />}
          {pml.isError && <Alert color="red">{describeError(pml.error)}</Alert>}
          {pml.data && pml.data.items.length === 0 && <Text c="dimmed">No adverse event with PML suspected.</Text>}
          {pml.data && pml.data.items.length > 0 && (
            <Table>
              <Table.Tbody>
                {pml.data.items.map((ae) => (
                  <Table.Tr key={ae.id}>
                    <Table.Td>
                      <Badge color="red">PML suspected</Badge>{' '}
                      {ae.dosingSuspended && (
                        <Badge color="red" variant="filled" title="Rule P0: no infusion until the suspicion is resolved">
                          dosing suspended
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Link to={`/participants/${ae.participantId}`}>
                        {codes.get(ae.participantId) ?? `${siteCodeOf(study, ae.siteId)} participant`}
                      </Link>
                    </Table.Td>
                    <Table.Td>{ae.term}</Table.Td>
                    <Table.Td>onset {ae.onsetDate}</Table.Td>
                    <Table.Td>
                      {ae.severity} · {ae.outcome}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Card>
        <SaePanel studyId={studyId} />
      </SimpleGrid>

      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Card withBorder>
          <Title order={3} size="h4">
            Enrolment per site
          </Title>
          {participants.isError ? (
            <Alert color="red">{describeError(participants.error)}</Alert>
          ) : (
            <EChart
              option={enrolmentChart}
              height={260}
              ariaLabel={`Enrolment per site: ${enrolment.map(([c, r]) => `${c} ${r.enrolled ?? 0} enrolled`).join(', ')}`}
            />
          )}
        </Card>
        <Card withBorder>
          <Title order={3} size="h4">
            Open queries by age
          </Title>
          {quality.isError ? (
            <Alert color="red">{describeError(quality.error)}</Alert>
          ) : (
            <EChart option={queryChart} height={260} ariaLabel="Open queries per site by age band" />
          )}
        </Card>
      </SimpleGrid>

      <SimpleGrid cols={{ base: 1, md: 3 }}>
        {(['visits', 'troughs', 'infusions'] as const).map((kind) => {
          const list = overdue.data?.[kind];
          const title = kind === 'visits' ? 'Overdue visits' : kind === 'troughs' ? 'Missing trough samples' : 'Infusions past due';
          return (
            <Card withBorder key={kind} data-testid={`overdue-${kind}`}>
              <Group justify="space-between">
                <Title order={3} size="h5">
                  {title}
                </Title>
                <Badge color={list?.total ? 'orange' : 'teal'}>{list?.total ?? '…'}</Badge>
              </Group>
              {overdue.isError && <Alert color="red">{describeError(overdue.error)}</Alert>}
              <Text size="xs" c="dimmed">
                {(list?.sites ?? []).map((s) => `${s.siteCode ?? siteCodeOf(study, s.siteId)} ${s.count}`).join(' · ') || '—'}
              </Text>
              <Table mt="xs">
                <Table.Tbody>
                  {(list?.items ?? []).slice(0, 5).map((item) => (
                    <Table.Tr key={String(item.id)}>
                      <Table.Td>
                        <Link to={`/participants/${String(item.participantId)}`}>{String(item.participantCode ?? '—')}</Link>
                      </Table.Td>
                      <Table.Td>due {String(item.dueBy ?? '—')}</Table.Td>
                      <Table.Td>{String(item.daysOverdue ?? '—')} d</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Card>
          );
        })}
      </SimpleGrid>

      <ScheduleDeviationsCard studyId={studyId} />

      <Card withBorder data-testid="sdv-progress">
        <Title order={3} size="h4" mb="xs">
          Source data verification
        </Title>
        {quality.isPending && <Loader size="sm" aria-label="Loading SDV progress" />}
        <Stack gap="xs">
          {(quality.data?.sites ?? []).map((s) => (
            <Group key={s.siteCode} wrap="nowrap">
              <Text w={60}>{s.siteCode}</Text>
              <Progress value={(s.sdv.proportion ?? 0) * 100} w="100%" size="lg" aria-label={`SDV ${s.siteCode}`} />
              <Text size="sm" w={220}>
                {s.sdv.verified} / {s.sdv.records} records ({s.sdv.proportion === null ? '—' : `${Math.round(s.sdv.proportion * 100)} %`})
              </Text>
            </Group>
          ))}
        </Stack>
      </Card>
    </Stack>
  );
}
