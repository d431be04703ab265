import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

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
    type: [FieldProblemDto],
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
