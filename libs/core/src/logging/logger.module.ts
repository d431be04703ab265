import { randomUUID } from 'node:crypto';
import { mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { IncomingMessage, ServerResponse } from 'node:http';
import { RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { Options } from 'pino-http';
import { AppConfig } from '../config/app-config';
import { errorSerializer, requestSerializer, responseSerializer } from './log-serializers';

export const CORRELATION_HEADER = 'x-correlation-id';

/**
 * Structured JSON logs (pino). Every request gets a correlation id — the caller's `X-Correlation-Id` when it
 * is a sane token, else a UUID — echoed in the response header, every log line and every error body.
 * Stack traces are a field of the `err` object, never separate lines.
 */
export function loggerModule(config: AppConfig) {
  const options: Options = {
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
  };
  return LoggerModule.forRoot({
    // Express 5 / path-to-regexp 8 syntax for "every route" (the default '*' logs a conversion warning).
    forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
    pinoHttp: config.logFile ? [options, fileDestination(config.logFile)] : options,
  });
}

/**
 * LOG_FILE: every line appended with a synchronous write (nothing is lost or buffered at exit; the same JSON
 * lines as stdout), readable by the platform's OS user only. What the tests read to prove no secret is logged
 * (test/log-secrets.e2e-spec.ts); in production stdout to the service manager is the usual place.
 */
function fileDestination(path: string): { write(line: string): void } {
  mkdirSync(dirname(path), { recursive: true });
  const fd = openSync(path, 'a', 0o600);
  return { write: (line: string) => void writeSync(fd, line) };
}
