import { Type } from '@nestjs/common';
import { ApiProperty, IntersectionType, OmitType } from '@nestjs/swagger';
import { getMetadataArgsStorage } from 'typeorm';
import { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { codeListOf, columnDisclosure } from './column-disclosure';
import { EcrfFormDefinition } from './ecrf-form.definition';
import { EcrfRecord } from './ecrf-record.base';

/** A soft warning stored with the record (RecordWarning). */
export class RecordWarningDto {
  @ApiProperty({ example: 'sampledOn' })
  field: string;

  @ApiProperty({ example: 'DUPLICATE_OCCASION' })
  code: string;

  @ApiProperty({ example: 'Another trough result is recorded on this date' })
  message: string;
}

/** The columns every eCRF record carries besides the form's own fields (EcrfRecord, ParticipantScopedRow); all are always sent, null when unset. */
export class EcrfRecordMetaDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  studyId: string;

  @ApiProperty({ format: 'uuid' })
  siteId: string;

  @ApiProperty({ format: 'uuid' })
  participantId: string;

  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The planned visit the record belongs to' })
  plannedVisitId: string | null;

  @ApiProperty({
    type: [RecordWarningDto],
    nullable: true,
    description: 'Soft warnings of the edit checks; null for pseudonymised readers (stored as text, column-disclosure.ts)',
  })
  warnings: RecordWarningDto[] | null;

  @ApiProperty({ example: 1, description: 'Optimistic-lock version: send it back with a correction (409 when stale)' })
  version: number;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  createdBy: string | null;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  updatedBy: string | null;

  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'Soft delete (never physical)' })
  deletedAt: string | null;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  deletedBy: string | null;

  @ApiProperty({ nullable: true, type: String })
  deleteReason: string | null;

  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'Source data verification' })
  verifiedAt: string | null;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  verifiedBy: string | null;
}

const API_MODEL_PROPERTIES = 'swagger/apiModelProperties';
const API_MODEL_PROPERTIES_ARRAY = 'swagger/apiModelPropertiesArray';

/**
 * Whether the API can send null for a stored form field: the column is nullable (an optional field left out is
 * stored and sent as null), or a pseudonymised reader gets it withheld as null (staff ids and free text,
 * column-disclosure.ts — the same classification record-reader-view.ts applies, read from the column declarations
 * because the document is built without a database).
 */
function sentAsNull(form: EcrfFormDefinition, property: string): boolean {
  const args = getMetadataArgsStorage().columns.find((c) => c.target === form.entity && c.propertyName === property);
  if (!args) return false;
  if (args.options.nullable) return true;
  const column = {
    propertyName: property,
    type: args.options.type ?? (Reflect.getMetadata('design:type', form.entity.prototype, property) as unknown),
    isArray: args.options.array === true,
  } as ColumnMetadata;
  return columnDisclosure(column, !!codeListOf(form.entityType, column, form.createDto)) !== 'plain';
}

/**
 * The response schema of one form's record: the form's fields (as entered), those the server derives, the record
 * columns. Every field is required — the API always sends every column — and nullable exactly when it can be null,
 * so generated clients type an unset field as `null` rather than as absent.
 */
export function recordResponseDto<T extends EcrfRecord>(form: EcrfFormDefinition<T>): Type<unknown> {
  const fields = OmitType(form.createDto as Type<{ plannedVisitId?: string }>, ['plannedVisitId'] as const);
  const entered = form.derivedDto ? IntersectionType(fields, form.derivedDto) : fields;
  class RecordResponse extends IntersectionType(entered, EcrfRecordMetaDto) {}
  Object.defineProperty(RecordResponse, 'name', { value: `${form.entity.name}Record` });
  const proto = RecordResponse.prototype as object;
  const names = ((Reflect.getMetadata(API_MODEL_PROPERTIES_ARRAY, proto) ?? []) as string[]).map((p) => p.replace(/^:/, ''));
  for (const name of names) {
    const meta = Reflect.getMetadata(API_MODEL_PROPERTIES, proto, name) as Record<string, unknown>;
    const nullable = meta.nullable === true || sentAsNull(form as unknown as EcrfFormDefinition, name);
    Reflect.defineMetadata(API_MODEL_PROPERTIES, { ...meta, required: true, ...(nullable ? { nullable: true } : {}) }, proto, name);
  }
  return RecordResponse;
}
