import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { BooleanQueryFlag } from '../../common/boolean-query-flag';
import { PageQueryDto } from '../../common/page-query.dto';
import { PARTICIPANT_STATUSES, ParticipantStatus } from '../participant.entity';

/** Sort keys of the participants list; each maps to one SQL expression in participant-overview.sql.ts. */
export const PARTICIPANT_SORT_KEYS = [
  'screeningDate',
  'code',
  'status',
  'enrolmentDate',
  'lastInfusionDate',
  'nextInfusionDue',
  'currentIntervalWeeks',
  'latestTrough',
  'openQueryCount',
] as const;
export type ParticipantSortKey = (typeof PARTICIPANT_SORT_KEYS)[number];

export class ParticipantListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  studyId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  siteId?: string;

  @ApiPropertyOptional({ enum: PARTICIPANT_STATUSES })
  @IsOptional()
  @IsIn(PARTICIPANT_STATUSES)
  status?: ParticipantStatus;

  @ApiPropertyOptional({ example: 'AMS-00', description: 'Participant code contains this text (case-insensitive)' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  search?: string;

  @ApiPropertyOptional({
    example: 'SCR-01',
    description:
      "Screening number equal to or starting with this text (case-insensitive). Searches only records the caller reads identified: a statistician's pseudonymised records have no screening number to match",
  })
  @IsOptional()
  @IsString()
  @Matches(/\S/, { message: 'screeningNumber must not be empty or blank', context: { code: 'EMPTY' } })
  @MaxLength(40)
  screeningNumber?: string;

  @BooleanQueryFlag('Only participants with (true) or without (false) an overdue visit or infusion')
  overdue?: boolean;

  @BooleanQueryFlag('Only participants with (true) or without (false) a serious adverse event')
  sae?: boolean;

  @BooleanQueryFlag('Only participants with (true) or without (false) an adverse event with PML suspected')
  pml?: boolean;

  @BooleanQueryFlag('Only participants with (true) or without (false) open data queries')
  openQueries?: boolean;

  @ApiPropertyOptional({
    enum: PARTICIPANT_SORT_KEYS,
    default: 'screeningDate',
    description:
      'Sort key (ties by id). Missing dates and numbers sort last when ascending, a missing code (not enrolled) first; a below-LLOQ trough sorts below every measured one',
  })
  @IsOptional()
  @IsIn(PARTICIPANT_SORT_KEYS)
  sort?: ParticipantSortKey;
}
