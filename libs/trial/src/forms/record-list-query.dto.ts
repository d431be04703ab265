import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { IsCalendarDate } from '../common/iso-date.validator';
import { PageQueryDto } from '../common/page-query.dto';

const bool = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class RecordListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: '2026-01-01', description: 'Only records with the clinical date on or after' })
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({ example: '2026-12-31', description: 'Only records with the clinical date on or before' })
  @IsOptional()
  @IsCalendarDate()
  to?: string;

  @ApiPropertyOptional({ example: false, description: 'Include soft-deleted records' })
  @IsOptional()
  @Transform(bool)
  @IsBoolean()
  includeDeleted?: boolean;

  @ApiPropertyOptional({ example: false, description: 'Only verified (true) or unverified (false) records' })
  @IsOptional()
  @Transform(bool)
  @IsBoolean()
  verified?: boolean;
}
