import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageLimit } from '@eid/core';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsISO8601, IsOptional, IsString, IsUUID, Matches, MaxLength, ValidateNested } from 'class-validator';
import { AUDIT_ACTIONS, AuditAction } from '@eid/audit';

export class AuditQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Study (required except on the platform chain)' })
  @IsOptional()
  @IsUUID()
  study?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  site?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  participant?: string;

  @ApiPropertyOptional({ example: 'infusion' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  entityType?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(100)
  entityId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Actor user id' })
  @IsOptional()
  @IsUUID()
  actor?: string;

  @ApiPropertyOptional({ enum: AUDIT_ACTIONS, enumName: 'AuditAction' })
  @IsOptional()
  @IsIn(AUDIT_ACTIONS)
  action?: AuditAction;

  @ApiPropertyOptional({ example: '2026-01-01T00:00:00Z', description: 'From this instant (inclusive)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ example: '2026-12-31T23:59:59Z', description: 'Up to this instant (exclusive)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;

  @PageLimit({ max: 500 })
  limit?: number;

  @ApiPropertyOptional({ description: 'Opaque cursor from the previous page (`nextCursor`)' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{38,200}$/, { context: { code: 'INVALID_CURSOR' } })
  cursor?: string;
}

export class VerifyQueryDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  study: string;
}

/** An exported checkpoint handed back for verification (GET …/checkpoints gives them in this shape). */
export class CheckpointDto {
  @ApiProperty({ example: 'platform', description: 'Study id, or `platform`' })
  @IsString()
  @MaxLength(64)
  chain: string;

  @ApiProperty({ example: '1042', description: 'Chain position of the anchored head' })
  @Matches(/^\d{1,19}$/)
  seq: string;

  @ApiProperty({ description: 'Hash of the link at that position (hex)' })
  @Matches(/^[0-9a-f]{64}$/)
  headHash: string;

  @ApiProperty({ example: '2026-12-07T18:00:00.000Z' })
  @IsISO8601({ strict: true })
  createdAt: string;

  @ApiProperty({ description: 'Key id (first 16 hex digits of SHA-256 of the anchor key)' })
  @IsString()
  @MaxLength(16)
  keyId: string;

  @ApiProperty({ description: 'HMAC-SHA256 under the anchor key (hex)' })
  @Matches(/^[0-9a-f]{64}$/)
  signature: string;
}

export class StartPlatformVerificationDto {
  @ApiPropertyOptional({ type: [CheckpointDto], description: 'Checkpoints exported earlier, kept outside the database' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10_000)
  @ValidateNested({ each: true })
  @Type(() => CheckpointDto)
  anchors?: CheckpointDto[];
}

export class StartVerificationDto extends StartPlatformVerificationDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  studyId: string;
}

export class VerificationIdParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  verificationId: string;
}
