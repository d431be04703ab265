// A real OpenID Connect provider (the `oidc-provider` package, ESM-only) on loopback, for the SSO e2e test.
// Run as a child process: prints `READY <port>` once listening. Interactions are completed automatically:
// login as the account set by `GET /__test/login-as?sub=<email>`, consent granted for the requested scopes.
// With OIDC_TEST_INTERACTIVE=1 (browser journeys) the provider shows a login page and a consent page instead.
import { createServer } from 'node:http';
import Provider from 'oidc-provider';

const { OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_REDIRECT_URI, OIDC_TEST_INTERACTIVE } = process.env;
let nextAccount = 'nobody@example.org';
/** Authentication methods the next login reports in the ID token's `amr` (RFC 8176); none by default. */
let nextAmr;
/** Whether the next consent is denied (`deny=1`): the provider answers `error=access_denied`. */
let nextDeny = false;

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
        nextDeny = params.get('deny') === '1';
        res.end('ok');
        return;
      }
      if (OIDC_TEST_INTERACTIVE === '1' && req.url.startsWith('/interaction/')) {
        await interactive(provider, req, res);
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
        if (nextDeny) {
          await provider.interactionFinished(req, res, { error: 'access_denied' }, { mergeWithLastSubmission: false });
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

const escape = (v) => String(v).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title, body) {
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title></head>` +
    `<body><main><h1>${escape(title)}</h1>${body}</main></body></html>`
  );
}

async function readForm(req) {
  let body = '';
  for await (const chunk of req) body += chunk;
  return new URLSearchParams(body);
}

/** A person's view of the provider: a login form (e-mail; "used my authenticator" reports amr otp), then consent. */
async function interactive(provider, req, res) {
  const details = await provider.interactionDetails(req, res);
  const uid = escape(details.uid);
  if (req.method === 'GET') {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    if (details.prompt.name === 'login') {
      res.end(
        page(
          'Hospital identity provider: sign in',
          `<form method="post" action="/interaction/${uid}/login">` +
            '<p><label for="email">Hospital e-mail</label> <input id="email" name="email" type="email" required></p>' +
            '<p><input id="otp" name="otp" type="checkbox" value="1"> <label for="otp">I used my authenticator</label></p>' +
            '<button type="submit">Continue</button></form>',
        ),
      );
    } else {
      res.end(
        page(
          'Hospital identity provider: allow access',
          `<p>The EID Trial Platform asks for: ${escape(details.params.scope)}</p>` +
            `<form method="post" action="/interaction/${uid}/confirm"><button type="submit">Allow</button></form>` +
            `<form method="post" action="/interaction/${uid}/abort"><button type="submit">Deny</button></form>`,
        ),
      );
    }
    return;
  }
  const form = await readForm(req);
  if (req.url.endsWith('/login')) {
    const amr = form.get('otp') === '1' ? ['pwd', 'otp'] : ['pwd'];
    await provider.interactionFinished(req, res, { login: { accountId: form.get('email'), amr } }, { mergeWithLastSubmission: false });
  } else if (req.url.endsWith('/confirm')) {
    const grant = new provider.Grant({ accountId: details.session.accountId, clientId: details.params.client_id });
    grant.addOIDCScope(String(details.params.scope));
    await provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
  } else {
    await provider.interactionFinished(
      req,
      res,
      { error: 'access_denied', error_description: 'the person denied access' },
      { mergeWithLastSubmission: false },
    );
  }
}
