import { Alert, Badge, Button, Card, Group, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { describeError } from '../../api/errors';
import { useSubmit } from '../../hooks/use-submit';
import { useAuth } from '../../auth/auth-context';
import { type Enrolment, removeSecondFactor, secondFactor, startEnrolment } from './mfa-api';
import { TotpEnrolment } from './totp-enrolment';

type Step = { kind: 'idle' } | { kind: 'reauth'; purpose: 'enrol' | 'remove' } | { kind: 'scan'; enrolment: Enrolment };

/**
 * The own second factor (issue 17 item 2): enrol, replace or remove an authenticator app. Each change asks for the
 * password again, and for the current code when one is enrolled, so a session left open cannot take the account over.
 */
export function SecondFactorCard() {
  const { me, reloadMe } = useAuth();
  const [step, setStep] = useState<Step>({ kind: 'idle' });
  const enrolled = !!me?.mfaEnabled;
  const done = async (message: string) => {
    setStep({ kind: 'idle' });
    notifications.show({ color: 'teal', message });
    await reloadMe();
  };
  return (
    <Card withBorder data-testid="second-factor">
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h4">
          Second factor
        </Title>
        <Badge color={enrolled ? 'teal' : 'gray'} variant="light">
          {enrolled ? 'Authenticator app enrolled' : 'No second factor'}
        </Badge>
      </Group>
      {step.kind === 'idle' && (
        <Stack gap="xs" align="flex-start">
          <Text size="sm">
            {enrolled
              ? 'Sign-in asks for a code from your authenticator app, or one of your recovery codes.'
              : 'Protect your account with a code from an authenticator app on your phone at each sign-in.'}
          </Text>
          <Group gap="xs">
            <Button onClick={() => setStep({ kind: 'reauth', purpose: 'enrol' })}>
              {enrolled ? 'Replace authenticator app' : 'Set up an authenticator app'}
            </Button>
            {enrolled && (
              <Button color="red" variant="outline" onClick={() => setStep({ kind: 'reauth', purpose: 'remove' })}>
                Remove second factor
              </Button>
            )}
          </Group>
        </Stack>
      )}
      {step.kind === 'reauth' && (
        <ReAuthForm
          enrolled={enrolled}
          submitLabel={step.purpose === 'enrol' ? 'Continue' : 'Remove second factor'}
          danger={step.purpose === 'remove'}
          onCancel={() => setStep({ kind: 'idle' })}
          submit={async (password, code) => {
            if (step.purpose === 'enrol') {
              setStep({ kind: 'scan', enrolment: await startEnrolment({ password, ...secondFactor(code) }) });
            } else {
              await removeSecondFactor({ password, ...secondFactor(code) });
              await done('Second factor removed.');
            }
          }}
        />
      )}
      {step.kind === 'scan' && <TotpEnrolment enrolment={step.enrolment} onDone={() => void done('Authenticator app enrolled.')} />}
    </Card>
  );
}

/** Password again, plus the current code (or a recovery code) when a factor is enrolled. */
function ReAuthForm({
  enrolled,
  submitLabel,
  danger,
  onCancel,
  submit,
}: {
  enrolled: boolean;
  submitLabel: string;
  danger: boolean;
  onCancel(): void;
  submit(password: string, code: string): Promise<void>;
}) {
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const { run: send, busy, problem, fields } = useSubmit(() => submit(password, code));
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      <Stack gap="sm" maw={380}>
        <Text size="sm">Confirm it is you.</Text>
        <PasswordInput
          label="Your password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          error={fields.password}
        />
        {enrolled && (
          <TextInput
            label="Current code or a recovery code"
            description="The 6-digit code from your authenticator app, or one of your recovery codes"
            autoComplete="one-time-code"
            required
            maxLength={40}
            value={code}
            onChange={(e) => setCode(e.currentTarget.value)}
            error={fields.totp ?? fields.recoveryCode}
          />
        )}
        {problem !== null && Object.keys(fields).length === 0 && <Alert color="red">{describeError(problem)}</Alert>}
        <Group gap="xs">
          <Button type="submit" color={danger ? 'red' : undefined} loading={busy} disabled={!password || (enrolled && !code.trim())}>
            {submitLabel}
          </Button>
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
