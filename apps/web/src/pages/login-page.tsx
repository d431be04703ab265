import { Alert, Button, Card, Center, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { IDLE_FLAG } from '../hooks/use-idle-sign-out';
import { ApiError, describeError } from '../api/errors';
import { useAuth } from '../auth/auth-context';
import { changePassword, ChangePasswordForm } from './account/change-password-form';
import { SsoButton } from './login/sso-button';

/**
 * The server decides what a failure means and says it with a code; the message shown follows the code.
 * A wrong password and a locked account answer the same (no hint whether the account exists, Part 11 §11.300).
 */
function loginMessage(e: unknown): string {
  if (!(e instanceof ApiError)) return describeError(e);
  switch (e.code) {
    case 'INVALID_CREDENTIALS':
      return 'E-mail or password is not correct. After repeated failed attempts the account is locked for a while; ask your study administrator if you are locked out.';
    case 'ACCOUNT_LOCKED':
    case 'TOO_MANY_REQUESTS':
    case 'THROTTLED':
      return 'Too many failed attempts: sign-in is locked for a while. Try again later or ask your study administrator.';
    case 'MFA_REQUIRED':
      return 'Enter the 6-digit code from your authenticator app.';
    case 'MFA_INVALID':
      return 'The authenticator code is not valid. Check the time on your phone and try again.';
    case 'PASSWORD_CHANGE_REQUIRED':
      return 'Your password was reset by an administrator: choose a new one below.';
    case 'MFA_ENROLMENT_REQUIRED':
      return 'Your role requires a second factor. Enrol an authenticator app with your study administrator first.';
    default:
      return describeError(e);
  }
}

export function LoginPage() {
  const { login } = useAuth();
  const [error, setError] = useState<unknown>(null);
  const [needTotp, setNeedTotp] = useState(false);
  const [busy, setBusy] = useState(false);
  /** After an administrator's reset the login answers with a one-time token that only allows choosing a new password. */
  const [changeToken, setChangeToken] = useState<string | null>(null);
  const [idleMinutes] = useState(() => {
    const m = sessionStorage.getItem(IDLE_FLAG);
    sessionStorage.removeItem(IDLE_FLAG);
    return m;
  });
  const form = useForm({
    initialValues: { email: '', password: '', totp: '' },
    validate: {
      email: (v) => (/^\S+@\S+$/.test(v) ? null : 'Enter your e-mail address'),
      password: (v) => (v ? null : 'Enter your password'),
    },
  });

  const submit = form.onSubmit(async (values) => {
    setBusy(true);
    setError(null);
    try {
      await login({ email: values.email, password: values.password, ...(values.totp ? { totp: values.totp } : {}) });
    } catch (e) {
      if (e instanceof ApiError && (e.code === 'MFA_REQUIRED' || e.code === 'MFA_INVALID')) setNeedTotp(true);
      if (e instanceof ApiError && e.status === 400) form.setErrors(e.fieldErrors());
      if (e instanceof ApiError && e.code === 'PASSWORD_CHANGE_REQUIRED') {
        const details = e.body.details as { passwordChangeToken?: string } | undefined;
        setChangeToken(details?.passwordChangeToken ?? null);
      }
      setError(e);
    } finally {
      setBusy(false);
    }
  });

  return (
    <Center mih="100vh" bg="gray.0" p="md">
      <Card withBorder shadow="sm" w={420} p="xl" component="main">
        {changeToken ? (
          <Stack>
            <Title order={1} size="h3">
              Choose a new password
            </Title>
            <Alert color="blue">
              Your password was reset by an administrator. Enter the temporary password you were given, then your new one.
            </Alert>
            <ChangePasswordForm
              submitLabel="Set new password and sign in"
              submit={async (change) => {
                await changePassword(change, changeToken);
                setChangeToken(null);
                setError(null);
                await login({ email: form.values.email, password: change.newPassword });
              }}
            />
          </Stack>
        ) : (
          <form onSubmit={submit} noValidate>
            <Stack>
              <div>
                <Title order={1} size="h3">
                  EID Trial Platform
                </Title>
                <Text c="dimmed" size="sm">
                  Extended-interval dosing of natalizumab — sign in to your study
                </Text>
              </div>
              {idleMinutes && error === null && (
                <Alert color="blue" data-testid="idle-signed-out">
                  You were signed out after {idleMinutes} minutes without activity.
                </Alert>
              )}
              {error !== null && (
                <Alert color="red" role="alert" title="Sign-in failed" data-testid="login-error">
                  {loginMessage(error)}
                </Alert>
              )}
              <TextInput label="E-mail" type="email" autoComplete="username" required autoFocus {...form.getInputProps('email')} />
              <PasswordInput label="Password" autoComplete="current-password" required {...form.getInputProps('password')} />
              {needTotp && (
                <TextInput
                  label="Authenticator code"
                  inputMode="numeric"
                  autoComplete="one-time-code"
                  maxLength={6}
                  {...form.getInputProps('totp')}
                />
              )}
              <Button type="submit" loading={busy}>
                Sign in
              </Button>
              <SsoButton />
            </Stack>
          </form>
        )}
      </Card>
    </Center>
  );
}
