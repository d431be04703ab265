import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { buildOpenApiDocument } from '../apps/api/src/openapi-document';

/**
 * Writes the API's OpenAPI document without a database or a listening server (Nest preview mode, see
 * buildOpenApiDocument). `npm run openapi:generate` then turns it into apps/web/src/api/schema.d.ts, so a
 * changed DTO breaks the web build (`tsc`) instead of the user.
 */
async function main(): Promise<void> {
  const out = resolve(process.argv[2] ?? 'apps/web/openapi.json');
  const document = await buildOpenApiDocument();
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(document, null, 2)}\n`);
  process.stdout.write(`OpenAPI document with ${Object.keys(document.paths).length} paths written to ${out}\n`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
