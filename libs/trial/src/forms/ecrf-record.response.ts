import { Type } from '@nestjs/common';
import { ApiProperty, IntersectionType, OmitType } from '@nestjs/swagger';
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

  @ApiProperty({ type: [RecordWarningDto] })
  warnings: RecordWarningDto[];

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

/** The response schema of one form's record: the form's fields (as entered), those the server derives, the record columns. */
export function recordResponseDto<T extends EcrfRecord>(form: EcrfFormDefinition<T>): Type<unknown> {
  const fields = OmitType(form.createDto as Type<{ plannedVisitId?: string }>, ['plannedVisitId'] as const);
  const entered = form.derivedDto ? IntersectionType(fields, form.derivedDto) : fields;
  class RecordResponse extends IntersectionType(entered, EcrfRecordMetaDto) {}
  Object.defineProperty(RecordResponse, 'name', { value: `${form.entity.name}Record` });
  return RecordResponse;
}
