import { Alert, Badge, Card, Loader, SimpleGrid, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { describeError } from '../api/errors';
import type { ReportFilter } from './reports-filters';
import { riskText } from './reports-risk-text';
import { usePmlRiskReport } from './reports/use-reports';

/** The statistician's PML-risk report (docs/science/pml-risk.md §2–§4): EID metrics with their labels and statuses, published risk. */
export function PmlRiskReportPanel({ studyId, filter }: { studyId: string; filter: ReportFilter }) {
  const q = usePmlRiskReport(studyId, filter);
  if (q.isPending) return <Loader aria-label="Loading PML-risk report" />;
  if (q.isError) return <Alert color="red">{describeError(q.error)}</Alert>;
  const r = q.data;
  const count = r.metrics.eidByCount;
  return (
    <Stack>
      <Text size="sm" c="dimmed">
        As of {r.asOf} · {r.aggregate.participants} participants · snapshot {r.freshness.asOf}
        {r.freshness.pendingParticipants > 0
          ? ` · ${r.freshness.pendingParticipants} participant(s) with changes still being processed`
          : ''}
      </Text>
      <SimpleGrid cols={{ base: 2, md: 4 }}>
        <Card withBorder padding="sm">
          <Text size="xs" c="dimmed">
            EID by count ({count.label}){' '}
            <Badge color="orange" size="xs">
              {count.status}
            </Badge>
          </Text>
          <Text fw={600}>{r.aggregate.eidByCount}</Text>
        </Card>
        <Card withBorder padding="sm">
          <Text size="xs" c="dimmed">
            Insufficient infusion history
          </Text>
          <Text fw={600}>{r.aggregate.insufficientHistory}</Text>
        </Card>
        <Card withBorder padding="sm">
          <Text size="xs" c="dimmed">
            Excluded by the TOUCH rule
          </Text>
          <Text fw={600}>{r.aggregate.excludedByTouchRule}</Text>
        </Card>
        <Card withBorder padding="sm">
          <Text size="xs" c="dimmed">
            Anti-JCV result older than 6 months
          </Text>
          <Text fw={600}>{r.aggregate.jcvStale}</Text>
        </Card>
      </SimpleGrid>
      <Card withBorder>
        <Title order={3} size="h5">
          Published risk estimates
        </Title>
        <Table data-testid="pml-risk-groups">
          <Table.Tbody>
            {r.aggregate.byRisk.map((g) => (
              <Table.Tr key={`${g.kind}-${g.table}-${g.display}-${g.reason}`}>
                <Table.Td>{riskText(g)}</Table.Td>
                <Table.Td>{g.participants} participants</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Card>
      <Table striped withTableBorder data-testid="pml-risk-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Participant</Table.Th>
            <Table.Th>Anti-JCV</Table.Th>
            <Table.Th>Infusions (18 months)</Table.Th>
            <Table.Th>Average interval</Table.Th>
            <Table.Th>Risk per 1000</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {r.participants.map((p) => (
            <Table.Tr key={p.participantCode}>
              <Table.Td>{p.participantCode}</Table.Td>
              <Table.Td>
                {p.jcvStatus ?? 'unknown'}
                {p.jcvIndex !== null ? ` (index ${p.jcvIndex})` : ''}
                {p.jcvStale ? (
                  <Badge ml="xs" color="orange" size="xs">
                    stale
                  </Badge>
                ) : null}
              </Table.Td>
              <Table.Td>
                {p.eidHistory === 'INSUFFICIENT_HISTORY' ? (
                  <Tooltip label="The screening form lacks the infusion dates of the 18 months before enrolment">
                    <Text span size="sm">
                      insufficient history
                    </Text>
                  </Tooltip>
                ) : (
                  `${p.infusionsLast18Months}${p.eidByCount ? ' (EID by count, unconfirmed definition)' : ''}`
                )}
              </Table.Td>
              <Table.Td>
                {p.averageIntervalDays !== null ? `${p.averageIntervalDays} d · ` : ''}
                {p.averageIntervalClass}
              </Table.Td>
              <Table.Td>{riskText(p.risk)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
