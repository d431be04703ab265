import { ApiProperty, ApiPropertyOptional, IntersectionType, PartialType } from '@nestjs/swagger';
import { IsNumber, IsObject, IsOptional, Max, Min } from 'class-validator';
import { IsCalendarDate } from '../../common/iso-date.validator';
import { ChangeEnvelopeDto, RANGE, VisitLinkDto } from '../change-envelope.dto';

export class CreateEdssDto extends VisitLinkDto {
  @ApiProperty({ example: '2026-04-14' })
  @IsCalendarDate()
  date: string;

  @ApiProperty({ example: 2.5, description: '0–10 in steps of 0.5 (0.5 itself is not a score)' })
  @IsNumber({}, { context: { code: 'VALUE_OUT_OF_RANGE' } })
  @Min(0, RANGE)
  @Max(10, RANGE)
  score: number;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'number' },
    example: { pyramidal: 2, visual: 1 },
    description: 'Functional-system scores 0–6 by system',
  })
  @IsOptional()
  @IsObject()
  functionalSystemScores?: Record<string, number>;
}

export class UpdateEdssDto extends IntersectionType(PartialType(CreateEdssDto, { skipNullProperties: false }), ChangeEnvelopeDto) {}
