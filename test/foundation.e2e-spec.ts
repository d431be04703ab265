import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@eid/core';
import { createTestApp, TestApp } from './support/test-app';
import { createTestDatabase, dropTestDatabase } from './support/test-database';

describe('Platform foundation (real PostgreSQL)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  it('reports health with database and queue up', async () => {
    const res = await t.http().get('/api/health').expect(200);
    expect(res.body.status).toBe('ok');
    expect(res.body.details.database.status).toBe('up');
    expect(res.body.details.queue.status).toBe('up');
  });

  it('answers unknown routes with the error body shape and a correlation id', async () => {
    const res = await t.http().get('/api/v1/does-not-exist').set('X-Correlation-Id', 'test-corr-0001').expect(404);
    expect(res.headers['x-correlation-id']).toBe('test-corr-0001');
    expect(res.body).toEqual({ statusCode: 404, code: 'NOT_FOUND', message: expect.any(String), correlationId: 'test-corr-0001' });
  });

  it('generates a correlation id when the caller sends none', async () => {
    const res = await t.http().get('/api/v1/does-not-exist').expect(404);
    expect(res.headers['x-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.body.correlationId).toBe(res.headers['x-correlation-id']);
  });

  it('serves the OpenAPI document', async () => {
    const res = await t.http().get('/api/docs-json').expect(200);
    expect(res.body.openapi).toMatch(/^3\./);
    expect(res.body.paths['/api/health']).toBeDefined();
  });

  it('sets security headers; no API answer may be cached (trial data, tokens)', async () => {
    const res = await t.http().get('/api/health');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    for (const r of [
      res,
      await t.http().post('/api/v1/auth/login').send({ email: 'nobody@example.org', password: 'not the password at all' }),
      await t.http().get('/api/v1/does-not-exist'),
    ]) {
      expect(r.headers['cache-control']).toMatch(/(^|, )no-store(,|$)/);
    }
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('rejects a body over the size limit with 413', async () => {
    const big = JSON.stringify({ blob: 'x'.repeat(2 * 1024 * 1024) });
    const res = await t.http().post('/api/v1/auth/login').set('Content-Type', 'application/json').send(big);
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('runs migrations down and up again leaving no schema difference', async () => {
    const ds = await t.ownerDataSource();
    const applied = await ds.query('SELECT count(*)::int AS n FROM typeorm_migrations');
    expect(applied[0].n).toBe(ds.migrations.length);
    for (let i = 0; i < ds.migrations.length; i++) await ds.undoLastMigration({ transaction: 'each' });
    await ds.runMigrations({ transaction: 'each' });
    const pending = await ds.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });
});

describe('Health when the database is gone', () => {
  it('reports not ready (503) naming the database', async () => {
    // Without in-process queue workers: their reconnect loop against a dropped database is not under test here.
    const t = await createTestApp({ RUN_WORKERS: 'false' });
    try {
      await t.http().get('/api/health').expect(200);
      await dropTestDatabase(t.databaseName);
      const res = await t.http().get('/api/health');
      expect(res.status).toBe(503);
      expect(res.body.details.database.status).toBe('down');
    } finally {
      await t.app.close().catch(() => undefined);
    }
  });
});

describe('Migrations on a fresh database', () => {
  it('produce exactly the schema the entities describe', async () => {
    const db = await createTestDatabase();
    const ds = new DataSource(dataSourceOptions(db.url));
    try {
      await ds.initialize();
      await ds.runMigrations({ transaction: 'each' });
      const pending = await ds.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((q) => q.query)).toEqual([]);
    } finally {
      await ds.destroy();
      await dropTestDatabase(db.name);
    }
  });
});
