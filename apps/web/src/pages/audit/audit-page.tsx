import { Alert, Button, Group, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api, call } from '../../api/client';
import { describeError } from '../../api/errors';
import { AuditActionValues } from '../../api/enums';
import type { components, operations } from '../../api/schema';
import { useActiveRole } from '../../auth/auth-context';
import { isSiteRole } from '../../auth/roles';
import { siteCodeOf, siteTimezone, useStudy } from '../../hooks/use-study';
import { instant, value } from '../../lib/format';
import { AuditTools } from './audit-tools';

type AuditQuery = NonNullable<operations['AuditController_list']['parameters']['query']>;
type Action = components['schemas']['AuditAction'];

/**
 * The study's audit trail with filters (investigators see their own site's trail; the API scopes it). For the
 * platform administrator: the platform log (sign-ins, failed sign-ins, account and site administration). With
 * `studyPeople` (the monitor's Platform log): the platform events of the study's people (docs/security.md).
 */
export function AuditPage({ studyPeople = false }: { studyPeople?: boolean }) {
  const role = useActiveRole();
  const platform = role.role === 'admin' || studyPeople;
  const { data: study } = useStudy();
  const [site, setSite] = useState<string | null>(null);
  const [action, setAction] = useState<Action | null>(null);
  const [entityType, setEntityType] = useState('');
  const [participantCode, setParticipantCode] = useState('');
  const code = participantCode.trim().toUpperCase();
  // The trail is filtered by participant id; people know the code: resolve it exactly (not "contains").
  const resolved = useQuery({
    queryKey: ['participants', role.studyId, 'code', code],
    queryFn: async () =>
      await call(api.GET('/api/v1/participants', { params: { query: { studyId: role.studyId, search: code, limit: 50 } } })),
    select: (page) => page.items.find((p) => p.code?.toUpperCase() === code) ?? null,
    enabled: !platform && code.length >= 3,
  });
  const participant = code ? resolved.data?.id : undefined;
  const unknownCode = !!code && resolved.isSuccess && !resolved.data;
  const [from, setFrom] = useState<string | null>(null);
  const [to, setTo] = useState<string | null>(null);
  const filters: AuditQuery = {
    ...(platform && !studyPeople ? {} : { study: role.studyId }),
    limit: 100,
    ...(site ? { site } : {}),
    ...(action ? { action } : {}),
    ...(entityType ? { entityType } : {}),
    ...(participant ? { participant } : {}),
    ...(from ? { from: `${from}T00:00:00Z` } : {}),
    ...(to ? { to: `${to}T23:59:59Z` } : {}),
  };
  const fetchPage = async (cursor?: string) =>
    await call(
      studyPeople
        ? api.GET('/api/v1/audit/platform/study-people', { params: { query: { ...filters, cursor } } })
        : platform
          ? api.GET('/api/v1/audit/platform', { params: { query: { ...filters, cursor } } })
          : api.GET('/api/v1/audit', { params: { query: { ...filters, cursor } } }),
    );
  const events = useInfiniteQuery({
    queryKey: ['audit', platform, studyPeople, filters],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => fetchPage(pageParam),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: !code || resolved.isSuccess,
  });
  const rows = events.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <Stack>
      <Title order={2}>{platform ? 'Platform log' : 'Audit trail'}</Title>
      {platform && !studyPeople && <Text size="sm">Sign-ins, failed sign-ins, sign-outs, account, role and site changes.</Text>}
      {studyPeople && (
        <Text size="sm">
          Sign-ins, failed sign-ins, sign-outs and account changes of the people who hold or held a role in {role.studyCode}.
        </Text>
      )}
      <Group align="end">
        {!platform && !isSiteRole(role.role) && (
          <Select
            label="Site"
            placeholder="All"
            clearable
            data={(study?.sites ?? []).map((s) => ({ value: s.id, label: s.code }))}
            value={site}
            onChange={setSite}
            w={120}
          />
        )}
        <Select
          label="Action"
          placeholder="All"
          clearable
          searchable
          data={[...AuditActionValues]}
          value={action}
          onChange={(v) => setAction(AuditActionValues.find((a) => a === v) ?? null)}
          w={180}
        />
        <TextInput
          label="Entity type"
          placeholder="e.g. trough_sample"
          value={entityType}
          onChange={(e) => setEntityType(e.currentTarget.value.trim())}
          w={170}
        />
        {!platform && (
          <TextInput
            label="Participant code"
            placeholder="e.g. AMS-0001"
            value={participantCode}
            onChange={(e) => setParticipantCode(e.currentTarget.value)}
            error={unknownCode ? 'No participant with this code' : undefined}
            w={170}
          />
        )}
        <DateInput
          label="From"
          valueFormat="YYYY-MM-DD"
          clearable
          value={from}
          onChange={setFrom}
          w={140}
          popoverProps={{ position: 'bottom-start' }}
        />
        <DateInput
          label="To"
          valueFormat="YYYY-MM-DD"
          clearable
          value={to}
          onChange={setTo}
          w={140}
          popoverProps={{ position: 'bottom-start' }}
        />
      </Group>
      <AuditTools
        studyId={platform ? null : role.studyId}
        canVerify={!isSiteRole(role.role) && !studyPeople}
        fetchPage={fetchPage}
        fileLabel={studyPeople ? `${role.studyCode}-platform` : platform ? 'platform' : role.studyCode}
      />
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
                <Table.Td>{e.participantId ? <Link to={`/participants/${e.participantId}`}>{e.entityType}</Link> : e.entityType}</Table.Td>
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
