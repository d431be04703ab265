import { ApiProperty } from '@nestjs/swagger';
import { pageDtoOf } from '@eid/core';
import { OVERDUE_KINDS, OverdueKind } from '@eid/trial';

export class OverdueSiteCountDto {
  @ApiProperty({ format: 'uuid' })
  siteId: string;

  @ApiProperty({ example: 'AMS' })
  siteCode: string;

  @ApiProperty({
    example: '2026-06-15',
    description: "The site's local calendar date the list was computed for (YYYY-MM-DD, site time zone)",
  })
  asOf: string;

  @ApiProperty({ example: 3 })
  count: number;
}

export class OverdueItemDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  participantId: string;

  @ApiProperty({ type: String, nullable: true, example: 'AMS-0001' })
  participantCode: string | null;

  @ApiProperty({ format: 'uuid' })
  siteId: string;

  @ApiProperty({ example: '2026-06-01', description: 'The last day it was still on time (YYYY-MM-DD)' })
  dueBy: string;

  @ApiProperty({ example: 14 })
  daysOverdue: number;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'Kind-specific columns (visit number, window, dose, interval …); dates as YYYY-MM-DD',
  })
  detail: Record<string, unknown>;
}

/** One page of overdue items, with the study-wide counts per site. */
export class OverdueListDto extends pageDtoOf(OverdueItemDto) {
  @ApiProperty({ format: 'uuid' })
  studyId: string;

  @ApiProperty({ enum: OVERDUE_KINDS })
  kind: OverdueKind;

  @ApiProperty({
    type: String,
    nullable: true,
    example: '2026-06-15',
    description:
      "The local calendar date shared by every site in scope; null when the sites' time zones put them on different dates at this instant (see sites[].asOf)",
  })
  asOf: string | null;

  @ApiProperty({ description: 'False when the protocol does not drive dosing by troughs: none are expected, so none are missing' })
  expected: boolean;

  @ApiProperty()
  total: number;

  @ApiProperty({ type: [OverdueSiteCountDto] })
  sites: OverdueSiteCountDto[];
}
