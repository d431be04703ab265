import { Alert, Button, Loader, Stack, TextInput, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { describeError, isApiError } from '../../api/errors';
import { useSubmit } from '../../hooks/use-submit';
import { type Enrolment, startEnrolment } from '../account/mfa-api';
import { ENROLMENT_EXPIRED, TotpEnrolment } from '../account/totp-enrolment';

/**
 * A first login where the user's role requires a second factor and none exists (401 MFA_ENROLMENT_REQUIRED): the
 * enrolment token from that answer opens the enrolment routes only (libs/identity/src/auth/auth.controller.ts).
 * Enrol, keep the recovery codes, then sign in with the app's next code — the code used to confirm cannot be
 * used again (RFC 6238 §5.2, the API refuses a replayed time step).
 */
export function MfaEnrolmentStep({
  enrolmentToken,
  signIn,
  onCancel,
}: {
  enrolmentToken: string;
  signIn(totp: string): Promise<void>;
  onCancel(): void;
}) {
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [enrolled, setEnrolled] = useState(false);
  const [code, setCode] = useState('');
  const { run: finish, busy, problem, setProblem } = useSubmit(() => signIn(code.trim()));

  useEffect(() => {
    let cancelled = false;
    startEnrolment({}, enrolmentToken).then(
      (e) => !cancelled && setEnrolment(e),
      (e: unknown) => !cancelled && setProblem(e),
    );
    return () => {
      cancelled = true;
    };
  }, [enrolmentToken]);

  return (
    <Stack data-testid="mfa-enrolment">
      <Title order={1} size="h3">
        Set up your second factor
      </Title>
      {!enrolled && (
        <Alert color="blue">Your role requires a code from an authenticator app at each sign-in. Set it up now to continue.</Alert>
      )}
      {problem !== null && (
        <Alert color="red" role="alert">
          {isApiError(problem) && problem.code === 'INVALID_TOKEN' ? ENROLMENT_EXPIRED : describeError(problem)}
        </Alert>
      )}
      {!enrolment && problem === null && <Loader aria-label="Preparing the enrolment" />}
      {enrolment && !enrolled && (
        <TotpEnrolment
          enrolment={enrolment}
          enrolmentToken={enrolmentToken}
          onDone={() => setEnrolled(true)}
          doneLabel="Continue to sign-in"
        />
      )}
      {enrolled && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void finish();
          }}
        >
          <Stack gap="sm">
            <Alert color="teal">Authenticator app enrolled. Wait until the app shows a new code, then sign in with it.</Alert>
            <TextInput
              label="Next authenticator code"
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={6}
              required
              autoFocus
              value={code}
              onChange={(e) => setCode(e.currentTarget.value)}
            />
            <Button type="submit" loading={busy} disabled={!/^\d{6}$/.test(code.trim())}>
              Sign in
            </Button>
          </Stack>
        </form>
      )}
      <Button variant="subtle" onClick={onCancel}>
        Back to sign-in
      </Button>
    </Stack>
  );
}
