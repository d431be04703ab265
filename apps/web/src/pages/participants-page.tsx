import { Alert, Badge, Button, Group, Select, Stack, Table, Text, TextInput, Title, UnstyledButton } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api, call } from '../api/client';
import { describeError } from '../api/errors';
import type { Page, ParticipantView } from '../api/views';
import { useActiveRole } from '../auth/auth-context';
import { isSiteRole } from '../auth/roles';
import { siteCodeOf, useStudy } from '../hooks/use-study';
import { isoDate, STATUS_COLORS } from '../lib/format';

type Status = 'screening' | 'screen-failed' | 'enrolled' | 'completed' | 'withdrawn' | 'lost-to-follow-up';
const STATUSES: Status[] = ['screening', 'screen-failed', 'enrolled', 'completed', 'withdrawn', 'lost-to-follow-up'];
type SortKey = 'code' | 'site' | 'status' | 'enrolmentDate' | 'screeningDate';

/**
 * The participants the caller may see — the API scopes the list to the caller's sites, so an investigator
 * sees their own site only. Filters (site, status) run on the server with cursor paging; search and
 * column sort act on the loaded rows.
 */
export function ParticipantsPage() {
  const role = useActiveRole();
  const { data: study } = useStudy();
  const navigate = useNavigate();
  const [status, setStatus] = useState<Status | null>(null);
  const [siteId, setSiteId] = useState<string | null>(null);
  const [search, setSearch] = useState('');
  const [sort, setSort] = useState<{ key: SortKey; asc: boolean }>({ key: 'code', asc: true });

  const list = useInfiniteQuery({
    queryKey: ['participants', role.studyId, status, siteId],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) =>
      (await call(
        api.GET('/api/v1/participants', {
          params: { query: { studyId: role.studyId, limit: 100, cursor: pageParam, ...(status ? { status } : {}), ...(siteId ? { siteId } : {}) } },
        }),
      )) as unknown as Page<ParticipantView>,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

  const rows = useMemo(() => {
    const all = list.data?.pages.flatMap((p) => p.items) ?? [];
    const q = search.trim().toLowerCase();
    const found = q ? all.filter((p) => `${p.code ?? ''} ${p.screeningNumber}`.toLowerCase().includes(q)) : all;
    const keyOf = (p: ParticipantView): string =>
      sort.key === 'site' ? siteCodeOf(study, p.siteId) : sort.key === 'code' ? (p.code ?? `~${p.screeningNumber}`) : String(p[sort.key] ?? '');
    // Plain code-point order: locale collation ignores the '~' that puts candidates without a code last.
    return [...found].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0) * (sort.asc ? 1 : -1));
  }, [list.data, search, sort, study]);

  const header = (key: SortKey, label: string) => (
    <Table.Th aria-sort={sort.key === key ? (sort.asc ? 'ascending' : 'descending') : 'none'}>
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
        <TextInput label="Search" placeholder="Code or screening number" value={search} onChange={(e) => setSearch(e.currentTarget.value)} w={240} />
        <Select label="Status" placeholder="All statuses" clearable data={STATUSES} value={status} onChange={(v) => setStatus(v as Status | null)} w={200} />
        {!isSiteRole(role.role) && (
          <Select
            label="Site"
            placeholder="All sites"
            clearable
            data={(study?.sites ?? []).map((s) => ({ value: s.id, label: `${s.code} — ${s.name}` }))}
            value={siteId}
            onChange={setSiteId}
            w={260}
          />
        )}
      </Group>
      {list.isError && <Alert color="red">{describeError(list.error)}</Alert>}
      <Table.ScrollContainer minWidth={700}>
        <Table striped data-testid="participants-table">
          <Table.Thead>
            <Table.Tr>
              {header('code', 'Code')}
              <Table.Th>Screening no.</Table.Th>
              {header('site', 'Site')}
              {header('status', 'Status')}
              {header('screeningDate', 'Screened')}
              {header('enrolmentDate', 'Enrolled')}
              <Table.Th>Flags</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((p) => (
              <Table.Tr key={p.id} style={{ cursor: 'pointer' }} onClick={() => navigate(`/participants/${p.id}`)}>
                <Table.Td>
                  <Link to={`/participants/${p.id}`} onClick={(e) => e.stopPropagation()}>
                    {p.code ?? '(not enrolled)'}
                  </Link>
                </Table.Td>
                <Table.Td>{p.screeningNumber}</Table.Td>
                <Table.Td>{siteCodeOf(study, p.siteId)}</Table.Td>
                <Table.Td>
                  <Badge color={STATUS_COLORS[p.status] ?? 'gray'} variant="light">
                    {p.status}
                  </Badge>
                </Table.Td>
                <Table.Td>{isoDate(p.screeningDate)}</Table.Td>
                <Table.Td>{isoDate(p.enrolmentDate)}</Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    {p.frozenAt && <Badge color="gray">frozen</Badge>}
                    {p.status === 'screen-failed' && p.screenFailReason && (
                      <Text size="xs" c="dimmed" lineClamp={1} title={p.screenFailReason}>
                        {p.screenFailReason}
                      </Text>
                    )}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
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
