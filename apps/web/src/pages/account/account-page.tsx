import { Card, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useAuth } from '../../auth/auth-context';
import { session } from '../../auth/session';
import { changePassword, ChangePasswordForm } from './change-password-form';
import { SecondFactorCard } from './second-factor-card';

/** The signed-in person's own account: who they are, their password and their second factor. */
export function AccountPage() {
  const { me } = useAuth();
  return (
    <Stack>
      <Title order={2}>My account</Title>
      <Card withBorder>
        <Text size="sm">
          {me?.displayName} · {me?.email}
        </Text>
      </Card>
      <Card withBorder>
        <Title order={3} size="h4" mb="xs">
          Change password
        </Title>
        <ChangePasswordForm
          askTotp={!!me?.mfaEnabled}
          submit={async (change) => {
            await changePassword(change, session.accessToken());
            notifications.show({ color: 'teal', message: 'Password changed.' });
          }}
        />
      </Card>
      <SecondFactorCard />
    </Stack>
  );
}
