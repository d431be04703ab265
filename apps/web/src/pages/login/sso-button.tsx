import { Alert, Button, Divider, Stack } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { api, call } from '../../api/client';
import { forgetSsoFailure, SSO_RETURN_PATH, ssoFailure } from '../../auth/sso';

/** What a refused single sign-on means for the person, by the API's code (the code stays visible, second). */
function ssoMessage(code: string): string {
  switch (code) {
    case 'SSO_DENIED':
      return 'Sign-in was cancelled at the identity provider.';
    case 'SSO_MFA_REQUIRED':
      return 'Your study requires a second factor: sign in at the identity provider with your authenticator (multi-factor), then try again.';
    case 'INVALID_CREDENTIALS':
      return 'No active account on this platform belongs to that identity. Ask your study administrator to create one for your hospital e-mail.';
    case 'OIDC_STATE_INVALID':
      return 'The sign-in took too long or was started in another window. Start again.';
    case 'SSO_EXCHANGE_INVALID':
      return 'The sign-in has expired or was already completed. Start again.';
    case 'OIDC_UNAVAILABLE':
      return 'The identity provider cannot be reached. Try again later, or sign in with your password.';
    case 'TOO_MANY_ATTEMPTS':
      return 'Too many sign-in attempts: try again in a minute.';
    default:
      return 'The identity provider did not confirm the sign-in. Start again, or sign in with your password.';
  }
}

/** "Sign in with <provider>" when the server has single sign-on configured, and why the last attempt failed. */
export function SsoButton() {
  const location = useLocation();
  const navigate = useNavigate();
  const [failure] = useState(() => ssoFailure(location.search));
  const providers = useQuery({
    queryKey: ['auth-providers'],
    queryFn: () => call(api.GET('/api/v1/auth/providers')),
    staleTime: Infinity,
  });

  // The failure code has been read: a reload or a bookmark should not show it again (other paths are deep
  // links the person lands on after signing in: kept).
  const leftover = location.pathname === SSO_RETURN_PATH || new URLSearchParams(location.search).has('ssoError');
  useEffect(() => {
    forgetSsoFailure();
    if (leftover) navigate('/', { replace: true });
  }, [leftover, navigate]);

  if (!providers.data?.length && !failure) return null;
  return (
    <Stack gap="sm">
      {failure && (
        <Alert color="red" role="alert" title="Single sign-on failed" data-testid="sso-error">
          {ssoMessage(failure)} <small>(code {failure})</small>
        </Alert>
      )}
      {!!providers.data?.length && <Divider label="or" labelPosition="center" />}
      {providers.data?.map((p) => (
        <Button key={p.id} component="a" href={p.loginUrl} variant="default">
          Sign in with {p.label}
        </Button>
      ))}
    </Stack>
  );
}
