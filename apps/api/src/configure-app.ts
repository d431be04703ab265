import { INestApplication } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { AppConfig, ERROR_EXAMPLES, ERROR_STATUS_TEXT, ErrorResponseDto, FieldProblemDto, refuseDeepJson } from '@eid/core';

/** Everything about the HTTP edge that is not a module: prefix, security headers, body limits, OpenAPI. */
export function configureApp(app: INestApplication, config: AppConfig): void {
  const express = app as NestExpressApplication;
  app.useLogger(app.get(Logger));
  app.setGlobalPrefix('api', { exclude: [] });
  express.set('trust proxy', 'loopback');
  express.disable('x-powered-by');
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: { defaultSrc: ["'self'"], imgSrc: ["'self'", 'data:'], styleSrc: ["'self'", "'unsafe-inline'"], scriptSrc: ["'self'"] },
      },
    }),
  );
  // API answers carry trial data or tokens: no browser or proxy may keep a copy (issue 16 item 9).
  express.use('/api', (_req: unknown, res: { setHeader(name: string, value: string): void }, next: () => void) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  express.useBodyParser('json', { limit: config.requestBodyLimit, verify: refuseDeepJson });
  express.useBodyParser('urlencoded', { limit: config.requestBodyLimit, extended: false });

  const document = createOpenApiDocument(app);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json', useGlobalPrefix: false });
}

/** The OpenAPI document; also written to a file by scripts/generate-openapi.ts for the web client types. */
export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('EID Trial Platform API')
      .setDescription(
        'Data management for multicentre trials of personalised extended-interval dosing of natalizumab. ' +
          'Dates are ISO 8601 calendar dates (YYYY-MM-DD) unless named *At (instants, UTC). Units are in field names. ' +
          'Every error answers with the ErrorResponseDto model (code, message, details, correlationId).',
      )
      .setVersion('1')
      .addBearerAuth()
      .build(),
    { extraModels: [ErrorResponseDto, FieldProblemDto] },
  );
  addErrorResponses(document);
  return document;
}

const MUTATING = new Set(['post', 'put', 'patch', 'delete']);
const THROTTLED = /\/(auth|signatures)(\/|$)/;

/**
 * The error model on every operation, by how the operation is reached: 400 where it takes input, 401/403 where
 * it needs a token, 404 where the path names a resource, 409 where it changes data, 429 on the throttled
 * authentication and signing routes, 503 everywhere. An operation's own declaration of a status keeps its
 * description; every error status, declared or added, answers the ErrorResponseDto model with an example.
 */
function addErrorResponses(document: OpenAPIObject): void {
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [verb, op] of Object.entries(item) as Array<
      [string, { parameters?: unknown[]; requestBody?: unknown; security?: unknown[]; responses: Record<string, ErrorResponseObject> }]
    >) {
      if (!op || typeof op !== 'object' || !('responses' in op)) continue;
      const statuses = ['503'];
      if (op.parameters?.length || op.requestBody) statuses.push('400');
      if (op.security?.length) statuses.push('401', '403');
      if (path.includes('{')) statuses.push('404');
      if (MUTATING.has(verb)) statuses.push('409');
      if (THROTTLED.test(path)) statuses.push('429');
      for (const status of statuses) op.responses[status] ??= { description: ERROR_STATUS_TEXT[status] };
      for (const [status, response] of Object.entries(op.responses)) if (/^[45]/.test(status)) withErrorModel(status, response);
    }
  }
}

interface ErrorResponseObject {
  description: string;
  content?: Record<string, { schema?: unknown; example?: unknown }>;
}

/** The error model and its example on one error response (an operation's own schema or example is kept). */
function withErrorModel(status: string, response: ErrorResponseObject): void {
  const media = (response.content ??= {})['application/json'] ?? {};
  media.schema ??= { $ref: '#/components/schemas/ErrorResponseDto' };
  media.example ??= ERROR_EXAMPLES[status] ?? { ...ERROR_EXAMPLES['503'], statusCode: Number(status), code: `HTTP_${status}` };
  response.content['application/json'] = media;
}
