import { randomUUID } from 'node:crypto';
import { IncomingMessage, ServerResponse } from 'node:http';
import { RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig } from '../config/app-config';
import { errorSerializer, requestSerializer, responseSerializer } from './log-serializers';

export const CORRELATION_HEADER = 'x-correlation-id';

/**
 * Structured JSON logs (pino). Every request gets a correlation id — the caller's `X-Correlation-Id` when it
 * is a sane token, else a UUID — echoed in the response header, every log line and every error body.
 * Stack traces are a field of the `err` object, never separate lines.
 */
export function loggerModule(config: AppConfig) {
  return LoggerModule.forRoot({
    // Express 5 / path-to-regexp 8 syntax for "every route" (the default '*' logs a conversion warning).
    forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
    pinoHttp: {
      level: config.logLevel,
      genReqId: (req: IncomingMessage, res: ServerResponse) => {
        const given = req.headers[CORRELATION_HEADER];
        const id = typeof given === 'string' && /^[\w.-]{8,128}$/.test(given) ? given : randomUUID();
        res.setHeader(CORRELATION_HEADER, id);
        return id;
      },
      customProps: (req: IncomingMessage) => ({ correlationId: (req as IncomingMessage & { id?: string }).id }),
      // Method + path, status, safe error fields only (log-serializers.ts; docs/security.md → What is logged).
      serializers: { req: requestSerializer, res: responseSerializer, err: errorSerializer },
      redact: { paths: ['*.password', '*.token', '*.accessToken', '*.refreshToken', '*.parameters', '*.headers'], censor: '[redacted]' },
      autoLogging: { ignore: (req: IncomingMessage) => req.url === '/api/health' },
      quietReqLogger: true,
    },
  });
}
