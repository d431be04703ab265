import { Alert, Badge, Button, Card, Checkbox, Group, PasswordInput, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { AdminUserView } from '../../api/admin-views';
import { api, call } from '../../api/client';
import { describeError, isApiError } from '../../api/errors';
import { instant } from '../../lib/format';
import { UserCard } from './user-card';

/** Users: create, and per user the account actions and study roles. */
export function UsersPanel() {
  const users = useQuery({
    queryKey: ['admin', 'users'],
    queryFn: async () => await call(api.GET('/api/v1/admin/users', { params: { query: { limit: 200 } } })),
  });
  const [selected, setSelected] = useState<string | null>(null);
  const locked = (u: AdminUserView) => !!u.lockedUntil && new Date(u.lockedUntil) > new Date();
  return (
    <Stack>
      <Card withBorder>
        <Title order={3} size="h4" mb="xs">
          Users
        </Title>
        {users.isError && <Alert color="red">{describeError(users.error)}</Alert>}
        <Table.ScrollContainer minWidth={800}>
          <Table striped data-testid="admin-users">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>E-mail</Table.Th>
                <Table.Th>Name</Table.Th>
                <Table.Th>Account</Table.Th>
                <Table.Th>Sign-in</Table.Th>
                <Table.Th>Last sign-in</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(users.data?.items ?? []).map((u) => (
                <Table.Tr key={u.id}>
                  <Table.Td>{u.email}</Table.Td>
                  <Table.Td>{u.displayName}</Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      <Badge color={u.status === 'active' ? 'teal' : 'gray'}>{u.status}</Badge>
                      {u.isAdmin && <Badge color="indigo">administrator</Badge>}
                      {locked(u) && <Badge color="red">locked</Badge>}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    {u.ssoOnly ? 'single sign-on only' : 'password'}
                    {u.mfaEnabled ? ' + second factor' : ''}
                  </Table.Td>
                  <Table.Td>{u.lastLoginAt ? instant(u.lastLoginAt, 'UTC') : '—'}</Table.Td>
                  <Table.Td>
                    <Button size="compact-sm" variant="light" onClick={() => setSelected(u.id)} aria-label={`Manage ${u.email}`}>
                      Manage
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Card>
      {selected && <UserCard key={selected} userId={selected} />}
      <CreateUserCard onCreated={setSelected} />
    </Stack>
  );
}

function CreateUserCard({ onCreated }: { onCreated(id: string): void }) {
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [ssoOnly, setSsoOnly] = useState(false);
  const [isAdmin, setIsAdmin] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);
  const fields = isApiError(problem) ? problem.fieldErrors() : {};
  const submit = async () => {
    setProblem(null);
    try {
      const user = await call(api.POST('/api/v1/admin/users', { body: { email, displayName, isAdmin, ...(ssoOnly ? {} : { password }) } }));
      notifications.show({ color: 'teal', message: `User ${user.email} created` });
      setEmail('');
      setDisplayName('');
      setPassword('');
      await queryClient.invalidateQueries({ queryKey: ['admin', 'users'] });
      onCreated(user.id);
    } catch (e) {
      setProblem(e);
    }
  };
  return (
    <Card withBorder>
      <Title order={3} size="h4" mb="xs">
        New user
      </Title>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <Group align="start">
          <TextInput
            label="E-mail"
            type="email"
            required
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
            error={fields.email}
            w={260}
          />
          <TextInput
            label="Name"
            required
            value={displayName}
            onChange={(e) => setDisplayName(e.currentTarget.value)}
            error={fields.displayName}
            w={220}
          />
          {!ssoOnly && (
            <PasswordInput
              label="Initial password"
              description="At least 12 characters; hand it over in person"
              required
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              error={fields.password}
              w={260}
              autoComplete="new-password"
            />
          )}
        </Group>
        <Group mt="sm">
          <Checkbox label="Single sign-on only (no password)" checked={ssoOnly} onChange={(e) => setSsoOnly(e.currentTarget.checked)} />
          <Checkbox label="Platform administrator" checked={isAdmin} onChange={(e) => setIsAdmin(e.currentTarget.checked)} />
        </Group>
        {problem !== null && Object.keys(fields).length === 0 && (
          <Alert color="red" mt="sm">
            {describeError(problem)}
          </Alert>
        )}
        <Group mt="sm">
          <Button type="submit">Create user</Button>
          <Text size="xs" c="dimmed">
            Then grant study roles below.
          </Text>
        </Group>
      </form>
    </Card>
  );
}
