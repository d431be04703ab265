import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { QUERY_STATUSES, QueryStatus } from '../data-query.entity';
import { CursorQueryDto } from '@eid/core';

export class ParticipantQueryListDto extends CursorQueryDto {
  @ApiPropertyOptional({ enum: QUERY_STATUSES, enumName: 'QueryStatus' })
  @IsOptional()
  @IsIn(QUERY_STATUSES)
  status?: QueryStatus;
}

/** The caller's inbox: default = everything not closed, oldest first (what waits longest comes first). */
export class QueryInboxDto extends ParticipantQueryListDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only this study' })
  @IsOptional()
  @IsUUID()
  study?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only this site' })
  @IsOptional()
  @IsUUID()
  site?: string;

  @ApiPropertyOptional({ description: 'Only queries raised at least this many days ago', example: 14 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(3650)
  olderThanDays?: number;
}
