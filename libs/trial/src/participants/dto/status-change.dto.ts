import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, MaxLength, Min } from 'class-validator';
import { IsCalendarDate } from '../../common/iso-date.validator';
import { SCREEN_FAIL_CATEGORIES, ScreenFailCategory } from '../participant.entity';

export const STATUS_ACTIONS = ['complete', 'withdraw', 'lost-to-follow-up', 'screen-fail'] as const;
export type StatusAction = (typeof STATUS_ACTIONS)[number];

export class StatusChangeDto {
  @ApiProperty({ enum: STATUS_ACTIONS, example: 'withdraw' })
  @IsIn(STATUS_ACTIONS)
  action: StatusAction;

  @ApiProperty({ example: '2026-06-30', description: 'Date of completion / withdrawal / last contact' })
  @IsCalendarDate()
  date: string;

  @ApiPropertyOptional({ example: 'Participant moved abroad', description: 'Required (400 REASON_REQUIRED without)' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;

  @ApiPropertyOptional({
    enum: SCREEN_FAIL_CATEGORIES,
    example: 'consent-declined',
    description: 'Required for screen-fail (400 REQUIRED without), refused for the other actions',
  })
  @IsOptional()
  @IsIn(SCREEN_FAIL_CATEGORIES, { context: { code: 'INVALID_OPTION' } })
  screenFailCategory?: ScreenFailCategory;

  @ApiProperty({ example: 2 })
  @IsInt()
  @Min(1)
  version: number;
}
