import { Alert, Badge, Button, Drawer, Group, NumberInput, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, call } from '../../api/client';
import { describeError } from '../../api/errors';
import { QueryStatusValues } from '../../api/enums';
import type { components } from '../../api/schema';
import { useActiveRole } from '../../auth/auth-context';
import { isSiteRole } from '../../auth/roles';
import { siteCodeOf, siteTimezone, useStudy } from '../../hooks/use-study';
import { QUERY_COLORS, QueryThread } from './query-thread';

type Status = components['schemas']['QueryStatus'];

/** The caller's query inbox (the API scopes it: a site sees its own queries), oldest first. */
export function QueriesPage() {
  const role = useActiveRole();
  const { data: study } = useStudy();
  const [status, setStatus] = useState<Status | null>(isSiteRole(role.role) ? 'open' : null);
  const [siteId, setSiteId] = useState<string | null>(null);
  const [olderThanDays, setOlderThanDays] = useState<number | string>('');
  const [selected, setSelected] = useState<components['schemas']['QueryViewDto'] | null>(null);
  const list = useInfiniteQuery({
    queryKey: ['queries', role.studyId, status, siteId, olderThanDays],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) =>
      await call(
        api.GET('/api/v1/queries', {
          params: {
            query: {
              study: role.studyId,
              limit: 100,
              cursor: pageParam,
              ...(status ? { status } : {}),
              ...(siteId ? { site: siteId } : {}),
              ...(olderThanDays !== '' ? { olderThanDays: Number(olderThanDays) } : {}),
            },
          },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <Stack>
      <Title order={2}>Queries</Title>
      <Group align="end">
        <Select
          label="Status"
          placeholder="All"
          clearable
          data={[...QueryStatusValues]}
          value={status}
          onChange={(v) => setStatus(QueryStatusValues.find((s) => s === v) ?? null)}
          w={160}
        />
        {!isSiteRole(role.role) && (
          <Select
            label="Site"
            placeholder="All sites"
            clearable
            data={(study?.sites ?? []).map((s) => ({ value: s.id, label: s.code }))}
            value={siteId}
            onChange={setSiteId}
            w={160}
          />
        )}
        <NumberInput label="Older than (days)" min={0} value={olderThanDays} onChange={setOlderThanDays} w={160} />
      </Group>
      {list.isError && <Alert color="red">{describeError(list.error)}</Alert>}
      <Table striped withTableBorder data-testid="queries-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Participant</Table.Th>
            <Table.Th>Site</Table.Th>
            <Table.Th>Record · field</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Age</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((q) => (
            <Table.Tr key={q.id}>
              <Table.Td>{q.participantCode ?? '—'}</Table.Td>
              <Table.Td>{siteCodeOf(study, q.siteId)}</Table.Td>
              <Table.Td>
                {q.entityType} · {q.field}
              </Table.Td>
              <Table.Td>
                <Badge color={QUERY_COLORS[q.status]} variant="light">
                  {q.status}
                </Badge>
              </Table.Td>
              <Table.Td>{q.ageDays === null ? '—' : `${q.ageDays} d`}</Table.Td>
              <Table.Td>
                <Button
                  size="compact-xs"
                  variant="light"
                  onClick={() => setSelected(q)}
                  aria-label={`Open query on ${q.participantCode} ${q.field}`}
                >
                  Open
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {rows.length === 0 && !list.isPending && <Text c="dimmed">No queries.</Text>}
      {list.hasNextPage && (
        <Button variant="default" size="xs" w={140} onClick={() => void list.fetchNextPage()}>
          Load more
        </Button>
      )}
      <Drawer opened={selected !== null} onClose={() => setSelected(null)} position="right" size="lg" title="Query">
        {selected && <QueryThread queryId={selected.id} timeZone={siteTimezone(study, selected.siteId)} />}
      </Drawer>
    </Stack>
  );
}
