import { Alert, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useState } from 'react';
import { api, call } from '../../api/client';
import { describeError, isApiError } from '../../api/errors';
import type { components } from '../../api/schema';
import { secondFactor, withToken } from './mfa-api';

export type PasswordChange = components['schemas']['ChangePasswordDto'];

/**
 * POST /api/v1/auth/password (issue 16): with the signed-in session, or with the one-time token a login
 * after an administrator's reset returns.
 */
export async function changePassword(change: PasswordChange, bearer: string | null): Promise<void> {
  await call(api.POST('/api/v1/auth/password', { body: change, ...withToken(bearer) }));
}

/** Current password, the new one twice (a slip must not lock the person out), the code (or a recovery code) when enrolled. */
export function ChangePasswordForm({
  submit,
  askTotp,
  submitLabel = 'Change password',
}: {
  submit(change: PasswordChange): Promise<void>;
  askTotp?: boolean;
  submitLabel?: string;
}) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [code, setCode] = useState('');
  const [problem, setProblem] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const fields = isApiError(problem) ? problem.fieldErrors() : {};
  const mismatch = again.length > 0 && again !== next;
  const send = async () => {
    if (mismatch) return;
    setBusy(true);
    setProblem(null);
    try {
      await submit({ currentPassword: current, newPassword: next, ...secondFactor(code) });
      setCurrent('');
      setNext('');
      setAgain('');
      setCode('');
    } catch (err) {
      setProblem(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      <Stack gap="sm" maw={380}>
        <PasswordInput
          label="Current password"
          autoComplete="current-password"
          required
          value={current}
          onChange={(e) => setCurrent(e.currentTarget.value)}
          error={fields.currentPassword}
        />
        <PasswordInput
          label="New password"
          description="At least 12 characters, not a common password, not your e-mail"
          autoComplete="new-password"
          required
          value={next}
          onChange={(e) => setNext(e.currentTarget.value)}
          error={fields.newPassword}
        />
        <PasswordInput
          label="New password again"
          autoComplete="new-password"
          required
          value={again}
          onChange={(e) => setAgain(e.currentTarget.value)}
          error={mismatch ? 'The two new passwords differ' : undefined}
        />
        {askTotp && (
          <TextInput
            label="Authenticator code or a recovery code"
            autoComplete="one-time-code"
            required
            maxLength={40}
            value={code}
            onChange={(e) => setCode(e.currentTarget.value)}
            error={fields.totp ?? fields.recoveryCode}
          />
        )}
        {problem !== null && Object.keys(fields).length === 0 && <Alert color="red">{describeError(problem)}</Alert>}
        <Button type="submit" loading={busy} disabled={!current || !next || again !== next || (askTotp && !code.trim())}>
          {submitLabel}
        </Button>
      </Stack>
    </form>
  );
}
