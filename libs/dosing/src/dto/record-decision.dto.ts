import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsDefined, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { DECISION_CODES, DecisionCode, DOSING_DECISION_ACTIONS, DosingDecisionAction } from '@eid/domain';
import { IsCalendarDate } from './calendar-date.validator';

/** The proposal the investigator saw; if the current proposal differs, the decision is refused (409). */
export class BasedOnProposalDto {
  @ApiProperty({ enum: DECISION_CODES, example: 'EXTEND' })
  @IsIn(DECISION_CODES as unknown as string[], { context: { code: 'INVALID_DECISION' } })
  decision: DecisionCode;

  @ApiProperty({ example: 5, description: "The proposal's next interval in weeks" })
  @IsInt()
  @Min(1)
  @Max(52)
  nextIntervalWeeks: number;

  @ApiProperty({ example: '2026-06-15', description: "The proposal's as-of date" })
  @IsCalendarDate()
  asOf: string;
}

export class RecordDecisionDto {
  @ApiProperty({ enum: DOSING_DECISION_ACTIONS, example: 'confirm', description: 'confirm the proposal, or override it (reason required)' })
  @IsIn(DOSING_DECISION_ACTIONS as unknown as string[], { context: { code: 'INVALID_ACTION' } })
  action: DosingDecisionAction;

  @ApiPropertyOptional({ example: 6, description: "Override only: the chosen interval, within the protocol's minimum–maximum" })
  @IsOptional()
  @IsInt({ context: { code: 'VALUE_OUT_OF_RANGE' } })
  @Min(1, { context: { code: 'VALUE_OUT_OF_RANGE' } })
  @Max(52, { context: { code: 'VALUE_OUT_OF_RANGE' } })
  intervalWeeks?: number;

  @ApiPropertyOptional({ example: 'Patient prefers to stay at 5 weeks until after the summer', description: 'Mandatory for an override' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;

  @ApiPropertyOptional({
    example: false,
    description:
      "Record a superseding decision for today: allowed only when the proposal changed after today's decision because of new disease activity or a safety stop (ACTIVITY_REVIEW or SUSPEND); reason required. The earlier decision is kept, marked superseded.",
  })
  @IsOptional()
  @IsBoolean()
  supersede?: boolean;

  @ApiProperty({ type: BasedOnProposalDto })
  @IsDefined({ context: { code: 'REQUIRED' } })
  @ValidateNested()
  @Type(() => BasedOnProposalDto)
  basedOnProposal: BasedOnProposalDto;
}
