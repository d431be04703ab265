import { Alert, Button, Card, Center, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { IDLE_FLAG } from '../hooks/use-idle-sign-out';
import { ApiError, describeError, isApiError } from '../api/errors';
import { useAuth } from '../auth/auth-context';
import { changePassword, ChangePasswordForm } from './account/change-password-form';
import { MfaEnrolmentStep } from './login/mfa-enrolment-step';
import { SecondFactorField } from './login/second-factor-field';
import { SsoButton } from './login/sso-button';

/**
 * The server decides what a failure means and says it with a code; the message shown follows the code.
 * A wrong password and a locked account answer the same (no hint whether the account exists, Part 11 §11.300).
 */
function loginMessage(e: unknown, recovery: boolean): string {
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
      return recovery
        ? 'The recovery code is not valid or was used before. Each recovery code works once.'
        : 'The authenticator code is not valid or was used already. Check the time on your phone and wait for the next code.';
    case 'PASSWORD_CHANGE_REQUIRED':
      return 'Your password was reset by an administrator: choose a new one below.';
    default:
      return describeError(e);
  }
}

/** The API names the code `totp` or `recoveryCode`; the form has one field for either. */
function fieldErrorsOfCode(errors: Record<string, string>): Record<string, string> {
  const { totp, recoveryCode, ...rest } = errors;
  const code = totp ?? recoveryCode;
  return code ? { ...rest, code } : rest;
}

export function LoginPage() {
  const { login } = useAuth();
  const [error, setError] = useState<unknown>(null);
  const [needTotp, setNeedTotp] = useState(false);
  const [recovery, setRecovery] = useState(false);
  /** A role that requires a second factor and none enrolled: the login answers with a token that opens enrolment only. */
  const [enrolmentToken, setEnrolmentToken] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  /** After an administrator's reset the login answers with a one-time token that only allows choosing a new password. */
  const [changeToken, setChangeToken] = useState<string | null>(null);
  const [idleMinutes] = useState(() => {
    const m = sessionStorage.getItem(IDLE_FLAG);
    sessionStorage.removeItem(IDLE_FLAG);
    return m;
  });
  const form = useForm({
    initialValues: { email: '', password: '', code: '' },
    validate: {
      email: (v) => (/^\S+@\S+$/.test(v) ? null : 'Enter your e-mail address'),
      password: (v) => (v ? null : 'Enter your password'),
    },
  });

  const submit = form.onSubmit(async (values) => {
    setBusy(true);
    setError(null);
    try {
      const code = values.code.trim();
      await login({
        email: values.email,
        password: values.password,
        ...(code ? (recovery ? { recoveryCode: code } : { totp: code }) : {}),
      });
    } catch (e) {
      if (e instanceof ApiError && (e.code === 'MFA_REQUIRED' || e.code === 'MFA_INVALID')) setNeedTotp(true);
      if (e instanceof ApiError && e.status === 400) form.setErrors(fieldErrorsOfCode(e.fieldErrors()));
      if (e instanceof ApiError && e.code === 'MFA_ENROLMENT_REQUIRED') {
        const details = e.body.details as { enrolmentToken?: string } | undefined;
        setEnrolmentToken(details?.enrolmentToken ?? null);
      }
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
        {enrolmentToken ? (
          <MfaEnrolmentStep
            enrolmentToken={enrolmentToken}
            onCancel={() => {
              setEnrolmentToken(null);
              setError(null);
            }}
            signIn={async (totp) => {
              await login({ email: form.values.email, password: form.values.password, totp });
            }}
          />
        ) : changeToken ? (
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
              {/* Asking for the second factor is a step of the sign-in, not a failure. */}
              {error !== null && isApiError(error) && error.code === 'MFA_REQUIRED' ? (
                <Alert color="blue" title="One more step" data-testid="login-second-step">
                  {recovery ? 'Enter one of your recovery codes.' : loginMessage(error, recovery)}
                </Alert>
              ) : (
                error !== null && (
                  <Alert color="red" role="alert" title="Sign-in failed" data-testid="login-error">
                    {loginMessage(error, recovery)}
                  </Alert>
                )
              )}
              <TextInput label="E-mail" type="email" autoComplete="username" required autoFocus {...form.getInputProps('email')} />
              <PasswordInput label="Password" autoComplete="current-password" required {...form.getInputProps('password')} />
              {needTotp && (
                <SecondFactorField
                  recovery={recovery}
                  onRecoveryChange={setRecovery}
                  value={form.values.code}
                  onChange={(v) => form.setFieldValue('code', v)}
                  error={form.errors.code}
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
