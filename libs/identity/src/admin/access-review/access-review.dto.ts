import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID } from 'class-validator';

export class AccessReviewQueryDto {
  @ApiProperty({ example: '2026-03-01', description: 'Calendar date YYYY-MM-DD; the UTC day 00:00–24:00 is reviewed' })
  @IsString()
  date: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only this study (default: every study)' })
  @IsOptional()
  @IsUUID()
  study?: string;
}

/** One role held by one person during the reviewed day, as reconstructed from the audit trail. */
export class AccessReviewRowDto {
  @ApiProperty({ format: 'uuid' }) membershipId: string;
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() email: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ example: 'investigator' }) role: string;
  @ApiProperty({ format: 'uuid' }) studyId: string;
  @ApiProperty() studyCode: string;
  @ApiProperty({ type: 'string', format: 'uuid', nullable: true }) siteId: string | null;
  @ApiProperty({ type: 'string', nullable: true, description: 'null: a study-level role (every site)' }) siteCode: string | null;
  @ApiProperty({ type: 'string', format: 'date-time' }) grantedAt: string;
  @ApiProperty({ type: 'string', nullable: true }) grantedByName: string | null;
  @ApiProperty({ type: 'string', nullable: true }) grantReason: string | null;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true, description: 'null: still held today' }) revokedAt: string | null;
  @ApiProperty({ type: 'string', nullable: true }) revokedByName: string | null;
  @ApiProperty({ type: 'string', nullable: true }) revokeReason: string | null;
  @ApiProperty({
    type: 'string',
    format: 'date-time',
    nullable: true,
    description: 'The account was deactivated at this instant (it could not sign in after it)',
  })
  accountDeactivatedAt: string | null;
}

export class AccessReviewAdminDto {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() email: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ type: 'string', format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true }) accountDeactivatedAt: string | null;
}

export class AccessReviewDto {
  @ApiProperty({ example: '2026-03-01' }) date: string;
  @ApiProperty({ type: 'string', format: 'date-time', description: 'Start of the reviewed UTC day' }) from: string;
  @ApiProperty({ type: 'string', format: 'date-time', description: 'End of the reviewed UTC day (exclusive)' }) to: string;
  @ApiProperty({ type: [AccessReviewRowDto], description: 'Study roles held at any moment of the day' }) roles: AccessReviewRowDto[];
  @ApiProperty({
    type: [AccessReviewAdminDto],
    description: 'Platform administrators whose account existed and was active at some moment of the day',
  })
  admins: AccessReviewAdminDto[];
  @ApiProperty({
    type: 'integer',
    description: 'Memberships existing now with no grant in the audit trail (should be 0; otherwise the review is incomplete and says so)',
  })
  unauditedMemberships: number;
}
