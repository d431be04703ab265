import { ApiProperty } from '@nestjs/swagger';
import { DECISION_CODES, DecisionCode, DOSING_DECISION_ACTIONS, DosingDecisionAction } from '@eid/domain';

/** Said of every field a pseudonymised reader gets as null (column-disclosure.ts: staff ids and text). */
const WITHHELD = 'null for pseudonymised readers (staff ids and text withheld, docs/security.md "Pseudonymisation")';

/**
 * A stored dosing decision as the participant's timeline lists it: what was proposed, what was chosen, by whom and
 * whether a later same-day decision superseded it. The dosing module's DosingDecisionDto extends this shape (the
 * trial library may not import @eid/dosing, tools/eslint/library-layers.mjs), so the two never drift apart.
 */
export class DosingDecisionSummaryDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: DOSING_DECISION_ACTIONS })
  action: DosingDecisionAction;

  @ApiProperty({ example: '2026-06-15', description: 'The calendar day of the decision (the proposal as of that day)' })
  decidedOn: string;

  @ApiProperty({ type: String, nullable: true, example: 'pdnms', description: `The protocol it was made under; ${WITHHELD}` })
  protocolId: string | null;

  @ApiProperty({ type: String, nullable: true, example: '1', description: WITHHELD })
  protocolVersion: string | null;

  @ApiProperty({ enum: DECISION_CODES, nullable: true, description: `What the protocol proposed; ${WITHHELD}` })
  proposedDecision: DecisionCode | null;

  @ApiProperty({ example: 5 })
  proposedIntervalWeeks: number;

  @ApiProperty({ example: 4, description: 'The interval in force when the decision was taken' })
  currentIntervalWeeks: number;

  @ApiProperty({ example: 5, description: 'The interval chosen' })
  intervalWeeks: number;

  @ApiProperty({
    type: String,
    nullable: true,
    example: '2026-06-29',
    description: 'null when no infusion was given yet or dosing is suspended',
  })
  nextInfusionDue: string | null;

  @ApiProperty({ type: String, nullable: true, description: `The override's or supersession's reason; ${WITHHELD}` })
  reason: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: `The investigator; ${WITHHELD}` })
  decidedBy: string | null;

  @ApiProperty({ type: String, nullable: true, description: `The investigator's display name; ${WITHHELD}` })
  decidedByName: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: `The same-day decision that superseded this one; ${WITHHELD}` })
  supersededBy: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When it was superseded; null while current' })
  supersededAt: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;
}
