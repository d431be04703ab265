import { Alert, Badge, Button, Checkbox, Group, Select, Stack, Table, Text, TextInput, Title, UnstyledButton } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api, call } from '../api/client';
import { describeError } from '../api/errors';
import type { components, operations } from '../api/schema';
import { useActiveRole } from '../auth/auth-context';
import { isSiteRole } from '../auth/roles';
import { siteCodeOf, useStudy } from '../hooks/use-study';
import { isoDate, STATUS_COLORS } from '../lib/format';

type Participant = components['schemas']['ParticipantOverviewDto'];
type ListQuery = NonNullable<operations['ParticipantsController_list']['parameters']['query']>;
type Status = NonNullable<ListQuery['status']>;
type SortKey = NonNullable<ListQuery['sort']>;
type Flag = 'overdue' | 'sae' | 'pml' | 'openQueries';

const STATUSES: Status[] = ['screening', 'screen-failed', 'enrolled', 'completed', 'withdrawn', 'lost-to-follow-up'];
const FLAGS: Array<{ key: Flag; label: string }> = [
  { key: 'pml', label: 'PML suspicion' },
  { key: 'sae', label: 'Serious AE' },
  { key: 'overdue', label: 'Overdue' },
  { key: 'openQueries', label: 'Open queries' },
];

/**
 * The participants the caller may see (issue #7). The API scopes the list to the caller's sites, computes the
 * interval, next infusion due, latest trough, open queries and flags, and does the search, filters and sort —
 * so a sort or filter covers every participant, not only the loaded page.
 */
