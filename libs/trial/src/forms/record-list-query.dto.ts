import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsCalendarDate } from '../common/iso-date.validator';
import { BooleanQueryFlag } from '../common/boolean-query-flag';
import { PageQueryDto } from '../common/page-query.dto';

export class RecordListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: '2026-01-01', description: 'Only records with the clinical date on or after' })
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({ example: '2026-12-31', description: 'Only records with the clinical date on or before' })
  @IsOptional()
  @IsCalendarDate()
  to?: string;

  @BooleanQueryFlag('Include soft-deleted records', false)
  includeDeleted?: boolean;

  @BooleanQueryFlag('Only verified (true) or unverified (false) records', false)
  verified?: boolean;
}
