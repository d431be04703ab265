import { createTestApp, TestApp } from './support/test-app';
import { dropTestDatabase } from './support/test-database';
import { api, createTrialWorld, enrolledParticipant, TrialWorld } from './support/trial-fixtures';

/**
 * Issue 16 item 6 (and issue 19 item 6): bad input never gives a 5xx. Every class of malformed input is answered
 * 400 naming the field; a dead database is 503 with a stable code; anonymous health shows status only.
 */
jest.setTimeout(120_000);

describe('Bad input never gives a 5xx (real PostgreSQL)', () => {
  let t: TestApp;
  let w: TrialWorld;
  let participantId: string;
  beforeAll(async () => {
    t = await createTestApp();
    w = await createTrialWorld(t);
    participantId = (await enrolledParticipant(t, w)).id;
  });
  afterAll(async () => t.close());

  const ae = (term: string) => ({
    term,
    onsetDate: '2026-03-10',
    severity: 'mild',
    relatedness: 'unlikely',
    actionTaken: 'none',
    outcome: 'recovered',
  });
  const postAe = (body: object) => api(t, w.invA).post(`/api/v1/participants/${participantId}/adverse-events`, body);
  const fields = (body: { details?: Array<{ field: string; code: string }> }) => (body.details ?? []).map((d) => `${d.field}:${d.code}`);

  it.each([
    ['a NUL byte', 'Head\u0000ache'],
    ['a bell (U+0007)', 'Head\u0007ache'],
    ['an escape (U+001B)', '\u001b[31mred'],
    ['DEL (U+007F)', 'Head\u007fache'],
    ['a C1 control (U+0085)', 'Head\u0085ache'],
  ])('refuses %s in a string field: 400 naming the field', async (_label, term) => {
    const res = await postAe(ae(term));
    expect(res.status).toBe(400);
    expect(fields(res.body)).toEqual(['term:CONTROL_CHARACTER']);
  });

  it('accepts tab, CR and LF inside text', async () => {
    const res = await postAe(ae('Headache\tafter\r\nexercise'));
    expect(res.status).toBe(201);
  });

  it.each([
    ['a lone high surrogate', '"Head\\ud800ache"'],
    ['a lone low surrogate', '"\\udc00ache"'],
  ])('refuses %s: 400 naming the field', async (_label, json) => {
    const raw = `{"term":${json},"onsetDate":"2026-03-10","severity":"mild","relatedness":"unlikely","actionTaken":"none","outcome":"recovered"}`;
    const res = await t
      .http()
      .post(`/api/v1/participants/${participantId}/adverse-events`)
      .set('Authorization', `Bearer ${w.invA.token}`)
      .set('Content-Type', 'application/json')
      .send(raw);
    expect(res.status).toBe(400);
    expect(fields(res.body)).toEqual(['term:INVALID_UNICODE']);
  });

  it('accepts a proper surrogate pair (an emoji)', async () => {
    expect((await postAe(ae('Headache \ud83e\udd15'))).status).toBe(201);
  });

  it('names the path of a control character in a nested field and in a query parameter', async () => {
    const res = await api(t, w.invA).get(`/api/v1/participants?search=${encodeURIComponent('AMS\u0000')}`);
    expect(res.status).toBe(400);
    expect(fields(res.body)).toEqual(['search:CONTROL_CHARACTER']);
  });

  it.each([
    ['authenticated, on an eCRF form', true],
    ['unauthenticated, at login', false],
  ])('refuses deeply nested JSON (%s) with 400, before any parsing recursion', async (_label, authenticated) => {
    const depth = 100_000;
    const raw = `{"term":${'['.repeat(depth)}${']'.repeat(depth)}}`;
    const url = authenticated ? `/api/v1/participants/${participantId}/adverse-events` : '/api/v1/auth/login';
    const req = t.http().post(url).set('Content-Type', 'application/json');
    const res = await (authenticated ? req.set('Authorization', `Bearer ${w.invA.token}`) : req).send(raw);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('JSON_TOO_DEEP');
  });

  it('accepts ordinary nesting (the deepest DTO is a few levels)', async () => {
    const res = await t
      .http()
      .post('/api/v1/auth/login')
      .set('Content-Type', 'application/json')
      .send('{"email":"x@example.org","password":"nope nope nope"}');
    expect(res.status).toBe(401);
  });

  it('login with a NUL byte in the e-mail: 400 naming the field (unauthenticated)', async () => {
    const res = await t.http().post('/api/v1/auth/login').send({ email: 'a\u0000@example.org', password: 'x' });
    expect(res.status).toBe(400);
    expect(fields(res.body)).toEqual(['email:CONTROL_CHARACTER']);
  });

  it('null for a required field on PATCH: 400 naming the field, the record unchanged', async () => {
    const created = await postAe(ae('Nausea'));
    expect(created.status).toBe(201);
    for (const field of ['term', 'onsetDate', 'severity']) {
      const res = await api(t, w.invA).patch(`/api/v1/participants/${participantId}/adverse-events/${created.body.id}`, {
        [field]: null,
        version: created.body.version,
        reason: 'test',
      });
      expect(res.status).toBe(400);
      expect(fields(res.body).map((f) => f.split(':')[0])).toContain(field);
    }
    const [row] = await t.dataSource.query('SELECT term, version FROM adverse_event WHERE id = $1', [created.body.id]);
    expect(row).toEqual({ term: 'Nausea', version: created.body.version });
  });

  it('null for an optional field on PATCH still clears it', async () => {
    const created = await postAe({ ...ae('Rash'), resolutionDate: '2026-03-20' });
    expect(created.status).toBe(201);
    const res = await api(t, w.invA).patch(`/api/v1/participants/${participantId}/adverse-events/${created.body.id}`, {
      resolutionDate: null,
      version: created.body.version,
      reason: 'entered on the wrong form',
    });
    expect(res.status).toBe(200);
  });

  it('anonymous health shows status only: no addresses, no messages', async () => {
    const res = await t.http().get('/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', details: { database: { status: 'up' }, queue: { status: 'up' } } });
  });
});

describe('Database down → 503 with a stable code, health without addresses', () => {
  it('answers an authenticated read and health with 503, no internal address', async () => {
    const t = await createTestApp({ RUN_WORKERS: 'false' });
    try {
      const w = await createTrialWorld(t);
      await api(t, w.invA).get('/api/v1/participants').expect(200);
      await dropTestDatabase(t.databaseName);
      const res = await api(t, w.invA).get('/api/v1/participants');
      expect(res.status).toBe(503);
      expect(res.body.code).toBe('DATABASE_UNAVAILABLE');
      const health = await t.http().get('/api/health');
      expect(health.status).toBe(503);
      expect(health.body).toEqual({
        statusCode: 503,
        code: 'NOT_READY',
        message: expect.any(String),
        status: 'error',
        details: expect.any(Object),
        correlationId: expect.any(String),
      });
      expect(health.body.details.database).toEqual({ status: 'down' });
      expect(JSON.stringify(health.body)).not.toMatch(/127\.0\.0\.1|localhost|:5432|ECONNREFUSED/);
    } finally {
      await t.app.close().catch(() => undefined);
    }
  });
});
