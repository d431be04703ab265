/** One field problem in a 400 answer: which field, why, and the stable edit-check code. */
export interface FieldProblem {
  field: string;
  code: string;
  reason: string;
}

/**
 * A coded error the HTTP filter maps to a status (STYLE.md habit 4). Services throw these; controllers never
 * build HTTP errors themselves.
 */
export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }

  static badRequest(code: string, message: string, details?: FieldProblem[] | unknown): AppError {
    return new AppError(400, code, message, details);
  }
  static fieldProblems(problems: FieldProblem[], message = 'The request has invalid fields'): AppError {
    return new AppError(400, 'VALIDATION_FAILED', message, problems);
  }
  static unauthorized(message = 'Authentication required', code = 'UNAUTHENTICATED'): AppError {
    return new AppError(401, code, message);
  }
  static forbidden(message = 'You are not allowed to do this', code = 'FORBIDDEN'): AppError {
    return new AppError(403, code, message);
  }
  /** Also used for rows outside the caller's site scope: existence is not leaked (404, not 403). */
  static notFound(what: string, id?: string): AppError {
    return new AppError(404, 'NOT_FOUND', id ? `${what} ${id} was not found` : `${what} was not found`);
  }
  static conflict(code: string, message: string, details?: unknown): AppError {
    return new AppError(409, code, message, details);
  }
  static staleVersion(current: unknown): AppError {
    return new AppError(409, 'STALE_VERSION', 'The record was changed by someone else since you loaded it', { current });
  }
  static reasonRequired(): AppError {
    return AppError.fieldProblems([
      { field: 'reason', code: 'REASON_REQUIRED', reason: 'a reason for change is required when changing saved data' },
    ]);
  }
}
