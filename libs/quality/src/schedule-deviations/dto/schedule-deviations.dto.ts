import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { CursorQueryDto, pageDtoOf } from '@eid/core';
import { OverdueSiteCountDto } from '../../overdue/dto/overdue-list.dto';

export class ScheduleDeviationsQueryDto extends CursorQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only this site' })
  @IsOptional()
  @IsUUID()
  site?: string;
}

export class ScheduleDeviationItemDto {
  @ApiProperty({ format: 'uuid' })
  participantId: string;

  @ApiProperty({ type: String, nullable: true, example: 'AMS-0001' })
  participantCode: string | null;

  @ApiProperty({ format: 'uuid' })
  siteId: string;

  @ApiProperty({ example: '2026-02-06', description: 'The infusion that opens the gap (YYYY-MM-DD)' })
  previousInfusionDate: string;

  @ApiProperty({ example: '2026-03-10', description: 'The infusion that closes the gap (YYYY-MM-DD)' })
  infusionDate: string;

  @ApiProperty({ example: 32 })
  gapDays: number;

  @ApiProperty({
    example: 4,
    description: 'The interval in force for the gap (last decision dated before infusionDate, else the protocol start)',
  })
  expectedIntervalWeeks: number;

  @ApiProperty({ example: '2026-03-06', description: 'previousInfusionDate + expectedIntervalWeeks × 7 (A7)' })
  dueDate: string;

  @ApiProperty({ example: 4, description: 'infusionDate − dueDate in days: negative = early, positive = late' })
  offsetDays: number;

  @ApiProperty({ enum: ['early', 'late'] })
  kind: 'early' | 'late';

  @ApiProperty({ example: 4, description: 'Days early or late (|offsetDays|), outside the A7 tolerance' })
  days: number;
}

/** One page of deviations (by infusion date), with the counts of the whole scope. */
export class ScheduleDeviationListDto extends pageDtoOf(ScheduleDeviationItemDto) {
  @ApiProperty({ format: 'uuid' })
  studyId: string;

  @ApiProperty({
    type: String,
    nullable: true,
    example: '2026-06-15',
    description: "The local calendar date shared by every site in scope; null when the sites' zones differ (see sites[].asOf)",
  })
  asOf: string | null;

  @ApiProperty({ description: 'Deviations in scope, all pages' })
  total: number;

  @ApiProperty({ type: [OverdueSiteCountDto], description: 'Per site with deviations: its count and local date' })
  sites: OverdueSiteCountDto[];
}
