import { INestApplication } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { AppConfig } from '@eid/core';

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
  express.useBodyParser('json', { limit: config.requestBodyLimit });
  express.useBodyParser('urlencoded', { limit: config.requestBodyLimit, extended: false });

  const document = createOpenApiDocument(app);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json', useGlobalPrefix: false });
}

/** The OpenAPI document; also written to a file by scripts/generate-openapi.ts for the web client types. */
export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  return SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('EID Trial Platform API')
      .setDescription(
        'Data management for multicentre trials of personalised extended-interval dosing of natalizumab. ' +
          'Dates are ISO 8601 calendar dates (YYYY-MM-DD) unless named *At (instants, UTC). Units are in field names.',
      )
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
}
