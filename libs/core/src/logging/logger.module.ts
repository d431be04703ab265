import { randomUUID } from 'node:crypto';
import { IncomingMessage, ServerResponse } from 'node:http';
import { RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig } from '../config/app-config';

export const CORRELATION_HEADER = 'x-correlation-id';

/**
 * Structured JSON logs (pino). Every request gets a correlation id — the caller's `X-Correlation-Id` when it
 * is a sane token, else a UUID — echoed in the response header, every log line and every error body.
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
      redact: ['req.headers.authorization', 'req.headers.cookie', 'req.body.password'],
      autoLogging: { ignore: (req: IncomingMessage) => req.url === '/api/health' },
      quietReqLogger: true,
    },
  });
}
