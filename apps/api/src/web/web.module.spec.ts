import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Controller, Get, INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { WEB_DIST_DIR, WebModule } from './web.module';

@Controller('v1/ping')
class PingController {
  @Get()
  ping() {
    return { pong: true };
  }
}

describe('WebModule: the SPA at / beside the API at /api', () => {
  let app: INestApplication;
  let dist: string;

  beforeAll(async () => {
    dist = mkdtempSync(join(tmpdir(), 'eid-web-'));
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(join(dist, 'assets', 'index-abc123.js'), 'console.log(1)');
    const moduleRef = await Test.createTestingModule({ imports: [WebModule], controllers: [PingController] })
      .overrideProvider(WEB_DIST_DIR)
      .useValue(dist)
      .compile();
    app = moduleRef.createNestApplication({ logger: false });
    app.setGlobalPrefix('api');
    await app.init();
  });

  afterAll(async () => {
    await app.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it('serves index.html at / and for client-side routes (reload, pasted link)', async () => {
    for (const path of ['/', '/participants/8c0d5e6a-0000-4000-8000-000000000001', '/monitor']) {
      const res = await request(app.getHttpServer()).get(path).expect(200);
      expect(res.text).toContain('<div id="root">');
      expect(res.headers['cache-control']).toBe('no-cache');
    }
  });

  it('serves hashed assets as immutable', async () => {
    const res = await request(app.getHttpServer()).get('/assets/index-abc123.js').expect(200);
    expect(res.headers['cache-control']).toContain('immutable');
  });

  it('leaves /api alone: routes answer, unknown API paths keep a 404 (not the SPA)', async () => {
    await request(app.getHttpServer()).get('/api/v1/ping').expect(200, { pong: true });
    const res = await request(app.getHttpServer()).get('/api/v1/nothing-here').expect(404);
    expect(res.text).not.toContain('<div id="root">');
  });

  it('does not answer non-GET requests outside /api with the SPA', async () => {
    await request(app.getHttpServer()).post('/somewhere').expect(404);
  });
});
