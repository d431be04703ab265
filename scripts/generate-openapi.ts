import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@eid/core';
import { AppModule } from '../apps/api/src/app.module';
import { createOpenApiDocument } from '../apps/api/src/configure-app';

/**
 * Writes the API's OpenAPI document without a database or a listening server: Nest's preview mode builds
 * the module graph (controllers, DTO metadata) but instantiates no provider, so no connection is opened.
 * `npm run openapi:generate` then turns it into apps/web/src/api/schema.d.ts, so a changed DTO breaks the
 * web build (`tsc`) instead of the user.
 */
async function main(): Promise<void> {
  const out = resolve(process.argv[2] ?? 'apps/web/openapi.json');
  const config = { ...loadConfig({ ...process.env, LOG_LEVEL: 'silent', SEED_DEMO: 'false' }), runWorkers: true };
  const app = await NestFactory.create(
    AppModule.register({ config, databaseUrl: 'postgres://unused@127.0.0.1:1/unused', runMigrations: false }),
    { preview: true, logger: false, abortOnError: false },
  );
  app.setGlobalPrefix('api');
  const document = createOpenApiDocument(app);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(document, null, 2)}\n`);
  process.stdout.write(`OpenAPI document with ${Object.keys(document.paths).length} paths written to ${out}\n`);
  await app.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
