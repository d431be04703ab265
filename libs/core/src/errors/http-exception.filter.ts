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
    res.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown, correlationId: string): ErrorBody {
    if (exception instanceof AppError) {
      return { statusCode: exception.statusCode, code: exception.code, message: exception.message, details: exception.details, correlationId };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      // Terminus answers 503 with its own structured report; keep it whole so operators see what is down.
      if (typeof response === 'object' && response !== null && 'details' in response && 'status' in response) {
        const report = response as { details: unknown };
        return { statusCode: status, code: 'NOT_READY', message: 'A dependency is not ready', ...report, correlationId };
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
      const code = parserError.type === 'entity.parse.failed' ? 'MALFORMED_JSON' : (HTTP_CODES[parserError.status] ?? `HTTP_${parserError.status}`);
      return { statusCode: parserError.status, code, message: String(parserError.message), correlationId };
    }
    if (exception instanceof QueryFailedError) {
      const pgCode = (exception as QueryFailedError & { code?: string }).code;
      if (pgCode === '22P02') return { statusCode: 400, code: 'MALFORMED_ID', message: 'An identifier in the request is malformed', correlationId };
      if (pgCode === '23505') return { statusCode: 409, code: 'DUPLICATE', message: 'A record with the same unique value already exists', correlationId };
    }
    return { statusCode: HttpStatus.INTERNAL_SERVER_ERROR, code: 'INTERNAL', message: 'An unexpected error occurred', correlationId };
  }
}

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
