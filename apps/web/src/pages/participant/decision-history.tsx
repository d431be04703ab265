import { Alert, Badge, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { describeError } from '../../api/errors';
import { instant } from '../../lib/format';
import { useDecisions } from './use-participant-data';

/**
 * The participant's dosing decisions, newest first (issue 17 item 5): what the protocol proposed, what the
 * investigator did (confirmed or overrode, to which interval), who, when, why, and whether a later same-day
 * decision superseded it. Recorded times are shown in the site's zone, decision dates as the calendar date.
 */
export function DecisionHistory({ participantId, timeZone }: { participantId: string; timeZone: string }) {
  const decisions = useDecisions(participantId);
  if (decisions.isPending) return <Loader aria-label="Loading the decision history" />;
  if (decisions.isError) return <Alert color="red">{describeError(decisions.error)}</Alert>;
  const items = decisions.data.items;
  // Newest first: the first decision not superseded sets the interval in force today.
  const inForce = items.find((d) => !d.supersededAt)?.id;
  return (
    <Stack gap="xs" data-testid="decision-history">
      <Title order={3} size="h4">
        Decision history
      </Title>
      {items.length === 0 ? (
        <Text size="sm">No dosing decision recorded yet.</Text>
      ) : (
        <Table withTableBorder striped>
          <Table.Caption>Newest first; a superseded decision stays listed, marked.</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Decided on</Table.Th>
              <Table.Th>Proposal</Table.Th>
              <Table.Th>Decision</Table.Th>
              <Table.Th>Interval (weeks)</Table.Th>
              <Table.Th>By</Table.Th>
              <Table.Th>Recorded at</Table.Th>
              <Table.Th>Reason</Table.Th>
              <Table.Th>Status</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((d) => (
              <Table.Tr key={d.id} data-testid="decision-row">
                <Table.Td>{d.decidedOn}</Table.Td>
                <Table.Td>
                  {d.proposedDecision} ({d.proposedIntervalWeeks} wk)
                </Table.Td>
                <Table.Td>
                  <Badge color={d.action === 'override' ? 'grape' : 'teal'} variant="light">
                    {d.action === 'override' ? 'overridden' : 'confirmed'}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  {d.currentIntervalWeeks} → {d.intervalWeeks} wk
                </Table.Td>
                <Table.Td>{d.decidedByName ?? '—'}</Table.Td>
                <Table.Td>{instant(d.createdAt, timeZone)}</Table.Td>
                <Table.Td>{d.reason ?? '—'}</Table.Td>
                <Table.Td>
                  {d.supersededAt ? (
                    <Badge color="gray" variant="outline">
                      superseded {instant(d.supersededAt, timeZone)}
                    </Badge>
                  ) : d.id === inForce ? (
                    <b>in force</b>
                  ) : (
                    'earlier'
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
