import { Alert, Badge, Card, Group, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { api, call } from '../api/client';
import { describeError } from '../api/errors';

/**
 * The monitor's list of schedule deviations (issue 13 item 1): gaps between administered infusions outside the
 * protocol's A7 tolerance of the interval in force, from the dosing engine's own rule (GET …/schedule-deviations).
 */
export function ScheduleDeviationsCard({ studyId }: { studyId: string }) {
  const deviations = useQuery({
    queryKey: ['dashboard', studyId, 'schedule-deviations'],
    queryFn: async () => call(api.GET('/api/v1/studies/{studyId}/schedule-deviations', { params: { path: { studyId } } })),
  });
  const list = deviations.data;
  return (
    <Card withBorder data-testid="schedule-deviations">
      <Group justify="space-between">
        <Title order={3} size="h5">
          Schedule deviations (outside the A7 tolerance)
        </Title>
        <Badge color={list?.total ? 'orange' : 'teal'}>{list?.total ?? '…'}</Badge>
      </Group>
      {deviations.isError && <Alert color="red">{describeError(deviations.error)}</Alert>}
      <Table mt="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Participant</Table.Th>
            <Table.Th>Infusion</Table.Th>
            <Table.Th>Gap</Table.Th>
            <Table.Th>Expected</Table.Th>
            <Table.Th>Deviation</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(list?.items ?? []).slice(0, 10).map((d) => (
            <Table.Tr key={`${d.participantId}-${d.infusionDate}`}>
              <Table.Td>
                <Link to={`/participants/${d.participantId}`}>{d.participantCode ?? '—'}</Link>
              </Table.Td>
              <Table.Td>{d.infusionDate}</Table.Td>
              <Table.Td>{d.gapDays} d</Table.Td>
              <Table.Td>
                {d.expectedIntervalWeeks} wk (due {d.dueDate})
              </Table.Td>
              <Table.Td>
                {d.days} d {d.kind}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {list && list.total === 0 && (
        <Text size="sm" c="dimmed">
          Every infusion gap is within the tolerance of the interval in force.
        </Text>
      )}
    </Card>
  );
}
