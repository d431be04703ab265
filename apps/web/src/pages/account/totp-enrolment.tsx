import { Alert, Button, Code, Group, Image, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { describeError, isApiError } from '../../api/errors';
import { useSubmit } from '../../hooks/use-submit';
import { confirmEnrolment, type Enrolment } from './mfa-api';
import { RecoveryCodes } from './recovery-codes';

export const ENROLMENT_EXPIRED = 'The time to set up the app has run out. Go back to sign-in and start again.';

/**
 * Enrolment after its start: scan the QR code (or type the key), confirm with the first code, then keep the
 * recovery codes. Used on the account page and at a first login that requires a second factor.
 */
export function TotpEnrolment({
  enrolment,
  enrolmentToken,
  onDone,
  doneLabel,
}: {
  enrolment: Enrolment;
  /** Set at a first login (MFA_ENROLMENT_REQUIRED); the account page uses the session. */
  enrolmentToken?: string;
  onDone(): void;
  doneLabel?: string;
}) {
  const [code, setCode] = useState('');
  const [codes, setCodes] = useState<string[] | null>(null);
  const { run: confirm, busy, problem, fields } = useSubmit(async () => setCodes(await confirmEnrolment(code.trim(), enrolmentToken)));
  if (codes) return <RecoveryCodes codes={codes} onAcknowledged={onDone} continueLabel={doneLabel} />;

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void confirm();
      }}
    >
      <Stack gap="sm" maw={420}>
        <Text size="sm">
          1. Scan this QR code with an authenticator app on your phone (for example FreeOTP, Google or Microsoft Authenticator).
        </Text>
        <Image src={enrolment.qrCodeDataUrl} alt="QR code to add the EID Trial Platform to your authenticator app" w={200} h={200} />
        <Text size="sm">
          Cannot scan? Enter this key in the app instead:{' '}
          <Code data-testid="totp-secret" style={{ wordBreak: 'break-all' }}>
            {enrolment.secret}
          </Code>
        </Text>
        <TextInput
          label="2. Enter the 6-digit code the app shows"
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={6}
          required
          value={code}
          onChange={(e) => setCode(e.currentTarget.value)}
          error={fields.code}
        />
        {problem !== null && Object.keys(fields).length === 0 && (
          <Alert color="red">
            {/* The enrolment token of a login lasts 10 minutes (token.service.ts); after that only a new sign-in helps. */}
            {enrolmentToken && isApiError(problem) && problem.code === 'INVALID_TOKEN' ? ENROLMENT_EXPIRED : describeError(problem)}
          </Alert>
        )}
        <Group>
          <Button type="submit" loading={busy} disabled={!/^\d{6}$/.test(code.trim())}>
            Confirm code
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