export function ParticipantsPage() {
  const role = useActiveRole();
  const { data: study } = useStudy();
  const navigate = useNavigate();
  const [status, setStatus] = useState<Status | null>(null);
  const [siteId, setSiteId] = useState<string | null>(null);
  const [search, setSearch] = useState('');
  const [debouncedSearch] = useDebouncedValue(search.trim(), 300);
  const [flags, setFlags] = useState<Flag[]>([]);
  const [sort, setSort] = useState<{ key: SortKey; asc: boolean }>({ key: 'code', asc: true });

  const query: ListQuery = {
    studyId: role.studyId,
    limit: 100,
    sort: sort.key,
    order: sort.asc ? 'asc' : 'desc',
    ...(status ? { status } : {}),
    ...(siteId ? { siteId } : {}),
    ...(debouncedSearch ? { search: debouncedSearch } : {}),
    ...Object.fromEntries(flags.map((f) => [f, true])),
  };
  const list = useInfiniteQuery({
    queryKey: ['participants', query],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) => call(api.GET('/api/v1/participants', { params: { query: { ...query, cursor: pageParam } } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
  const rows: Participant[] = list.data?.pages.flatMap((p) => p.items) ?? [];
  const unconfirmedTolerance = rows.some((p) => p.infusionOverdue && p.infusionToleranceStatus !== 'confirmed');

  const header = (key: SortKey, label: string, visibleFrom?: 'lg') => (
    <Table.Th visibleFrom={visibleFrom} aria-sort={sort.key === key ? (sort.asc ? 'ascending' : 'descending') : 'none'}>
      <UnstyledButton fw={600} onClick={() => setSort((s) => ({ key, asc: s.key === key ? !s.asc : true }))}>
        {label} {sort.key === key ? (sort.asc ? '▲' : '▼') : ''}
      </UnstyledButton>
    </Table.Th>
  );

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Participants</Title>
        {isSiteRole(role.role) && (
          <Button component={Link} to="/screening" variant="light">
            Screen a candidate
          </Button>
        )}
      </Group>
      <Group align="end">
        <TextInput
          label="Search by code"
          placeholder="e.g. AMS-00"
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          w={200}
        />
        <Select
          label="Status"
          placeholder="All statuses"
          clearable
          data={STATUSES}
          value={status}
          onChange={(v) => setStatus(v as Status | null)}
          w={190}
        />
        {!isSiteRole(role.role) && (
          <Select
            label="Site"
            placeholder="All sites"
            clearable
            data={(study?.sites ?? []).map((s) => ({ value: s.id, label: `${s.code} — ${s.name}` }))}
            value={siteId}
            onChange={setSiteId}
            w={240}
          />
        )}
        <Checkbox.Group label="Only with" value={flags} onChange={(v) => setFlags(v as Flag[])}>
          <Group gap="sm" mt={6}>
            {FLAGS.map((f) => (
              <Checkbox key={f.key} value={f.key} label={f.label} />
            ))}
          </Group>
        </Checkbox.Group>
      </Group>
      {list.isError && <Alert color="red">{describeError(list.error)}</Alert>}
      <Table.ScrollContainer minWidth={720}>
        <Table striped data-testid="participants-table">
          <Table.Thead>
            <Table.Tr>
              {header('code', 'Code')}
              {/* Flags second: at tablet width the safety flags must stay in view without scrolling. */}
              <Table.Th>Flags</Table.Th>
              <Table.Th>Site</Table.Th>
              {header('status', 'Status')}
              {header('enrolmentDate', 'Enrolled', 'lg')}
              {header('currentIntervalWeeks', 'Interval (weeks)')}
              {header('lastInfusionDate', 'Last infusion', 'lg')}
              {header('nextInfusionDue', 'Next infusion due')}
              {header('latestTrough', 'Latest trough (µg/mL)')}
              {header('openQueryCount', 'Open queries')}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((p) => (
              <Table.Tr key={p.id} style={{ cursor: 'pointer' }} onClick={() => navigate(`/participants/${p.id}`)}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <Link to={`/participants/${p.id}`} onClick={(e) => e.stopPropagation()}>
                    {p.code ?? '(not enrolled)'}
                  </Link>
                  {!p.code && p.screeningNumber && (
                    <Text size="xs" c="dimmed">
                      {p.screeningNumber}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    {/* PML suspicion first and red: natalizumab is withheld at once (label warning). */}
                    {p.dosingSuspended && (
                      <Badge color="red" variant="filled">
                        dosing suspended
                      </Badge>
                    )}
                    {p.pmlSuspected && <Badge color="red">PML suspicion</Badge>}
                    {p.seriousAdverseEventCount > 0 && <Badge color="orange">SAE ×{p.seriousAdverseEventCount}</Badge>}
                    {p.infusionOverdue && (
                      <Badge
                        color="yellow"
                        title={`Past the due date + protocol A7 tolerance (${p.infusionToleranceStatus ?? 'no tolerance'})`}
                      >
                        infusion overdue{p.infusionToleranceStatus && p.infusionToleranceStatus !== 'confirmed' ? '*' : ''}
                      </Badge>
                    )}
                    {p.overdueVisitCount > 0 && (
                      <Badge color="yellow" variant="light">
                        {p.overdueVisitCount} visit{p.overdueVisitCount > 1 ? 's' : ''} overdue
                      </Badge>
                    )}
                    {p.frozenAt && <Badge color="gray">frozen</Badge>}
                    {p.status === 'screen-failed' && p.screenFailReason && (
                      <Text size="xs" c="dimmed" lineClamp={1} title={p.screenFailReason}>
                        {p.screenFailReason}
                      </Text>
                    )}
                  </Group>
                </Table.Td>
                <Table.Td>{siteCodeOf(study, p.siteId)}</Table.Td>
                <Table.Td>
                  <Badge color={STATUS_COLORS[p.status] ?? 'gray'} variant="light">
                    {p.status}
                  </Badge>
                </Table.Td>
                <Table.Td visibleFrom="lg">{isoDate(p.enrolmentDate)}</Table.Td>
                <Table.Td>
                  {p.currentIntervalWeeks ?? '—'}
                  {p.intervalSource && (
                    <Text size="xs" c="dimmed">
                      {p.intervalSource === 'decision' ? 'decision' : 'protocol start'}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td visibleFrom="lg">{isoDate(p.lastInfusionDate)}</Table.Td>
                <Table.Td>
                  <Text size="sm" c={p.infusionOverdue ? 'red' : undefined} fw={p.infusionOverdue ? 600 : undefined}>
                    {isoDate(p.nextInfusionDue)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  {p.latestTroughBelowLloq ? '< LLOQ' : (p.latestTroughUgPerMl ?? '—')}
                  {p.latestTroughDate && (
                    <Text size="xs" c="dimmed">
                      {isoDate(p.latestTroughDate)}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{p.openQueryCount}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {unconfirmedTolerance && (
        <Text size="xs" c="dimmed">
          * Infusion overdue uses the protocol&apos;s A7 tolerance, which is an unconfirmed placeholder in this protocol file.
        </Text>
      )}
      <Group>
        <Text size="sm" c="dimmed">
          {rows.length} shown
        </Text>
        {list.hasNextPage && (
          <Button variant="default" size="xs" loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
            Load more
          </Button>
        )}
      </Group>
    </Stack>
  );
}
