import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { Request, Response } from 'express';
import { QueryFailedError } from 'typeorm';
import { AppError } from './app-error';

export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details?: unknown;
  correlationId: string;
}

/** One exit for every error: `{ statusCode, code, message, details?, correlationId }`. */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request & { id?: string }>();
    const res = http.getResponse<Response>();
    const body = this.toBody(exception, String(req.id ?? ''));
    if (body.statusCode >= 500) this.logger.error({ err: exception, correlationId: body.correlationId }, 'Unhandled error');
    if (res.headersSent) return;
    if (body.code === 'DATABASE_UNAVAILABLE') res.setHeader('Retry-After', '5');
    res.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown, correlationId: string): ErrorBody {
    if (exception instanceof AppError) {
      return {
        statusCode: exception.statusCode,
        code: exception.code,
        message: exception.message,
        details: exception.details,
        correlationId,
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      // Terminus answers 503 with its own report: the health route is anonymous, so only the status of each
      // dependency is kept — its messages name internal addresses (issue 16 item 6); the log has them.
      if (typeof response === 'object' && response !== null && 'details' in response && 'status' in response) {
        const report = response as { status: string; details: Record<string, { status: string }> };
        this.logger.warn({ health: report.details, correlationId }, 'Not ready');
        return { statusCode: status, code: 'NOT_READY', message: 'A dependency is not ready', ...healthStatusOnly(report), correlationId };
      }
      const message = typeof response === 'string' ? response : ((response as { message?: unknown }).message ?? exception.message);
      return {
        statusCode: status,
        code: HTTP_CODES[status] ?? `HTTP_${status}`,
        message: Array.isArray(message) ? message.join('; ') : String(message),
        correlationId,
      };
    }
    // body-parser errors (http-errors): too large, malformed JSON, bad charset — client errors, not 500s.
    const parserError = exception as { expose?: boolean; status?: number; type?: string; message?: string };
    if (parserError?.expose && typeof parserError.status === 'number' && parserError.status < 500) {
      const code = PARSER_CODES[parserError.type ?? ''] ?? HTTP_CODES[parserError.status] ?? `HTTP_${parserError.status}`;
      return { statusCode: parserError.status, code, message: String(parserError.message), correlationId };
    }
    if (isDatabaseUnavailable(exception)) {
      return {
        statusCode: HttpStatus.SERVICE_UNAVAILABLE,
        code: 'DATABASE_UNAVAILABLE',
        message: 'The database is not available; try again shortly',
        correlationId,
      };
    }
    if (exception instanceof QueryFailedError) {
      const pgCode = (exception as QueryFailedError & { code?: string }).code;
      if (pgCode === '22P02')
        return { statusCode: 400, code: 'MALFORMED_ID', message: 'An identifier in the request is malformed', correlationId };
      // A foreign key refused the row (the services check first; this is the database's last word): a reference
      // in the request names nothing the record may point at — the caller's error, not the server's.
      if (pgCode === '23503')
        return {
          statusCode: 400,
          code: 'UNKNOWN_REFERENCE',
          message: 'A referenced record does not exist or belongs elsewhere',
          correlationId,
        };
      if (pgCode === '23505')
        return { statusCode: 409, code: 'DUPLICATE', message: 'A record with the same unique value already exists', correlationId };
    }
    return { statusCode: HttpStatus.INTERNAL_SERVER_ERROR, code: 'INTERNAL', message: 'An unexpected error occurred', correlationId };
  }
}

/** A health report reduced to the status of each dependency (no messages, no addresses). */
export function healthStatusOnly(report: { status: string; details?: Record<string, { status: string }> }): {
  status: string;
  details: Record<string, { status: string }>;
} {
  const details = Object.fromEntries(Object.entries(report.details ?? {}).map(([name, d]) => [name, { status: d.status }]));
  return { status: report.status, details };
}

/**
 * PostgreSQL unreachable or going away: connection exceptions (class 08), admin shutdown / cannot connect now
 * (57P01–57P03), too many connections (53300), the database gone (3D000), the application role's login refused
 * (28000, 28P01: role dropped or password rotated under it), and the driver's socket and pool errors.
 * Answered 503 `DATABASE_UNAVAILABLE` with Retry-After: the request may be retried, it was not wrong.
 */
const UNAVAILABLE_PG_CODES = new Set(['57P01', '57P02', '57P03', '53300', '3D000', '28000', '28P01']);
const UNAVAILABLE_NET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH']);
const UNAVAILABLE_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection is not established/i;

export function isDatabaseUnavailable(exception: unknown): boolean {
  for (
    let e = exception as { code?: unknown; message?: unknown; driverError?: unknown } | undefined, i = 0;
    e && i < 3;
    e = e.driverError as typeof e, i++
  ) {
    const code = typeof e.code === 'string' ? e.code : '';
    if (UNAVAILABLE_PG_CODES.has(code) || code.startsWith('08') || UNAVAILABLE_NET_CODES.has(code)) return true;
    if (typeof e.message === 'string' && UNAVAILABLE_MESSAGES.test(e.message)) return true;
  }
  return false;
}

const PARSER_CODES: Record<string, string> = {
  'entity.parse.failed': 'MALFORMED_JSON',
  'entity.too.deep': 'JSON_TOO_DEEP',
};

const HTTP_CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'TOO_MANY_REQUESTS',
};
