import { Badge, Card, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api, call } from '../api/client';
import { describeError } from '../api/errors';

/** Liveness of the API and what it depends on (database, queue): the first thing support asks for. */
export function SystemStatusPage() {
  const health = useQuery({ queryKey: ['health'], queryFn: () => call(api.GET('/api/health')), refetchInterval: 30_000 });
  return (
    <Stack maw={640}>
      <Title order={2}>System status</Title>
      <Card withBorder>
        {health.isPending && <Loader size="sm" aria-label="Loading status" />}
        {health.isError && <Text c="red">{describeError(health.error)}</Text>}
        {health.data && (
          <Stack gap="xs">
            <Group>
              <Text fw={600}>API</Text>
              <Badge color={health.data.status === 'ok' ? 'teal' : 'red'}>{health.data.status}</Badge>
            </Group>
            {Object.entries(health.data.details).map(([name, value]) => (
              <Group key={name}>
                <Text w={120}>{name}</Text>
                <Badge variant="light" color={value.status === 'up' ? 'teal' : 'red'}>
                  {value.status}
                </Badge>
              </Group>
            ))}
          </Stack>
        )}
      </Card>
    </Stack>
  );
}
