import { Anchor, Stack, TextInput } from '@mantine/core';
import type { ReactNode } from 'react';

/**
 * The login's second step: the 6-digit code from the authenticator app, or — after "Use a recovery code" — one of
 * the one-time recovery codes (xxxx-xxxx-xxxx, up to 40 characters accepted by the API's LoginDto).
 */
export function SecondFactorField({
  recovery,
  onRecoveryChange,
  value,
  onChange,
  error,
}: {
  recovery: boolean;
  onRecoveryChange(recovery: boolean): void;
  value: string;
  onChange(value: string): void;
  error?: ReactNode;
}) {
  return (
    <Stack gap={4}>
      {recovery ? (
        <TextInput
          key="recovery"
          label="Recovery code"
          description="One of the codes you saved when you set up the authenticator app; each works once"
          autoComplete="off"
          spellCheck={false}
          maxLength={40}
          autoFocus
          value={value}
          onChange={(e) => onChange(e.currentTarget.value)}
          error={error}
        />
      ) : (
        <TextInput
          key="totp"
          label="Authenticator code"
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={6}
          autoFocus
          value={value}
          onChange={(e) => onChange(e.currentTarget.value)}
          error={error}
        />
      )}
      <Anchor
        component="button"
        type="button"
        size="sm"
        ta="left"
        onClick={() => {
          onChange('');
          onRecoveryChange(!recovery);
        }}
      >
        {recovery ? 'Use the code from your authenticator app' : 'Use a recovery code'}
      </Anchor>
    </Stack>
  );
}
