import { Type } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { ADVERSE_EVENT_FORM } from '../forms/adverse-event/adverse-event.form';
import { recordResponseDto } from '../forms/ecrf-record.response';
import { pageDtoOf } from '@eid/core';

const AdverseEventRecord = recordResponseDto(ADVERSE_EVENT_FORM) as Type<object>;

/** An adverse event with PML suspected, and whether it suspends dosing today at its site. */
export class PmlSuspicionDto extends AdverseEventRecord {
  @ApiProperty({ description: 'Derived from the ICH E2A seriousness criteria' })
  serious: boolean;

  @ApiProperty({ description: 'Derived: needs expedited review' })
  expeditedReview: boolean;

  @ApiProperty({
    description: "Open today (onset ≤ today and not resolved by today, at the site's calendar date): natalizumab is withheld",
  })
  dosingSuspended: boolean;
}

export class PmlSuspicionPageDto extends pageDtoOf(PmlSuspicionDto) {}
