import { ApiProperty } from '@nestjs/swagger';
import { pageDtoOf } from '@eid/core';

/** A signature as read back, re-verified against the data it covers (SignatureView). */
export class SignatureViewDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  participantId: string;

  @ApiProperty({ enum: ['visit', 'casebook'] })
  scope: 'visit' | 'casebook';

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  plannedVisitId: string | null;

  @ApiProperty({ nullable: true, type: Number })
  visitNumber: number | null;

  @ApiProperty({ format: 'date', nullable: true, type: String, description: 'YYYY-MM-DD' })
  windowFrom: string | null;

  @ApiProperty({ format: 'date', nullable: true, type: String, description: 'YYYY-MM-DD' })
  windowTo: string | null;

  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'Null for pseudonymised readers' })
  signerId: string | null;

  @ApiProperty({ nullable: true, type: String, description: 'Null for pseudonymised readers' })
  printedName: string | null;

  @ApiProperty({ example: 'I confirm the data of this visit are complete and correct' })
  meaning: string;

  @ApiProperty({ format: 'date-time' })
  signedAt: string;

  @ApiProperty({ description: 'SHA-256 of the signed data (hex)' })
  dataHash: string;

  @ApiProperty()
  recordCount: number;

  @ApiProperty({ enum: ['valid', 'broken'] })
  state: 'valid' | 'broken';

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  brokenAt: string | null;

  @ApiProperty({ nullable: true, type: String })
  brokenByChange: string | null;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  brokenBy: string | null;

  @ApiProperty({ nullable: true, type: String })
  brokenCorrelationId: string | null;

  @ApiProperty({ nullable: true, type: String, description: '"signature broken by change at …"; null while valid' })
  message: string | null;

  @ApiProperty({ description: 'The data as they are now still hash to the signed value' })
  currentHashMatches: boolean;
}

export class SignaturePageDto extends pageDtoOf(SignatureViewDto) {}
