import { errorSerializer, redactMessage, requestSerializer } from './log-serializers';

describe('log serializers (issue 16 item 9)', () => {
  it('drop SQL parameters and driver details from a database error', () => {
    const err = Object.assign(new Error('duplicate key value violates unique constraint "uq_app_user_email"'), {
      code: '23505',
      parameters: ['anna@umc.nl', '$argon2id$v=19$m=65536…'],
      query: 'INSERT INTO app_user …',
      driverError: { detail: 'Key (email)=(anna@umc.nl) already exists.' },
      constraint: 'uq_app_user_email',
    });
    const logged = JSON.stringify(errorSerializer(err));
    expect(logged).not.toMatch(/anna|argon2|INSERT/);
    expect(errorSerializer(err)).toMatchObject({
      type: 'Error',
      code: '23505',
      constraint: 'uq_app_user_email',
      stack: expect.any(String),
    });
  });

  it('read the error itself when pino-http passes its own rendering of it (all fields, the error as raw)', () => {
    const err = Object.assign(new Error('new row for relation "adverse_event" violates check constraint "ck_x"'), {
      code: '23514',
      parameters: ['Headache after visiting Mrs Jansen'],
      constraint: 'ck_x',
    });
    // What pino-std-serializers makes of it before calling a custom serializer (wrapErrorSerializer).
    const rendered = { type: 'QueryFailedError', message: err.message, stack: err.stack, parameters: err.parameters, raw: err };
    const logged = errorSerializer(rendered);
    expect(logged).toMatchObject({ type: 'Error', code: '23514', constraint: 'ck_x', stack: expect.any(String) });
    expect(JSON.stringify(logged)).not.toContain('Jansen');
  });

  it('cut quoted values out of PostgreSQL messages', () => {
    expect(redactMessage('invalid input syntax for type uuid: "robert\'); drop"')).toBe('invalid input syntax for type uuid: "…"');
    expect(redactMessage('Key (email)=(anna@umc.nl) already exists.')).toBe('Key (email)=(…) already exists.');
  });

  it('log a request as method and path only: no query string (OIDC code, state), headers or body', () => {
    const req = {
      id: 'c1',
      method: 'GET',
      url: '/api/v1/auth/oidc/callback?code=secret-code&state=s',
      headers: { cookie: 'eid_oidc=x' },
      body: { password: 'p' },
    };
    expect(requestSerializer(req as never)).toEqual({ id: 'c1', method: 'GET', path: '/api/v1/auth/oidc/callback' });
  });
});
