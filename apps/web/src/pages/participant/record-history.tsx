import { Alert, Loader, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api, call } from '../../api/client';
import { describeError } from '../../api/errors';
import { instant, value } from '../../lib/format';

/** Per-field history of one record from the audit trail: who changed what, when, from → to, and why. */
export function RecordHistory({ studyId, recordId, timeZone }: { studyId: string; recordId: string; timeZone: string }) {
  const history = useQuery({
    queryKey: ['audit', 'record', recordId],
    queryFn: async () => await call(api.GET('/api/v1/audit', { params: { query: { study: studyId, entityId: recordId, limit: 200 } } })),
  });
  if (history.isPending) return <Loader size="sm" aria-label="Loading history" />;
  if (history.isError) return <Alert color="red">{describeError(history.error)}</Alert>;
  // The API lists newest first; site users get no seq (issue 16 item 11), so reverse the server's order.
  const rows = [...history.data.items].reverse();
  if (!rows.length) return <Text c="dimmed">No audit events.</Text>;
  return (
    <Stack gap="xs">
      <Table withTableBorder data-testid="record-history">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>When</Table.Th>
            <Table.Th>Who</Table.Th>
            <Table.Th>Action</Table.Th>
            <Table.Th>Field</Table.Th>
            <Table.Th>Old → new</Table.Th>
            <Table.Th>Reason</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.flatMap((e) => {
            const fields = Object.entries(e.changes ?? {}).filter(([f]) => f !== 'warnings');
            const list = fields.length ? fields : [['—', { old: null, new: null }] as const];
            return list.map(([field, c], i) => (
              <Table.Tr key={`${e.id}-${field}`}>
                <Table.Td>{i === 0 ? instant(e.occurredAt, timeZone) : ''}</Table.Td>
                <Table.Td>{i === 0 ? `${e.actorName ?? 'system'}${e.actorRole ? ` (${e.actorRole})` : ''}` : ''}</Table.Td>
                <Table.Td>{i === 0 ? e.action : ''}</Table.Td>
                <Table.Td>{field}</Table.Td>
                <Table.Td>
                  {value(c.old)} → {value(c.new)}
                </Table.Td>
                <Table.Td>{i === 0 ? (e.reason ?? '—') : ''}</Table.Td>
              </Table.Tr>
            ));
          })}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
