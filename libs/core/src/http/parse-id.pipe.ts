import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { AppError } from '../errors/app-error';

/** `@Param('studyId', ParseIdPipe)`: a malformed id → 400 naming the parameter, in the API's error body. */
@Injectable()
export class ParseIdPipe implements PipeTransform<unknown, string> {
  transform(value: unknown, metadata: ArgumentMetadata): string {
    if (typeof value !== 'string' || !isUUID(value)) {
      const field = metadata.data ?? 'id';
      throw AppError.fieldProblems([{ field, code: 'MALFORMED_ID', reason: `${field} must be a UUID` }]);
    }
    return value.toLowerCase();
  }
}
