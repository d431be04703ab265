import { Alert, Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, call } from '../api/client';
import { useActiveRole } from '../auth/auth-context';
import { ReasonDialog } from '../components/reason-dialog';
import { useStudy } from '../hooks/use-study';

type Transition = 'freeze' | 'unfreeze' | 'lock';

const WORDS: Record<Transition, { title: string; description: string; confirm: string }> = {
  freeze: {
    title: 'Freeze the study',
    description: 'No data can be entered or changed at any site until the study is unfrozen. Reading, queries and SDV go on.',
    confirm: 'Freeze study',
  },
  unfreeze: { title: 'Unfreeze the study', description: 'Sites can enter and correct data again.', confirm: 'Unfreeze study' },
  lock: {
    title: 'Lock the study database',
    description: 'Final: no data can be changed afterwards, and the platform offers no way to reopen it. Reads and exports still work.',
    confirm: 'Lock the database',
  },
};

/** Data manager: the study's state and its transitions, each with a reason (participant and visit freezes are on the participant page). */
export function DataManagementPage() {
  const role = useActiveRole();
  const { data: study } = useStudy();
  const queryClient = useQueryClient();
  const [pending, setPending] = useState<Transition | null>(null);
  const status = study?.status ?? '…';
  return (
    <Stack>
      <Title order={2}>Data management</Title>
      <Card withBorder>
        <Group justify="space-between">
          <div>
            <Title order={3} size="h4">
              {role.studyCode}
            </Title>
            <Text size="sm">Participants and single visits are frozen from the participant page (Visits tab for a visit).</Text>
          </div>
          <Badge size="lg" color={status === 'locked' ? 'dark' : status === 'frozen' ? 'blue' : 'teal'} data-testid="study-status">
            {status}
          </Badge>
        </Group>
        {status === 'locked' && (
          <Alert color="gray" mt="sm">
            The study database is locked.
          </Alert>
        )}
        <Group mt="md">
          {(status === 'active' || status === 'design') && (
            <Button variant="light" onClick={() => setPending('freeze')}>
              Freeze study
            </Button>
          )}
          {status === 'frozen' && (
            <Button variant="light" onClick={() => setPending('unfreeze')}>
              Unfreeze study
            </Button>
          )}
          {status !== 'locked' && study && (
            <Button color="red" variant="outline" onClick={() => setPending('lock')}>
              Lock study database…
            </Button>
          )}
        </Group>
      </Card>
      <ReasonDialog
        opened={pending !== null}
        title={pending ? WORDS[pending].title : ''}
        description={pending ? WORDS[pending].description : undefined}
        confirmLabel={pending ? WORDS[pending].confirm : ''}
        danger={pending === 'lock'}
        onClose={() => setPending(null)}
        onConfirm={async (reason) => {
          const init = { params: { path: { studyId: role.studyId } }, body: { reason } };
          if (pending === 'freeze') await call(api.POST('/api/v1/studies/{studyId}/freeze', init));
          if (pending === 'unfreeze') await call(api.POST('/api/v1/studies/{studyId}/unfreeze', init));
          if (pending === 'lock') await call(api.POST('/api/v1/studies/{studyId}/lock', init));
          notifications.show({ color: 'teal', message: 'Study status changed; recorded in the audit trail' });
          await queryClient.invalidateQueries({ queryKey: ['studies'] });
        }}
      />
    </Stack>
  );
}
