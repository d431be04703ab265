import { Alert, Badge, Button, Group, Loader, Paper, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api, call } from '../../api/client';
import { ApiError, describeError } from '../../api/errors';
import { useActiveRole } from '../../auth/auth-context';
import { isSiteRole } from '../../auth/roles';
import { instant } from '../../lib/format';

export const QUERY_COLORS = { open: 'red', answered: 'yellow', closed: 'teal' } as const;

/** One query with its thread: the site answers (open → answered), the monitor closes or re-opens it. */
export function QueryThread({ queryId, timeZone }: { queryId: string; timeZone: string }) {
  const role = useActiveRole();
  const queryClient = useQueryClient();
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const q = useQuery({
    queryKey: ['query', queryId],
    queryFn: async () => await call(api.GET('/api/v1/queries/{queryId}', { params: { path: { queryId } } })),
  });
  if (q.isPending) return <Loader size="sm" aria-label="Loading query" />;
  if (q.isError) return <Alert color="red">{describeError(q.error)}</Alert>;
  const query = q.data;

  const act = async (what: 'answer' | 'close' | 'reopen') => {
    setBusy(true);
    setProblem(null);
    try {
      const params = { path: { queryId } };
      if (what === 'answer') await call(api.POST('/api/v1/queries/{queryId}/messages', { params, body: { version: query.version, text } }));
      if (what === 'close')
        await call(api.POST('/api/v1/queries/{queryId}/close', { params, body: { version: query.version, ...(text ? { text } : {}) } }));
      if (what === 'reopen') await call(api.POST('/api/v1/queries/{queryId}/reopen', { params, body: { version: query.version, text } }));
      setText('');
      notifications.show({
        color: 'teal',
        message: what === 'answer' ? 'Answer sent' : what === 'close' ? 'Query closed' : 'Query re-opened',
      });
      await queryClient.invalidateQueries({ queryKey: ['query', queryId] });
      await queryClient.invalidateQueries({ queryKey: ['queries'] });
    } catch (e) {
      setProblem(e);
      // Someone else moved the query on: show its current state.
      if (e instanceof ApiError && e.code === 'STALE_VERSION') await q.refetch();
    } finally {
      setBusy(false);
    }
  };
  const siteRole = isSiteRole(role.role);
  const central = role.role === 'monitor' || role.role === 'data-manager';

  return (
    <Stack gap="sm" data-testid="query-thread">
      <Group>
        <Badge color={QUERY_COLORS[query.status]} data-testid="query-status">
          {query.status}
        </Badge>
        <Text size="sm">
          <Link to={`/participants/${query.participantId}`}>{query.participantCode ?? 'participant'}</Link> · {query.entityType} · field{' '}
          <b>{query.field}</b>
        </Text>
      </Group>
      {(query.messages ?? []).map((m) => (
        <Paper key={m.id} withBorder p="sm" bg={m.kind === 'raise' ? 'gray.0' : undefined}>
          <Text size="xs" c="dimmed">
            {m.authorName} · {m.kind} · {instant(m.createdAt, timeZone)}
          </Text>
          <Text size="sm">{m.text}</Text>
        </Paper>
      ))}
      {problem !== null && <Alert color="red">{describeError(problem)}</Alert>}
      {((siteRole && query.status === 'open') || (central && query.status !== 'closed') || (central && query.status === 'closed')) && (
        <Textarea
          label={siteRole ? 'Answer' : query.status === 'closed' ? 'Reason to re-open' : 'Closing note (optional)'}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          autosize
          minRows={2}
          error={problem instanceof ApiError ? problem.fieldErrors().text : undefined}
        />
      )}
      <Group>
        {siteRole && query.status === 'open' && (
          <Button onClick={() => void act('answer')} loading={busy} disabled={!text.trim()}>
            Send answer
          </Button>
        )}
        {central && query.status !== 'closed' && (
          <Button color="teal" onClick={() => void act('close')} loading={busy}>
            Close query
          </Button>
        )}
        {central && query.status === 'closed' && (
          <Button variant="default" onClick={() => void act('reopen')} loading={busy} disabled={!text.trim()}>
            Re-open
          </Button>
        )}
      </Group>
    </Stack>
  );
}
