import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { OVERDUE_KINDS, OverdueKind } from '@eid/trial';
import { CursorQueryDto } from '@eid/core';

// The kinds and their SQL live with the schedule (libs/trial/src/schedule/overdue-sql.ts): one definition.
export { OVERDUE_KINDS };
export type { OverdueKind };

export class OverdueQueryDto extends CursorQueryDto {
  @ApiPropertyOptional({
    enum: OVERDUE_KINDS,
    default: 'visits',
    description:
      'visits: window closed without a clinic visit; troughs: infusion without its pre-infusion trough; infusions: planned infusion past its tolerance; trough-duplicates: several trough results on one date (data-quality flag; the engine uses the lowest)',
  })
  @IsOptional()
  @IsIn(OVERDUE_KINDS)
  kind?: OverdueKind;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only this site' })
  @IsOptional()
  @IsUUID()
  site?: string;
}
