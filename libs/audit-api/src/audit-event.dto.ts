import { ApiProperty } from '@nestjs/swagger';
import { pageDtoOf } from '@eid/core';

/** One row of an audit trail (AuditEventView). */
export class AuditEventDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({
    nullable: true,
    type: String,
    example: '1042',
    description: 'The platform-wide write order (bigint as a string); null for site-limited readers',
  })
  seq: string | null;

  @ApiProperty({ format: 'date-time' })
  occurredAt: string;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  actorUserId: string | null;

  @ApiProperty({ nullable: true, type: String })
  actorName: string | null;

  @ApiProperty({ nullable: true, type: String })
  actorRole: string | null;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  actorSiteId: string | null;

  @ApiProperty({ example: 'update' })
  action: string;

  @ApiProperty({ example: 'participant' })
  entityType: string;

  @ApiProperty()
  entityId: string;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  studyId: string | null;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  siteId: string | null;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  participantId: string | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'object', properties: { old: {}, new: {} }, required: ['old', 'new'] },
    nullable: true,
    description: 'Changed fields: { field: { old, new } }',
  })
  changes: Record<string, { old: unknown; new: unknown }> | null;

  @ApiProperty({ nullable: true, type: String })
  reason: string | null;

  @ApiProperty({ nullable: true, type: String })
  correlationId: string | null;

  @ApiProperty({ nullable: true, type: String })
  clientIp: string | null;
}

/** A page of an audit trail, newest first. */
export class AuditEventPageDto extends pageDtoOf(AuditEventDto) {}
