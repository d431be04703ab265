import { Badge, Button, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { describeError } from '../../api/errors';
import type { DataQueryDto as DataQuery } from './use-participant-data';
import type { RecordView, ScheduleVisit } from '../../api/views';
import type { FormSpec } from '../../forms/form-specs';
import { verifyRecord } from '../../forms/record-api';

interface Entry {
  spec: FormSpec<never>;
  record: RecordView;
}

/**
 * The eCRF records grouped by the planned visit they belong to, then the unscheduled ones (no planned visit).
 * Read and verify here; entry and correction stay per form (the "By form" view).
 */
export function RecordsByVisit({
  participantId,
  visits,
  entries,
  canVerify,
  openQueries,
}: {
  participantId: string;
  visits: ScheduleVisit[];
  entries: Entry[];
  canVerify: boolean;
  openQueries: Map<string, DataQuery[]>;
}) {
  const groups = [
    ...visits.map((v) => ({
      key: v.id,
      title: `Visit ${v.number} (${v.kind}) — target ${v.targetDate}`,
      frozen: v.frozen,
      items: entries.filter((e) => e.record.plannedVisitId === v.id),
    })),
    { key: 'unscheduled', title: 'Unscheduled (no planned visit)', frozen: false, items: entries.filter((e) => !e.record.plannedVisitId) },
  ].filter((g) => g.items.length > 0);
  return (
    <Stack gap="md" data-testid="records-by-visit">
      {groups.map((g) => (
        <VisitGroup
          key={g.key}
          participantId={participantId}
          title={g.title}
          frozen={g.frozen}
          items={g.items}
          canVerify={canVerify}
          openQueries={openQueries}
        />
      ))}
      {groups.length === 0 && <Text c="dimmed">No records.</Text>}
    </Stack>
  );
}

function VisitGroup({
  participantId,
  title,
  frozen,
  items,
  canVerify,
  openQueries,
}: {
  participantId: string;
  title: string;
  frozen: boolean;
  items: Entry[];
  canVerify: boolean;
  openQueries: Map<string, DataQuery[]>;
}) {
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const unverified = items.filter((e) => !e.record.verifiedAt);
  /** SDV of one visit: every unverified record attached to it, each on its own version. */
  const verifyVisit = async () => {
    setBusy(true);
    try {
      for (const e of unverified) await verifyRecord(e.spec.key, participantId, e.record.id, e.record.version);
      notifications.show({ color: 'teal', message: `${title}: ${unverified.length} record(s) verified` });
    } catch (err) {
      notifications.show({ color: 'red', message: describeError(err) });
    } finally {
      setBusy(false);
      await queryClient.invalidateQueries({ queryKey: ['participant', participantId] });
    }
  };
  return (
    <Card withBorder>
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h5">
          {title} {frozen && <Badge color="blue">frozen</Badge>}
        </Title>
        {canVerify && unverified.length > 0 && (
          <Button size="xs" variant="light" loading={busy} onClick={() => void verifyVisit()}>
            Verify all {unverified.length} of this visit
          </Button>
        )}
      </Group>
      <Table>
        <Table.Tbody>
          {items.map(({ spec, record }) => (
            <Table.Tr key={record.id}>
              <Table.Td>{spec.title}</Table.Td>
              <Table.Td>{String(record[spec.dateField] ?? '—')}</Table.Td>
              <Table.Td>
                {record.verifiedAt ? (
                  <Badge color="teal" variant="light">
                    verified
                  </Badge>
                ) : (
                  <Badge color="gray" variant="light">
                    not verified
                  </Badge>
                )}
                {(openQueries.get(record.id)?.length ?? 0) > 0 && (
                  <Badge color="orange" variant="light" ml={4}>
                    open query
                  </Badge>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Card>
  );
}
