// A real OpenID Connect provider (the `oidc-provider` package, ESM-only) on loopback, for the SSO e2e test.
// Run as a child process: prints `READY <port>` once listening. Interactions are completed automatically:
// login as the account set by `GET /__test/login-as?sub=<email>`, consent granted for the requested scopes.
import { createServer } from 'node:http';
import Provider from 'oidc-provider';

const { OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_REDIRECT_URI } = process.env;
let nextAccount = 'nobody@example.org';
/** Authentication methods the next login reports in the ID token's `amr` (RFC 8176); none by default. */
let nextAmr;

const server = createServer();
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  const issuer = `http://127.0.0.1:${port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: OIDC_CLIENT_ID,
        client_secret: OIDC_CLIENT_SECRET,
        redirect_uris: [OIDC_REDIRECT_URI],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    // amr in the openid scope: the ID token then reports how the user authenticated (RFC 8176).
    claims: { openid: ['sub', 'amr'], email: ['email', 'email_verified'], profile: ['name'] },
    scopes: ['openid', 'email', 'profile'],
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    findAccount: async (_ctx, sub) => ({ accountId: sub, claims: async () => ({ sub, email: sub, email_verified: true, name: sub }) }),
    cookies: { keys: ['oidc-test-cookie-key-0123456789'] },
    pkce: { required: () => true },
  });
  provider.on('server_error', (_ctx, err) => console.error('provider error', err));

  const callback = provider.callback();
  server.on('request', async (req, res) => {
    try {
      if (req.url.startsWith('/__test/login-as')) {
        const params = new URL(req.url, issuer).searchParams;
        nextAccount = params.get('sub');
        nextAmr = params.get('amr') ? params.get('amr').split(',') : undefined;
        res.end('ok');
        return;
      }
      if (req.url.startsWith('/interaction/')) {
        const details = await provider.interactionDetails(req, res);
        if (details.prompt.name === 'login') {
          await provider.interactionFinished(
            req,
            res,
            { login: { accountId: nextAccount, ...(nextAmr ? { amr: nextAmr } : {}) } },
            { mergeWithLastSubmission: false },
          );
          return;
        }
        const grant = new provider.Grant({ accountId: details.session.accountId, clientId: details.params.client_id });
        grant.addOIDCScope(String(details.params.scope));
        const grantId = await grant.save();
        await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
        return;
      }
      callback(req, res);
    } catch (e) {
      console.error(e);
      res.statusCode = 500;
      res.end(String(e));
    }
  });
  console.log(`READY ${port}`);
});
