import { Alert, Badge, Button, Card, Code, Group, Select, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { AdminMembershipView } from '../../api/admin-views';
import { api, call } from '../../api/client';
import { describeError, isApiError } from '../../api/errors';
import { isSiteRole, ROLE_LABELS } from '../../auth/roles';
import { ReasonDialog } from '../../components/reason-dialog';
import { instant } from '../../lib/format';
import { useAdminSites } from './sites-panel';
import { useAdminStudies } from './studies-panel';

const STUDY_ROLE_CHOICES = Object.entries(ROLE_LABELS)
  .filter(([r]) => r !== 'admin')
  .map(([value, label]) => ({ value, label }));

const ACTION_WORDS: Record<Pending['kind'], { title: string; description: string; confirm: string }> = {
  deactivate: {
    title: 'Deactivate',
    description: 'Ends every session at once. The account stays for the audit trail and cannot sign in.',
    confirm: 'Deactivate',
  },
  unlock: { title: 'Unlock', description: 'Lifts the lock after repeated failed sign-ins.', confirm: 'Unlock' },
  reset: {
    title: 'Reset password',
    description: 'Sets a temporary password (shown once), ends every session and forces a new password at the next sign-in.',
    confirm: 'Reset password',
  },
  'reset-mfa': {
    title: 'Reset second factor',
    description:
      'Removes the authenticator app and the recovery codes (e.g. a lost phone) and ends every session. ' +
      'If a study requires a second factor for their role, they set up a new one at the next sign-in.',
    confirm: 'Reset second factor',
  },
  revoke: { title: 'Revoke a role', description: '', confirm: 'Revoke' },
};

type Pending =
  | { kind: 'deactivate' }
  | { kind: 'unlock' }
  | { kind: 'reset' }
  | { kind: 'reset-mfa' }
  | { kind: 'revoke'; membership: AdminMembershipView };

/** One account: its state, the account actions (each with a reason) and its study roles. */
export function UserCard({ userId }: { userId: string }) {
  const queryClient = useQueryClient();
  const studies = useAdminStudies();
  const sites = useAdminSites();
  const [pending, setPending] = useState<Pending | null>(null);
  /** The temporary password of an administrator's reset: shown once, never stored here. */
  const [temporary, setTemporary] = useState<string | null>(null);
  const user = useQuery({
    queryKey: ['admin', 'users', userId],
    queryFn: async () => await call(api.GET('/api/v1/admin/users/{userId}', { params: { path: { userId } } })),
  });
  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: ['admin', 'users'] });
  };
  const studyCode = (id: string) => studies.data?.items.find((s) => s.id === id)?.code ?? id;
  const siteCode = (id: string | null) => (id ? (sites.data?.items.find((s) => s.id === id)?.code ?? id) : 'all sites');

  if (user.isError) return <Alert color="red">{describeError(user.error)}</Alert>;
  const u = user.data;
  if (!u) return null;
  const active = u.status === 'active';
  const locked = !!u.lockedUntil && new Date(u.lockedUntil) > new Date();

  return (
    <Card withBorder data-testid="admin-user">
      <Group justify="space-between" mb="xs">
        <div>
          <Title order={3} size="h4">
            {u.displayName}
          </Title>
          <Text size="sm">
            {u.email} · created {instant(u.createdAt, 'UTC')}
          </Text>
        </div>
        <Group gap="xs">
          {locked && (
            <Button variant="light" onClick={() => setPending({ kind: 'unlock' })}>
              Unlock
            </Button>
          )}
          {active && !u.ssoOnly && (
            <Button variant="default" onClick={() => setPending({ kind: 'reset' })}>
              Reset password
            </Button>
          )}
          {active && u.mfaEnabled && (
            <Button variant="default" onClick={() => setPending({ kind: 'reset-mfa' })}>
              Reset second factor
            </Button>
          )}
          {active && (
            <Button color="red" variant="outline" onClick={() => setPending({ kind: 'deactivate' })}>
              Deactivate
            </Button>
          )}
        </Group>
      </Group>
      <Group gap="xs" mb="sm">
        <Badge color={active ? 'teal' : 'gray'}>{u.status}</Badge>
        {locked && <Badge color="red">locked until {instant(u.lockedUntil!, 'UTC')}</Badge>}
        <Badge color="gray" variant="outline">
          {u.mfaEnabled ? 'second factor enrolled' : 'no second factor'}
        </Badge>
      </Group>

      <Title order={4} size="h5">
        Study roles
      </Title>
      <Table data-testid="admin-user-memberships">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Study</Table.Th>
            <Table.Th>Role</Table.Th>
            <Table.Th>Site</Table.Th>
            <Table.Th>Since</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(u.memberships ?? []).map((m) => (
            <Table.Tr key={m.id}>
              <Table.Td>{studyCode(m.studyId)}</Table.Td>
              <Table.Td>{ROLE_LABELS[m.role] ?? m.role}</Table.Td>
              <Table.Td>{siteCode(m.siteId)}</Table.Td>
              <Table.Td>{instant(m.createdAt, 'UTC')}</Table.Td>
              <Table.Td>
                <Button
                  size="compact-sm"
                  variant="subtle"
                  color="red"
                  onClick={() => setPending({ kind: 'revoke', membership: m })}
                  aria-label={`Revoke ${ROLE_LABELS[m.role] ?? m.role} in ${studyCode(m.studyId)}`}
                >
                  Revoke
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {(u.memberships ?? []).length === 0 && (
        <Text size="sm" c="dimmed">
          No study role.
        </Text>
      )}
      {active && <GrantRoleForm userId={u.id} onGranted={refresh} />}

      {temporary && (
        <Alert
          color="blue"
          mt="sm"
          title="Temporary password (shown once)"
          withCloseButton
          onClose={() => setTemporary(null)}
          data-testid="temporary-password"
        >
          <Code>{temporary}</Code> — hand it to {u.displayName} over a separate channel; they must choose a new password at the next
          sign-in.
        </Alert>
      )}
      <ReasonDialog
        opened={pending !== null}
        title={pending ? `${ACTION_WORDS[pending.kind].title} — ${u.email}` : ''}
        description={
          pending?.kind === 'revoke'
            ? `${ROLE_LABELS[pending.membership.role] ?? pending.membership.role} in ${studyCode(pending.membership.studyId)} (${siteCode(pending.membership.siteId)}).`
            : pending && ACTION_WORDS[pending.kind].description
        }
        confirmLabel={pending ? ACTION_WORDS[pending.kind].confirm : ''}
        danger={pending?.kind === 'deactivate' || pending?.kind === 'revoke'}
        onClose={() => setPending(null)}
        onConfirm={async (reason) => {
          if (pending?.kind === 'deactivate')
            await call(api.POST('/api/v1/admin/users/{userId}/deactivate', { params: { path: { userId: u.id } }, body: { reason } }));
          if (pending?.kind === 'unlock')
            await call(api.POST('/api/v1/admin/users/{userId}/unlock', { params: { path: { userId: u.id } }, body: { reason } }));
          if (pending?.kind === 'reset') {
            const result = await call(
              api.POST('/api/v1/admin/users/{userId}/reset-password', { params: { path: { userId: u.id } }, body: { reason } }),
            );
            setTemporary(result.temporaryPassword);
          }
          if (pending?.kind === 'reset-mfa')
            await call(api.POST('/api/v1/admin/users/{userId}/reset-mfa', { params: { path: { userId: u.id } }, body: { reason } }));
          if (pending?.kind === 'revoke')
            await call(
              api.POST('/api/v1/admin/users/{userId}/memberships/{membershipId}/revoke', {
                params: { path: { userId: u.id, membershipId: pending.membership.id } },
                body: { reason },
              }),
            );
          notifications.show({ color: 'teal', message: 'Done; recorded in the audit trail' });
          await refresh();
        }}
      />
    </Card>
  );
}

function GrantRoleForm({ userId, onGranted }: { userId: string; onGranted(): Promise<void> }) {
  const studies = useAdminStudies();
  const [studyId, setStudyId] = useState<string | null>(null);
  const [role, setRole] = useState<string | null>(null);
  const [siteId, setSiteId] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<unknown>(null);
  const studySites = useQuery({
    queryKey: ['admin', 'studies', studyId, 'sites'],
    queryFn: async () => await call(api.GET('/api/v1/admin/studies/{studyId}/sites', { params: { path: { studyId: studyId! } } })),
    enabled: !!studyId,
  });
  const siteLevel = !!role && isSiteRole(role);
  const fields = isApiError(problem) ? problem.fieldErrors() : {};
  const submit = async () => {
    setProblem(null);
    try {
      await call(
        api.POST('/api/v1/admin/users/{userId}/memberships', {
          params: { path: { userId } },
          body: {
            studyId: studyId ?? '',
            role: role as never,
            ...(siteLevel && siteId ? { siteId } : {}),
            ...(reason.trim() ? { reason: reason.trim() } : {}),
          },
        }),
      );
      notifications.show({ color: 'teal', message: 'Role granted' });
      setRole(null);
      setSiteId(null);
      setReason('');
      await onGranted();
    } catch (e) {
      setProblem(e);
    }
  };
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <Title order={4} size="h5" mt="md">
        Grant a study role
      </Title>
      <Group align="start">
        <Select
          label="Study"
          required
          data={(studies.data?.items ?? []).map((s) => ({ value: s.id, label: s.code }))}
          value={studyId}
          onChange={setStudyId}
          error={fields.studyId}
          w={180}
        />
        <Select label="Role" required data={STUDY_ROLE_CHOICES} value={role} onChange={setRole} error={fields.role} w={180} />
        {siteLevel && (
          <Select
            label="Site"
            required
            data={(studySites.data ?? []).map((l) => ({ value: l.siteId, label: `${l.site.code} — ${l.site.name}` }))}
            value={siteId}
            onChange={setSiteId}
            error={fields.siteId}
            w={240}
          />
        )}
        <TextInput
          label="Reason"
          description="e.g. delegation log entry"
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          error={fields.reason}
          w={240}
        />
      </Group>
      {problem !== null && Object.keys(fields).length === 0 && (
        <Alert color="red" mt="sm">
          {describeError(problem)}
        </Alert>
      )}
      <Button type="submit" mt="sm" disabled={!studyId || !role || (siteLevel && !siteId)}>
        Grant role
      </Button>
    </form>
  );
}
