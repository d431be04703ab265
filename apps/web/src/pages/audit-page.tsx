import { Alert, Button, Group, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api, call } from '../api/client';
import { describeError } from '../api/errors';
import type { operations } from '../api/schema';
import type { AuditEventView, Page } from '../api/views';
import { useActiveRole } from '../auth/auth-context';
import { isSiteRole } from '../auth/roles';
import { siteCodeOf, siteTimezone, useStudy } from '../hooks/use-study';
import { instant, value } from '../lib/format';

type AuditQuery = NonNullable<operations['AuditController_list']['parameters']['query']>;
type Action = NonNullable<AuditQuery['action']>;
const ACTIONS: Action[] = ['create', 'update', 'delete', 'restore', 'sign', 'signature-broken', 'verify', 'verification-reset', 'freeze', 'unfreeze', 'lock', 'login', 'login-failed', 'logout', 'export', 'download', 'query-raise', 'query-answer', 'query-close', 'query-reopen', 'decision-confirm', 'decision-override', 'status-change'];

/** The study's audit trail with filters (investigators see their own site's trail; the API scopes it). */
export function AuditPage() {
  const role = useActiveRole();
  const { data: study } = useStudy();
  const [site, setSite] = useState<string | null>(null);
  const [action, setAction] = useState<Action | null>(null);
  const [entityType, setEntityType] = useState('');
  const [participant, setParticipant] = useState('');
  const [from, setFrom] = useState<string | null>(null);
  const [to, setTo] = useState<string | null>(null);
  const filters: AuditQuery = {
    study: role.studyId,
    limit: 100,
    ...(site ? { site } : {}),
    ...(action ? { action } : {}),
    ...(entityType ? { entityType } : {}),
    ...(/^[0-9a-f-]{36}$/.test(participant) ? { participant } : {}),
    ...(from ? { from: `${from}T00:00:00Z` } : {}),
    ...(to ? { to: `${to}T23:59:59Z` } : {}),
  };
  const events = useInfiniteQuery({
    queryKey: ['audit', filters],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) => (await call(api.GET('/api/v1/audit', { params: { query: { ...filters, cursor: pageParam } } }))) as unknown as Page<AuditEventView>,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = events.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <Stack>
      <Title order={2}>Audit trail</Title>
      <Group align="end">
        {!isSiteRole(role.role) && <Select label="Site" placeholder="All" clearable data={(study?.sites ?? []).map((s) => ({ value: s.id, label: s.code }))} value={site} onChange={setSite} w={120} />}
        <Select label="Action" placeholder="All" clearable searchable data={ACTIONS} value={action} onChange={(v) => setAction(v as Action | null)} w={180} />
        <TextInput label="Entity type" placeholder="e.g. trough_sample" value={entityType} onChange={(e) => setEntityType(e.currentTarget.value.trim())} w={170} />
        <TextInput label="Participant id" placeholder="uuid" value={participant} onChange={(e) => setParticipant(e.currentTarget.value.trim())} w={200} />
        <DateInput label="From" valueFormat="YYYY-MM-DD" clearable value={from} onChange={setFrom} w={140} />
        <DateInput label="To" valueFormat="YYYY-MM-DD" clearable value={to} onChange={setTo} w={140} />
      </Group>
      {events.isError && <Alert color="red">{describeError(events.error)}</Alert>}
      <Table.ScrollContainer minWidth={900}>
        <Table striped withTableBorder data-testid="audit-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>#</Table.Th>
              <Table.Th>When</Table.Th>
              <Table.Th>Who</Table.Th>
              <Table.Th>Action</Table.Th>
              <Table.Th>Entity</Table.Th>
              <Table.Th>Site</Table.Th>
              <Table.Th>Changes (old → new)</Table.Th>
              <Table.Th>Reason</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((e) => (
              <Table.Tr key={e.id}>
                <Table.Td>{e.seq ?? '—'}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{instant(e.occurredAt, siteTimezone(study, e.siteId))}</Table.Td>
                <Table.Td>
                  {e.actorName ?? 'system'}
                  {e.actorRole ? ` (${e.actorRole})` : ''}
                </Table.Td>
                <Table.Td>{e.action}</Table.Td>
                <Table.Td>
                  {e.participantId ? <Link to={`/participants/${e.participantId}`}>{e.entityType}</Link> : e.entityType}
                </Table.Td>
                <Table.Td>{e.siteId ? siteCodeOf(study, e.siteId) : '—'}</Table.Td>
                <Table.Td>
                  <Text size="xs">
                    {Object.entries(e.changes ?? {})
                      .filter(([f]) => f !== 'warnings')
                      .map(([f, c]) => `${f}: ${value(c.old)} → ${value(c.new)}`)
                      .join('; ')}
                  </Text>
                </Table.Td>
                <Table.Td>{e.reason ?? '—'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {events.hasNextPage && (
        <Button variant="default" size="xs" w={140} loading={events.isFetchingNextPage} onClick={() => void events.fetchNextPage()}>
          Load more
        </Button>
      )}
    </Stack>
  );
}
