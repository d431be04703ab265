import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';

/** One field's problem in a 400 answer (FieldProblem). */
export class FieldProblemDto {
  @ApiProperty({ example: 'overrideIntervalWeeks', description: 'The request field, dotted for nested fields' })
  field: string;

  @ApiProperty({ example: 'VALUE_OUT_OF_RANGE' })
  code: string;

  @ApiProperty({ example: 'must be between 4 and 8 weeks' })
  reason: string;
}

/** Every error answer of the API (HttpExceptionFilter): a stable code, a message, details, the correlation id. */
export class ErrorResponseDto {
  @ApiProperty({ example: 400 })
  statusCode: number;

  @ApiProperty({ example: 'VALIDATION_FAILED', description: 'Stable machine-readable code' })
  code: string;

  @ApiProperty({ example: 'The request has invalid fields' })
  message: string;

  @ApiPropertyOptional({
    oneOf: [
      { type: 'array', items: { $ref: getSchemaPath(FieldProblemDto) } },
      { type: 'object', additionalProperties: true },
    ],
    description: 'For 400: the problems per field; for other codes an object described by the operation',
  })
  details?: FieldProblemDto[] | Record<string, unknown>;

  @ApiProperty({ example: '3f1c2a9e-6d1b-4c53-9c57-0f0f7c1b8a21', description: 'Also in the X-Request-Id header and the logs' })
  correlationId: string;
}

/** The error statuses an operation can answer, by how it is reached (see createOpenApiDocument). */
export const ERROR_STATUS_TEXT: Record<string, string> = {
  '400': 'Invalid input: `details` names each field',
  '401': 'Not signed in, or the token expired',
  '403': 'Signed in, but the role does not allow this',
  '404': "Not found, or outside the caller's sites (never told apart)",
  '409': 'Conflict: a stale version, a frozen or locked record, or a rule that refuses the change',
  '429': 'Too many attempts: retry after the Retry-After header',
  '503': 'A dependency (database, queue) is unavailable: retry later',
};

const EXAMPLE_CORRELATION_ID = '3f1c2a9e-6d1b-4c53-9c57-0f0f7c1b8a21';

/**
 * One example answer per error status, as HttpExceptionFilter writes it (the codes and messages of AppError and
 * the validation pipe), for the OpenAPI document: every error response of every operation carries one.
 */
export const ERROR_EXAMPLES: Record<string, ErrorResponseDto> = {
  '400': {
    statusCode: 400,
    code: 'VALIDATION_FAILED',
    message: 'The request has invalid fields',
    details: [{ field: 'limit', code: 'MAX', reason: 'limit must not be greater than 200' }],
    correlationId: EXAMPLE_CORRELATION_ID,
  },
  '401': { statusCode: 401, code: 'UNAUTHENTICATED', message: 'Authentication required', correlationId: EXAMPLE_CORRELATION_ID },
  '403': { statusCode: 403, code: 'FORBIDDEN', message: 'You are not allowed to do this', correlationId: EXAMPLE_CORRELATION_ID },
  '404': { statusCode: 404, code: 'NOT_FOUND', message: 'Participant was not found', correlationId: EXAMPLE_CORRELATION_ID },
  '409': {
    statusCode: 409,
    code: 'STALE_VERSION',
    message: 'The record was changed by someone else since you loaded it',
    details: { current: 3 },
    correlationId: EXAMPLE_CORRELATION_ID,
  },
  '429': {
    statusCode: 429,
    code: 'TOO_MANY_ATTEMPTS',
    message: 'Too many attempts: try again in 60 s',
    correlationId: EXAMPLE_CORRELATION_ID,
  },
  '503': {
    statusCode: 503,
    code: 'DATABASE_UNAVAILABLE',
    message: 'The database is not available; try again shortly',
    correlationId: EXAMPLE_CORRELATION_ID,
  },
};
