import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsString, IsUUID, MaxLength } from 'class-validator';
import { ECRF_FORMS } from '@eid/trial';

export const QUERYABLE_ENTITY_TYPES = ECRF_FORMS.map((f) => f.entityType);

export class RaiseQueryDto {
  @ApiProperty({ description: 'The eCRF table of the record', enum: QUERYABLE_ENTITY_TYPES, example: 'trough_sample' })
  @IsIn(QUERYABLE_ENTITY_TYPES, { context: { code: 'UNKNOWN_ENTITY_TYPE' } })
  entityType: string;

  @ApiProperty({ format: 'uuid', example: '5b0f7a0e-2f0c-4b7e-9d1a-0c6f1b2a3d4e' })
  @IsUUID()
  recordId: string;

  @ApiProperty({ description: 'A data field of that form', example: 'concentrationUgPerMl' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(60)
  field: string;

  @ApiProperty({ description: 'The question for the site', example: 'Source document shows 13.85 µg/mL; please check the transcription.' })
  @IsString()
  @IsNotEmpty({ context: { code: 'TEXT_REQUIRED' } })
  @MaxLength(4000)
  text: string;
}
