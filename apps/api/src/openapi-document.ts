import { NestFactory } from '@nestjs/core';
import { OpenAPIObject } from '@nestjs/swagger';
import { loadConfig } from '@eid/core';
import { AppModule } from './app.module';
import { createOpenApiDocument } from './configure-app';

/**
 * The API's OpenAPI document, built without a database or a listening server: Nest's preview mode builds the
 * module graph (controllers, DTO metadata) but instantiates no provider, so no connection is opened. Used by
 * scripts/generate-openapi.ts and by test/openapi-contract.e2e-spec.ts.
 */
export async function buildOpenApiDocument(): Promise<OpenAPIObject> {
  const config = { ...loadConfig({ ...process.env, LOG_LEVEL: 'silent', SEED_DEMO: 'false' }), runWorkers: true };
  const app = await NestFactory.create(
    AppModule.register({ config, databaseUrl: 'postgres://unused@127.0.0.1:1/unused', runMigrations: false }),
    { preview: true, logger: false, abortOnError: false },
  );
  try {
    app.setGlobalPrefix('api');
    return createOpenApiDocument(app);
  } finally {
    await app.close();
  }
}

/**
 * Operations that declare no success response schema: every operation must say what a 2xx returns — a body
 * schema, or 204 No Content, or a 3xx redirect (issue 18 item 3).
 */
export function operationsWithoutSuccessSchema(document: OpenAPIObject): string[] {
  const missing: string[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [verb, op] of Object.entries(
      item as Record<string, { responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> }>,
    )) {
      if (!op || typeof op !== 'object' || !('responses' in op)) continue;
      const success = Object.entries(op.responses ?? {}).filter(([code]) => /^[23]/.test(code));
      const declared = success.some(
        ([code, r]) => code === '204' || code.startsWith('3') || Object.values(r.content ?? {}).some((media) => media.schema !== undefined),
      );
      if (!declared) missing.push(`${verb.toUpperCase()} ${path}`);
    }
  }
  return missing;
}

/**
 * Error responses (4xx/5xx) that do not answer the error model with an example: each must name a JSON schema and
 * carry an example with `code`, `message` and `correlationId` (issue 18 item 3). Listed as `VERB path status`.
 */
export function errorResponsesWithoutModel(document: OpenAPIObject): string[] {
  const missing: string[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [verb, op] of Object.entries(
      item as Record<string, { responses?: Record<string, { content?: Record<string, { schema?: unknown; example?: unknown }> }> }>,
    )) {
      if (!op || typeof op !== 'object' || !('responses' in op)) continue;
      for (const [status, r] of Object.entries(op.responses ?? {})) {
        if (!/^[45]/.test(status)) continue;
        const media = r.content?.['application/json'];
        const example = media?.example as Record<string, unknown> | undefined;
        const complete =
          media?.schema !== undefined &&
          typeof example?.code === 'string' &&
          typeof example.message === 'string' &&
          typeof example.correlationId === 'string' &&
          example.statusCode === Number(status);
        if (!complete) missing.push(`${verb.toUpperCase()} ${path} ${status}`);
      }
    }
  }
  return missing;
}
