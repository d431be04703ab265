import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { AppError, FieldProblem } from './app-error';
import { inputTextProblems } from './input-text';

/** Flatten class-validator errors to `field` paths (`items.0.date`) with a stable code per constraint. */
export function toFieldProblems(errors: ValidationError[], prefix = ''): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (const e of errors) {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    for (const [constraint, reason] of Object.entries(e.constraints ?? {})) {
      const code = (e.contexts?.[constraint] as { code?: string } | undefined)?.code ?? constraintCode(constraint);
      out.push({ field, code, reason });
    }
    if (e.children?.length) out.push(...toFieldProblems(e.children, field));
  }
  return out;
}

function constraintCode(constraint: string): string {
  if (constraint === 'whitelistValidation') return 'UNKNOWN_FIELD';
  return constraint.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
}

/**
 * The global pipe: first the text rules every string field obeys (input-text.ts: no control characters but tab,
 * CR, LF; no lone surrogates) on the body, query and route parameters, then the DTO's class-validator rules.
 */
export class InputValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' || metadata.type === 'query' || metadata.type === 'param') {
      const problems = inputTextProblems(value, metadata.data ?? '');
      if (problems.length) throw AppError.fieldProblems(problems);
    }
    return super.transform(value, metadata);
  }
}

export function createValidationPipe(): ValidationPipe {
  return new InputValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => AppError.fieldProblems(toFieldProblems(errors)),
  });
}
