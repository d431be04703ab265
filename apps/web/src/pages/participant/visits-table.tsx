import { Badge, Button, Table } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, call } from '../../api/client';
import type { ScheduleVisit } from '../../api/views';
import { ReasonDialog } from '../../components/reason-dialog';
import { isoDate } from '../../lib/format';

const VISIT_COLORS: Record<string, string> = { done: 'teal', overdue: 'red' };

/** The planned visits; a data manager freezes or unfreezes one visit (and the records attached to it) with a reason. */
export function VisitsTable({ participantId, visits, canFreeze }: { participantId: string; visits: ScheduleVisit[]; canFreeze: boolean }) {
  const queryClient = useQueryClient();
  const [target, setTarget] = useState<ScheduleVisit | null>(null);
  return (
    <>
      <Table.ScrollContainer minWidth={700}>
        <Table striped withTableBorder data-testid="visit-schedule">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Visit</Table.Th>
              <Table.Th>Kind</Table.Th>
              <Table.Th>Target date</Table.Th>
              <Table.Th>Window</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Recorded</Table.Th>
              {canFreeze && <Table.Th>Data management</Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {visits.map((v) => (
              <Table.Tr key={v.id}>
                <Table.Td>{v.number}</Table.Td>
                <Table.Td>{v.kind}</Table.Td>
                <Table.Td>{v.targetDate}</Table.Td>
                <Table.Td>
                  {v.windowFrom} … {v.windowTo}
                </Table.Td>
                <Table.Td>
                  <Badge color={VISIT_COLORS[v.status] ?? 'gray'}>{v.status}</Badge>
                  {v.frozen && (
                    <Badge color="blue" ml={4}>
                      frozen
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>{isoDate(v.recordedDate)}</Table.Td>
                {canFreeze && (
                  <Table.Td>
                    <Button
                      size="compact-sm"
                      variant="subtle"
                      onClick={() => setTarget(v)}
                      aria-label={`${v.frozen ? 'Unfreeze' : 'Freeze'} visit ${v.number}`}
                    >
                      {v.frozen ? 'Unfreeze' : 'Freeze'}
                    </Button>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <ReasonDialog
        opened={target !== null}
        title={target ? `${target.frozen ? 'Unfreeze' : 'Freeze'} visit ${target.number} (${target.kind})` : ''}
        description={
          target?.frozen
            ? 'The records of this visit can be corrected again.'
            : 'The records attached to this visit can no longer be changed until unfrozen.'
        }
        confirmLabel={target?.frozen ? 'Unfreeze' : 'Freeze'}
        onClose={() => setTarget(null)}
        onConfirm={async (reason) => {
          if (!target) return;
          const init = { params: { path: { participantId, visitId: target.id } }, body: { reason, version: target.version } };
          await call(
            target.frozen
              ? api.POST('/api/v1/participants/{participantId}/visits/{visitId}/unfreeze', init)
              : api.POST('/api/v1/participants/{participantId}/visits/{visitId}/freeze', init),
          );
          notifications.show({ color: 'teal', message: target.frozen ? 'Visit unfrozen' : 'Visit frozen' });
          await queryClient.invalidateQueries({ queryKey: ['participant', participantId] });
        }}
      />
    </>
  );
}
